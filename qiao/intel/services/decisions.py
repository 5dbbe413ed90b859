"""Review decisions: accept (as read or edited), reject, add a missed organisation."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import effects, policy, writes
from qiao.intel import (
    policies,  # noqa: F401  (registers the rules)
    review,
)
from qiao.intel.models import Article, OrganisationType, Proposal
from qiao.intel.services import accepting

_WRITERS = {
    Proposal.Kind.ORGANISATION: accepting.accept_organisation,
    Proposal.Kind.PERSON: accepting.accept_person,
    Proposal.Kind.EVENT: accepting.accept_event,
    Proposal.Kind.FIGURE: accepting.accept_figure,
    Proposal.Kind.RELATION: accepting.accept_relation,
}
ON_DUPLICATE = ("ask", "merge", "keep")


@transaction.atomic
def accept_proposal(
    *, proposal: Proposal, reviewer, payload: dict | None = None, on_duplicate: str = "ask"
) -> Proposal:
    """Accept a proposal, as read or with the fields of ``payload`` changed, and write it.

    The payload is checked first (``review.clean_payload``): a bad edit is a ValidationError
    by field and nothing is stored. Organisations are linked or created, agreements,
    relations and people recorded between directory organisations, events recorded as
    events in the news, figures added to their organisation's key figures. An agreement
    already in the directory raises ``DuplicateAgreement`` unless ``on_duplicate`` is
    "merge" (the article becomes one of its sources) or "keep" (a second one is recorded).
    """
    policy.authorize(reviewer, "intel.accept_proposal", proposal)
    if on_duplicate not in ON_DUPLICATE:
        raise ValidationError({"on_duplicate": _("Choose merge or keep.")})
    proposal = Proposal.objects.select_for_update().select_related("article").get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    data = review.clean_payload(proposal.kind, proposal.payload, payload)
    before = _Before(proposal)
    proposal.payload = data
    if proposal.kind == Proposal.Kind.AGREEMENT:
        record = accepting.accept_agreement(proposal, reviewer, data, on_duplicate=on_duplicate)
    else:
        record = _WRITERS[proposal.kind](proposal, reviewer, data)
    proposal.result_id = record.pk
    before.record(proposal, reviewer=reviewer, status=Proposal.Status.ACCEPTED)
    return proposal


@transaction.atomic
def reject_proposal(*, proposal: Proposal, reviewer) -> Proposal:
    """Reject a pending proposal: it stays on the article, decided, and writes nothing else."""
    policy.authorize(reviewer, "intel.reject_proposal", proposal)
    proposal = Proposal.objects.select_for_update().select_related("article").get(pk=proposal.pk)
    if proposal.status != Proposal.Status.PENDING:
        raise ValidationError(_("This proposal has already been decided."))
    _Before(proposal).record(proposal, reviewer=reviewer, status=Proposal.Status.REJECTED)
    return proposal


def _span_of(text: str, name: str, start: int | None, end: int | None) -> tuple[int, int]:
    """Where ``name`` is in the article: the reviewer's selection when it says ``name``,
    else its first occurrence, else nowhere (0, 0) for a name typed by hand."""
    if start is not None and end is not None and 0 <= start < end <= len(text):
        if " ".join(text[start:end].split()) == name:
            return start, end
    found = text.find(name)
    return (found, found + len(name)) if found >= 0 else (0, 0)


@transaction.atomic
def add_organisation_from_text(
    *,
    article: Article,
    reviewer,
    name: str,
    type: str = OrganisationType.OTHER,
    start: int | None = None,
    end: int | None = None,
) -> Proposal:
    """Add an organisation the extraction missed, in one step: record it as a proposal of
    the article (pointing at the selected text) and accept it, linking the directory
    organisation of that name or creating it. Raises ValidationError by field."""
    policy.authorize(reviewer, "intel.add_proposal", article)
    data = review.clean_payload(Proposal.Kind.ORGANISATION, {}, {"name": name, "type": type})
    span_start, span_end = _span_of(article.original_text, data["name"], start, end)
    proposal = writes.create(
        Proposal,
        actor=reviewer,
        data={"kind": Proposal.Kind.ORGANISATION, "payload": data},
        allowed={"kind", "payload"},
        fixed={
            "article": article,
            "confidence": 1.0,
            "span_start": span_start,
            "span_end": span_end,
        },
        note=data["name"],
    )
    return accept_proposal(proposal=proposal, reviewer=reviewer)


# What a decision changes on a proposal; ``reviewer`` and ``decided_at`` are saved with it
# and repeat what the trail's entry says (who, when).
_DECISION_FIELDS = {"status", "payload", "organisation", "result_id"}


class _Before:
    """A proposal and its article as they were before a decision, to record what it changed.

    The writers fill in the proposal and link organisations and agreements to the article as
    they go; ``record`` writes the decision through ``writes.update`` (one entry on the
    proposal, with the edited payload if any, and the proposal's text as its note, in no
    one language) and one "added" entry on the article per organisation or agreement linked.
    """

    def __init__(self, proposal: Proposal):
        self.payload = proposal.payload
        self.organisation = proposal.organisation
        article = proposal.article
        self.linked = set(article.organisations.values_list("pk", flat=True))
        self.agreements = set(article.agreements.values_list("pk", flat=True))

    def record(self, proposal: Proposal, *, reviewer, status: str) -> None:
        data = {
            "status": status,
            "payload": proposal.payload,
            "organisation": proposal.organisation,
            "result_id": proposal.result_id,
        }
        proposal.payload, proposal.organisation = self.payload, self.organisation
        proposal.reviewer, proposal.decided_at = reviewer, timezone.now()
        writes.update(
            proposal, actor=reviewer, data=data, allowed=_DECISION_FIELDS, note=proposal.label
        )
        proposal.save(update_fields=["reviewer", "decided_at", "updated_at"])
        article = proposal.article
        for organisation in article.organisations.exclude(pk__in=self.linked):
            writes.record_added(article, actor=reviewer, part=organisation, field="organisations")
        for agreement in article.agreements.exclude(pk__in=self.agreements):
            writes.record_added(article, actor=reviewer, part=agreement, field="agreements")
        effects.emit("article_changed", article_id=article.pk)
