"""Write operations of events (one module per noun group, re-exported here): the event and its rules, registrations, meeting requests,
planning the meetings with the scheduler, marking them, and turning held ones into
introductions.

Every write goes through the core write path (``docs/architecture.md``, "The one write
path"): the service takes the acting user and asks one rule of ``qiao.events.policies``
(``PermissionDenied`` otherwise), changes only the fields it names (``writes.update`` with
an explicit ``allowed`` set), and writes its audit entry in the same transaction, so a
refused write leaves nothing behind, not even an entry. Bulk work is audited as one entry
on the event with its counts (slots generated, a planning run, an announcement,
introductions). Changes others depend on emit ``event_changed`` after commit.

Capacity is kept by a conditional ``UPDATE`` of the event row (two organisers approving the
last place at once cannot both succeed); request quotas by locking the sender's
registration row.
"""

from qiao.events.services._common import *  # noqa: F403
from qiao.events.services.events import *  # noqa: F403
from qiao.events.services.meetings import *  # noqa: F403
from qiao.events.services.planning import *  # noqa: F403
from qiao.events.services.registrations import *  # noqa: F403
from qiao.events.services.requests import *  # noqa: F403
from qiao.events.services.setup import *  # noqa: F403
