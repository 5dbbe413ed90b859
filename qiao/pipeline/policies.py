"""Who may do what in the pipeline (``qiao.core.policy`` rules, on ``directory.roles``).

- Introductions: operators broker them; the two parties' members move them along, set the
  next action and write messages; only the receiving side (or an operator) answers a
  proposal; a listing's own organisation may ask for one.
- Agreements belong to all their parties. Any member of a party (or an operator) records
  one and attaches documents; its own fields (title, kind, date, amount…) are corrected by
  operators and the admins of a party; its parties and confidentiality change only with an
  operator's word or the consent of an admin of every organisation concerned
  (``AgreementChange``): the request is made by an admin of a party, every other party,
  new or leaving, answers.
- Projects belong to their organisation: its members (and operators) edit them and their
  journey. Naming another organisation (a provider, a trial hospital, an investor) gives it
  no right over the project; what viewers see of it follows its visibility (selectors).
"""

from __future__ import annotations

from qiao.core import policy
from qiao.directory.roles import roles_of


def _is_party_member(user, organisation_ids) -> bool:
    roles = roles_of(user)
    return roles.is_operator or bool(roles.member_of & set(organisation_ids))


def _intro_parties(introduction) -> set[int]:
    return {introduction.requesting_organisation_id, introduction.receiving_organisation_id}


def _agreement_parties(agreement) -> set[int]:
    return set(agreement.parties.values_list("organisation_id", flat=True))


@policy.rule("pipeline.propose_introduction")
def propose_introduction(user, match) -> bool:
    return roles_of(user).is_operator


@policy.rule("pipeline.request_introduction")
def request_introduction(user, match) -> bool:
    return match.listing.organisation_id in roles_of(user).member_of


@policy.rule("pipeline.record_met_introduction")
def record_met_introduction(user, organisation_ids) -> bool:
    # The caller (an event's organiser, checked by the events policy) vouches for the
    # meeting; the pipeline only requires a signed-in broker.
    return roles_of(user).is_authenticated


@policy.rule("pipeline.take_introduction")
def take_introduction(user, introduction) -> bool:
    return roles_of(user).is_operator


@policy.rule("pipeline.change_introduction_status")
def change_introduction_status(user, step) -> bool:
    """``step`` is (introduction, target status); answering a proposal is the receiver's."""
    from qiao.pipeline.services.introductions import RECEIVER_ONLY

    introduction, status = step
    roles = roles_of(user)
    if not _is_party_member(user, _intro_parties(introduction)):
        return False
    if status in RECEIVER_ONLY:
        return roles.is_operator or introduction.receiving_organisation_id in roles.member_of
    return True


@policy.rule("pipeline.change_introduction")
def change_introduction(user, introduction) -> bool:
    """Next action and due date, and messages: the parties and operators."""
    return _is_party_member(user, _intro_parties(introduction))


@policy.rule("pipeline.create_agreement")
def create_agreement(user, organisations) -> bool:
    return _is_party_member(user, {o.pk for o in organisations})


@policy.rule("pipeline.add_agreement_document")
def add_agreement_document(user, agreement) -> bool:
    return _is_party_member(user, _agreement_parties(agreement))


@policy.rule("pipeline.change_agreement")
def change_agreement(user, agreement) -> bool:
    roles = roles_of(user)
    return roles.is_operator or bool(roles.admin_of & _agreement_parties(agreement))


@policy.rule("pipeline.request_agreement_change")
def request_agreement_change(user, agreement) -> bool:
    return change_agreement(user, agreement)


@policy.rule("pipeline.answer_agreement_change")
def answer_agreement_change(user, consent) -> bool:
    """An admin of the organisation asked answers for it; an operator answers for all."""
    roles = roles_of(user)
    return roles.is_operator or consent.organisation_id in roles.admin_of


@policy.rule("pipeline.settle_agreement_change")
def settle_agreement_change(user, change) -> bool:
    """An operator's request or approval applies a change without waiting for the others."""
    return roles_of(user).is_operator


@policy.rule("pipeline.withdraw_agreement_change")
def withdraw_agreement_change(user, change) -> bool:
    roles = roles_of(user)
    return roles.is_operator or (user.is_authenticated and change.requested_by_id == user.pk)


@policy.rule("pipeline.create_project")
def create_project(user, organisation) -> bool:
    return _is_party_member(user, {organisation.pk})


@policy.rule("pipeline.change_project")
def change_project(user, project) -> bool:
    return _is_party_member(user, {project.organisation_id})
