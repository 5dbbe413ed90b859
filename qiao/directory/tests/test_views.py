import pytest
from django.test import Client

from qiao.directory.models import (
    Capability,
    Credential,
    Department,
    KeyFigure,
    Organisation,
    OrganisationRelation,
)
from qiao.directory.tests.factories import OrganisationFactory, PersonFactory, term

pytestmark = pytest.mark.django_db

FORMSETS = ("relations", "departments", "capabilities", "credentials", "key_figures")


def form_data(organisation=None, **overrides) -> dict:
    data = {
        "kind": term("organisation_kind", "company").pk,
        "name_zh": "上海新建医疗器械有限公司",
        "name_en": "Shanghai New Devices",
        "visibility": "public",
        "province": "上海市",
    }
    for prefix in FORMSETS:
        data.update({f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0})
    data.update(overrides)
    return data


@pytest.fixture
def operator_client(operator):
    client = Client()
    client.force_login(operator)
    return client


def test_operator_creates_organisation_with_tags_and_parts(operator_client, other_organisation):
    data = form_data(
        technology_areas=[term("technology_area", "fluorescence_pcr").pk],
        **{
            "capabilities-TOTAL_FORMS": 1,
            "capabilities-0-kind": "platform",
            "capabilities-0-name_zh": "荧光PCR平台",
            "credentials-TOTAL_FORMS": 1,
            "credentials-0-kind": "registration",
            "credentials-0-title": "呼吸道病原体核酸检测试剂盒",
            "credentials-0-device_class": "III",
            "credentials-0-status": "granted",
            "credentials-0-number": "国械注准20233400001",
            "relations-TOTAL_FORMS": 1,
            "relations-0-kind": "partner_of",
            "relations-0-target_name": other_organisation.name_zh,
            "departments-TOTAL_FORMS": 1,
            "departments-0-name_zh": "检验科",
            "departments-0-key_specialty_level": "municipal",
            "key_figures-TOTAL_FORMS": 1,
            "key_figures-0-label_zh": "已申请专利",
            "key_figures-0-value": "78",
            "key_figures-0-unit_zh": "项",
        },
    )
    response = operator_client.post("/directory/organisations/new/", data)
    organisation = Organisation.objects.get(name_zh="上海新建医疗器械有限公司")
    assert response.status_code == 302
    assert response.url == f"/directory/organisations/{organisation.pk}/"
    assert [t.code for t in organisation.terms.all()] == ["fluorescence_pcr"]
    assert Capability.objects.get(organisation=organisation).name_zh == "荧光PCR平台"
    assert Credential.objects.get(organisation=organisation).device_class == "III"
    assert OrganisationRelation.objects.get(source=organisation).target == other_organisation
    assert Department.objects.get(organisation=organisation).is_key_specialty is True
    assert KeyFigure.objects.get(organisation=organisation).display_value == "78"
    assert "荧光" in organisation.search_document.split() or "pcr" in organisation.search_document


def test_invalid_part_saves_nothing_and_explains(operator_client):
    data = form_data(
        **{
            "credentials-TOTAL_FORMS": 1,
            "credentials-0-kind": "filing",
            "credentials-0-title": "采样管",
            "credentials-0-device_class": "III",
            "credentials-0-status": "granted",
            "relations-TOTAL_FORMS": 1,
            "relations-0-kind": "partner_of",
            "relations-0-target_name": "不存在的机构",
        }
    )
    response = operator_client.post("/directory/organisations/new/", data)
    assert response.status_code == 200
    assert not Organisation.objects.filter(name_zh=data["name_zh"]).exists()
    body = response.content.decode()
    assert "不存在的机构" in body
    assert Credential.objects.count() == 0


def test_bad_founded_year_and_website_are_reported_in_chinese(operator_client):
    response = operator_client.post(
        "/directory/organisations/new/", form_data(founded_year="99999", website="not a url")
    )
    assert response.status_code == 200
    assert not Organisation.objects.filter(name_zh="上海新建医疗器械有限公司").exists()
    errors = response.context["form"].errors
    assert set(errors) == {"founded_year", "website"}
    assert "输入" in errors["website"][0]


