"""Accepting NDA terms binds an organisation: its admins may, and members an admin allows;
the acceptance records who bound which organisation and in what capacity, audited."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from qiao.core.audit import AuditEntry, list_audit_entries
from qiao.directory.models import Membership
from qiao.market import services
from qiao.market.models import Disclosure, NdaSignatory
from qiao.market.tests.factories import ListingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def confidential(organisation):
    return ListingFactory(organisation=organisation, confidential=True)


def test_a_plain_member_may_not_bind_their_organisation(
    confidential, other_organisation, other_member
):
    # BUG on main: any member accepted NDA terms for the whole organisation.
    with pytest.raises(PermissionDenied):
        services.accept_nda(
            listing=confidential, organisation=other_organisation, accepted_by=other_member
        )
    assert Disclosure.objects.count() == 0


def test_an_admin_accepts_and_the_disclosure_says_who_bound_whom_as_what(
    confidential, other_organisation, other_admin
):
    disclosure = services.accept_nda(
        listing=confidential, organisation=other_organisation, accepted_by=other_admin
    )
    assert (disclosure.organisation, disclosure.accepted_by, disclosure.accepted_as) == (
        other_organisation,
        other_admin,
        "admin",
    )
    created = list_audit_entries(disclosure).get()
    assert (created.action, created.actor) == (AuditEntry.Action.CREATED, other_admin)
    on_listing = list_audit_entries(confidential).filter(action=AuditEntry.Action.ADDED).get()
    assert on_listing.actor == other_admin
    assert other_organisation.name_zh in on_listing.changes["disclosures"][1]


def test_a_member_an_admin_allows_may_accept_until_the_admin_withdraws(
    confidential, other_organisation, other_admin, other_member
):
    services.allow_nda_signatory(
        organisation=other_organisation, user=other_member, allowed=True, by=other_admin
    )
    disclosure = services.accept_nda(
        listing=confidential, organisation=other_organisation, accepted_by=other_member
    )
    assert disclosure.accepted_as == "signatory"
    trail = [(e.action, e.actor, e.changes) for e in list_audit_entries(other_organisation)]
    assert (AuditEntry.Action.ADDED, other_admin) in [(a, who) for a, who, _c in trail]

    services.allow_nda_signatory(
        organisation=other_organisation, user=other_member, allowed=False, by=other_admin
    )
    assert NdaSignatory.objects.count() == 0
    second = ListingFactory(organisation=confidential.organisation, confidential=True)
    with pytest.raises(PermissionDenied):
        services.accept_nda(
            listing=second, organisation=other_organisation, accepted_by=other_member
        )


def test_only_admins_and_operators_name_signatories(
    other_organisation, other_member, organisation, org_admin, operator
):
    with pytest.raises(PermissionDenied):
        services.allow_nda_signatory(
            organisation=other_organisation, user=other_member, allowed=True, by=other_member
        )
    with pytest.raises(PermissionDenied):
        services.allow_nda_signatory(
            organisation=other_organisation, user=other_member, allowed=True, by=org_admin
        )
    services.allow_nda_signatory(
        organisation=other_organisation, user=other_member, allowed=True, by=operator
    )
    assert NdaSignatory.objects.get().granted_by == operator


def test_a_signatory_who_leaves_the_organisation_no_longer_binds_it(
    confidential, other_organisation, other_admin, other_member
):
    services.allow_nda_signatory(
        organisation=other_organisation, user=other_member, allowed=True, by=other_admin
    )
    Membership.objects.filter(user=other_member).delete()
    other_member._qiao_roles = None  # roles are cached per request on the user
    with pytest.raises(PermissionDenied):
        services.accept_nda(
            listing=confidential, organisation=other_organisation, accepted_by=other_member
        )


# Pages and API say who may accept, and why not


def test_the_page_tells_a_plain_member_why_not_and_whom_to_ask(
    confidential, other_member, other_admin, client_of
):
    other_admin.first_name, other_admin.last_name = "敏", "王"
    other_admin.save()
    with translation.override("zh-hans"):
        page = client_of(other_member).get(
            f"/market/{confidential.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans"
        )
    html = page.content.decode()
    assert 'data-testid="nda-refused"' in html
    assert other_admin.get_full_name() in html
    assert f'action="/market/{confidential.pk}/nda/"' not in html


def test_the_page_offers_the_form_to_an_admin(confidential, other_admin, client_of):
    html = client_of(other_admin).get(f"/market/{confidential.pk}/").content.decode()
    assert f'action="/market/{confidential.pk}/nda/"' in html
    assert 'data-testid="nda-refused"' not in html


def test_posting_the_form_as_a_plain_member_records_nothing(confidential, other_member, client_of):
    response = client_of(other_member).post(f"/market/{confidential.pk}/nda/", {"accept": "yes"})
    assert response.status_code == 302
    assert Disclosure.objects.count() == 0


def test_the_api_answers_403_in_words_to_a_plain_member(
    confidential, other_organisation, other_member, client_of
):
    response = client_of(other_member).post(
        f"/api/market/listings/{confidential.pk}/nda",
        {"organisation_id": other_organisation.pk, "accept": True},
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 403
    assert "管理员" in response.json()["detail"]
    assert Disclosure.objects.count() == 0


def test_the_api_tells_in_what_capacity_a_disclosure_was_accepted(
    confidential, other_organisation, other_admin, client_of
):
    response = client_of(other_admin).post(
        f"/api/market/listings/{confidential.pk}/nda",
        {"organisation_id": other_organisation.pk, "accept": True},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["accepted_as"] == "admin"


def test_an_admin_allows_a_member_on_the_signatories_page(
    confidential, other_organisation, other_admin, other_member, client_of
):
    client = client_of(other_admin)
    listing_page = client.get("/market/").content.decode()
    assert f"/market/nda-signatories/{other_organisation.pk}/" in listing_page
    page = client.get(f"/market/nda-signatories/{other_organisation.pk}/")
    assert page.status_code == 200
    assert [allowed for _m, allowed in page.context["rows"]] == [True, False]
    response = client.post(
        f"/market/nda-signatories/{other_organisation.pk}/",
        {"user": other_member.pk, "allowed": "yes"},
    )
    assert response.status_code == 302
    assert NdaSignatory.objects.get().user == other_member
    accepted = client_of(other_member).post(f"/market/{confidential.pk}/nda/", {"accept": "yes"})
    assert accepted.status_code == 302
    assert Disclosure.objects.get().accepted_as == "signatory"


@pytest.mark.parametrize("role", ["other_member", "org_admin", "outsider"])
def test_the_signatories_page_is_404_to_everyone_but_admins(
    role, other_organisation, request, client_of
):
    user = request.getfixturevalue(role)
    response = client_of(user).get(f"/market/nda-signatories/{other_organisation.pk}/")
    assert response.status_code == 404
