"""A proof-of-concept call end to end through the services: conflicts excluded and
explained, declarations before reading, scores, ranking, a funded project."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qiao.calls import selectors, services
from qiao.calls.models import Application, Assignment, Call, Exclusion
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.experts.tests.factories import make_expert
from qiao.pipeline.models import Agreement, AgreementParty

pytestmark = pytest.mark.django_db


@pytest.fixture
def call(operator):
    today = timezone.localdate()
    call = services.create_call(
        by=operator,
        kind=Call.Kind.POC_FUND,
        title_zh="概念验证基金 2026",
        opens_on=today,
        closes_on=today.replace(year=today.year + 1),
        reviewers_per_application=1,
        form_fields=[{"key": "budget", "label_zh": "预算", "required": True}],
    )
    services.add_criterion(call=call, by=operator, name_zh="创新性", weight=3)
    services.add_criterion(call=call, by=operator, name_zh="可行性", weight=1, max_score=5)
    services.move_phase(call=call, phase=Call.Phase.OPEN, by=operator)
    return call


def _agreement(a, b, signed_on):
    agreement = Agreement.objects.create(
        kind=Agreement.Kind.JOINT_RD, title_zh="联合研发协议", signed_on=signed_on
    )
    AgreementParty.objects.create(agreement=agreement, organisation=a)
    AgreementParty.objects.create(agreement=agreement, organisation=b)


def test_phases_move_one_step_at_a_time_by_the_operator_only(call, member):
    with pytest.raises(ValidationError):
        services.move_phase(call=call, phase=Call.Phase.DECISION, by=None)
    with pytest.raises(PermissionDenied):
        services.move_phase(call=call, phase=Call.Phase.REVIEW, by=member)
    call.refresh_from_db()
    assert call.phase == Call.Phase.OPEN


def test_missing_required_answer_makes_the_application_ineligible_with_reasons(
    call, organisation, member
):
    application = services.save_application(
        call=call, organisation=organisation, by=member, title="导管", summary="一种导管"
    )
    services.submit_application(application=application, by=member)
    application.refresh_from_db()
    assert application.status == Application.Status.INELIGIBLE
    assert application.reasons == [{"zh": "请填写“预算”。", "en": "Answer “预算”."}]


def test_a_member_reuses_an_earlier_application(call, organisation, member, operator):
    first = services.save_application(call=call, organisation=organisation, by=member,
                                      title="支架", summary="可降解", answers={"budget": "50万", "x": "y"})  # fmt: skip
    again = services.reuse_application(previous=first, call=call, by=member)
    assert (again.title, again.summary, again.answers) == ("支架", "可降解", {"budget": "50万"})
    assert again.pk != first.pk and again.status == Application.Status.DRAFT


def test_the_whole_call_with_a_conflict_excluded_and_a_funded_project(
    call, organisation, member, operator, django_capture_on_commit_callbacks
):
    hospital = OrganisationFactory(name_zh="瑞金医院", name_en="Ruijin Hospital")
    conflicted = make_expert(organisation=hospital, fields="心血管 支架 导管 介入")
    free = make_expert(organisation=OrganisationFactory(), fields="心血管 支架")
    _agreement(hospital, organisation, timezone.localdate().replace(day=1))
    application = services.save_application(
        call=call, organisation=organisation, by=member, title="可降解心血管支架",
        summary="心血管介入用可降解支架", answers={"budget": "80万"},
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        services.submit_application(application=application, by=member)
    assert operator.notifications.get().title_in("zh-hans").endswith("申请了概念验证基金 2026") or (
        "概念验证基金 2026" in operator.notifications.get().title_in("zh-hans")
    )
    services.move_phase(call=call, phase=Call.Phase.REVIEW, by=operator)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.propose_reviewers(call=call, by=operator) == 1
    assignment = Assignment.objects.get()
    assert assignment.expert == free
    exclusion = Exclusion.objects.get()
    assert exclusion.expert == conflicted
    assert exclusion.reasons[0]["code"] == "agreement"
    assert "瑞金医院" in exclusion.reasons[0]["zh"] and "联合研发协议" in exclusion.reasons[0]["zh"]
    assert "Ruijin Hospital" in exclusion.reasons[0]["en"]
    reviewer = free.person.user
    assert "概念验证基金 2026" in reviewer.notifications.get().title_in("zh-hans")
    assert "Please review" in reviewer.notifications.get().title_in("en")

    assert not selectors.reviewer_may_read(assignment)
    with pytest.raises(ValidationError):
        services.submit_scores(assignment=assignment, by=reviewer, scores={})
    services.declare_no_conflict(assignment=assignment, by=reviewer)
    assert selectors.reviewer_may_read(assignment)
    c1, c2 = call.criteria.all()
    with pytest.raises(ValidationError):
        services.submit_scores(
            assignment=assignment, by=reviewer, scores={c1.pk: (11, ""), c2.pk: (5, "")}
        )
    services.submit_scores(
        assignment=assignment, by=reviewer, scores={c1.pk: (8, "新颖"), c2.pk: (4, "")}
    )
    [row] = selectors.ranking(call)
    assert row.mean == 80.0  # (3·0.8 + 1·0.8) / 4
    assert row.spread is None and row.agreement is None

    with pytest.raises(PermissionDenied):
        services.decide(application=application, by=operator, funded=True, letter="同意")
    services.move_phase(call=call, phase=Call.Phase.DECISION, by=operator)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(application=application, by=operator, funded=True,
                        letter="经评审，同意资助。", amount=Decimal("500000"))  # fmt: skip
    application.refresh_from_db()
    assert application.status == Application.Status.FUNDED
    project = application.project
    assert project.organisation == organisation and project.name_zh == "可降解心血管支架"
    assert "获资助 ¥500,000" in project.milestones.get().note
    assert "可降解心血管支架" in member.notifications.get().title_in("zh-hans")


def test_a_reviewer_declaring_a_conflict_steps_back_and_is_not_proposed_again(
    call, organisation, member, operator
):
    expert = make_expert(organisation=OrganisationFactory())
    application = services.save_application(call=call, organisation=organisation, by=member,
                                            title="支架", summary="心血管支架", answers={"budget": "1"})  # fmt: skip
    services.submit_application(application=application, by=member)
    services.move_phase(call=call, phase=Call.Phase.REVIEW, by=operator)
    services.propose_reviewers(call=call, by=operator)
    assignment = Assignment.objects.get(expert=expert)
    with pytest.raises(ValidationError):
        services.declare_conflict(assignment=assignment, by=expert.person.user, note=" ")
    services.declare_conflict(assignment=assignment, by=expert.person.user, note="我是该公司顾问")
    assert not Assignment.objects.exists()
    assert "我是该公司顾问" in Exclusion.objects.get().reasons[0]["zh"]
    assert services.propose_reviewers(call=call, by=operator) == 0


def test_only_the_assigned_reviewer_may_review(call, organisation, member, operator):
    make_expert(organisation=OrganisationFactory())
    application = services.save_application(call=call, organisation=organisation, by=member,
                                            title="支架", summary="心血管支架", answers={"budget": "1"})  # fmt: skip
    services.submit_application(application=application, by=member)
    services.move_phase(call=call, phase=Call.Phase.REVIEW, by=operator)
    services.propose_reviewers(call=call, by=operator)
    with pytest.raises(PermissionDenied):
        services.declare_no_conflict(assignment=Assignment.objects.get(), by=member)


def test_ranking_reports_spread_and_agreement(call, organisation, member, operator):
    call.reviewers_per_application = 2
    call.save()
    e1, e2 = (
        make_expert(organisation=OrganisationFactory()),
        make_expert(organisation=OrganisationFactory()),
    )
    application = services.save_application(call=call, organisation=organisation, by=member,
                                            title="支架", summary="心血管支架", answers={"budget": "1"})  # fmt: skip
    services.submit_application(application=application, by=member)
    services.move_phase(call=call, phase=Call.Phase.REVIEW, by=operator)
    services.propose_reviewers(call=call, by=operator)
    c1, c2 = call.criteria.all()
    for expert, (s1, s2) in ((e1, (10, 5)), (e2, (5, 0))):
        a = Assignment.objects.get(expert=expert)
        services.declare_no_conflict(assignment=a, by=expert.person.user)
        services.submit_scores(
            assignment=a, by=expert.person.user, scores={c1.pk: (s1, ""), c2.pk: (s2, "")}
        )
    [row] = selectors.ranking(call)
    assert sorted(row.totals) == [37.5, 100.0]
    assert row.mean == 68.8 and row.spread == 62.5
    assert row.agreement == 0.38  # 1 - 31.25/50


def test_non_members_cannot_apply(call, other_organisation, member):
    with pytest.raises(PermissionDenied):
        services.save_application(call=call, organisation=other_organisation, by=member,
                                  title="x", summary="y")  # fmt: skip


def test_drafts_are_hidden_from_members(call, member, operator):
    draft = services.create_call(by=operator, kind=Call.Kind.AWARD, title_zh="草稿",
                                 opens_on=date(2026, 1, 1), closes_on=date(2026, 2, 1))  # fmt: skip
    assert draft not in selectors.visible_calls(viewer=member)
    assert call in selectors.visible_calls(viewer=member)
    assert draft in selectors.visible_calls(viewer=operator)
    assert make_member  # factories imported for other modules
