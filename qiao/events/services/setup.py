"""The event's set-up: participant types, programme sessions, zones and exhibitors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qiao.core import policy, writes
from qiao.directory.models import Organisation
from qiao.events.models import (
    Event,
    Exhibitor,
    ParticipantType,
    Session,
    Zone,
)
from qiao.events.services._common import SESSION_FIELDS, _changed

__all__ = ["add_participant_type", "add_session", "add_zone", "add_exhibitor"]


@transaction.atomic
def add_participant_type(
    *,
    event: Event,
    added_by,
    name_zh: str,
    name_en: str = "",
    request_quota: int = 10,
    max_meetings: int | None = None,
    may_meet: list[ParticipantType] | None = None,
) -> ParticipantType:
    policy.authorize(added_by, "events.add_participant_type", event)
    if may_meet and any(t.event_id != event.pk for t in may_meet):
        raise ValidationError({"may_meet": _("That participant type is not of this event.")})
    return writes.create(
        ParticipantType,
        actor=added_by,
        data={
            "name_zh": name_zh.strip(),
            "name_en": name_en.strip(),
            "request_quota": request_quota,
            "max_meetings": max_meetings,
            "may_meet": list(may_meet or ()),
        },
        allowed={"name_zh", "name_en", "request_quota", "max_meetings", "may_meet"},
        fixed={"event": event},
    )


@transaction.atomic
def add_session(*, event: Event, added_by, **fields: Any) -> Session:
    """Add an agenda item (keynote, panel, roadshow block) to the event's programme."""
    policy.authorize(added_by, "events.add_session", event)
    session = writes.create(
        Session, actor=added_by, data=fields, allowed=SESSION_FIELDS, fixed={"event": event}
    )
    _changed(event.pk)
    return session


@transaction.atomic
def add_zone(*, event: Event, added_by, name_zh: str, name_en: str = "") -> Zone:
    """Add a themed zone (展区) to the event."""
    policy.authorize(added_by, "events.add_zone", event)
    return writes.create(
        Zone,
        actor=added_by,
        data={"name_zh": name_zh.strip(), "name_en": name_en.strip()},
        allowed={"name_zh", "name_en"},
        fixed={"event": event},
    )


@transaction.atomic
def add_exhibitor(
    *, zone: Zone, added_by, organisation: Organisation, booth: str = ""
) -> Exhibitor:
    """Place an organisation in a zone (once per zone), at a booth."""
    policy.authorize(added_by, "events.add_exhibitor", zone.event)
    if Exhibitor.objects.filter(zone=zone, organisation=organisation).exists():
        raise ValidationError(_("That organisation already exhibits in this zone."))
    return writes.create(
        Exhibitor,
        actor=added_by,
        data={"booth": booth.strip()},
        allowed={"booth"},
        fixed={"zone": zone, "organisation": organisation},
    )
