"""People who belong to several organisations: each admin governs only their own part."""

import json

import pytest
from django.test import Client

from qiao.directory.models import Affiliation, Membership
from qiao.directory.tests.factories import OrganisationFactory, PersonFactory, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def hospital(db):
    return OrganisationFactory(name_zh="上海市第六人民医院")


@pytest.fixture
def shared(organisation, hospital):
    """A doctor primarily at the hospital who also advises the company (``organisation``)."""
    person = PersonFactory(organisation=hospital, title_zh="主任医师", name_zh="王医生")
    Affiliation.objects.create(
        person=person, organisation=organisation, title_zh="顾问", is_primary=False
    )
    return person


@pytest.fixture
def hospital_admin(hospital):
    return make_member(hospital, role=Membership.Role.ADMIN)


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def patch(client, person, payload, **headers):
    return client.patch(
        f"/api/directory/people/{person.pk}",
        json.dumps(payload),
        content_type="application/json",
        headers=headers,
    )


def test_an_admin_cannot_change_a_shared_persons_own_fields_through_the_api(shared, org_admin):
    """Regression: a hospital admin could PATCH another organisation's person."""
    response = patch(signed_in(org_admin), shared, {"name_zh": "改名", "phone": "021-64360110"})
    assert response.status_code == 403
    shared.refresh_from_db()
    assert (shared.name_zh, shared.phone) == ("王医生", "")


def test_an_admin_cannot_remove_another_organisations_affiliation(
    shared, org_admin, organisation, hospital
):
    """Regression: replacing the affiliations deleted the hospital's."""
    response = patch(
        signed_in(org_admin),
        shared,
        {"affiliations": [{"organisation_id": organisation.pk, "title_zh": "首席顾问"}]},
    )
    assert response.status_code == 200
    titles = dict(shared.affiliations.values_list("organisation_id", "title_zh"))
    assert titles == {hospital.pk: "主任医师", organisation.pk: "首席顾问"}
    assert shared.affiliations.get(organisation=hospital).is_primary is True


def test_an_admin_cannot_add_an_affiliation_with_an_organisation_they_dont_run(
    shared, org_admin, organisation
):
    other = OrganisationFactory()
    response = patch(
        signed_in(org_admin),
        shared,
        {"affiliations": [{"organisation_id": other.pk}, {"organisation_id": organisation.pk}]},
    )
    assert response.status_code == 422
    assert not shared.affiliations.filter(organisation=other).exists()


def test_an_admin_may_remove_their_own_organisations_affiliation_only(shared, org_admin, hospital):
    response = patch(signed_in(org_admin), shared, {"affiliations": []})
    assert response.status_code == 200
    assert list(shared.affiliations.values_list("organisation_id", flat=True)) == [hospital.pk]


def test_the_admin_of_every_organisation_may_change_the_persons_own_fields(
    shared, organisation, hospital_admin
):
    Membership.objects.create(
        user=hospital_admin, organisation=organisation, role=Membership.Role.ADMIN
    )
    response = patch(signed_in(hospital_admin), shared, {"phone": "021-64361234"})
    assert response.status_code == 200
    shared.refresh_from_db()
    assert shared.phone == "+862164361234"


def test_an_operator_may_change_a_shared_persons_own_fields(shared, operator):
    response = patch(signed_in(operator), shared, {"name_en": "Dr Wang"})
    assert response.status_code == 200
    shared.refresh_from_db()
    assert shared.name_en == "Dr Wang"
    assert shared.affiliations.count() == 2


def test_the_page_shows_a_shared_persons_fields_read_only_and_keeps_the_other_affiliation(
    shared, org_admin, organisation, hospital
):
    client = signed_in(org_admin)
    page = client.get(
        f"/directory/people/{shared.pk}/edit/", headers={"Accept-Language": "zh-hans"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert 'data-testid="shared-person"' in html
    assert page.context["form"].initial["organisation_name"] == organisation.name_zh
    response = client.post(
        f"/directory/people/{shared.pk}/edit/",
        {
            "name_zh": "被改的名字",
            "email": "evil@example.org",
            "organisation_name": organisation.name_zh,
            "title_zh": "高级顾问",
            "version": shared.version,
        },
    )
    assert response.status_code == 302
    shared.refresh_from_db()
    assert (shared.name_zh, shared.email) == ("王医生", "")
    titles = dict(shared.affiliations.values_list("organisation_id", "title_zh"))
    assert titles == {hospital.pk: "主任医师", organisation.pk: "高级顾问"}


def test_an_operator_saving_the_page_keeps_the_other_affiliations(
    shared, operator, organisation, hospital
):
    response = signed_in(operator).post(
        f"/directory/people/{shared.pk}/edit/",
        {
            "name_zh": "王医生",
            "phone": "021-64360001",
            "organisation_name": hospital.name_zh,
            "title_zh": "副院长",
            "version": shared.version,
        },
    )
    assert response.status_code == 302
    titles = dict(shared.affiliations.values_list("organisation_id", "title_zh"))
    assert titles == {hospital.pk: "副院长", organisation.pk: "顾问"}


def test_an_admin_creates_people_only_at_their_organisations(org_admin, hospital):
    response = signed_in(org_admin).post(
        "/api/directory/people/",
        json.dumps({"name_zh": "新人", "affiliations": [{"organisation_id": hospital.pk}]}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert not hospital.affiliations.exists()
