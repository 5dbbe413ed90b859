"""Projects: the journey from idea to market, who records it and who sees it."""

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import translation

from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.pipeline import services
from qiao.pipeline.models import Milestone, Project, ProjectStage
from qiao.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db

D = datetime.date


def stage(code: str) -> Term:
    return Term.objects.get(vocabulary=Vocabulary.LIFECYCLE_STAGE, code=code)


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def project(member, organisation):
    return services.create_project(
        created_by=member,
        organisation=organisation,
        stage=stage("prototype"),
        entered_on=D(2024, 5, 1),
        name_zh="恒温扩增床旁检测仪",
    )


def test_the_journey_lists_stages_milestones_and_funding_by_date(project, member):
    hospital = OrganisationFactory(name_zh="上海交通大学医学院附属瑞金医院")
    investor = OrganisationFactory(name_zh="深圳市创新投资集团有限公司")
    services.change_project_stage(
        project=project, stage=stage("clinical_trial"), entered_on=D(2025, 3, 1), changed_by=member
    )
    services.add_milestone(
        project=project,
        added_by=member,
        kind=Milestone.Kind.TRIAL_STARTED,
        reached_on=D(2025, 3, 10),
        site=hospital,
    )
    services.add_funding_round(
        project=project,
        investors=[investor],
        added_by=member,
        round="a",
        amount=30_000_000,
        closed_on=D(2024, 9, 1),
    )
    services.add_milestone(
        project=project,
        added_by=member,
        kind=Milestone.Kind.REGISTRATION,
        reached_on=D(2026, 1, 20),
        certificate_number="国械注准20263400001",
    )

    from qiao.pipeline.selectors import get_journey

    journey = [(step.day, step.kind) for step in get_journey(project, viewer=member)]
    assert journey == [
        (D(2024, 5, 1), "stage"),
        (D(2024, 9, 1), "funding"),
        (D(2025, 3, 1), "stage"),
        (D(2025, 3, 10), "milestone"),
        (D(2026, 1, 20), "milestone"),
    ]
    assert project.stage.code == "clinical_trial"


def test_a_stage_cannot_begin_before_the_previous_one(project, member):
    with pytest.raises(ValidationError):
        services.change_project_stage(
            project=project,
            stage=stage("type_testing"),
            entered_on=D(2024, 1, 1),
            changed_by=member,
        )
    assert ProjectStage.objects.filter(project=project).count() == 1


def test_a_registration_milestone_needs_its_certificate_number(project, member):
    with pytest.raises(ValidationError):
        services.add_milestone(
            project=project,
            added_by=member,
            kind=Milestone.Kind.REGISTRATION,
            reached_on=D(2026, 1, 1),
        )
    assert Milestone.objects.count() == 0


def test_another_organisation_cannot_change_the_project(project):
    outsider = make_member(OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.change_project_stage(
            project=project,
            stage=stage("production"),
            entered_on=D(2026, 1, 1),
            changed_by=outsider,
        )


@pytest.mark.parametrize(
    ("who", "sees"), [("anonymous", False), ("outsider", False), ("owner", True)]
)
def test_a_confidential_project_is_seen_by_its_organisation_only(project, member, who, sees):
    Project.objects.filter(pk=project.pk).update(is_confidential=True)
    user = {"anonymous": None, "outsider": make_member(OrganisationFactory()), "owner": member}[who]

    page = client_of(user).get(f"/pipeline/projects/{project.pk}/")
    api = client_of(user).get(f"/api/pipeline/projects/{project.pk}")

    assert page.status_code == (200 if sees else 404)
    assert api.status_code == (200 if sees else 404)


def test_the_page_forms_record_a_stage_and_a_milestone(project, member):
    client = client_of(member)
    client.post(
        f"/pipeline/projects/{project.pk}/stage/",
        {"stage": stage("type_testing").pk, "entered_on": "2024-11-01"},
    )
    client.post(
        f"/pipeline/projects/{project.pk}/milestones/",
        {"kind": "type_testing", "reached_on": "2025-01-15", "note": "上海市医疗器械检验研究院"},
    )

    page = client.get(f"/pipeline/projects/{project.pk}/")

    project.refresh_from_db()
    assert project.stage.code == "type_testing"
    assert Milestone.objects.get().note == "上海市医疗器械检验研究院"
    assert "上海市医疗器械检验研究院" in page.content.decode()


def test_the_api_creates_a_project_and_moves_it(member, organisation):
    client = client_of(member)
    created = client.post(
        "/api/pipeline/projects/",
        data=json.dumps(
            {
                "organisation_id": organisation.pk,
                "name_zh": "取栓支架",
                "stage": "prototype",
                "entered_on": "2025-01-01",
                "category": "03",
            }
        ),
        content_type="application/json",
    )
    project_id = created.json()["id"]
    moved = client.post(
        f"/api/pipeline/projects/{project_id}/stage",
        data=json.dumps({"stage": "clinical_trial", "entered_on": "2025-06-01"}),
        content_type="application/json",
    )

    assert created.status_code == 201
    assert created.json()["category"] == "03"
    assert [s["label"] for s in moved.json()["journey"]] == ["prototype", "clinical_trial"]


def test_the_api_names_an_unknown_stage(member, organisation):
    with translation.override("en"):
        response = client_of(member).post(
            "/api/pipeline/projects/",
            data=json.dumps(
                {
                    "organisation_id": organisation.pk,
                    "name_zh": "X",
                    "stage": "moon",
                    "entered_on": "2025-01-01",
                }
            ),
            content_type="application/json",
        )
    assert response.status_code == 422
    assert "stage" in response.json()["errors"]
    assert Project.objects.count() == 0
