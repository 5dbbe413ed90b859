"""Decisions: funded or not, the letter, and what a funded application becomes."""

from __future__ import annotations

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
from qiao.pipeline.models import Milestone
from qiao.pipeline.services.projects import add_milestone, create_project
from qiao.taxonomy.models import Term


def _first_stage() -> Term:
    stage = Term.objects.filter(vocabulary="lifecycle_stage").order_by("id").first()
    if stage is None:
        raise ValidationError(_("Lifecycle stages are missing from the taxonomy."))
    return stage


def _fund(application: Application, *, by, stage: Term | None) -> None:
    call = application.call
    today = timezone.localdate()
    if call.outcome != Call.Outcome.PROJECT:
        return
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
