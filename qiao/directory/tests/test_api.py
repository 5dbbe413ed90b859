import json

import pytest
from django.test import Client

from qiao.directory.models import Capability, Credential, Organisation, Person
from qiao.directory.tests.factories import OrganisationFactory, PersonFactory, term

pytestmark = pytest.mark.django_db


def api(client: Client, method: str, url: str, payload=None):
    kwargs = {"content_type": "application/json"}
    if payload is not None:
        kwargs["data"] = json.dumps(payload)
    return getattr(client, method)(f"/api/directory{url}", **kwargs)


@pytest.fixture
def operator_client(operator):
    client = Client()
    client.force_login(operator)
    return client


@pytest.fixture
def admin_client(org_admin):
    client = Client()
    client.force_login(org_admin)
    return client


def test_list_is_paginated_and_filtered():
    for index in range(25):
        OrganisationFactory(
            name_zh=f"上海医院{index:02d}", kind=term("organisation_kind", "hospital")
        )
    OrganisationFactory(name_zh="深圳公司", province="广东省")
    client = Client()
    first = client.get("/api/directory/organisations/", {"kind": "hospital"}).json()
    assert first["count"] == 25
    assert len(first["items"]) == 20
    second = client.get("/api/directory/organisations/", {"kind": "hospital", "page": 2}).json()
    assert [o["name_zh"] for o in second["items"]] == [f"上海医院{i}" for i in range(20, 25)]
    assert client.get("/api/directory/organisations/", {"province": "广东省"}).json()["count"] == 1


def test_list_search_and_query_count(django_assert_max_num_queries):
    OrganisationFactory(name_zh="上海伯杰医疗科技股份有限公司", short_name_zh="伯杰医疗")
    for _index in range(30):
        OrganisationFactory()
    with django_assert_max_num_queries(4):
        response = Client().get("/api/directory/organisations/", {"q": "伯傑"})
    assert [o["name_zh"] for o in response.json()["items"]] == ["上海伯杰医疗科技股份有限公司"]


def test_operator_creates_organisation_with_tags(operator_client):
    response = api(
        operator_client,
        "post",
        "/organisations/",
        {
            "kind": "hospital",
            "name_zh": "上海市奉贤区中心医院",
            "aliases": ["奉贤中心医院"],
            "tags": ["device_category:22", "therapeutic_area:infectious_disease"],
            "founded_year": 1950,
            "district": "奉贤区",
        },
    )
    assert response.status_code == 201
    body = response.json()
    assert body["kind"] == "hospital"
    assert body["aliases"] == ["奉贤中心医院"]
    assert sorted(t["code"] for t in body["tags"]) == ["22", "infectious_disease"]


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"kind": "spaceship", "name_zh": "某机构"}, "kind"),
        ({"kind": "company", "name_zh": "某机构", "tags": ["device_category:99"]}, "tags"),
        ({"kind": "company", "name_zh": "某机构", "website": "not a url"}, "website"),
    ],
)
def test_create_rejects_bad_data_with_field_errors(operator_client, payload, field):
    response = api(operator_client, "post", "/organisations/", payload)
    assert response.status_code == 422
    assert field in response.json()["errors"]
    assert not Organisation.objects.filter(name_zh="某机构").exists()


def test_schema_errors_are_422(operator_client):
    response = api(
        operator_client, "post", "/organisations/", {"kind": "company", "founded_year": 3}
    )
    assert response.status_code == 422
    assert not Organisation.objects.exists()


def test_admin_patches_own_organisation_and_search_follows(admin_client, organisation):
    response = api(
        admin_client,
        "patch",
        f"/organisations/{organisation.pk}",
        {"short_name_zh": "伯杰医疗", "tags": ["technology_area:ivd"]},
    )
    assert response.status_code == 200
    assert response.json()["short_name_zh"] == "伯杰医疗"
    found = Client().get("/api/directory/organisations/", {"q": "IVD"}).json()
    assert [o["id"] for o in found["items"]] == [organisation.pk]


def test_null_clears_a_text_field_and_is_refused_for_a_required_one(admin_client, organisation):
    cleared = api(admin_client, "patch", f"/organisations/{organisation.pk}", {"district": None})
    refused = api(admin_client, "patch", f"/organisations/{organisation.pk}", {"name_zh": None})

    assert cleared.status_code == 200
    assert cleared.json()["district"] == ""
    assert refused.status_code == 422
    assert list(refused.json()["errors"]) == ["name_zh"]


