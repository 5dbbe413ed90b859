"""Write operations on needs, offers, disclosures and NDA signatories.

Every service takes the acting user, asks one rule of ``qiao.market.policies``, writes
through ``qiao.core.writes`` (named fields, audit in the same transaction, versions) and
announces the change with ``qiao.core.effects.emit("listing_changed", …)`` after commit;
matching subscribes to that topic (market may not import it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import audit, effects, policy, writes
from qiao.core.text import index_document
from qiao.directory.models import Membership, Organisation
from qiao.directory.roles import roles_of
from qiao.directory.services import link_account_person
from qiao.market import effects as market_effects
from qiao.market import notifications
from qiao.market.completeness import assess
from qiao.market.models import (
    DETAIL_TEXT_FIELDS,
    Disclosure,
    Listing,
    NdaSignatory,
    Signatory,
)
from qiao.market.notifications import notify_disclosure_decided
from qiao.market.policies import NdaAcceptance, StatusChange
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


# What a caller may set on a listing; status moves only through change_listing_status's
# transition table, and created_by, completeness and search_document are the service's.
EDITABLE_FIELDS = frozenset(
    {
        "organisation",
        "contact",
        "title_zh",
        "title_en",
        "summary_zh",
        "summary_en",
        "description",
        "terms",
        "stage",
        "province",
        "city",
        "deadline",
        "visibility",
        "shared_with",
        "alliance",
        "nda_terms",
        "disclosure_needs_approval",
        # The columns of each kind (forms.KIND_FIELDS).
        "department",
        "clinical_problem",
        "patient_population",
        "current_practice",
        "shortcomings",
        "desired_outcome",
        "frequency",
        "severity",
        "hosts_validation",
        "ip_note",
        "confirms_no_patient_data",
        "service_type",
        "amount",
        "funding_round",
        "use_of_funds",
        "patent_numbers",
        "ip_status",
        "transfer_modes",
        "registration_number",
        "capabilities",
        "accreditations",
        "investment_stages",
        "ticket_min",
        "ticket_max",
        "equipment_model",
        "location",
        "specifications",
    }
)
CREATE_FIELDS = EDITABLE_FIELDS | {"side", "kind"}


def _relations(terms, shared_with) -> dict[str, Any]:
    data: dict[str, Any] = {}
    if terms is not None:
        data["terms"] = list(terms)
    if shared_with is not None:
        data["shared_with"] = list(shared_with)
    return data


@transaction.atomic
def create_listing(
    *,
    created_by,
    organisation: Organisation,
    terms: Iterable[Term] = (),
    shared_with: Iterable[Organisation] = (),
    **fields: Any,
) -> Listing:
    """Create a listing as a draft of the organisation (or as given by an operator).

    A member posting for their own organisation is linked to their person in the directory
    (created on first posting if joining did not), which is the contact unless one is given.
    """
    policy.authorize(created_by, "market.create_listing", organisation)
    if organisation.pk in roles_of(created_by).member_of:
        poster = link_account_person(user=created_by, organisation=organisation)
        if not fields.get("contact"):
            fields["contact"] = poster
    listing = writes.create(
        Listing,
        actor=created_by,
        data={**fields, **_relations(terms, shared_with)},
        allowed=CREATE_FIELDS - {"organisation"},
        fixed={"organisation": organisation, "created_by": created_by},
    )
    _refresh_derived(listing)
    if listing.is_open:
        effects.emit("listing_changed", listing_id=listing.pk)
    return listing


@transaction.atomic
def update_listing(
    *,
    listing: Listing,
    updated_by,
    terms: Iterable[Term] | None = None,
    shared_with: Iterable[Organisation] | None = None,
    version: int | None = None,
    **fields: Any,
) -> Listing:
    """Change the named fields (only ``EDITABLE_FIELDS``), refusing a stale ``version``.

    Matching runs again after commit if the listing is open. Moving it to another
    organisation needs the right to post for that one too.
    """
    policy.authorize(updated_by, "market.change_listing", listing)
    owner = fields.get("organisation")
    if owner is not None and owner.pk != listing.organisation_id:
        policy.authorize(updated_by, "market.create_listing", owner)
    changed = writes.update(
        listing,
        actor=updated_by,
        data={**fields, **_relations(terms, shared_with)},
        allowed=EDITABLE_FIELDS,
        version=version,
    )
    if changed:
        _refresh_derived(listing)
        # Drafts aren't matched; leaving the open statuses goes through change_listing_status.
        if listing.is_open:
            effects.emit("listing_changed", listing_id=listing.pk)
    return listing


# target: the statuses it may come from. Who may make each move (publishing is the
# operator's review decision) is the rule market.change_listing_status.
_TRANSITIONS = {
    Listing.Status.UNDER_REVIEW: {Listing.Status.DRAFT},
    Listing.Status.PUBLISHED: {
        Listing.Status.DRAFT,
        Listing.Status.UNDER_REVIEW,
        Listing.Status.IN_DISCUSSION,
    },
    Listing.Status.IN_DISCUSSION: {Listing.Status.PUBLISHED},
    Listing.Status.CLOSED_DEAL: {Listing.Status.PUBLISHED, Listing.Status.IN_DISCUSSION},
    Listing.Status.CLOSED: {
        Listing.Status.DRAFT,
        Listing.Status.UNDER_REVIEW,
        Listing.Status.PUBLISHED,
        Listing.Status.IN_DISCUSSION,
    },
    Listing.Status.DRAFT: {Listing.Status.UNDER_REVIEW, Listing.Status.CLOSED},
}


def record_introduction(*, listing_ids, at) -> None:
    """Note that an introduction named these listings; the first time is kept.

    Called by the pipeline's services inside their transaction, after their own policy
    check; the date is derived data for the insights, recorded as the system's change.
    """
    for listing in Listing.objects.filter(pk__in=listing_ids, first_introduced_at__isnull=True):
        audit.record_change(
            instance=listing,
            actor=None,
            action=audit.AuditEntry.Action.CHANGED,
            changes={"first_introduced_at": (None, at)},
        )
    Listing.objects.filter(pk__in=listing_ids, first_introduced_at__isnull=True).update(
        first_introduced_at=at
    )


def next_statuses(*, listing: Listing, user) -> list[tuple[str, str]]:
    """Return the statuses (value, label) this user may move the listing to."""
    return [
        (status, Listing.Status(status).label)
        for status, sources in _TRANSITIONS.items()
        if listing.status in sources
        and policy.allows(user, "market.change_listing_status", StatusChange(listing, status))
    ]


@transaction.atomic
def change_listing_status(*, listing: Listing, status: str, changed_by) -> Listing:
    """Move the listing along draft → under review → published → … → closed.

    Publishing is the operator's review decision; owners submit for review. A listing going
    back from "in discussion" to "published" is also the operator's call.
    """
    policy.authorize(changed_by, "market.change_listing_status", StatusChange(listing, status))
    if listing.status not in _TRANSITIONS.get(status, set()):
        raise ValidationError(
            _("A listing that is “%(current)s” cannot become “%(target)s”.")
            % {
                "current": listing.get_status_display(),
                "target": Listing.Status(status).label if status in Listing.Status else status,
            }
        )
    data: dict[str, Any] = {"status": status}
    if status == Listing.Status.PUBLISHED and listing.published_at is None:
        data["published_at"] = timezone.now()
    previous = listing.status
    writes.update(listing, actor=changed_by, data=data, allowed={"status", "published_at"})
    effects.emit("listing_changed", listing_id=listing.pk)
    notifications.notify_status_changed(listing=listing, previous=previous, actor=changed_by)
    return listing


@transaction.atomic
def accept_nda(*, listing: Listing, organisation: Organisation, accepted_by) -> Disclosure:
    """Record that the organisation accepts the listing's NDA terms, and who bound it.

    Only an admin of the organisation, or a member an admin named a signatory, may accept
    (``market.accept_nda``). Details are disclosed at once, or after the owner's approval
    when the owner asked for it. Accepting again after a decline does not reopen the request.
    """
    policy.authorize(accepted_by, "market.accept_nda", NdaAcceptance(listing, organisation.pk))
    if not listing.is_confidential or not listing.is_open:
        raise ValidationError(_("This listing has no details under NDA."))
    if listing.organisation_id == organisation.pk:
        raise ValidationError(_("Your own organisation already sees the details."))
    existing = Disclosure.objects.filter(listing=listing, organisation=organisation).first()
    if existing is not None:
        return existing
    now = timezone.now()
    needs_approval = listing.disclosure_needs_approval
    accepted_as = (
        Signatory.ADMIN
        if organisation.pk in roles_of(accepted_by).admin_of
        else Signatory.SIGNATORY
    )
    disclosure = writes.create(
        Disclosure,
        actor=accepted_by,
        data={},
        allowed=(),
        fixed={
            "listing": listing,
            "organisation": organisation,
            "accepted_by": accepted_by,
            "accepted_at": now,
            "accepted_as": accepted_as,
            "terms_accepted": listing.nda_terms,
            "status": Disclosure.Status.PENDING if needs_approval else Disclosure.Status.GRANTED,
            "decided_at": None if needs_approval else now,
        },
    )
    _record_on_listing(disclosure, before="")
    market_effects.disclosure_requested(disclosure_id=disclosure.pk)
    return disclosure


def _record_on_listing(disclosure: Disclosure, *, before: str) -> None:
    """Show the disclosure in the listing's own trail too (who, for which organisation)."""
    audit.record_change(
        instance=disclosure.listing,
        actor=disclosure.decided_by if before else disclosure.accepted_by,
        action=audit.AuditEntry.Action.CHANGED if before else audit.AuditEntry.Action.ADDED,
        changes={
            "disclosures": (
                before,
                f"{disclosure.organisation} ({disclosure.get_status_display()})",
            )
        },
    )


