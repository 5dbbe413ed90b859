"""Two people edit the same organisation or person: the second save is a 409 that shows the
first one's change, and nothing is overwritten (pages, API, and racing threads)."""

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from qiao.core.errors import Conflict
from qiao.directory import services
from qiao.directory.models import Capability, Organisation, Person
from qiao.directory.tests.factories import OrganisationFactory, PersonFactory
from qiao.directory.tests.test_views import form_data

pytestmark = pytest.mark.django_db


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_second_organisation_form_gets_409_with_the_first_change(
    organisation, org_admin, operator
):
    first, second = signed_in(operator), signed_in(org_admin)
    url = f"/directory/organisations/{organisation.pk}/edit/"
    page = first.get(url)
    version = page.context["form"]["version"].value()
    assert f'name="version" value="{version}"' in page.content.decode()
    assert second.get(url).context["form"]["version"].value() == version
    saved = first.post(url, form_data(name_zh=organisation.name_zh, city="苏州市", version=version))
    assert saved.status_code == 302
    refused = second.post(
        url,
        form_data(name_zh=organisation.name_zh, city="杭州市", version=version),
        headers={"Accept-Language": "zh-hans"},
    )
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "其他人已修改了此内容" in html
    assert "“苏州市”" in html
    organisation.refresh_from_db()
    assert organisation.city == "苏州市"
    # The form now carries the current version: saving again is a deliberate second step.
    assert refused.context["form"].data["version"] == str(organisation.version)


def test_a_part_changed_meanwhile_makes_the_organisation_form_stale(organisation, org_admin):
    client = signed_in(org_admin)
    url = f"/directory/organisations/{organisation.pk}/edit/"
    version = client.get(url).context["form"]["version"].value()
    services.add_part(
        organisation=organisation,
        by=org_admin,
        model=Capability,
        data={"kind": "platform", "name_zh": "影像平台"},
    )
    response = client.post(url, form_data(name_zh=organisation.name_zh, version=version))
    assert response.status_code == 409
    assert "影像平台" in response.content.decode()


def test_the_second_api_patch_gets_409_and_the_etag_moves(organisation, org_admin, operator):
    url = f"/api/directory/organisations/{organisation.pk}"
    etag = signed_in(operator).get(url)["ETag"]
    assert etag == f'"{organisation.version}"'
    first = signed_in(operator).patch(
        url,
        json.dumps({"city": "苏州市"}),
        content_type="application/json",
        headers={"If-Match": etag},
    )
    assert first.status_code == 200
    assert first["ETag"] == f'"{organisation.version + 1}"'
    second = signed_in(org_admin).patch(
        url,
        json.dumps({"city": "杭州市", "version": organisation.version}),
        content_type="application/json",
        headers={"Accept-Language": "zh-hans"},
    )
    assert second.status_code == 409
    body = second.json()
    assert body["version"] == organisation.version + 1
    assert any("“苏州市”" in sentence for sentence in body["errors"]["__all__"])
    organisation.refresh_from_db()
    assert organisation.city == "苏州市"


def test_the_second_person_form_and_patch_get_409(operator, organisation, org_admin):
    person = PersonFactory(organisation=organisation, name_zh="赵六")
    url = f"/directory/people/{person.pk}/edit/"
    first, second = signed_in(operator), signed_in(org_admin)
    version = first.get(url).context["form"]["version"].value()
    post = {"name_zh": "赵六", "organisation_name": organisation.name_zh, "version": version}
    assert first.post(url, {**post, "phone": "021-64360001"}).status_code == 302
    refused = second.post(
        url, {**post, "phone": "021-64360002"}, headers={"Accept-Language": "zh-hans"}
    )
    assert refused.status_code == 409
    assert "其他人已修改了此内容" in refused.content.decode()
    assert "“+862164360001”" in refused.content.decode()
    api = second.patch(
        f"/api/directory/people/{person.pk}",
        json.dumps({"phone": "021-64360003"}),
        content_type="application/json",
        headers={"If-Match": f'"{version}"'},
    )
    assert api.status_code == 409
    person.refresh_from_db()
    assert person.phone == "+862164360001"


def test_an_affiliation_changed_meanwhile_makes_the_person_stale(organisation, operator):
    person = PersonFactory(organisation=organisation)
    version = person.version
    other = OrganisationFactory()
    services.update_person(
        person=Person.objects.get(pk=person.pk),
        by=operator,
        data={},
        affiliations=[{"organisation": organisation}, {"organisation": other}],
    )
    with pytest.raises(Conflict):
        services.update_person(
            person=person, by=operator, data={"phone": "021-64360009"}, version=version
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("model", [Organisation, Person])
def test_of_two_concurrent_saves_exactly_one_wins(operator, model):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("in-memory SQLite is one connection; PostgreSQL runs this")
    row = OrganisationFactory() if model is Organisation else PersonFactory()
    results = []
    barrier = threading.Barrier(2)

    def save(value):
        from django.db import connections

        try:
            mine = model.objects.get(pk=row.pk)
            barrier.wait()
            if model is Organisation:
                services.update_organisation(organisation=mine, by=operator, data={"city": value})
            else:
                phone = {"甲": "021-64360001", "乙": "021-64360002"}[value]
                services.update_person(person=mine, by=operator, data={"phone": phone})
            results.append("saved")
        except Conflict:
            results.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(v,)) for v in ("甲", "乙")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["conflict", "saved"]
    row.refresh_from_db()
    assert row.version == 2
