"""The call itself: create it, add weighted criteria, move its phases (operator only)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qiao.calls import policies  # noqa: F401  (registers the rules)
from qiao.calls.models import Call, Criterion
from qiao.core import effects, policy, writes

CALL_FIELDS = frozenset(
    {
        "kind",
        "title_zh",
        "title_en",
        "description",
        "opens_on",
        "closes_on",
        "eligible_kinds",
        "eligible_regions",
        "form_fields",
        "reviewers_per_application",
        "reviews_to_applicant",
        "outcome",
        "partner",
        "voucher_issuer",
        "voucher_share_percent",
    }
)
# Phases move one step forward, or one back to correct a mistake; never by themselves.
ORDER = [
    Call.Phase.DRAFT,
    Call.Phase.OPEN,
    Call.Phase.REVIEW,
    Call.Phase.DECISION,
    Call.Phase.CLOSED,
]


def _check_form_fields(specs: Any) -> None:
    ok = isinstance(specs, list) and all(
        isinstance(s, dict) and str(s.get("key", "")).strip() for s in specs
    )
    if not ok:
        raise ValidationError({"form_fields": _("Each form field needs a key.")})


@transaction.atomic
def create_call(*, by, **fields: Any) -> Call:
    """Create a call as a draft."""
    policy.authorize(by, "calls.manage_call", None)
    _check_form_fields(fields.get("form_fields", []))
    if (
        fields.get("opens_on")
        and fields.get("closes_on")
        and fields["closes_on"] < fields["opens_on"]
    ):
        raise ValidationError({"closes_on": _("A call cannot close before it opens.")})
    if fields.get("outcome") == Call.Outcome.INTRODUCTION and not fields.get("partner"):
        raise ValidationError(
            {"partner": _("Name the partner funded applicants are introduced to.")}
        )
    call = writes.create(Call, actor=by, data=fields, allowed=CALL_FIELDS, fixed={"created_by": by})
    effects.emit("call_changed", call_id=call.pk)
    return call


@transaction.atomic
def add_criterion(*, call: Call, by, **fields: Any) -> Criterion:
    """Add a weighted criterion (only before review starts)."""
    policy.authorize(by, "calls.manage_call", call)
    if call.phase not in (Call.Phase.DRAFT, Call.Phase.OPEN):
        raise ValidationError(_("Criteria cannot change once review has started."))
    fields.setdefault("order", call.criteria.count())
    return writes.create(
        Criterion,
        actor=by,
        data=fields,
        allowed={"name_zh", "name_en", "weight", "max_score", "order"},
        fixed={"call": call},
    )


@transaction.atomic
def move_phase(*, call: Call, phase: str, by, version: int | None = None) -> Call:
    """Move the call one phase forward or back; review needs criteria first."""
    policy.authorize(by, "calls.manage_call", call)
    if phase not in ORDER or abs(ORDER.index(phase) - ORDER.index(call.phase)) != 1:
        raise ValidationError(_("A call moves one phase at a time."))
    if phase == Call.Phase.REVIEW and not call.criteria.exists():
        raise ValidationError(_("Add the scoring criteria before review starts."))
    writes.update(call, actor=by, data={"phase": phase}, allowed={"phase"}, version=version)
    effects.emit("call_changed", call_id=call.pk)
    return call
