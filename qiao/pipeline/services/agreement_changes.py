"""Changing who is party to an agreement, or whether it is confidential: with an operator's
word or the consent of every organisation concerned (``AgreementChange``).

- An admin of a party (or an operator) asks for the change. The organisations concerned
  are the parties before and after it: one that would leave loses access, one that would
  join is named without having signed, so each must agree. The requester's own
  organisations consent by asking.
- An admin of each other organisation approves or refuses it in Qiao; the last approval
  applies it, a refusal ends it. An operator's request, or an operator's approval, applies
  it at once; the requester may withdraw it while it waits.
- Every step is audited (the change's trail is shown with the agreement's) and the admins
  concerned are told in their inbox after commit.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qiao.core import effects, policy, writes
from qiao.directory.models import Membership, Organisation
from qiao.inbox import notices
from qiao.pipeline import notices as pipeline_notices
from qiao.pipeline import policies  # noqa: F401  (registers the rules)
from qiao.pipeline.models import Agreement, AgreementChange, AgreementConsent
from qiao.pipeline.services.agreements import check_parties, set_parties

Decision = AgreementConsent.Decision
ChangeStatus = AgreementChange.Status


def _current_parties(agreement: Agreement) -> list[tuple[int, str]]:
    return sorted(agreement.parties.values_list("organisation_id", "role"))


def _proposed(change: AgreementChange) -> list[tuple[Organisation, str]] | None:
    if change.parties is None:
        return None
    organisations = Organisation.objects.in_bulk([pk for pk, _role in change.parties])
    return [(organisations[pk], role) for pk, role in change.parties if pk in organisations]


@transaction.atomic
def request_agreement_change(
    *, agreement: Agreement, requested_by, parties=None, is_confidential=None, reason: str = ""
) -> AgreementChange:
    """Ask to change the parties [(organisation, role)] and/or the confidentiality."""
    policy.authorize(requested_by, "pipeline.request_agreement_change", agreement)
    agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
    current = _current_parties(agreement)
    wanted = None
    if parties is not None:
        check_parties(parties)
        wanted = sorted((organisation.pk, role) for organisation, role in parties)
        if wanted == current:
            wanted = None
    if is_confidential is not None and is_confidential == agreement.is_confidential:
        is_confidential = None
    if wanted is None and is_confidential is None:
        raise ValidationError(_("This changes neither the parties nor the confidentiality."))
    if agreement.change_requests.filter(status=ChangeStatus.PENDING).exists():
        raise ValidationError(
            _("Another change of this agreement is waiting for consent; answer or withdraw it.")
        )
    change = writes.create(
        AgreementChange,
        actor=requested_by,
        data={
            "parties": [list(p) for p in wanted] if wanted is not None else None,
            "is_confidential": is_confidential,
            "reason": reason.strip()[:2000],
        },
        allowed={"parties", "is_confidential", "reason"},
        fixed={"agreement": agreement, "requested_by": requested_by},
    )
    concerned = {pk for pk, _role in current} | {pk for pk, _role in wanted or []}
    AgreementConsent.objects.bulk_create(
        AgreementConsent(change=change, organisation_id=pk) for pk in sorted(concerned)
    )
    if policy.allows(requested_by, "pipeline.settle_agreement_change", change):
        _apply(change, actor=requested_by)
        return change
    for consent in change.consents.select_related("organisation"):
        # The requester consents for every organisation they may answer for.
        if policy.allows(requested_by, "pipeline.answer_agreement_change", consent):
            _approve(consent, actor=requested_by)
    _settle(change, actor=requested_by)
    return change


@transaction.atomic
def answer_agreement_change(
    *,
    change: AgreementChange,
    organisation: Organisation,
    answered_by,
    approve: bool,
    reason: str = "",
) -> AgreementChange:
    """An admin answers for ``organisation`` (an operator's approval applies the change)."""
    change = AgreementChange.objects.select_for_update().get(pk=change.pk)
    consent = change.consents.filter(organisation=organisation).first()
    if consent is None:
        raise ValidationError(_("This organisation is not asked about this change."))
    policy.authorize(answered_by, "pipeline.answer_agreement_change", consent)
    if change.status != ChangeStatus.PENDING or consent.decision != Decision.PENDING:
        raise ValidationError(_("This change has already been answered."))
    if not approve:
        writes.update(
            consent, actor=answered_by, data={"decision": Decision.REFUSED}, allowed={"decision"}
        )
        _close(change, status=ChangeStatus.REFUSED, actor=answered_by, note=reason.strip())
        return change
    _approve(consent, actor=answered_by)
    if policy.allows(answered_by, "pipeline.settle_agreement_change", change):
        _apply(change, actor=answered_by)
    else:
        _settle(change, actor=answered_by)
    return change


@transaction.atomic
def withdraw_agreement_change(*, change: AgreementChange, withdrawn_by) -> AgreementChange:
    policy.authorize(withdrawn_by, "pipeline.withdraw_agreement_change", change)
    change = AgreementChange.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise ValidationError(_("This change has already been answered."))
    _close(change, status=ChangeStatus.WITHDRAWN, actor=withdrawn_by)
    return change


def _approve(consent: AgreementConsent, *, actor) -> None:
    writes.update(consent, actor=actor, data={"decision": Decision.APPROVED}, allowed={"decision"})
    writes.record_added(consent.change, actor=actor, part=consent.organisation, field="consents")


def _settle(change: AgreementChange, *, actor) -> None:
    """Apply the change once nobody's answer is missing; else tell those still asked."""
    waiting = change.consents.filter(decision=Decision.PENDING).values_list(
        "organisation_id", flat=True
    )
    if not waiting:
        _apply(change, actor=actor)
        return
    _tell(change, pipeline_notices.CHANGE_WAITS, organisation_ids=list(waiting))


def _apply(change: AgreementChange, *, actor) -> None:
    agreement = change.agreement
    if change.is_confidential is not None:
        writes.update(
            agreement,
            actor=actor,
            data={"is_confidential": change.is_confidential},
            allowed={"is_confidential"},
        )
    parties = _proposed(change)
    if parties is not None:
        set_parties(agreement, parties, actor=actor)
    effects.emit("agreement_changed", agreement_id=agreement.pk)
    _close(change, status=ChangeStatus.APPLIED, actor=actor)


def _close(change: AgreementChange, *, status: str, actor, note: str = "") -> None:
    writes.update(change, actor=actor, data={"status": status}, allowed={"status"}, note=note)
    notice = {
        ChangeStatus.APPLIED: pipeline_notices.CHANGE_APPLIED,
        ChangeStatus.REFUSED: pipeline_notices.CHANGE_REFUSED,
        ChangeStatus.WITHDRAWN: pipeline_notices.CHANGE_WITHDRAWN,
    }[status]
    _tell(
        change,
        notice,
        organisation_ids=list(change.consents.values_list("organisation_id", flat=True)),
        also=[change.requested_by] if change.requested_by else [],
        exclude=actor,
    )


def _tell(change, notice, *, organisation_ids, also=(), exclude=None) -> None:
    """Notify the admins of these organisations (and ``also``) after commit."""
    admins = get_user_model().objects.filter(
        memberships__organisation_id__in=organisation_ids,
        memberships__role=Membership.Role.ADMIN,
        is_active=True,
    )
    notices.send(
        notice,
        recipients=[*admins.distinct(), *also],
        params={"agreement": notices.name_of(change.agreement)},
        url=pipeline_notices.agreement_url(change.agreement_id),
        about=change,
        exclude=[exclude] if exclude is not None else [],
    )
