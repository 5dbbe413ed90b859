"""The permission matrix: role × page/endpoint, including another organisation's records.

Forbidden single records answer 404 like missing ones, so ids can't be probed.
"""

import json

import pytest
from django.test import Client

from qiao.directory.models import Organisation
from qiao.directory.tests.factories import OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "member", "org_admin", "operator"]


@pytest.fixture
def members_only(db):
    return OrganisationFactory(name_zh="会员可见机构", visibility=Organisation.Visibility.MEMBERS)


@pytest.fixture
def client_for(request, organisation, other_organisation):
    def make(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(request.getfixturevalue(role))
        return client

    return make


def expected(role: str, table: dict[str, int]) -> int:
    return table[role]


PAGE_MATRIX = [
    # (url template, {role: status}); {own}, {other}, {hidden} are filled in.
    ("/directory/", dict(anonymous=200, member=200, org_admin=200, operator=200)),
    (
        "/directory/organisations/{own}/",
        dict(anonymous=200, member=200, org_admin=200, operator=200),
    ),
    (
        "/directory/organisations/{hidden}/",
        dict(anonymous=404, member=200, org_admin=200, operator=200),
    ),
    (
        "/directory/organisations/{own}/edit/",
        dict(anonymous=302, member=404, org_admin=200, operator=200),
    ),
    (
        "/directory/organisations/{other}/edit/",
        dict(anonymous=302, member=404, org_admin=404, operator=200),
    ),
    (
        "/directory/organisations/{own}/invite/",
        dict(anonymous=302, member=404, org_admin=200, operator=200),
    ),
    (
        "/directory/organisations/{other}/invite/",
        dict(anonymous=302, member=404, org_admin=404, operator=200),
    ),
    ("/directory/organisations/new/", dict(anonymous=302, member=404, org_admin=404, operator=200)),
    (
        "/directory/organisations/999999/",
        dict(anonymous=404, member=404, org_admin=404, operator=404),
    ),
    ("/directory/people/", dict(anonymous=200, member=200, org_admin=200, operator=200)),
    ("/directory/people/new/", dict(anonymous=302, member=404, org_admin=200, operator=200)),
    (
        "/api/directory/organisations/{hidden}",
        dict(anonymous=404, member=200, org_admin=200, operator=200),
    ),
    (
        "/api/directory/organisations/{own}",
        dict(anonymous=200, member=200, org_admin=200, operator=200),
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("url", "statuses"), PAGE_MATRIX)
def test_get_matrix(
    client_for, role, url, statuses, organisation, other_organisation, members_only
):
    url = url.format(own=organisation.pk, other=other_organisation.pk, hidden=members_only.pk)
    assert client_for(role).get(url).status_code == statuses[role]


EDIT_MATRIX = [
    ("own", dict(anonymous=302, member=404, org_admin=302, operator=302)),
    ("other", dict(anonymous=302, member=404, org_admin=404, operator=302)),
]


def _edit_form_data(organisation) -> dict:
    data = {
        "kind": organisation.kind_id,
        "name_zh": organisation.name_zh,
        "name_en": "Changed",
        "visibility": organisation.visibility,
    }
    for prefix in ("relations", "departments", "capabilities", "credentials", "key_figures"):
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    return data


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("which", "statuses"), EDIT_MATRIX)
def test_post_edit_matrix(client_for, role, which, statuses, organisation, other_organisation):
    target = organisation if which == "own" else other_organisation
    response = client_for(role).post(
        f"/directory/organisations/{target.pk}/edit/", _edit_form_data(target)
    )
    assert response.status_code == statuses[role]
    target.refresh_from_db()
    changed = statuses[role] == 302 and role != "anonymous"
    assert (target.name_en == "Changed") is changed


API_PATCH_MATRIX = [
    ("own", dict(anonymous=401, member=404, org_admin=200, operator=200)),
    ("other", dict(anonymous=401, member=404, org_admin=404, operator=200)),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("which", "statuses"), API_PATCH_MATRIX)
def test_api_patch_matrix(client_for, role, which, statuses, organisation, other_organisation):
    target = organisation if which == "own" else other_organisation
    response = client_for(role).patch(
        f"/api/directory/organisations/{target.pk}",
        data=json.dumps({"name_en": "Patched"}),
        content_type="application/json",
    )
    assert response.status_code == statuses[role]
    target.refresh_from_db()
    assert (target.name_en == "Patched") is (statuses[role] == 200)


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 401), ("member", 404), ("org_admin", 404), ("operator", 201)]
)
def test_api_create_organisation_matrix(client_for, role, status):
    response = client_for(role).post(
        "/api/directory/organisations/",
        data=json.dumps({"kind": "company", "name_zh": "新建公司"}),
        content_type="application/json",
    )
    assert response.status_code == status
    assert Organisation.objects.filter(name_zh="新建公司").exists() is (status == 201)