def test_duplicate_name_is_refused(operator_client, organisation):
    response = operator_client.post(
        "/directory/organisations/new/", form_data(name_zh=organisation.name_zh)
    )
    assert response.status_code == 200
    assert Organisation.objects.filter(name_zh=organisation.name_zh).count() == 1
    assert "name_zh" in response.context["form"].errors


def test_edit_removes_a_deleted_part(operator_client, organisation):
    department = Department.objects.create(organisation=organisation, name_zh="检验科")
    data = form_data(
        name_zh=organisation.name_zh,
        **{
            "departments-TOTAL_FORMS": 1,
            "departments-INITIAL_FORMS": 1,
            "departments-0-id": department.pk,
            "departments-0-name_zh": "检验科",
            "departments-0-DELETE": "on",
        },
    )
    response = operator_client.post(f"/directory/organisations/{organisation.pk}/edit/", data)
    assert response.status_code == 302
    assert Department.objects.filter(organisation=organisation).count() == 0


def test_htmx_search_returns_only_the_results_fragment(organisation):
    response = Client().get(
        "/directory/", {"q": organisation.name_zh}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert organisation.name_zh in body


def _big_profile():
    organisation = OrganisationFactory(terms=[term("technology_area", "ivd")])
    for index in range(5):
        partner = OrganisationFactory()
        OrganisationRelation.objects.create(source=organisation, target=partner, kind="partner_of")
        Capability.objects.create(
            organisation=organisation, kind="platform", name_zh=f"平台{index}"
        )
        Credential.objects.create(organisation=organisation, kind="patent", title=f"专利{index}")
        Department.objects.create(organisation=organisation, name_zh=f"科室{index}")
        KeyFigure.objects.create(organisation=organisation, label_zh=f"指标{index}", value=index)
        PersonFactory(organisation=organisation)
    return organisation


@pytest.mark.parametrize("signed_in", [False, True])
def test_profile_page_query_count(django_assert_max_num_queries, member, signed_in):
    organisation = _big_profile()
    client = Client()
    if signed_in:
        client.force_login(member)
    # 10, plus two for the "In the news" articles and events signed-in users see, plus the
    # hub's sections (qiao.core.sections): listings 1, agreements 2, projects 2, events 1,
    # instruments 1; a fixed number whatever the organisation holds.
    with django_assert_max_num_queries((12 if signed_in else 10) + 7):
        response = client.get(f"/directory/organisations/{organisation.pk}/")
    assert response.status_code == 200
    assert response.content.decode().count("<tr>") >= 16


@pytest.mark.parametrize("query", ["", "测试", "bojie"])
def test_directory_list_query_count(django_assert_max_num_queries, member, query):
    for _index in range(30):
        OrganisationFactory()
    client = Client()
    client.force_login(member)
    with django_assert_max_num_queries(10):
        response = client.get("/directory/", {"q": query, "kind": "company"})
    assert response.status_code == 200


def test_people_list_query_count(django_assert_max_num_queries, organisation):
    for _index in range(25):
        PersonFactory(organisation=organisation)
    with django_assert_max_num_queries(6):
        response = Client().get("/directory/people/")
    assert response.status_code == 200


def test_invitation_is_sent_and_accepted(
    mailoutbox, django_capture_on_commit_callbacks, org_admin, organisation
):
    client = Client()
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/directory/organisations/{organisation.pk}/invite/",
            {"email": "New.Doctor@Example.org", "role": "member"},
        )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = next(
        line for line in mailoutbox[0].body.splitlines() if "/accounts/invitations/" in line
    )
    path = link[link.index("/accounts/") :]
    newcomer = Client()
    weak = newcomer.post(
        path, {"full_name": "新医生", "password1": "12345678", "password2": "12345678"}
    )
    assert weak.status_code == 200
    assert not organisation.memberships.filter(user__email="new.doctor@example.org").exists()
    accepted = newcomer.post(
        path,
        {
            "full_name": "新医生",
            "password1": "Stronger-pass-2026",
            "password2": "Stronger-pass-2026",
        },
    )
    assert accepted.status_code == 302
    membership = organisation.memberships.get(user__email="new.doctor@example.org")
    assert membership.role == "member"
    assert newcomer.get(path).status_code == 404
