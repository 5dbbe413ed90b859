"""Pages of events: ``pages`` (list and detail, registration, the organiser's page, planning
and board, participants' requests and agendas), ``setup`` (correcting the set-up: each
item's edit and removal, the rule table, decisions in bulk) and ``after`` (the calendar
feed, every agenda to print, the event report)."""

from qiao.events.views.after import *  # noqa: F403
from qiao.events.views.pages import *  # noqa: F403
from qiao.events.views.setup import *  # noqa: F403