@pytest.mark.parametrize("role", ROLES)
def test_api_list_counts_exclude_what_the_role_may_not_see(client_for, role, members_only):
    count = client_for(role).get("/api/directory/organisations/").json()["count"]
    assert count == (2 if role == "anonymous" else 3)


@pytest.mark.parametrize(
    ("role", "shows"),
    [("anonymous", False), ("member", True), ("org_admin", True), ("operator", True)],
)
def test_contact_details_only_for_signed_in_users(client_for, role, shows, organisation):
    person = PersonFactory(
        organisation=organisation, email="doctor@example.org", phone="021-12345678"
    )
    client = client_for(role)
    assert (
        "doctor@example.org" in client.get(f"/directory/people/{person.pk}/").content.decode()
    ) is shows
    assert (client.get(f"/api/directory/people/{person.pk}").json()["email"] is not None) is shows
    profile = client.get(f"/directory/organisations/{organisation.pk}/").content.decode()
    assert ("doctor@example.org" in profile) is shows


@pytest.mark.parametrize(
    ("role", "status"), [("anonymous", 302), ("member", 404), ("org_admin", 404), ("operator", 200)]
)
def test_person_of_another_organisation_is_not_editable(
    client_for, role, status, other_organisation
):
    person = PersonFactory(organisation=other_organisation)
    assert client_for(role).get(f"/directory/people/{person.pk}/edit/").status_code == status


def test_org_admin_edits_own_people(client_for, organisation):
    person = PersonFactory(organisation=organisation)
    assert client_for("org_admin").get(f"/directory/people/{person.pk}/edit/").status_code == 200


def test_members_only_relation_target_is_hidden_from_anonymous_profile(
    client_for, organisation, members_only
):
    from qiao.directory.models import OrganisationRelation

    OrganisationRelation.objects.create(source=organisation, target=members_only, kind="partner_of")
    url = f"/directory/organisations/{organisation.pk}/"
    assert "会员可见机构" not in client_for("anonymous").get(url).content.decode()
    assert "会员可见机构" in client_for("member").get(url).content.decode()
    api = client_for("anonymous").get(f"/api/directory/organisations/{organisation.pk}").json()
    assert api["relations"] == []


def test_admin_site_is_for_operators_only(client_for):
    assert client_for("org_admin").get("/admin/").status_code == 302
    assert client_for("operator").get("/admin/").status_code == 200


def test_admin_site_is_a_read_only_window(client_for):
    """后台只读：每项修改都走服务（权限、审计、提交后效果），后台表单不能绕过。"""
    operator = client_for("operator")
    organisation = Organisation.objects.first() or OrganisationFactory()
    assert operator.get("/admin/directory/organisation/add/").status_code == 403
    change = f"/admin/directory/organisation/{organisation.pk}/change/"
    page = operator.get(change)
    assert page.status_code == 403 or b'name="_save"' not in page.content
    before = organisation.name_zh
    operator.post(change, {"name_zh": "被后台改名"})
    organisation.refresh_from_db()
    assert organisation.name_zh == before
    delete = f"/admin/directory/organisation/{organisation.pk}/delete/"
    assert operator.get(delete).status_code == 403
