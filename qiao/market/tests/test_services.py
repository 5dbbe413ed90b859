"""Write operations on needs, offers and disclosures."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qiao.core import effects as core_effects
from qiao.directory.tests.factories import term
from qiao.market import services
from qiao.market.models import Disclosure, Kind, Listing, Side
from qiao.market.tests.factories import NDA_TERMS, DisclosureFactory, ListingFactory, make_listing

pytestmark = pytest.mark.django_db


def create(by, organisation, **fields) -> Listing:
    fields.setdefault("side", Side.OFFER)
    fields.setdefault("kind", Kind.TECHNOLOGY)
    fields.setdefault("title_zh", "恒温扩增床旁快速检测技术")
    return services.create_listing(created_by=by, organisation=organisation, **fields)


def test_member_creates_a_draft_with_search_document_and_completeness(member, organisation):
    listing = create(
        member,
        organisation,
        description="Isothermal amplification of sepsis pathogens",
        terms=[term("technology_area", "isothermal")],
    )
    listing.refresh_from_db()
    assert listing.status == Listing.Status.DRAFT
    assert listing.created_by == member
    assert listing.published_at is None
    assert listing.contact.user == member  # the poster, linked to a person on first posting
    assert listing.completeness == 26
    assert set(listing.search_document.split()) >= {"isothermal", "sepsis", "恒温", "扩增"}
    assert list(listing.terms.all()) == [term("technology_area", "isothermal")]


def test_member_of_another_organisation_may_not_create(member, other_organisation):
    with pytest.raises(PermissionDenied):
        create(member, other_organisation)
    assert Listing.objects.count() == 0


def test_operator_creates_for_any_organisation(operator, organisation):
    assert create(operator, organisation).organisation == organisation


@pytest.mark.parametrize(
    ("fields", "error_field"),
    [
        ({"title_zh": ""}, "title_zh"),
        ({"side": Side.NEED, "kind": Kind.TECHNOLOGY}, "kind"),
        ({"side": Side.NEED, "kind": Kind.CLINICAL}, "confirms_no_patient_data"),
        ({"visibility": Listing.Visibility.CONFIDENTIAL}, "nda_terms"),
        ({"visibility": Listing.Visibility.CONFIDENTIAL, "nda_terms": "  "}, "nda_terms"),
        ({"kind": Kind.INVESTMENT, "ticket_min": 500, "ticket_max": 100}, "ticket_max"),
        ({"frequency": "hourly"}, "frequency"),
    ],
)
def test_invalid_listing_is_refused_and_nothing_saved(member, organisation, fields, error_field):
    with pytest.raises(ValidationError) as error:
        create(member, organisation, **fields)
    assert error_field in error.value.message_dict
    assert Listing.objects.count() == 0


def test_confidential_search_document_holds_the_public_face_only(member, organisation):
    listing = create(
        member,
        organisation,
        title_zh="床旁检测合作",
        summary_en="bedside assay",
        description="hiddenword",
        patent_numbers="CN123456789A",
        visibility=Listing.Visibility.CONFIDENTIAL,
        nda_terms=NDA_TERMS,
        terms=[term("technology_area", "isothermal")],
    )
    tokens = set(listing.search_document.split())
    assert {"bedside", "assay", "恒温", "扩增", "isothermal"} <= tokens
    assert "hiddenword" not in tokens
    assert "cn123456789a" not in tokens


def test_update_refreshes_search_document_when_a_listing_turns_confidential(member):
    listing = make_listing(
        organisation=member.memberships.get().organisation, description="hiddenword"
    )
    assert "hiddenword" in listing.search_document.split()
    services.update_listing(
        listing=listing,
        updated_by=member,
        visibility=Listing.Visibility.CONFIDENTIAL,
        nda_terms=NDA_TERMS,
    )
    listing.refresh_from_db()
    assert "hiddenword" not in listing.search_document.split()


def test_update_sets_tags_and_shared_organisations(member, organisation, other_organisation):
    listing = create(member, organisation)
    services.update_listing(
        listing=listing,
        updated_by=member,
        terms=[term("device_category", "ivd")],
        shared_with=[other_organisation],
        visibility=Listing.Visibility.CHOSEN,
    )
    listing.refresh_from_db()
    assert list(listing.terms.all()) == [term("device_category", "ivd")]
    assert list(listing.shared_with.all()) == [other_organisation]
    assert listing.completeness == 26  # with the poster as contact


def test_invalid_update_changes_nothing(member, organisation):
    listing = create(member, organisation, title_zh="原标题")
    with pytest.raises(ValidationError):
        services.update_listing(
            listing=listing, updated_by=member, title_zh="", visibility="confidential"
        )
    listing.refresh_from_db()
    assert (listing.title_zh, listing.visibility) == ("原标题", Listing.Visibility.PUBLIC)


def test_another_organisation_may_not_update(other_admin, organisation, member):
    listing = create(member, organisation, title_zh="原标题")
    with pytest.raises(PermissionDenied):
        services.update_listing(listing=listing, updated_by=other_admin, title_zh="改了")
    listing.refresh_from_db()
    assert listing.title_zh == "原标题"


# Status


def test_member_submits_for_review_but_may_not_publish(member, organisation):
    listing = create(member, organisation)
    services.change_listing_status(
        listing=listing, status=Listing.Status.UNDER_REVIEW, changed_by=member
    )
    with pytest.raises(PermissionDenied):
        services.change_listing_status(
            listing=listing, status=Listing.Status.PUBLISHED, changed_by=member
        )
    listing.refresh_from_db()
    assert listing.status == Listing.Status.UNDER_REVIEW
    assert listing.published_at is None


def test_operator_publishes_and_published_at_is_kept_on_republishing(
    operator, member, organisation
):
    listing = create(member, organisation)
    services.change_listing_status(
        listing=listing, status=Listing.Status.PUBLISHED, changed_by=operator
    )
    first = Listing.objects.get(pk=listing.pk).published_at
    services.change_listing_status(
        listing=listing, status=Listing.Status.IN_DISCUSSION, changed_by=member
    )
    services.change_listing_status(
        listing=listing, status=Listing.Status.PUBLISHED, changed_by=operator
    )
    listing.refresh_from_db()
    assert listing.status == Listing.Status.PUBLISHED
    assert first is not None
    assert listing.published_at == first


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Listing.Status.DRAFT, Listing.Status.IN_DISCUSSION),
        (Listing.Status.DRAFT, Listing.Status.CLOSED_DEAL),
        (Listing.Status.CLOSED, Listing.Status.PUBLISHED),
        (Listing.Status.CLOSED_DEAL, Listing.Status.CLOSED),
        (Listing.Status.PUBLISHED, Listing.Status.DRAFT),
        (Listing.Status.DRAFT, "archived"),
    ],
)
def test_illegal_transitions_are_refused(operator, organisation, start, target):
    listing = make_listing(organisation=organisation, status=start, by=operator)
    with pytest.raises(ValidationError):
        services.change_listing_status(listing=listing, status=target, changed_by=operator)
    listing.refresh_from_db()
    assert listing.status == start


def test_member_closes_and_reopens_a_draft(member, organisation):
    listing = create(member, organisation)
    services.change_listing_status(listing=listing, status=Listing.Status.CLOSED, changed_by=member)
    services.change_listing_status(listing=listing, status=Listing.Status.DRAFT, changed_by=member)
    assert Listing.objects.get(pk=listing.pk).status == Listing.Status.DRAFT


def test_changes_run_the_registered_effects_after_commit(
    member, operator, organisation, django_capture_on_commit_callbacks, monkeypatch
):
    seen = []
    monkeypatch.setitem(
        core_effects._handlers, "listing_changed", [lambda listing_id: seen.append(listing_id)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        listing = create(member, organisation)
        services.update_listing(listing=listing, updated_by=member, title_en="Isothermal")
        services.change_listing_status(
            listing=listing, status=Listing.Status.UNDER_REVIEW, changed_by=member
        )
        services.change_listing_status(
            listing=listing, status=Listing.Status.PUBLISHED, changed_by=operator
        )
        services.update_listing(listing=listing, updated_by=member, title_en="LAMP")
    # Editing a draft queues nothing (drafts aren't matched); every status change and every
    # edit of an open listing does.
    assert seen == [listing.pk, listing.pk, listing.pk]


def test_refused_change_runs_no_effect(member, organisation, django_capture_on_commit_callbacks):
    listing = create(member, organisation)
    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(ValidationError):
        services.update_listing(listing=listing, updated_by=member, title_zh="")
    assert callbacks == []


# NDA and disclosure


@pytest.fixture
def confidential(organisation):
    return ListingFactory(organisation=organisation, confidential=True)


def test_accepting_the_nda_records_the_terms_and_notifies_after_commit(
    confidential,
    other_organisation,
    other_member,
    member,
    django_capture_on_commit_callbacks,
    other_admin,
):
    with django_capture_on_commit_callbacks(execute=True):
        disclosure = services.accept_nda(
            listing=confidential, organisation=other_organisation, accepted_by=other_admin
        )
    assert (disclosure.status, disclosure.terms_accepted) == (Disclosure.Status.GRANTED, NDA_TERMS)
    assert [n.kind for n in member.notifications.all()] == ["disclosure_requested"]
    assert "等待您批准" not in member.notifications.get().title_zh


def test_accepting_twice_returns_the_same_disclosure(
    confidential, other_organisation, other_member, other_admin
):
    first = services.accept_nda(
        listing=confidential, organisation=other_organisation, accepted_by=other_admin
    )
    second = services.accept_nda(
        listing=confidential, organisation=other_organisation, accepted_by=other_admin
    )
    assert second.pk == first.pk
    assert Disclosure.objects.count() == 1


def test_only_a_member_accepts_for_an_organisation(confidential, other_organisation, member):
    with pytest.raises(PermissionDenied):
        services.accept_nda(
            listing=confidential, organisation=other_organisation, accepted_by=member
        )
    assert Disclosure.objects.count() == 0


def test_owner_cannot_accept_its_own_nda(confidential, organisation, org_admin):
    with pytest.raises(ValidationError):
        services.accept_nda(listing=confidential, organisation=organisation, accepted_by=org_admin)


@pytest.mark.parametrize(
    "listing_kwargs",
    [{}, {"confidential": True, "status": Listing.Status.DRAFT}, {"members_only": True}],
    ids=["public", "confidential-draft", "members-only"],
)
def test_nda_exists_only_for_open_confidential_listings(
    listing_kwargs, organisation, other_organisation, other_member, other_admin
):
    listing = ListingFactory(organisation=organisation, **listing_kwargs)
    with pytest.raises(ValidationError):
        services.accept_nda(
            listing=listing, organisation=other_organisation, accepted_by=other_admin
        )
    assert Disclosure.objects.count() == 0


def test_deciding_twice_is_refused(member, organisation):
    disclosure = DisclosureFactory(
        listing=ListingFactory(organisation=organisation, confidential=True),
        status=Disclosure.Status.PENDING,
        decided_at=None,
    )
    services.decide_disclosure(disclosure=disclosure, decided_by=member, grant=False)
    with pytest.raises(ValidationError):
        services.decide_disclosure(disclosure=disclosure, decided_by=member, grant=True)
    disclosure.refresh_from_db()
    assert disclosure.status == Disclosure.Status.DECLINED


def test_only_the_owner_or_an_operator_decides(other_admin, operator, organisation):
    disclosure = DisclosureFactory(
        listing=ListingFactory(organisation=organisation, confidential=True),
        status=Disclosure.Status.PENDING,
        decided_at=None,
    )
    with pytest.raises(PermissionDenied):
        services.decide_disclosure(disclosure=disclosure, decided_by=other_admin, grant=True)
    services.decide_disclosure(disclosure=disclosure, decided_by=operator, grant=True)
    disclosure.refresh_from_db()
    assert (disclosure.status, disclosure.decided_by) == (Disclosure.Status.GRANTED, operator)


def test_decision_is_told_to_the_requesting_organisation(
    member, organisation, django_capture_on_commit_callbacks
):
    disclosure = DisclosureFactory(
        listing=ListingFactory(organisation=organisation, confidential=True, title_zh="保密技术"),
        status=Disclosure.Status.PENDING,
        decided_at=None,
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_disclosure(disclosure=disclosure, decided_by=member, grant=False)
    notification = disclosure.accepted_by.notifications.get()
    assert notification.kind == "disclosure_decided"
    assert notification.title_zh == "《保密技术》的详细信息未获披露"
    assert notification.url == f"/market/{disclosure.listing_id}/"
