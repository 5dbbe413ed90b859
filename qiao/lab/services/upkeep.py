"""The lab manager's records of an instrument: maintenance windows, training, calendar feeds.

Maintenance windows and training records are parts of the instrument: adding, renewing or
removing one is written in the instrument's trail, so its lab managers read one history.
"""

from __future__ import annotations

import datetime
import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from qiao.core import audit, policy, writes
from qiao.lab import clock
from qiao.lab.models import Equipment, FeedToken, MaintenanceWindow, Slot, TrainingRecord
from qiao.lab.services.bookings import (
    _conflict,
    _local,
    _write_transaction,
    offer_freed_time,
)

__all__ = [
    "add_maintenance_window",
    "create_feed_token",
    "record_training",
    "remove_maintenance_window",
]


def add_maintenance_window(
    *, equipment: Equipment, starts_at, ends_at, reason: str = "", created_by
) -> MaintenanceWindow:
    """Block the instrument for maintenance; refused while a booking holds part of that time."""
    policy.authorize(created_by, "lab.add_maintenance_window", equipment)
    window = MaintenanceWindow(
        equipment=equipment,
        starts_at=starts_at,
        ends_at=ends_at,
        reason=reason[:200],
        created_by=created_by,
    )
    if starts_at and ends_at and ends_at <= starts_at:
        raise ValidationError({"ends_at": _("The window must end after it starts.")})
    window.full_clean()

    def work() -> MaintenanceWindow:
        slot = _conflict(equipment.pk, starts_at, ends_at)
        if slot is not None:
            raise ValidationError(
                _(
                    "Booked or blocked time overlaps this window (%(start)s to %(end)s); cancel or move it first."
                )
                % {"start": _local(slot.starts_at), "end": _local(slot.ends_at)}
            )
        try:
            with transaction.atomic():
                window.save()
                Slot.objects.create(
                    equipment=equipment, starts_at=starts_at, ends_at=ends_at, maintenance=window
                )
        except IntegrityError:
            raise ValidationError(
                _("This time was taken a moment ago; reload the calendar.")
            ) from None
        writes.record_added(equipment, actor=created_by, part=window, field="maintenance_windows")
        return window

    return _write_transaction(work)


def remove_maintenance_window(*, window: MaintenanceWindow, removed_by, now=None) -> None:
    """Delete a maintenance window and offer its time to the waitlist."""
    now = now or clock.now()
    policy.authorize(removed_by, "lab.remove_maintenance_window", window)

    def work() -> None:
        equipment, starts_at, ends_at = window.equipment, window.starts_at, window.ends_at
        writes.record_removed(equipment, actor=removed_by, part=window, field="maintenance_windows")
        window.delete()
        offer_freed_time(
            equipment=equipment, starts_at=starts_at, ends_at=ends_at, now=now, by=removed_by
        )

    _write_transaction(work)


@transaction.atomic
def record_training(
    *,
    equipment: Equipment,
    user,
    trained_on: datetime.date,
    valid_until=None,
    note: str = "",
    trained_by,
) -> TrainingRecord:
    """Record (or renew, which also lifts a revocation) a person's training on the instrument."""
    policy.authorize(trained_by, "lab.record_training", equipment)
    if valid_until is not None and valid_until < trained_on:
        raise ValidationError({"valid_until": _("Training cannot expire before it took place.")})
    # Renewing a revoked record reinstates it.
    data = {
        "trained_on": trained_on,
        "valid_until": valid_until,
        "note": note[:200],
        "revoked_at": None,
        "revoked_by": None,
    }
    record = (
        TrainingRecord.objects.select_for_update().filter(equipment=equipment, user=user).first()
    )
    if record is None:
        record = writes.create(
            TrainingRecord,
            actor=trained_by,
            data=data,
            allowed=set(data),
            fixed={"equipment": equipment, "user": user, "trained_by": trained_by},
        )
        writes.record_added(equipment, actor=trained_by, part=record, field="trainings")
        return record
    changed = writes.update(record, actor=trained_by, data=data, allowed=set(data))
    if changed:
        record.trained_by = trained_by
        record.save(update_fields=["trained_by", "updated_at"])
        audit.record_change(
            instance=equipment,
            actor=trained_by,
            action=audit.AuditEntry.Action.CHANGED,
            changes={"trainings": ("", str(record))},
            note=_("Training renewed."),
        )
    return record


@transaction.atomic
def create_feed_token(*, user) -> FeedToken:
    """Return the user's private calendar feed token, creating it the first time."""
    policy.authorize(user, "lab.create_feed_token")
    token = FeedToken.objects.filter(user=user).first()
    if token is not None:
        return token
    return writes.create(
        FeedToken,
        actor=user,
        data={},
        allowed=(),
        fixed={"user": user, "token": secrets.token_urlsafe(32)},
    )
