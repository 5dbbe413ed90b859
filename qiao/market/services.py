"""Write operations on needs, offers and disclosures.

Effects that leave the transaction (matching, notifications) run after commit through
``qiao.market.effects``: apps above market (matching) subscribe there, because market may
not import them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import audit
from qiao.core.text import index_document
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.market import effects
from qiao.market.completeness import assess
from qiao.market.models import DETAIL_TEXT_FIELDS, Disclosure, Listing
from qiao.market.notifications import notify_disclosure_decided
from qiao.taxonomy.models import Term


def listing_search_document(*, listing: Listing, terms: Iterable[Term]) -> str:
    """Return the search tokens of the listing's public face (and details unless confidential).

    A confidential listing is searchable by its title, summary and tags only, so no search
    can tell whether a word occurs in its details.
    """
    names = [listing.title_zh, listing.title_en]
    texts = [listing.summary_zh, listing.summary_en, listing.organisation.name_zh]
    for term in terms:
        texts.extend([term.name_zh, term.name_en])
    if not listing.is_confidential:
        texts.extend(getattr(listing, field) for field in DETAIL_TEXT_FIELDS)
        texts.extend([listing.equipment_model, listing.location])
    return index_document(names=names, texts=texts)


def _refresh_derived(listing: Listing) -> None:
    terms = list(listing.terms.all())
    listing.completeness = assess(listing, tag_count=len(terms)).score
    listing.search_document = listing_search_document(listing=listing, terms=terms)
    listing.save(update_fields=["completeness", "search_document", "updated_at"])


def _check_may_edit(*, user, organisation_id: int) -> None:
    roles = roles_of(user)
    if not (roles.is_operator or organisation_id in roles.member_of):
        raise PermissionDenied


@transaction.atomic
def create_listing(
    *,
    created_by,
    organisation: Organisation,
    terms: Iterable[Term] = (),
    shared_with: Iterable[Organisation] = (),
    **fields: Any,
) -> Listing:
    """Create a listing as a draft of the organisation (or as given by an operator)."""
    _check_may_edit(user=created_by, organisation_id=organisation.pk)
    listing = Listing(organisation=organisation, created_by=created_by, **fields)
    listing.full_clean()
    listing.save()
    listing.terms.set(terms)
    listing.shared_with.set(shared_with)
    _refresh_derived(listing)
    audit.record_change(instance=listing, actor=created_by, action=audit.AuditEntry.Action.CREATED)
    if listing.is_open:
        effects.listing_changed(listing_id=listing.pk)
    return listing


@transaction.atomic
def update_listing(
    *,
    listing: Listing,
    updated_by,
    terms: Iterable[Term] | None = None,
    shared_with: Iterable[Organisation] | None = None,
    **fields: Any,
) -> Listing:
    """Change a listing's fields; matching runs again after commit if it is open."""
    _check_may_edit(user=updated_by, organisation_id=listing.organisation_id)
    before = audit.snapshot(listing, fields)
    if terms is not None:
        before["terms"] = sorted(str(t) for t in listing.terms.all())
    if shared_with is not None:
        before["shared_with"] = sorted(str(o) for o in listing.shared_with.all())
    for name, value in fields.items():
        setattr(listing, name, value)
    listing.full_clean()
    listing.save()
    if terms is not None:
        listing.terms.set(terms)
    if shared_with is not None:
        listing.shared_with.set(shared_with)
    _refresh_derived(listing)
    changes = audit.diff({k: v for k, v in before.items() if k in fields}, listing)
    if terms is not None:
        changes["terms"] = (before["terms"], sorted(str(t) for t in terms))
    if shared_with is not None:
        changes["shared_with"] = (before["shared_with"], sorted(str(o) for o in shared_with))
    audit.record_change(
        instance=listing, actor=updated_by, action=audit.AuditEntry.Action.CHANGED, changes=changes
    )
    # Drafts aren't matched; leaving the open statuses goes through change_listing_status.
    if listing.is_open:
        effects.listing_changed(listing_id=listing.pk)
    return listing


_TRANSITIONS = {
    # target: (statuses it may come from, operator only?)
    Listing.Status.UNDER_REVIEW: ({Listing.Status.DRAFT}, False),
    Listing.Status.PUBLISHED: (
        {Listing.Status.DRAFT, Listing.Status.UNDER_REVIEW, Listing.Status.IN_DISCUSSION},
        True,
    ),
    Listing.Status.IN_DISCUSSION: ({Listing.Status.PUBLISHED}, False),
    Listing.Status.CLOSED_DEAL: ({Listing.Status.PUBLISHED, Listing.Status.IN_DISCUSSION}, False),
    Listing.Status.CLOSED: (
        {
            Listing.Status.DRAFT,
            Listing.Status.UNDER_REVIEW,
            Listing.Status.PUBLISHED,
            Listing.Status.IN_DISCUSSION,
        },
        False,
    ),
    Listing.Status.DRAFT: ({Listing.Status.UNDER_REVIEW, Listing.Status.CLOSED}, False),
}


