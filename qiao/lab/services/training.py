"""Training: a member asks to be trained on an instrument, the lab manager grants (which
records the training) or declines with a reason; a record is revoked with a reason or
removed (one entered by mistake). Every step is written in the instrument's trail and told
to the other side through the inbox after the commit.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from qiao.core import audit, policy, writes
from qiao.directory.models import Membership
from qiao.inbox import notices
from qiao.lab import clock
from qiao.lab import notices as lab_notices
from qiao.lab.models import Equipment, TrainingRecord, TrainingRequest
from qiao.lab.selectors import has_valid_training
from qiao.lab.services.upkeep import record_training

__all__ = [
    "decline_training_request",
    "grant_training_request",
    "remove_training",
    "request_training",
    "revoke_training",
    "withdraw_training_request",
]

Status = TrainingRequest.Status
DECISION_FIELDS = frozenset({"status", "decided_by", "decided_at", "decision_note"})


def _managers(equipment: Equipment) -> list:
    admins = Membership.objects.filter(
        organisation_id=equipment.organisation_id, role=Membership.Role.ADMIN
    ).select_related("user")
    return [m.user for m in admins]


def _tell(notice, *, recipients, equipment: Equipment, url: str, about, **params) -> None:
    notices.send(
        notice,
        recipients=recipients,
        params={"equipment": notices.name_of(equipment), **params},
        url=url,
        about=about,
    )


@transaction.atomic
def request_training(*, equipment: Equipment, user, note: str = "") -> TrainingRequest:
    """Ask the lab to train ``user``; asking again while a request is open returns it."""
    policy.authorize(user, "lab.request_training", equipment)
    if has_valid_training(user=user, equipment=equipment, day=clock.today()):
        raise ValidationError(_("You are already trained on this instrument."))
    open_request = (
        TrainingRequest.objects.select_for_update()
        .filter(equipment=equipment, user=user, status=Status.OPEN)
        .first()
    )
    if open_request is not None:
        return open_request
    training_request = writes.create(
        TrainingRequest,
        actor=user,
        data={"note": note.strip()[:300]},
        allowed={"note"},
        fixed={"equipment": equipment, "user": user},
    )
    _tell(
        lab_notices.TRAINING_REQUESTED,
        recipients=[m for m in _managers(equipment) if m.pk != user.pk],
        equipment=equipment,
        url=reverse("lab:training_requests"),
        about=equipment,
        booker=user.get_short_name(),
    )
    return training_request


def _locked_open(training_request: TrainingRequest) -> TrainingRequest:
    current = TrainingRequest.objects.select_for_update().get(pk=training_request.pk)
    if current.status != Status.OPEN:
        raise ValidationError(_("This request was already answered or withdrawn."))
    return current


@transaction.atomic
def withdraw_training_request(*, training_request: TrainingRequest, withdrawn_by) -> None:
    policy.authorize(withdrawn_by, "lab.withdraw_training_request", training_request)
    current = _locked_open(training_request)
    writes.update(
        current, actor=withdrawn_by, data={"status": Status.WITHDRAWN}, allowed={"status"}
    )
    training_request.status = current.status


@transaction.atomic
def grant_training_request(
    *,
    training_request: TrainingRequest,
    decided_by,
    trained_on: datetime.date,
    valid_until: datetime.date | None = None,
    note: str = "",
) -> TrainingRecord:
    """Grant the request: the training is recorded (or renewed) and the person told."""
    policy.authorize(decided_by, "lab.decide_training_request", training_request)
    current = _locked_open(training_request)
    equipment = current.equipment
    record = record_training(
        equipment=equipment,
        user=current.user,
        trained_on=trained_on,
        valid_until=valid_until,
        note=note,
        trained_by=decided_by,
    )
    writes.update(
        current,
        actor=decided_by,
        data={
            "status": Status.GRANTED,
            "decided_by": decided_by,
            "decided_at": clock.now(),
            "decision_note": note.strip()[:300],
        },
        allowed=DECISION_FIELDS,
    )
    _tell(
        lab_notices.TRAINING_GRANTED,
        recipients=[current.user],
        equipment=equipment,
        url=reverse("lab:equipment_detail", args=[equipment.pk]),
        about=current,
    )
    training_request.status = current.status
    return record


@transaction.atomic
def decline_training_request(
    *, training_request: TrainingRequest, decided_by, reason: str
) -> TrainingRequest:
    """Decline the request; the reason is required and told to the person."""
    policy.authorize(decided_by, "lab.decide_training_request", training_request)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    current = _locked_open(training_request)
    writes.update(
        current,
        actor=decided_by,
        data={
            "status": Status.DECLINED,
            "decided_by": decided_by,
            "decided_at": clock.now(),
            "decision_note": reason.strip()[:300],
        },
        allowed=DECISION_FIELDS,
    )
    _tell(
        lab_notices.TRAINING_DECLINED,
        recipients=[current.user],
        equipment=current.equipment,
        url=reverse("lab:equipment_detail", args=[current.equipment_id]),
        about=current,
        reason=current.decision_note,
    )
    return current


@transaction.atomic
def revoke_training(*, record: TrainingRecord, revoked_by, reason: str) -> TrainingRecord:
    """Withdraw a person's training (kept in the record, with who and why); they may no
    longer book an instrument that needs it, and are told why."""
    policy.authorize(revoked_by, "lab.remove_training", record)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why.")})
    current = TrainingRecord.objects.select_for_update().get(pk=record.pk)
    if current.revoked_at is not None:
        raise ValidationError(_("This training was already revoked."))
    writes.update(
        current,
        actor=revoked_by,
        data={"revoked_at": clock.now(), "revoked_by": revoked_by},
        allowed={"revoked_at", "revoked_by"},
        note=reason.strip()[:200],
    )
    audit.record_change(
        instance=current.equipment,
        actor=revoked_by,
        action=audit.AuditEntry.Action.CHANGED,
        changes={"trainings": (str(current), "")},
        note=_("Training revoked: %(reason)s") % {"reason": reason.strip()[:200]},
    )
    _tell(
        lab_notices.TRAINING_REVOKED,
        recipients=[current.user],
        equipment=current.equipment,
        url=reverse("lab:equipment_detail", args=[current.equipment_id]),
        about=current,
        reason=reason.strip()[:200],
    )
    return current


@transaction.atomic
def remove_training(*, record: TrainingRecord, removed_by) -> None:
    """Delete a training record (one entered by mistake); the trail keeps whose it was."""
    policy.authorize(removed_by, "lab.remove_training", record)
    writes.record_removed(record.equipment, actor=removed_by, part=record, field="trainings")
    record.delete()