def test_admin_adds_and_deletes_parts(admin_client, organisation, other_organisation):
    capability = api(
        admin_client,
        "post",
        f"/organisations/{organisation.pk}/capabilities/",
        {"kind": "platform", "name_zh": "测序平台", "technology_area": "sequencing"},
    )
    assert capability.status_code == 201
    credential = api(
        admin_client,
        "post",
        f"/organisations/{organisation.pk}/credentials/",
        {"kind": "filing", "title": "样本保存液", "device_class": "I", "category": "22"},
    )
    assert credential.status_code == 201
    bad = api(
        admin_client,
        "post",
        f"/organisations/{organisation.pk}/credentials/",
        {"kind": "patent", "title": "一种方法", "device_class": "III"},
    )
    assert bad.status_code == 422
    relation = api(
        admin_client,
        "post",
        f"/organisations/{organisation.pk}/relations/",
        {"kind": "located_in", "target_id": other_organisation.pk},
    )
    assert relation.status_code == 201
    same_again = api(
        admin_client,
        "post",
        f"/organisations/{organisation.pk}/relations/",
        {"kind": "located_in", "target_id": other_organisation.pk},
    )
    assert same_again.status_code == 422
    detail = Client().get(f"/api/directory/organisations/{organisation.pk}").json()
    assert [c["name_zh"] for c in detail["capabilities"]] == ["测序平台"]
    assert [c["device_class"] for c in detail["credentials"]] == ["I"]
    assert [r["target_id"] for r in detail["relations"]] == [other_organisation.pk]
    gone = api(
        admin_client,
        "delete",
        f"/organisations/{organisation.pk}/capabilities/{capability.json()['id']}",
    )
    assert gone.status_code == 204
    assert Capability.objects.count() == 0
    assert Credential.objects.count() == 1


def test_admin_cannot_touch_parts_of_another_organisation(admin_client, other_organisation):
    capability = Capability.objects.create(
        organisation=other_organisation, kind="service", name_zh="检测服务"
    )
    response = api(
        admin_client,
        "delete",
        f"/organisations/{other_organisation.pk}/capabilities/{capability.pk}",
    )
    assert response.status_code == 404
    assert Capability.objects.filter(pk=capability.pk).exists()


def test_people_crud_respects_organisation_rights(admin_client, organisation, other_organisation):
    created = api(
        admin_client,
        "post",
        "/people/",
        {
            "name_zh": "孙振亮",
            "email": "sun@example.org",
            "affiliations": [{"organisation_id": organisation.pk, "title_zh": "主任"}],
        },
    )
    assert created.status_code == 201
    assert created.json()["affiliations"][0]["title_zh"] == "主任"
    elsewhere = api(
        admin_client,
        "post",
        "/people/",
        {
            "name_zh": "某人",
            "affiliations": [{"organisation_id": other_organisation.pk}],
        },
    )
    assert elsewhere.status_code == 422
    assert not Person.objects.filter(name_zh="某人").exists()
    patched = api(
        admin_client, "patch", f"/people/{created.json()['id']}", {"is_think_tank_expert": True}
    )
    assert patched.json()["is_think_tank_expert"] is True
    stranger = PersonFactory(organisation=other_organisation)
    assert api(admin_client, "patch", f"/people/{stranger.pk}", {"name_en": "X"}).status_code == 404


def test_bad_email_on_person_is_422(admin_client, organisation):
    response = api(
        admin_client,
        "post",
        "/people/",
        {
            "name_zh": "李四",
            "email": "not-an-email",
            "affiliations": [{"organisation_id": organisation.pk}],
        },
    )
    assert response.status_code == 422
    assert "email" in response.json()["errors"]


def test_invitation_endpoint(
    admin_client, organisation, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = api(
            admin_client,
            "post",
            f"/organisations/{organisation.pk}/invitations/",
            {"email": "bd@example.org", "role": "member"},
        )
    assert response.status_code == 201
    assert mailoutbox[0].to == ["bd@example.org"]


def test_terms_endpoint_lists_the_22_device_categories():
    response = Client().get("/api/taxonomy/terms/", {"vocabulary": "device_category"})
    codes = [t["code"] for t in response.json()]
    assert codes[:22] == [f"{n:02d}" for n in range(1, 23)]


def test_errors_are_in_the_callers_language(operator_client):
    response = operator_client.post(
        "/api/directory/organisations/",
        data=json.dumps({"kind": "spaceship", "name_zh": "某"}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.json()["errors"]["kind"] == ["Unknown code: spaceship"]
