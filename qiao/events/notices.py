"""The inbox notices of events, each defined once (``qiao.inbox.notices``) and sent by the
services after the write that made them true (``send`` defers to the commit itself).

Who hears what: the organisers hear of a registration; the registrant of the decision; the
person asked of a request; the requester of the answer; the other side and the organisers
of a withdrawn announced meeting; both sides of a meeting an announcement moved. Nobody is
told of their own act.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy, ngettext_lazy

from qiao.inbox import notices

REGISTRATION_RECEIVED = notices.define(
    "events.registration_received",
    kind="event",
    text=ngettext_lazy(
        "%(person)s registered for %(event)s",
        "%(count)d new registrations for %(event)s",
        "count",
    ),
)
REGISTRATION_APPROVED = notices.define(
    "events.registration_approved",
    kind="event",
    text=gettext_lazy("Your registration for %(event)s was approved"),
)
REGISTRATION_DECLINED = notices.define(
    "events.registration_declined",
    kind="event",
    text=gettext_lazy("Your registration for %(event)s was declined: %(reason)s"),
)
MEETING_REQUESTED = notices.define(
    "events.meeting_requested",
    kind="meeting",
    text=ngettext_lazy(
        "%(person)s (%(organisation)s) asks you for a meeting at %(event)s",
        "%(count)d meeting requests for you at %(event)s",
        "count",
    ),
)
REQUEST_ACCEPTED = notices.define(
    "events.request_accepted",
    kind="meeting",
    text=gettext_lazy("%(person)s (%(organisation)s) accepted your meeting request"),
)
REQUEST_DECLINED = notices.define(
    "events.request_declined",
    kind="meeting",
    text=gettext_lazy("%(person)s (%(organisation)s) declined your meeting request: %(reason)s"),
)
MEETING_WITHDRAWN = notices.define(
    "events.meeting_withdrawn",
    kind="meeting",
    text=gettext_lazy(
        "%(person)s withdrew the meeting at %(time)s (%(sender)s and %(recipient)s) at %(event)s"
    ),
)
MEETINGS_CHANGED = notices.define(
    "events.meetings_changed",
    kind="meeting",
    text=gettext_lazy("Your agenda at %(event)s has new or moved meetings"),
)


def organisers(event):
    """Who runs the event: the admins of its organising organisation and its creator."""
    user_model = get_user_model()
    admins = notices.admins_of(event.organiser_id).values("pk")
    return user_model.objects.filter(
        Q(pk__in=admins) | Q(pk=event.created_by_id), is_active=True
    ).distinct()


def person(registration) -> str:
    return registration.user.get_full_name() or registration.user.email


def event_url(name: str, event_id: int) -> str:
    return reverse(name, args=[event_id])