def record_introduction(*, listing_ids, at) -> None:
    """Note that an introduction named these listings; the first time is kept."""
    Listing.objects.filter(pk__in=listing_ids, first_introduced_at__isnull=True).update(
        first_introduced_at=at
    )


def next_statuses(*, listing: Listing, is_operator: bool) -> list[tuple[str, str]]:
    """Return the statuses (value, label) this listing may move to, for this kind of user."""
    return [
        (status, Listing.Status(status).label)
        for status, (sources, operator_only) in _TRANSITIONS.items()
        if listing.status in sources and (is_operator or not operator_only)
    ]


@transaction.atomic
def change_listing_status(*, listing: Listing, status: str, changed_by) -> Listing:
    """Move the listing along draft → under review → published → … → closed.

    Publishing is the operator's review decision; owners submit for review. A listing going
    back from "in discussion" to "published" is also the operator's call.
    """
    _check_may_edit(user=changed_by, organisation_id=listing.organisation_id)
    sources, operator_only = _TRANSITIONS.get(status, (set(), True))
    if listing.status not in sources:
        raise ValidationError(
            _("A listing that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": listing.get_status_display(),
                "target": Listing.Status(status).label if status in Listing.Status else status,
            }
        )
    if operator_only and not roles_of(changed_by).is_operator:
        raise PermissionDenied
    audit.record_change(
        instance=listing,
        actor=changed_by,
        action=audit.AuditEntry.Action.CHANGED,
        changes={"status": (listing.status, status)},
    )
    listing.status = status
    fields = ["status", "updated_at"]
    if status == Listing.Status.PUBLISHED and listing.published_at is None:
        listing.published_at = timezone.now()
        fields.append("published_at")
    listing.save(update_fields=fields)
    effects.listing_changed(listing_id=listing.pk)
    return listing


@transaction.atomic
def accept_nda(*, listing: Listing, organisation: Organisation, accepted_by) -> Disclosure:
    """Record that the organisation accepts the listing's NDA terms.

    Details are disclosed at once, or after the owner's approval when the owner asked for it.
    Accepting again after a decline does not reopen the request.
    """
    roles = roles_of(accepted_by)
    if organisation.pk not in roles.member_of:
        raise PermissionDenied
    if not listing.is_confidential or not listing.is_open:
        raise ValidationError(_("This listing has no details under NDA."))
    if listing.organisation_id == organisation.pk:
        raise ValidationError(_("Your own organisation already sees the details."))
    existing = Disclosure.objects.filter(listing=listing, organisation=organisation).first()
    if existing is not None:
        return existing
    now = timezone.now()
    needs_approval = listing.disclosure_needs_approval
    disclosure = Disclosure.objects.create(
        listing=listing,
        organisation=organisation,
        accepted_by=accepted_by,
        accepted_at=now,
        terms_accepted=listing.nda_terms,
        status=Disclosure.Status.PENDING if needs_approval else Disclosure.Status.GRANTED,
        decided_at=None if needs_approval else now,
    )
    audit.record_change(
        instance=listing,
        actor=accepted_by,
        action=audit.AuditEntry.Action.ADDED,
        changes={"disclosure": ("", f"{organisation} ({disclosure.get_status_display()})")},
    )
    effects.disclosure_requested(disclosure_id=disclosure.pk)
    return disclosure


@transaction.atomic
def decide_disclosure(*, disclosure: Disclosure, decided_by, grant: bool) -> Disclosure:
    """Grant or decline a pending disclosure: the owner's (or an operator's) decision."""
    _check_may_edit(user=decided_by, organisation_id=disclosure.listing.organisation_id)
    if disclosure.status != Disclosure.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    disclosure.status = Disclosure.Status.GRANTED if grant else Disclosure.Status.DECLINED
    disclosure.decided_by = decided_by
    disclosure.decided_at = timezone.now()
    disclosure.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    audit.record_change(
        instance=disclosure.listing,
        actor=decided_by,
        action=audit.AuditEntry.Action.CHANGED,
        changes={"disclosure": (disclosure.organisation, disclosure.get_status_display())},
    )
    transaction.on_commit(lambda: notify_disclosure_decided(disclosure=disclosure))
    return disclosure
