"""Applications: drafts, reuse of an earlier application, submission with screening."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from qiao.calls import notices as call_notices
from qiao.calls.eligibility import screen
from qiao.calls.models import Application, Call
from qiao.core import effects, policy, writes
from qiao.directory.models import Organisation
from qiao.inbox import notices

APPLICATION_FIELDS = frozenset({"title", "summary", "answers", "partners"})


def _clean_answers(call: Call, answers: Any) -> dict[str, str]:
    keys = {str(spec.get("key")) for spec in call.form_fields}
    answers = answers if isinstance(answers, dict) else {}
    return {k: str(v)[:5000] for k, v in answers.items() if k in keys}


@transaction.atomic
def save_application(
    *,
    call: Call,
    organisation: Organisation,
    by,
    application: Application | None = None,
    version: int | None = None,
    **fields: Any,
) -> Application:
    """Create or change a draft application of ``organisation`` to ``call``."""
    if "answers" in fields:
        fields["answers"] = _clean_answers(call, fields["answers"])
    if application is None:
        policy.authorize(by, "calls.apply", (call, organisation))
        application = writes.create(
            Application,
            actor=by,
            data=fields,
            allowed=APPLICATION_FIELDS,
            fixed={"call": call, "organisation": organisation, "created_by": by},
        )
    else:
        policy.authorize(by, "calls.change_application", application)
        writes.update(
            application, actor=by, data=fields, allowed=APPLICATION_FIELDS, version=version
        )
    effects.emit("application_changed", application_id=application.pk)
    return application


@transaction.atomic
def reuse_application(*, previous: Application, call: Call, by) -> Application:
    """Start a draft to ``call`` from an earlier application of the same organisation."""
    return save_application(
        call=call,
        organisation=previous.organisation,
        by=by,
        title=previous.title,
        summary=previous.summary,
        answers=previous.answers,
        partners=list(previous.partners.all()),
    )


@transaction.atomic
def submit_application(*, application: Application, by, version: int | None = None) -> Application:
    """Submit a draft: screened at once; an ineligible one keeps its reasons (both languages)."""
    policy.authorize(by, "calls.change_application", application)
    reasons = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            reasons.append(screen(application))
    status = Application.Status.INELIGIBLE if reasons[0] else Application.Status.SUBMITTED
    kept = [{"zh": zh, "en": en} for zh, en in zip(reasons[0], reasons[1], strict=True)]
    writes.update(
        application,
        actor=by,
        data={"status": status, "reasons": kept, "submitted_at": timezone.now()},
        allowed={"status", "reasons", "submitted_at"},
        version=version,
    )
    if status == Application.Status.SUBMITTED:
        notices.send(
            call_notices.APPLICATION_SUBMITTED,
            recipients=notices.operators(),
            params={
                "organisation": notices.name_of(application.organisation),
                "call": notices.name_of(application.call),
            },
            url=reverse("calls:call", args=[application.call_id]),
            about=application.call,
            exclude=[by],
        )
    effects.emit("application_changed", application_id=application.pk)
    return application
