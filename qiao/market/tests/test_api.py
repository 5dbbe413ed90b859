"""The needs-and-offers API end to end: create, patch, status, NDA, disclosures, hints."""

import json

import pytest
from django.test import Client

from qiao.directory.tests.factories import term
from qiao.market.models import Disclosure, Kind, Listing
from qiao.market.tests.factories import NDA_TERMS, DisclosureFactory, ListingFactory, make_listing

pytestmark = pytest.mark.django_db

TITLE = "恒温扩增床旁快速检测技术"


def api(client: Client, method: str, url: str, payload=None):
    kwargs = {"content_type": "application/json"}
    if payload is not None:
        kwargs["data"] = json.dumps(payload)
    return getattr(client, method)(f"/api/market{url}", **kwargs)


def new_listing(organisation, **fields) -> dict:
    return {"kind": "technology", "organisation_id": organisation.pk, "title_zh": TITLE, **fields}


# Create


def test_member_creates_a_listing_with_tags_and_stage(member, organisation, client_of):
    response = api(
        client_of(member),
        "post",
        "/listings/",
        new_listing(
            organisation,
            summary_en="Isothermal amplification POCT",
            tags=["technology_area:isothermal", "device_category:ivd"],
            stage="prototype",
            ip_status="granted",
            transfer_modes=["licence"],
        ),
    )
    assert response.status_code == 201
    body = response.json()
    listing = Listing.objects.get()
    assert body["id"] == listing.pk
    assert (body["side"], body["kind"], body["status"]) == ("offer", "technology", "draft")
    assert body["stage"] == "prototype"
    assert sorted(t["code"] for t in body["tags"]) == ["isothermal", "ivd"]
    assert body["details"]["ip_status"] == "granted"
    assert body["details"]["transfer_modes"] == ["licence"]
    assert listing.created_by == member
    assert listing.completeness == body["completeness"]


def test_fields_foreign_to_the_kind_are_dropped(member, organisation, client_of):
    response = api(
        client_of(member),
        "post",
        "/listings/",
        new_listing(organisation, amount="5000000", equipment_model="CFX96"),
    )
    assert response.status_code == 201
    listing = Listing.objects.get()
    assert (listing.amount, listing.equipment_model) == (None, "")


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"tags": ["device_category:99"]}, "tags"),
        ({"stage": "warp_speed"}, "stage"),
        ({"title_zh": ""}, "title_zh"),
        ({"visibility": "confidential"}, "nda_terms"),
        ({"kind": "clinical"}, "confirms_no_patient_data"),
        ({"kind": "investment", "ticket_min": 900, "ticket_max": 100}, "ticket_max"),
        ({"visibility": "chosen", "shared_with": [999999]}, "shared_with"),
        ({"contact_id": 999999}, "contact_id"),
    ],
)
def test_create_rejects_bad_data_with_field_errors_and_saves_nothing(
    payload, field, member, organisation, client_of
):
    response = api(client_of(member), "post", "/listings/", new_listing(organisation, **payload))
    assert response.status_code == 422
    assert set(response.json()) == {"detail", "errors"}
    assert field in response.json()["errors"]
    assert Listing.objects.count() == 0


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "spaceship"},
        {"frequency": "hourly", "kind": "clinical"},
        {"amount": -5, "kind": "financing"},
        {"transfer_modes": ["gift"]},
    ],
)
def test_schema_errors_are_422_and_save_nothing(payload, member, organisation, client_of):
    response = api(client_of(member), "post", "/listings/", new_listing(organisation, **payload))
    assert response.status_code == 422
    assert "detail" in response.json()
    assert Listing.objects.count() == 0


def test_member_may_not_create_for_another_organisation(member, other_organisation, client_of):
    response = api(client_of(member), "post", "/listings/", new_listing(other_organisation))
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["organisation_id"]
    assert Listing.objects.count() == 0


def test_anonymous_may_not_create(organisation, client_of):
    response = api(client_of(None), "post", "/listings/", new_listing(organisation))
    assert response.status_code == 401
    assert Listing.objects.count() == 0


# Patch


def test_member_patches_fields_tags_and_search_follows(member, organisation, client_of):
    listing = make_listing(organisation=organisation, title_zh="旧标题")
    response = api(
        client_of(member),
        "patch",
        f"/listings/{listing.pk}",
        {"title_en": "Isothermal POCT", "tags": ["technology_area:isothermal"]},
    )
    assert response.status_code == 200
    assert response.json()["title_en"] == "Isothermal POCT"
    assert response.json()["title_zh"] == "旧标题"
    assert [t["code"] for t in response.json()["tags"]] == ["isothermal"]
    found = Client().get("/api/market/listings/", {"q": "POCT"}).json()
    assert [item["id"] for item in found["items"]] == [listing.pk]


