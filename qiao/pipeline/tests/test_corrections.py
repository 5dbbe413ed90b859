"""Correcting agreements and projects after they were recorded: who may, what is kept, and
the audit trail of every change (pages and API)."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from qiao.core.audit import list_audit_entries
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.pipeline import services
from qiao.pipeline.models import Agreement, AgreementParty, Project
from qiao.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def category(code):
    return Term.objects.get(vocabulary=Vocabulary.DEVICE_CATEGORY, code=code)


@pytest.fixture
def agreement(member, organisation, other_organisation):
    return services.create_agreement(
        created_by=member,
        parties=[(organisation, "host"), (other_organisation, "party")],
        categories=[category("ivd")],
        kind="clinical_base",
        title_zh="临床研究基地",
        signed_on=datetime.date(2024, 3, 17),
    )


@pytest.fixture
def project(member, organisation):
    return services.create_project(
        created_by=member,
        organisation=organisation,
        stage=Term.objects.get(vocabulary=Vocabulary.LIFECYCLE_STAGE, code="prototype"),
        entered_on=datetime.date(2024, 5, 1),
        name_zh="床旁检测仪",
    )


def _fields(agreement, **changes):
    fields = {name: getattr(agreement, name) for name in services.agreements.EDITABLE_FIELDS}
    fields.update(changes)
    return fields


def test_a_party_admin_corrects_the_agreement_and_the_audit_trail_keeps_before_and_after(
    agreement, org_admin
):
    services.update_agreement(
        agreement=agreement,
        updated_by=org_admin,
        categories=[category("ivd"), category("06")],
        **_fields(agreement, amount=5_000_000, title_zh="IVD临床研究基地"),
    )
    agreement.refresh_from_db()
    assert agreement.title_zh == "IVD临床研究基地"
    assert agreement.amount == 5_000_000
    assert agreement.version == 2
    assert set(agreement.categories.values_list("code", flat=True)) == {"ivd", "06"}
    changes = list_audit_entries(agreement).last().changes
    assert changes["title_zh"] == ["临床研究基地", "IVD临床研究基地"]
    assert set(changes) == {"title_zh", "amount", "categories"}


def test_plain_members_and_outsiders_correct_nothing_and_nobody_passes_parties_here(
    agreement, member, org_admin
):
    outsider = make_member(OrganisationFactory())
    for user in (outsider, member):
        with pytest.raises(PermissionDenied):
            services.update_agreement(
                agreement=agreement, updated_by=user, categories=[], **_fields(agreement)
            )
    with pytest.raises(TypeError):  # confidentiality is governed, not corrected
        services.update_agreement(agreement=agreement, updated_by=org_admin, is_confidential=True)
    agreement.refresh_from_db()
    assert (agreement.version, agreement.parties.count()) == (1, 2)


def test_a_bad_correction_saves_nothing(agreement, org_admin):
    with pytest.raises(ValidationError):
        services.update_agreement(
            agreement=agreement, updated_by=org_admin, **_fields(agreement, title_zh="")
        )
    agreement.refresh_from_db()
    assert agreement.title_zh == "临床研究基地"


def test_the_edit_page_shows_the_agreement_as_it_is_and_saves_corrections(
    agreement, org_admin, member
):
    client = client_of(org_admin)
    page = client.get(f"/pipeline/agreements/{agreement.pk}/edit/")
    assert page.status_code == 200
    assert "party_a" not in page.context["form"].fields
    assert "is_confidential" not in page.context["form"].fields
    data = {
        "kind": "joint_rd",
        "title_zh": "联合研发",
        "signed_on": "2024-03-18",
        "currency": "CNY",
        "categories": [category("06").pk],
        "version": "1",
        "is_confidential": "on",  # not a field of this form: ignored
    }
    response = client.post(f"/pipeline/agreements/{agreement.pk}/edit/", data)
    assert response.status_code == 302
    agreement.refresh_from_db()
    assert (agreement.kind, agreement.title_zh) == ("joint_rd", "联合研发")
    assert list(agreement.categories.values_list("code", flat=True)) == ["06"]
    assert agreement.is_confidential is False
    assert set(agreement.parties.values_list("role", flat=True)) == {"host", "party"}

    outsider = make_member(OrganisationFactory())
    assert client_of(outsider).get(f"/pipeline/agreements/{agreement.pk}/edit/").status_code == 404
    assert client_of(member).get(f"/pipeline/agreements/{agreement.pk}/edit/").status_code == 404


def test_an_agreement_from_an_introduction_takes_its_listings_categories(
    operator, organisation, other_organisation
):
    from qiao.market.tests.factories import make_listing
    from qiao.matching.models import Match

    need = make_listing(organisation=organisation, kind="clinical", title_zh="需求")
    need.terms.add(category("ivd"))
    offer = make_listing(organisation=other_organisation, title_zh="技术")
    match = Match.objects.create(listing=need, counterpart_listing=offer, score=1, rank=1)
    introduction = services.propose_introduction_from_match(match=match, broker=operator)
    agreement = services.create_agreement(
        created_by=operator,
        parties=[(organisation, "party"), (other_organisation, "party")],
        introduction=introduction,
        kind="joint_rd",
        title_zh="联合研发",
        signed_on=datetime.date(2026, 1, 1),
    )
    assert list(agreement.categories.values_list("code", flat=True)) == ["ivd"]


def test_the_api_replaces_an_agreement_and_names_unknown_codes(agreement, org_admin):
    body = {
        "kind": "licence",
        "title_zh": "许可协议",
        "signed_on": "2024-04-01",
        "categories": ["ivd"],
    }
    client = client_of(org_admin)
    url = f"/api/pipeline/agreements/{agreement.pk}"
    response = client.put(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    assert response.json()["kind"] == "licence"
    assert response.json()["categories"] == ["ivd"]
    assert response["ETag"] == '"2"'

    bad = client.put(
        url, json.dumps({**body, "categories": ["99"]}), content_type="application/json"
    )
    assert bad.status_code == 422
    assert "99" in json.dumps(bad.json(), ensure_ascii=False)
    assert Agreement.objects.get(pk=agreement.pk).categories.count() == 1


def test_a_project_is_corrected_by_its_organisation_only(project, member):
    services.update_project(
        project=project, updated_by=member, name_zh="恒温扩增床旁检测仪", category=category("ivd")
    )
    project.refresh_from_db()
    assert (project.name_zh, project.category.code) == ("恒温扩增床旁检测仪", "ivd")
    assert list_audit_entries(project).last().changes["name_zh"] == [
        "床旁检测仪",
        "恒温扩增床旁检测仪",
    ]
    with pytest.raises(PermissionDenied):
        services.update_project(
            project=project, updated_by=make_member(OrganisationFactory()), name_zh="别人的"
        )
    with pytest.raises(TypeError):
        services.update_project(project=project, updated_by=member, stage=None)


def test_the_project_edit_page_and_api(project, member):
    client = client_of(member)
    response = client.post(
        f"/pipeline/projects/{project.pk}/edit/",
        {"name_zh": "检测仪二代", "category": category("06").pk, "is_confidential": "on"},
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.name_zh, project.is_confidential) == ("检测仪二代", True)

    api = client.put(
        f"/api/pipeline/projects/{project.pk}",
        json.dumps({"name_zh": "检测仪三代", "category": "ivd"}),
        content_type="application/json",
    )
    assert api.status_code == 200
    assert (api.json()["name_zh"], api.json()["category"]) == ("检测仪三代", "ivd")
    assert Project.objects.get(pk=project.pk).is_confidential is False  # replaced, as documented


def test_the_api_records_providers_and_funding_rounds(project, member):
    cro = OrganisationFactory(name_zh="某CRO公司")
    investor = OrganisationFactory(name_zh="某创投基金")
    client = client_of(member)
    provider = client.post(
        f"/api/pipeline/projects/{project.pk}/providers",
        json.dumps({"organisation_id": cro.pk, "service": "cro"}),
        content_type="application/json",
    )
    assert provider.status_code == 201
    assert provider.json()["providers"] == [
        {"organisation_id": cro.pk, "organisation_name": "某CRO公司", "service": "cro"}
    ]
    funding = client.post(
        f"/api/pipeline/projects/{project.pk}/funding",
        json.dumps(
            {
                "round": "a",
                "amount": "30000000",
                "closed_on": "2025-06-01",
                "investor_ids": [investor.pk],
            }
        ),
        content_type="application/json",
    )
    assert funding.status_code == 201, funding.content
    step = [s for s in funding.json()["journey"] if s["kind"] == "funding"][0]
    assert "某创投基金" in step["detail"]

    unknown = client.post(
        f"/api/pipeline/projects/{project.pk}/funding",
        json.dumps({"round": "a", "closed_on": "2025-06-01", "investor_ids": [999999]}),
        content_type="application/json",
    )
    assert unknown.status_code == 422
    assert project.funding_rounds.count() == 1
    outsider = client_of(make_member(OrganisationFactory()))
    refused = outsider.post(
        f"/api/pipeline/projects/{project.pk}/providers",
        json.dumps({"organisation_id": cro.pk, "service": "cdmo"}),
        content_type="application/json",
    )
    assert refused.status_code == 403
    assert AgreementParty.objects.count() == 0