@transaction.atomic
def decide_disclosure(*, disclosure: Disclosure, decided_by, grant: bool) -> Disclosure:
    """Grant or decline a pending disclosure: the owner's (or an operator's) decision."""
    policy.authorize(decided_by, "market.decide_disclosure", disclosure)
    if disclosure.status != Disclosure.Status.PENDING:
        raise ValidationError(_("This request has already been decided."))
    before = f"{disclosure.organisation} ({disclosure.get_status_display()})"
    writes.update(
        disclosure,
        actor=decided_by,
        data={
            "status": Disclosure.Status.GRANTED if grant else Disclosure.Status.DECLINED,
            "decided_by": decided_by,
            "decided_at": timezone.now(),
        },
        allowed={"status", "decided_by", "decided_at"},
    )
    _record_on_listing(disclosure, before=before)
    transaction.on_commit(lambda: notify_disclosure_decided(disclosure=disclosure))
    return disclosure


@transaction.atomic
def allow_nda_signatory(*, organisation: Organisation, user, allowed: bool, by) -> None:
    """Let a member accept NDA terms for the organisation, or take that right back.

    An admin's (or an operator's) decision; admins themselves need no grant.
    """
    policy.authorize(by, "market.manage_nda_signatories", organisation)
    if not Membership.objects.filter(organisation=organisation, user=user).exists():
        raise ValidationError(_("Only a member of the organisation can accept NDA terms for it."))
    existing = NdaSignatory.objects.filter(organisation=organisation, user=user).first()
    if allowed and existing is None:
        signatory = writes.create(
            NdaSignatory,
            actor=by,
            data={},
            allowed=(),
            fixed={"organisation": organisation, "user": user, "granted_by": by},
        )
        writes.record_added(organisation, actor=by, part=signatory, field="nda_signatories")
    elif not allowed and existing is not None:
        writes.record_removed(organisation, actor=by, part=existing, field="nda_signatories")
        writes.delete(existing, actor=by)
