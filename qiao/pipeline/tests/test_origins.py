"""A project names the need, introduction and agreement it came from and shows on each
(issue 13, point 9); its journey has patent milestones and refuses dates ahead."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from qiao.directory.tests.factories import OrganisationFactory, term
from qiao.market.tests.factories import ListingFactory
from qiao.pipeline import services
from qiao.pipeline.models import Introduction, Milestone
from qiao.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db

D = datetime.date


def client_of(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    if user is not None:
        client.force_login(user)
    return client


def new_project(by, organisation, **fields):
    return services.create_project(
        created_by=by,
        organisation=organisation,
        stage=term(Vocabulary.LIFECYCLE_STAGE, "prototype"),
        entered_on=D(2025, 1, 1),
        name_zh=fields.pop("name_zh", "快速检测仪"),
        **fields,
    )


@pytest.fixture
def introduction(operator, organisation, other_organisation):
    return Introduction.objects.create(
        requesting_organisation=organisation,
        receiving_organisation=other_organisation,
        broker=operator,
        status=Introduction.Status.NEGOTIATING,
    )


def test_a_project_shows_on_its_need_introduction_and_agreement(
    operator, member, organisation, other_organisation, introduction
):
    need = ListingFactory(need=True, organisation=other_organisation, title_zh="床旁快速检测")
    agreement = services.create_agreement(
        created_by=operator,
        parties=[(organisation, "party"), (other_organisation, "party")],
        kind="joint_rd",
        title_zh="联合研发协议",
        signed_on=D(2025, 2, 1),
    )
    project = new_project(
        member, organisation, need=need, introduction=introduction, agreement=agreement
    )
    client = client_of(member)

    detail = client.get(f"/pipeline/projects/{project.pk}/").content.decode()
    assert "床旁快速检测" in detail and "联合研发协议" in detail
    assert f"/pipeline/introductions/{introduction.pk}/" in detail
    for url in (
        f"/market/{need.pk}/",
        f"/pipeline/introductions/{introduction.pk}/",
        f"/pipeline/agreements/{agreement.pk}/",
    ):
        assert "快速检测仪" in client.get(url).content.decode(), url


def test_a_confidential_project_does_not_show_on_the_need_to_others(
    operator, member, organisation, other_organisation
):
    need = ListingFactory(need=True, organisation=other_organisation, title_zh="公开的需求")
    new_project(member, organisation, need=need, name_zh="保密项目", is_confidential=True)

    assert "保密项目" not in client_of(None).get(f"/market/{need.pk}/").content.decode()
    assert "保密项目" in client_of(member).get(f"/market/{need.pk}/").content.decode()


def test_a_project_may_not_name_what_its_editor_cannot_see_or_did_not_take_part_in(
    operator, member, organisation, other_organisation
):
    hidden_need = ListingFactory(need=True, members_only=False, status="draft")
    stranger = OrganisationFactory()
    their_introduction = Introduction.objects.create(
        requesting_organisation=other_organisation,
        receiving_organisation=stranger,
        broker=operator,
    )
    their_agreement = services.create_agreement(
        created_by=operator,
        parties=[(other_organisation, "party"), (stranger, "party")],
        kind="joint_rd",
        title_zh="别家的协议",
        signed_on=D(2025, 2, 1),
    )
    with pytest.raises(ValidationError) as raised:
        new_project(
            member,
            organisation,
            need=hidden_need,
            introduction=their_introduction,
            agreement=their_agreement,
        )
    assert set(raised.value.message_dict) == {"need", "introduction", "agreement"}


def test_a_patent_milestone_is_recorded_and_a_future_one_refused(operator, organisation):
    project = new_project(operator, organisation)
    services.add_milestone(
        project=project,
        added_by=operator,
        kind=Milestone.Kind.PATENT_GRANTED,
        reached_on=D(2025, 6, 1),
        certificate_number="ZL202510000001.1",
    )
    ahead = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as raised:
        services.add_milestone(
            project=project,
            added_by=operator,
            kind=Milestone.Kind.FIRST_SALE,
            reached_on=D(2029, 1, 1),
        )
    assert "reached_on" in raised.value.message_dict
    with pytest.raises(ValidationError):
        services.change_project_stage(
            project=project,
            stage=term(Vocabulary.LIFECYCLE_STAGE, "market"),
            entered_on=ahead,
            changed_by=operator,
        )
    project.refresh_from_db()
    assert project.stage.code == "prototype"
    assert list(project.milestones.values_list("kind", flat=True)) == ["patent_granted"]


def test_the_milestone_form_answers_a_future_date_in_chinese(member, organisation):
    project = new_project(member, organisation)
    response = client_of(member).post(
        f"/pipeline/projects/{project.pk}/milestones/",
        {"kind": "first_sale", "reached_on": "2029-01-01"},
        follow=True,
    )
    assert "日期在未来" in response.content.decode()
    assert not project.milestones.exists()


def test_the_api_takes_and_shows_the_origins_the_caller_may_see(
    member, organisation, other_organisation
):
    need = ListingFactory(need=True, organisation=other_organisation, members_only=True)
    client = client_of(member)
    created = client.post(
        "/api/pipeline/projects/",
        {
            "organisation_id": organisation.pk,
            "name_zh": "接口项目",
            "stage": "prototype",
            "entered_on": "2025-01-01",
            "need_id": need.pk,
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    project_id = created.json()["id"]
    assert created.json()["origins"] == {
        "need_id": need.pk,
        "introduction_id": None,
        "agreement_id": None,
    }
    # A members-only need is not named to an anonymous caller.
    anonymous = client_of(None).get(f"/api/pipeline/projects/{project_id}").json()
    assert anonymous["origins"]["need_id"] is None
    unknown = client.post(
        "/api/pipeline/projects/",
        {
            "organisation_id": organisation.pk,
            "name_zh": "接口项目二",
            "stage": "prototype",
            "entered_on": "2025-01-01",
            "agreement_id": 999999,
        },
        content_type="application/json",
    )
    assert unknown.status_code == 422 and "agreement_id" in unknown.json()["errors"]
