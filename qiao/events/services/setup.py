"""The event's set-up: participant types, programme sessions, zones and exhibitors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qiao.core import policy, writes
from qiao.directory.models import Organisation
from qiao.events.models import (
    Event,
    Exhibitor,
    Meeting,
    MeetingSlot,
    ParticipantType,
    Session,
    Zone,
)
from qiao.events.services._common import SESSION_FIELDS, _changed

__all__ = [
    "add_participant_type",
    "add_session",
    "add_zone",
    "add_exhibitor",
    "update_participant_type",
    "set_meeting_rules",
    "remove_participant_type",
    "check_session_dates",
    "update_session",
    "remove_session",
    "update_zone",
    "remove_zone",
    "update_exhibitor",
    "remove_exhibitor",
    "update_slot",
    "remove_slot",
    "TYPE_FIELDS",
]


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
    check_session_dates(event, session)  # raising rolls the row and its entry back
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


# --- Correcting the set-up ---------------------------------------------------------------

TYPE_FIELDS = frozenset({"name_zh", "name_en", "request_quota", "max_meetings", "may_meet"})


def _own_types(event: Event, types) -> list[ParticipantType]:
    types = list(types or ())
    if any(t.event_id != event.pk for t in types):
        raise ValidationError({"may_meet": _("That participant type is not of this event.")})
    return types


@transaction.atomic
def update_participant_type(
    *, participant_type: ParticipantType, updated_by, **fields: Any
) -> ParticipantType:
    """Rename a type or change its quota, cap or the types it may ask."""
    event = participant_type.event
    policy.authorize(updated_by, "events.change_setup", event)
    if "may_meet" in fields:
        fields["may_meet"] = _own_types(event, fields["may_meet"])
    for name in ("name_zh", "name_en"):
        if name in fields:
            fields[name] = (fields[name] or "").strip()
    writes.update(participant_type, actor=updated_by, data=fields, allowed=TYPE_FIELDS)
    _changed(event.pk)
    return participant_type


@transaction.atomic
def set_meeting_rules(*, event: Event, set_by, pairs: set[tuple[int, int]]) -> int:
    """Replace the event's rule table by ``pairs`` of (asker type id, asked type id).

    Each type whose list changes is audited; returns how many changed.
    """
    policy.authorize(set_by, "events.change_setup", event)
    types = {t.pk: t for t in ParticipantType.objects.filter(event=event)}
    if any(a not in types or b not in types for a, b in pairs):
        raise ValidationError(_("That participant type is not of this event."))
    changed = 0
    for type_id, participant_type in types.items():
        asks = [types[b] for a, b in sorted(pairs) if a == type_id]
        if writes.update(
            participant_type, actor=set_by, data={"may_meet": asks}, allowed={"may_meet"}
        ):
            changed += 1
    if changed:
        _changed(event.pk)
    return changed


@transaction.atomic
def remove_participant_type(*, participant_type: ParticipantType, removed_by) -> None:
    """Remove a type nobody registered as (rules naming it go with it)."""
    event = participant_type.event
    policy.authorize(removed_by, "events.change_setup", event)
    used = participant_type.registrations.count()
    if used:
        raise ValidationError(
            ngettext(
                "%(count)d registration takes part as this type; it cannot be removed.",
                "%(count)d registrations take part as this type; it cannot be removed.",
                used,
            )
            % {"count": used}
        )
    writes.delete(participant_type, actor=removed_by)
    _changed(event.pk)


def check_session_dates(event: Event, session: Session) -> None:
    """A session lies within the event's days (in the site's time zone)."""
    if session.starts_at is None or session.ends_at is None:
        return
    first = timezone.localtime(session.starts_at).date()
    last = timezone.localtime(session.ends_at).date()
    if first < event.starts_on or last > event.ends_on:
        raise ValidationError(
            {
                "starts_at": _("A session must lie within the event's days (%(first)s – %(last)s).")
                % {"first": event.starts_on.isoformat(), "last": event.ends_on.isoformat()}
            }
        )
    if session.ends_at <= session.starts_at:
        raise ValidationError({"ends_at": _("A session must end after it starts.")})


@transaction.atomic
def update_session(*, session: Session, updated_by, **fields: Any) -> Session:
    event = session.event
    policy.authorize(updated_by, "events.change_setup", event)
    writes.update(session, actor=updated_by, data=fields, allowed=SESSION_FIELDS)
    check_session_dates(event, session)  # raising rolls the change and its entry back
    _changed(event.pk)
    return session


@transaction.atomic
def remove_session(*, session: Session, removed_by) -> None:
    policy.authorize(removed_by, "events.change_setup", session.event)
    writes.delete(session, actor=removed_by)
    _changed(session.event_id)


@transaction.atomic
def update_zone(*, zone: Zone, updated_by, name_zh: str, name_en: str = "") -> Zone:
    policy.authorize(updated_by, "events.change_setup", zone.event)
    writes.update(
        zone,
        actor=updated_by,
        data={"name_zh": name_zh.strip(), "name_en": name_en.strip()},
        allowed={"name_zh", "name_en"},
    )
    return zone


@transaction.atomic
def remove_zone(*, zone: Zone, removed_by) -> None:
    """Remove a zone and its exhibitors (each removal audited)."""
    policy.authorize(removed_by, "events.change_setup", zone.event)
    for exhibitor in Exhibitor.objects.filter(zone=zone).select_related("organisation"):
        writes.delete(exhibitor, actor=removed_by)
    writes.delete(zone, actor=removed_by)


@transaction.atomic
def update_exhibitor(*, exhibitor: Exhibitor, updated_by, booth: str = "") -> Exhibitor:
    policy.authorize(updated_by, "events.change_setup", exhibitor.zone.event)
    writes.update(exhibitor, actor=updated_by, data={"booth": booth.strip()}, allowed={"booth"})
    return exhibitor


@transaction.atomic
def remove_exhibitor(*, exhibitor: Exhibitor, removed_by) -> None:
    policy.authorize(removed_by, "events.change_setup", exhibitor.zone.event)
    writes.delete(exhibitor, actor=removed_by)


@transaction.atomic
def update_slot(*, slot: MeetingSlot, updated_by, tables: int) -> MeetingSlot:
    """Change the tables of one slot; never below a table a meeting sits at."""
    policy.authorize(updated_by, "events.change_setup", slot.event)
    highest = Meeting.objects.filter(slot=slot).aggregate(top=Max("table"))["top"] or 0
    if tables < max(highest, 1):
        raise ValidationError(
            {
                "tables": _("A meeting sits at table %(table)d in this slot; keep at least that.")
                % {"table": highest}
                if highest
                else _("A slot has at least one table.")
            }
        )
    writes.update(slot, actor=updated_by, data={"tables": tables}, allowed={"tables"})
    _changed(slot.event_id)
    return slot


@transaction.atomic
def remove_slot(*, slot: MeetingSlot, removed_by) -> None:
    """Remove a slot no meeting is planned in."""
    policy.authorize(removed_by, "events.change_setup", slot.event)
    planned = Meeting.objects.filter(slot=slot).count()
    if planned:
        raise ValidationError(
            ngettext(
                "%(count)d meeting is planned in this slot; re-plan or withdraw it first.",
                "%(count)d meetings are planned in this slot; re-plan or withdraw them first.",
                planned,
            )
            % {"count": planned}
        )
    writes.delete(slot, actor=removed_by)
    _changed(slot.event_id)
