"""Projects by stage: how many are where now, and how long stays in each stage last."""

import datetime

import pytest
from django.test import Client

from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.insights.selectors import get_projects_by_stage
from qiao.pipeline import services as pipeline
from qiao.pipeline.models import Project
from qiao.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db

D = datetime.date


def stage(code):
    return Term.objects.get(vocabulary=Vocabulary.LIFECYCLE_STAGE, code=code)


def walk(operator, organisation, steps, **fields):
    (first, day), *later = steps
    project = pipeline.create_project(
        created_by=operator,
        organisation=organisation,
        stage=stage(first),
        entered_on=day,
        name_zh=fields.pop("name_zh", "项目"),
        **fields,
    )
    for code, when in later:
        pipeline.change_project_stage(
            project=project, stage=stage(code), entered_on=when, changed_by=operator
        )
    return project


@pytest.fixture
def projects(operator, organisation):
    walk(operator, organisation, [("prototype", D(2025, 1, 1)), ("type_testing", D(2025, 1, 31))])
    walk(
        operator,
        organisation,
        [
            ("prototype", D(2025, 1, 1)),
            ("type_testing", D(2025, 3, 2)),
            ("clinical_trial", D(2025, 4, 1)),
        ],
    )
    walk(
        operator,
        OrganisationFactory(),
        [("prototype", D(2025, 1, 1))],
        name_zh="保密项目",
        is_confidential=True,
    )


def test_operators_see_counts_now_and_median_stays(operator, projects):
    rows = {r.stage: r for r in get_projects_by_stage(viewer=operator)}

    assert (
        rows["prototype"].projects,
        rows["type_testing"].projects,
        rows["clinical_trial"].projects,
    ) == (1, 1, 1)
    assert rows["prototype"].median_days == 45.0  # stays of 30 and 60 days
    assert rows["type_testing"].median_days == 30.0
    assert rows["clinical_trial"].median_days is None  # nobody has left it yet
    assert [r.stage for r in get_projects_by_stage(viewer=operator)][0] == "idea"


def test_a_confidential_project_is_not_counted_for_others(member, projects):
    outsider = make_member(OrganisationFactory())

    rows = {r.stage: r.projects for r in get_projects_by_stage(viewer=outsider)}

    assert rows["prototype"] == 0
    assert Project.objects.filter(stage__code="prototype").count() == 1


def test_the_api_and_the_page_show_the_table(operator, projects):
    client = Client()
    client.force_login(operator)

    api = client.get("/api/insights/projects-by-stage").json()
    page = client.get("/insights/").content.decode()

    assert {r["stage"]: r["projects"] for r in api}["type_testing"] == 1
    assert "45.0" in page