def test_invalid_patch_changes_nothing(member, organisation, client_of):
    listing = make_listing(organisation=organisation, title_zh="旧标题")
    response = api(
        client_of(member),
        "patch",
        f"/listings/{listing.pk}",
        {"title_zh": "新标题", "visibility": "confidential"},
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["nda_terms"]
    listing.refresh_from_db()
    assert (listing.title_zh, listing.visibility) == ("旧标题", Listing.Visibility.PUBLIC)


@pytest.mark.parametrize("role", ["other_member", "other_admin", "outsider"])
def test_another_organisation_cannot_patch(role, request, organisation, client_of):
    listing = make_listing(organisation=organisation, title_zh="旧标题")
    client = client_of(request.getfixturevalue(role))
    response = api(client, "patch", f"/listings/{listing.pk}", {"title_zh": "改了"})
    assert response.status_code == 404
    listing.refresh_from_db()
    assert listing.title_zh == "旧标题"


# Status


def test_member_submits_for_review_then_operator_publishes(
    member, operator, organisation, client_of
):
    listing = make_listing(organisation=organisation, status=Listing.Status.DRAFT)
    url = f"/listings/{listing.pk}/status"
    review = api(client_of(member), "post", url, {"status": "under_review"})
    refused = api(client_of(member), "post", url, {"status": "published"})
    assert review.status_code == 200
    assert review.json()["status"] == "under_review"
    assert refused.status_code == 403
    assert Listing.objects.get(pk=listing.pk).status == Listing.Status.UNDER_REVIEW
    published = api(client_of(operator), "post", url, {"status": "published"})
    assert published.status_code == 200
    assert published.json()["status"] == "published"
    assert published.json()["published_at"] is not None


def test_illegal_transition_is_422(member, organisation, client_of):
    listing = make_listing(organisation=organisation, status=Listing.Status.DRAFT)
    response = api(
        client_of(member), "post", f"/listings/{listing.pk}/status", {"status": "closed_deal"}
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["__all__"]
    assert Listing.objects.get(pk=listing.pk).status == Listing.Status.DRAFT


def test_unknown_status_is_422(member, organisation, client_of):
    listing = make_listing(organisation=organisation, status=Listing.Status.DRAFT)
    response = api(
        client_of(member), "post", f"/listings/{listing.pk}/status", {"status": "archived"}
    )
    assert response.status_code == 422


def test_another_organisation_cannot_change_the_status(other_admin, organisation, client_of):
    listing = make_listing(organisation=organisation)
    response = api(
        client_of(other_admin), "post", f"/listings/{listing.pk}/status", {"status": "closed"}
    )
    assert response.status_code == 404
    assert Listing.objects.get(pk=listing.pk).status == Listing.Status.PUBLISHED


# NDA and disclosures


@pytest.fixture
def confidential(organisation):
    return ListingFactory(organisation=organisation, confidential=True)


def test_accepting_the_nda_through_the_api(
    confidential, other_organisation, other_admin, client_of
):
    response = api(
        client_of(other_admin),
        "post",
        f"/listings/{confidential.pk}/nda",
        {"organisation_id": other_organisation.pk, "accept": True},
    )
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["organisation_id"], body["accepted_by"]) == (
        "granted",
        other_organisation.pk,
        other_admin.email,
    )
    assert body["terms_accepted"] == NDA_TERMS
    detail = client_of(other_admin).get(f"/api/market/listings/{confidential.pk}").json()
    assert detail["details_visible"] is True


@pytest.mark.parametrize(
    ("payload_of", "field"),
    [
        (lambda other, own: {"organisation_id": other.pk, "accept": False}, "accept"),
        (lambda other, own: {"organisation_id": own.pk, "accept": True}, "organisation_id"),
    ],
    ids=["not-accepted", "not-my-organisation"],
)
def test_nda_acceptance_errors(
    payload_of, field, confidential, organisation, other_organisation, other_member, client_of
):
    response = api(
        client_of(other_member),
        "post",
        f"/listings/{confidential.pk}/nda",
        payload_of(other_organisation, organisation),
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == [field]
    assert Disclosure.objects.count() == 0


def test_nda_of_a_public_listing_is_422(organisation, other_organisation, other_admin, client_of):
    listing = make_listing(organisation=organisation)
    response = api(
        client_of(other_admin),
        "post",
        f"/listings/{listing.pk}/nda",
        {"organisation_id": other_organisation.pk, "accept": True},
    )
    assert response.status_code == 422
    assert Disclosure.objects.count() == 0


def test_owner_lists_and_decides_disclosures(member, organisation, client_of):
    disclosure = DisclosureFactory(
        listing=ListingFactory(organisation=organisation, confidential=True),
        status=Disclosure.Status.PENDING,
        decided_at=None,
    )
    client = client_of(member)
    listed = api(client, "get", f"/listings/{disclosure.listing_id}/disclosures")
    assert [(d["id"], d["status"]) for d in listed.json()] == [(disclosure.pk, "pending")]
    url = f"/listings/{disclosure.listing_id}/disclosures/{disclosure.pk}/decision"
    decided = api(client, "post", url, {"grant": True})
    assert decided.status_code == 200
    assert decided.json()["status"] == "granted"
    assert decided.json()["decided_at"] is not None
    again = api(client, "post", url, {"grant": False})
    assert again.status_code == 422
    disclosure.refresh_from_db()
    assert (disclosure.status, disclosure.decided_by) == (Disclosure.Status.GRANTED, member)


def test_another_organisation_can_neither_list_nor_decide_disclosures(
    other_admin, organisation, client_of
):
    disclosure = DisclosureFactory(
        listing=ListingFactory(organisation=organisation, confidential=True),
        status=Disclosure.Status.PENDING,
        decided_at=None,
    )
    client = client_of(other_admin)
    base = f"/listings/{disclosure.listing_id}/disclosures"
    assert api(client, "get", base).status_code == 404
    assert (
        api(client, "post", f"{base}/{disclosure.pk}/decision", {"grant": True}).status_code == 404
    )
    disclosure.refresh_from_db()
    assert disclosure.status == Disclosure.Status.PENDING


def test_a_disclosure_of_another_listing_cannot_be_decided_through_mine(
    member, organisation, client_of
):
    mine = ListingFactory(organisation=organisation, confidential=True)
    elsewhere = DisclosureFactory(status=Disclosure.Status.PENDING, decided_at=None)
    response = api(
        client_of(member),
        "post",
        f"/listings/{mine.pk}/disclosures/{elsewhere.pk}/decision",
        {"grant": True},
    )
    assert response.status_code == 404
    elsewhere.refresh_from_db()
    assert elsewhere.status == Disclosure.Status.PENDING


# Completeness


def test_completeness_for_the_owner(member, organisation, client_of):
    listing = make_listing(
        organisation=organisation,
        kind=Kind.TECHNOLOGY,
        title_zh=TITLE,
        terms=[term("technology_area", "isothermal")],
    )
    response = api(client_of(member), "get", f"/listings/{listing.pk}/completeness")
    assert response.status_code == 200
    body = response.json()
    assert body["score"] == 21
    assert body["hints"][0]["field"] == "description"
    assert [h["field"] for h in body["hints"]].count("terms") == 0


def test_completeness_is_404_for_another_organisation(other_member, organisation, client_of):
    listing = make_listing(organisation=organisation)
    response = api(client_of(other_member), "get", f"/listings/{listing.pk}/completeness")
    assert response.status_code == 404


# List


def test_list_is_paginated_and_filtered(organisation, client_of):
    for index in range(22):
        make_listing(organisation=organisation, kind=Kind.PRODUCT, title_zh=f"产品{index:02d}")
    make_listing(organisation=organisation, kind=Kind.CLINICAL, province="广东省")
    client = client_of(None)
    first = client.get("/api/market/listings/", {"kind": "product"}).json()
    second = client.get("/api/market/listings/", {"kind": "product", "page": 2}).json()
    assert first["count"] == 22
    assert len(first["items"]) == 20
    assert len(second["items"]) == 2
    assert client.get("/api/market/listings/", {"side": "need"}).json()["count"] == 1
    assert client.get("/api/market/listings/", {"province": "广东省"}).json()["count"] == 1
    assert client.get("/api/market/listings/", {"organisation": 999999}).json()["count"] == 0


def test_list_query_count_does_not_grow_with_the_page(
    member, organisation, other_organisation, django_assert_max_num_queries, client_of
):
    stage = term("lifecycle_stage", "prototype")
    for index in range(8):
        make_listing(organisation=organisation, stage=stage, title_zh=f"公开{index}")
        make_listing(
            organisation=other_organisation, title_zh=f"保密{index}", visibility="confidential"
        )
        DisclosureFactory(
            listing=ListingFactory(organisation=other_organisation, confidential=True),
            organisation=organisation,
        )
    client = client_of(member)
    with django_assert_max_num_queries(5):
        response = client.get("/api/market/listings/")
    assert response.json()["count"] == 24
    assert len(response.json()["items"]) == 20
