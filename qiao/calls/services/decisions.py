"""Decisions: funded or not, the letter, and what a funded application becomes: a project
with its milestone, an introduction to the call's partner (pipeline's service), or a lab
voucher for the applicant (lab's service); each recorded through the owning app's service,
so it is audited there, and the applicant is told after commit."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.calls import notices as call_notices
from qiao.calls.models import Application, Call
from qiao.core import effects, policy, writes
from qiao.inbox import notices
from qiao.lab.services import grant_voucher
from qiao.pipeline.models import Milestone
from qiao.pipeline.services.introductions import record_introduction_after_meeting
from qiao.pipeline.services.projects import add_milestone, create_project
from qiao.taxonomy.models import Term


def _first_stage() -> Term:
    stage = Term.objects.filter(vocabulary="lifecycle_stage").order_by("id").first()
    if stage is None:
        raise ValidationError(_("Lifecycle stages are missing from the taxonomy."))
    return stage


def _fund(application: Application, *, by, stage: Term | None) -> None:
    outcome = application.call.outcome
    if outcome == Call.Outcome.PROJECT:
        _fund_project(application, by=by, stage=stage)
    elif outcome == Call.Outcome.INTRODUCTION:
        _fund_introduction(application, by=by)
    elif outcome == Call.Outcome.VOUCHER:
        _fund_voucher(application, by=by)


def _fund_project(application: Application, *, by, stage: Term | None) -> None:
    call = application.call
    today = timezone.localdate()
    project = create_project(
        created_by=by,
        organisation=application.organisation,
        stage=stage or _first_stage(),
        entered_on=today,
        name_zh=application.title[:200],
        description=application.summary,
    )
    amount = f" ¥{application.amount:,.0f}" if application.amount else ""
    add_milestone(
        project=project,
        added_by=by,
        kind=Milestone.Kind.OTHER,
        reached_on=today,
        note=f"{call.title_zh}：获资助{amount}"[:300],
    )
    writes.update(application, actor=by, data={"project": project}, allowed={"project"})


def _fund_introduction(application: Application, *, by) -> None:
    """Introduce the applicant to the call's partner (e.g. the hospital behind a challenge).

    Pipeline's one service for an introduction without a match records two parties that
    have already been in contact: here through the call's review, so it starts at
    "meeting held" with the call named in its note."""
    call = application.call
    if call.partner_id is None:
        raise ValidationError(_("The call names no partner to introduce the applicant to."))
    if call.partner_id == application.organisation_id:
        raise ValidationError(
            _("The applicant is the call's partner: there is no one to introduce.")
        )
    introduction = record_introduction_after_meeting(
        requesting_organisation_id=application.organisation_id,
        receiving_organisation_id=call.partner_id,
        broker=by,
        note=f"{call.title_zh}：{application.title}"[:1000],
    )
    writes.update(
        application, actor=by, data={"introduction": introduction}, allowed={"introduction"}
    )
    notices.send(
        call_notices.INTRODUCED,
        recipients=notices.members_of(application.organisation_id),
        params={"application": application.title, "partner": notices.name_of(call.partner)},
        url=reverse("pipeline:introduction_detail", args=[introduction.pk]),
        about=f"call-introduction:{application.pk}",
        exclude=[by],
    )


VOUCHER_VALID_DAYS = 365


def _fund_voucher(application: Application, *, by) -> None:
    """Record a lab voucher of the amount funded for the applicant, valid for a year."""
    call = application.call
    if not application.amount or application.amount <= 0:
        raise ValidationError({"amount": _("Give the voucher's amount.")})
    today = timezone.localdate()
    voucher = grant_voucher(
        organisation=application.organisation,
        granted_by=by,
        amount=application.amount,
        issuer=(call.voucher_issuer or call.title_zh)[:200],
        number=f"CALL-{call.pk}-{application.pk}",
        share_percent=call.voucher_share_percent,
        valid_from=today,
        valid_until=today + datetime.timedelta(days=VOUCHER_VALID_DAYS),
    )
    writes.update(application, actor=by, data={"voucher": voucher}, allowed={"voucher"})
    notices.send(
        call_notices.VOUCHER_GRANTED,
        recipients=notices.members_of(application.organisation_id),
        params={
            "application": application.title,
            "amount": f"{voucher.amount:,.0f}",
            "date": voucher.valid_until.isoformat(),
        },
        url=reverse("calls:application", args=[application.pk]),
        about=f"call-voucher:{application.pk}",
        exclude=[by],
    )


@transaction.atomic
def decide(
    *,
    application: Application,
    by,
    funded: bool,
    letter: str,
    amount: Decimal | None = None,
    stage: Term | None = None,
) -> Application:
    """Record the decision and its letter; a funded application becomes a project."""
    policy.authorize(by, "calls.decide", application)
    if application.status != Application.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted, undecided application can be decided."))
    if not (letter or "").strip():
        raise ValidationError({"letter": _("Write the decision letter.")})
    status = Application.Status.FUNDED if funded else Application.Status.DECLINED
    writes.update(
        application,
        actor=by,
        data={"status": status, "letter": letter.strip(), "amount": amount if funded else None},
        allowed={"status", "letter", "amount"},
    )
    if funded:
        _fund(application, by=by, stage=stage)
    notices.send(
        call_notices.DECIDED,
        recipients=notices.members_of(application.organisation_id),
        params={"application": application.title, "call": notices.name_of(application.call)},
        url=reverse("calls:application", args=[application.pk]),
        about=application,
        exclude=[by],
    )
    effects.emit("application_changed", application_id=application.pk)
    return application
