"""The event itself: creating, changing, its status, its rules and its meeting slots."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qiao.core import limits, policy, writes
from qiao.directory.models import Organisation
from qiao.events.models import (
    Event,
    EventRules,
    Meeting,
    MeetingSlot,
)
from qiao.events.services._common import (
    EVENT_FIELDS,
    RULES_FIELDS,
    _changed,
    _record_counts,
)

__all__ = [
    "create_event",
    "update_event",
    "change_event_status",
    "update_rules",
    "change_rules",
    "slot_times",
    "generate_slots",
]


@transaction.atomic
def create_event(*, created_by, organiser: Organisation, **fields: Any) -> Event:
    """Create a draft event of the organiser (operators, or admins of that organisation)."""
    policy.authorize(created_by, "events.create_event", organiser)
    event = writes.create(
        Event,
        actor=created_by,
        data=fields,
        allowed=EVENT_FIELDS,
        fixed={"organiser": organiser, "created_by": created_by},
    )
    _check_days(event)  # raising rolls the row and its audit entry back
    EventRules.objects.create(event=event)
    _changed(event.pk)
    return event


@transaction.atomic
def update_event(*, event: Event, updated_by, version: int | None = None, **fields: Any) -> Event:
    """Change the named fields (only ``EVENT_FIELDS``), refusing a stale ``version``."""
    policy.authorize(updated_by, "events.change_event", event)
    capacity = fields.get("capacity", event.capacity)
    if capacity is not None and capacity < event.approved_count:
        raise ValidationError(
            {
                "capacity": _(
                    "%(count)d participants are already approved; the capacity cannot be lower."
                )
                % {"count": event.approved_count}
            }
        )
    writes.update(event, actor=updated_by, data=fields, allowed=EVENT_FIELDS, version=version)
    _check_days(event)  # raising rolls the change and its audit entry back
    _check_sessions_fit(event)
    _changed(event.pk)
    return event


def _check_sessions_fit(event: Event) -> None:
    zone = timezone.get_current_timezone()
    first = datetime.combine(event.starts_on, time.min, tzinfo=zone)
    after = datetime.combine(event.ends_on + timedelta(days=1), time.min, tzinfo=zone)
    outside = event.sessions.filter(Q(starts_at__lt=first) | Q(ends_at__gt=after)).count()
    if outside:
        raise ValidationError(
            {
                "starts_on": ngettext(
                    "%(count)d session would lie outside the event's days; move it first.",
                    "%(count)d sessions would lie outside the event's days; move them first.",
                    outside,
                )
                % {"count": outside}
            }
        )


def _check_days(event: Event) -> None:
    limits.check_date(event.starts_on, field="starts_on")
    limits.check_date(event.ends_on, field="ends_on")
    if event.ends_on < event.starts_on:
        raise ValidationError({"ends_on": _("The last day cannot come before the first.")})
    days = (event.ends_on - event.starts_on).days + 1
    if days > settings.QIAO_EVENT_MAX_DAYS:
        raise ValidationError(
            {
                "ends_on": _("An event lasts at most %(days)d days.")
                % {"days": settings.QIAO_EVENT_MAX_DAYS}
            }
        )


@transaction.atomic
def change_event_status(*, event: Event, status: str, changed_by) -> Event:
    policy.authorize(changed_by, "events.change_event_status", event)
    if status not in Event.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    writes.update(event, actor=changed_by, data={"status": status}, allowed={"status"})
    _changed(event.pk)
    return event


@transaction.atomic
def update_rules(
    *, event: Event, updated_by, version: int | None = None, **fields: Any
) -> EventRules:
    """Change the named rules (only ``RULES_FIELDS``), refusing a stale ``version``."""
    policy.authorize(updated_by, "events.change_rules", event)
    rules = EventRules.objects.select_for_update().get(event=event)
    writes.update(rules, actor=updated_by, data=fields, allowed=RULES_FIELDS, version=version)
    if rules.day_ends_at <= rules.day_starts_at:
        # Raising rolls the change and its audit entry back.
        raise ValidationError({"day_ends_at": _("The meetings must end after they start.")})
    _changed(event.pk)
    return rules


@transaction.atomic
def change_rules(*, event: Event, changed_by, **fields: Any) -> list[MeetingSlot]:
    """Change the rules and generate the slots from them, both or neither: rules whose
    slots cannot be made (none fits, too many) are refused, not saved."""
    update_rules(event=event, updated_by=changed_by, **fields)
    return generate_slots(event=event, generated_by=changed_by)


def slot_times(event: Event, rules: EventRules) -> list[datetime]:
    """The start of every slot: each day of the event, from the daily start while a whole
    meeting still fits before the daily end, one meeting plus one break apart."""
    zone = timezone.get_current_timezone()
    step = timedelta(minutes=rules.meeting_minutes + rules.break_minutes)
    length = timedelta(minutes=rules.meeting_minutes)
    starts = []
    day = event.starts_on
    while day <= event.ends_on:
        at = datetime.combine(day, rules.day_starts_at, tzinfo=zone)
        end = datetime.combine(day, rules.day_ends_at, tzinfo=zone)
        while at + length <= end:
            starts.append(at)
            at += step
        day += timedelta(days=1)
    return starts


@transaction.atomic
def generate_slots(*, event: Event, generated_by) -> list[MeetingSlot]:
    """(Re)create the event's meeting slots from its days and rules, before any planning."""
    policy.authorize(generated_by, "events.generate_slots", event)
    Event.objects.select_for_update().get(pk=event.pk)
    if Meeting.objects.filter(event=event).exists():
        raise ValidationError(
            _("Meetings are already planned; the slots cannot be generated again.")
        )
    rules = EventRules.objects.get(event=event)
    starts = slot_times(event, rules)
    if not starts:
        raise ValidationError(_("No meeting fits between the daily start and end."))
    if len(starts) > settings.QIAO_EVENT_MAX_SLOTS:
        raise ValidationError(
            _("These rules make %(count)d meeting slots; an event has at most %(max)d.")
            % {"count": len(starts), "max": settings.QIAO_EVENT_MAX_SLOTS}
        )
    MeetingSlot.objects.filter(event=event).delete()
    slots = MeetingSlot.objects.bulk_create(
        MeetingSlot(event=event, starts_at=at, minutes=rules.meeting_minutes, tables=rules.tables)
        for at in starts
    )
    _record_counts(event, generated_by, {"slots": len(slots)})
    _changed(event.pk)
    return slots
