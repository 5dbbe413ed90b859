"""Matching on the Django side: stored matches with reasons, feedback, rights, introductions.

The engine itself is tested without the database in ``test_scoring.py``.
"""

import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django_tasks_db.models import DBTaskResult

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.inbox.models import Notification
from qiao.market import services as market_services
from qiao.market.models import Kind, Listing
from qiao.market.tests.factories import make_listing
from qiao.matching import services
from qiao.matching.models import Match, MatchFeedback
from qiao.pipeline.models import Introduction

pytestmark = pytest.mark.django_db

IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


def client_of(user) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def hospital_member(organisation):
    return make_member(organisation, role=Membership.Role.MEMBER)


@pytest.fixture
def company_member(other_organisation):
    return make_member(other_organisation, role=Membership.Role.MEMBER)


@pytest.fixture
def company_admin(other_organisation):
    return make_member(other_organisation, role=Membership.Role.ADMIN)


def sepsis_need(organisation, **fields) -> Listing:
    return make_listing(
        organisation=organisation,
        kind=Kind.CLINICAL,
        title_zh="需要快速检测脓毒症的床旁核酸扩增方法",
        summary_zh="急诊科需要一小时内明确脓毒症病原体，以便尽早精准用药。",
        **fields,
    )


def sepsis_offer(organisation, **fields) -> Listing:
    return make_listing(
        organisation=organisation,
        kind=Kind.TECHNOLOGY,
        title_zh="",
        title_en="Isothermal amplification POCT for sepsis pathogens",
        summary_en="A bedside isothermal nucleic acid amplification test for sepsis pathogens.",
        **fields,
    )


@pytest.fixture
def need(organisation):
    return sepsis_need(organisation)


@pytest.fixture
def offer(other_organisation):
    return sepsis_offer(other_organisation)


@pytest.fixture
def matched(need, offer):
    services.run_matching_for_listing(listing_id=need.pk)
    return need.matches.get(counterpart_listing=offer)


# Running and storing


def test_matching_a_need_stores_the_offer_with_reasons(need, offer):
    assert services.run_matching_for_listing(listing_id=need.pk) == 1
    match = Match.objects.get(listing=need)
    assert (match.counterpart_listing, match.counterpart_organisation) == (offer, None)
    assert (match.rank, match.is_current) == (1, True)
    assert match.score > 0
    codes = [reason["code"] for reason in match.reasons]
    assert {"synonym", "kind_fit"} <= set(codes)
    assert [sorted(reason) for reason in match.reasons] == [["code", "terms", "weight"]] * len(
        codes
    )


def test_the_counterpart_gets_the_reciprocal_match(need, offer):
    services.run_matching_for_listing(listing_id=need.pk)
    reciprocal = Match.objects.get(listing=offer)
    assert reciprocal.counterpart_listing == need
    assert reciprocal.is_current is True
    assert "synonym" in [reason["code"] for reason in reciprocal.reasons]


def test_running_again_updates_rows_instead_of_adding_them(need, offer):
    services.run_matching_for_listing(listing_id=need.pk)
    first = set(Match.objects.values_list("pk", flat=True))
    services.run_matching_for_listing(listing_id=need.pk)
    services.run_matching_for_listing(listing_id=offer.pk)
    assert set(Match.objects.values_list("pk", flat=True)) == first
    assert Match.objects.count() == 2


def test_unrelated_listings_are_not_matched(organisation, other_organisation):
    need = sepsis_need(organisation)
    make_listing(
        organisation=other_organisation,
        kind=Kind.EQUIPMENT,
        title_zh="口腔种植体三维打印设备",
        summary_zh="牙科钛合金种植体的金属三维打印。",
    )
    assert services.run_matching_for_listing(listing_id=need.pk) == 0
    assert Match.objects.count() == 0


def test_a_draft_is_not_a_candidate(organisation, other_organisation):
    need = sepsis_need(organisation)
    sepsis_offer(other_organisation, status=Listing.Status.DRAFT)
    assert services.run_matching_for_listing(listing_id=need.pk) == 0


def test_a_closed_listings_matches_become_not_current(need, offer, matched, operator):
    market_services.change_listing_status(
        listing=need, status=Listing.Status.CLOSED, changed_by=operator
    )
    assert services.run_matching_for_listing(listing_id=need.pk) == 0
    assert list(Match.objects.values_list("is_current", flat=True)) == [False, False]
    assert MatchFeedback.objects.count() == 0


def test_a_closed_counterpart_drops_out_of_the_next_run(need, offer, matched, operator):
    market_services.change_listing_status(
        listing=offer, status=Listing.Status.CLOSED, changed_by=operator
    )
    assert services.run_matching_for_listing(listing_id=need.pk) == 0
    matched.refresh_from_db()
    assert matched.is_current is False


def test_matching_a_missing_listing_does_nothing():
    assert services.run_matching_for_listing(listing_id=999999) == 0


def test_publishing_runs_matching_after_commit(
    organisation, offer, operator, settings, django_capture_on_commit_callbacks
):
    # django-tasks caches its backends, but resets them on ``setting_changed``, which the
    # ``settings`` fixture sends; so the immediate backend is in force here.
    settings.TASKS = IMMEDIATE_TASKS
    need = sepsis_need(organisation, status=Listing.Status.UNDER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        market_services.change_listing_status(
            listing=need, status=Listing.Status.PUBLISHED, changed_by=operator
        )
    assert list(
        Match.objects.filter(listing=need).values_list("counterpart_listing", flat=True)
    ) == [offer.pk]


def test_with_the_database_backend_publishing_queues_a_task(
    organisation, offer, operator, django_capture_on_commit_callbacks
):
    need = sepsis_need(organisation, status=Listing.Status.UNDER_REVIEW)
    with django_capture_on_commit_callbacks(execute=True):
        market_services.change_listing_status(
            listing=need, status=Listing.Status.PUBLISHED, changed_by=operator
        )
    task = DBTaskResult.objects.get()
    assert task.task_path == "qiao.matching.tasks.match_listing"
    assert task.args_kwargs == {"args": [], "kwargs": {"listing_id": need.pk}}
    assert Match.objects.count() == 0


def test_nothing_is_queued_when_the_change_is_rolled_back(
    organisation, operator, django_capture_on_commit_callbacks
):
    need = sepsis_need(organisation, status=Listing.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        market_services.update_listing(listing=need, updated_by=operator, title_zh="")
    assert DBTaskResult.objects.count() == 0


# Notifications


def test_both_sides_are_told_about_new_matches_once(
    need, offer, hospital_member, company_member, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.run_matching_for_listing(listing_id=need.pk)
        services.run_matching_for_listing(listing_id=need.pk)
    notifications = Notification.objects.order_by("recipient_id")
    assert [(n.recipient_id, n.kind, n.url) for n in notifications] == [
        (hospital_member.pk, "new_matches", f"/market/{need.pk}/#matches"),
        (company_member.pk, "new_matches", f"/market/{offer.pk}/#matches"),
    ]
    assert notifications[0].title_zh == f"《{need.title_zh}》有 1 个新的匹配"
    assert notifications[1].title_en == f"1 new match for “{offer.title_en}”"


def test_a_counterpart_the_owner_may_not_see_is_neither_notified_nor_listed(
    organisation, hospital_member, django_capture_on_commit_callbacks
):
    chosen = OrganisationFactory()
    hidden = sepsis_offer(
        OrganisationFactory(), visibility=Listing.Visibility.CHOSEN, shared_with=[chosen]
    )
    need = sepsis_need(organisation)
    with django_capture_on_commit_callbacks(execute=True):
        services.run_matching_for_listing(listing_id=need.pk)
    assert Match.objects.filter(listing=need, counterpart_listing=hidden).count() == 1
    assert Notification.objects.filter(recipient=hospital_member).count() == 0
    response = client_of(hospital_member).get(f"/api/matching/listings/{need.pk}/matches")
    assert response.json() == []


# Feedback


def test_interested_feedback_is_stored_and_can_be_changed(matched, hospital_member):
    services.record_feedback(match=matched, given_by=hospital_member, verdict="interested")
    services.record_feedback(
        match=matched,
        given_by=hospital_member,
        verdict="not_relevant",
        reason="wrong_stage",
        comment="还在概念阶段",
    )
    feedback = MatchFeedback.objects.get()
    assert (feedback.match, feedback.given_by) == (matched, hospital_member)
    assert (feedback.verdict, feedback.reason, feedback.comment) == (
        "not_relevant",
        "wrong_stage",
        "还在概念阶段",
    )


@pytest.mark.parametrize(
    ("verdict", "reason", "field"),
    [
        ("not_relevant", "", "reason"),
        ("not_relevant", "bad_vibes", "reason"),
        ("maybe", "", "verdict"),
    ],
)
def test_invalid_feedback_is_refused(matched, hospital_member, verdict, reason, field):
    with pytest.raises(ValidationError) as error:
        services.record_feedback(
            match=matched, given_by=hospital_member, verdict=verdict, reason=reason
        )
    assert list(error.value.message_dict) == [field]
    assert MatchFeedback.objects.count() == 0


def test_only_the_listings_side_gives_feedback(matched, company_member):
    with pytest.raises(PermissionDenied):
        services.record_feedback(match=matched, given_by=company_member, verdict="interested")


def test_feedback_through_the_page(matched, hospital_member):
    response = client_of(hospital_member).post(
        f"/matching/matches/{matched.pk}/feedback/", {"verdict": "interested"}
    )
    assert response.status_code == 302
    assert response.url == f"/matching/listings/{matched.listing_id}/"
    assert MatchFeedback.objects.get().verdict == "interested"


def test_not_relevant_without_a_reason_through_the_page_saves_nothing(matched, hospital_member):
    response = client_of(hospital_member).post(
        f"/matching/matches/{matched.pk}/feedback/", {"verdict": "not_relevant"}
    )
    assert response.status_code == 302
    assert MatchFeedback.objects.count() == 0


def test_feedback_through_the_api(matched, hospital_member):
    response = client_of(hospital_member).post(
        f"/api/matching/matches/{matched.pk}/feedback",
        data=json.dumps({"verdict": "not_relevant", "reason": "already_known"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {
        "id": MatchFeedback.objects.get().pk,
        "match_id": matched.pk,
        "verdict": "not_relevant",
        "reason": "already_known",
        "comment": "",
    }


def test_not_relevant_without_a_reason_through_the_api_is_422(matched, hospital_member):
    response = client_of(hospital_member).post(
        f"/api/matching/matches/{matched.pk}/feedback",
        data=json.dumps({"verdict": "not_relevant"}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["reason"]
    assert MatchFeedback.objects.count() == 0


def test_another_organisation_cannot_give_feedback(matched, company_member):
    page = client_of(company_member).post(
        f"/matching/matches/{matched.pk}/feedback/", {"verdict": "interested"}
    )
    api = client_of(company_member).post(
        f"/api/matching/matches/{matched.pk}/feedback",
        data=json.dumps({"verdict": "interested"}),
        content_type="application/json",
    )
    assert (page.status_code, api.status_code) == (404, 404)
    assert MatchFeedback.objects.count() == 0


# The matches panel and API


def test_owner_sees_the_matches_panel_with_reasons_in_words(matched, offer, hospital_member):
    client = client_of(hospital_member)
    panel = client.get(f"/matching/listings/{matched.listing_id}/", HTTP_HX_REQUEST="true")
    assert panel.status_code == 200
    assert [t.name for t in panel.templates] == ["matching/partials/matches.html"]
    assert [match for match, _reasons in panel.context["rows"]] == [matched]
    assert offer.title_en in panel.content.decode()
    api = client.get(f"/api/matching/listings/{matched.listing_id}/matches")
    body = api.json()
    assert [(m["id"], m["counterpart_type"], m["counterpart_id"]) for m in body] == [
        (matched.pk, "listing", offer.pk)
    ]
    assert body[0]["counterpart_title"] == offer.title_en
    assert [r["code"] for r in body[0]["reasons"]] == [r["code"] for r in matched.reasons]
    assert "" not in [r["text"] for r in body[0]["reasons"]]


def test_reasons_follow_the_readers_language(matched, hospital_member):
    client = client_of(hospital_member)
    url = f"/api/matching/listings/{matched.listing_id}/matches"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()[0]["reasons"]
    chinese = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").json()[0]["reasons"]
    synonym_en = [r["text"] for r in english if r["code"] == "synonym"]
    synonym_zh = [r["text"] for r in chinese if r["code"] == "synonym"]
    assert synonym_en[0].startswith("Same concept in other words: ")
    assert synonym_zh[0] != synonym_en[0]


@pytest.mark.parametrize("role", ["company_member", "company_admin"])
def test_another_organisation_gets_404_on_the_matches_panel_and_api(role, matched, request):
    client = client_of(request.getfixturevalue(role))
    assert client.get(f"/matching/listings/{matched.listing_id}/").status_code == 404
    assert client.get(f"/api/matching/listings/{matched.listing_id}/matches").status_code == 404


def test_anonymous_is_sent_to_sign_in(matched):
    assert client_of(None).get(f"/matching/listings/{matched.listing_id}/").status_code == 302
    assert (
        client_of(None).get(f"/api/matching/listings/{matched.listing_id}/matches").status_code
        == 401
    )


def test_operator_sees_any_matches_panel(matched, operator):
    response = client_of(operator).get(f"/api/matching/listings/{matched.listing_id}/matches")
    assert [m["id"] for m in response.json()] == [matched.pk]


# Introductions from a match


def test_operator_makes_an_introduction_from_a_match(
    matched,
    operator,
    organisation,
    other_organisation,
    hospital_member,
    company_member,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_of(operator).post(f"/pipeline/matches/{matched.pk}/introduce/")
    introduction = Introduction.objects.get()
    assert response.status_code == 302
    assert response.url == f"/pipeline/introductions/{introduction.pk}/"
    assert (introduction.match, introduction.broker) == (matched, operator)
    assert (introduction.requesting_organisation, introduction.receiving_organisation) == (
        organisation,
        other_organisation,
    )
    assert sorted(introduction.listings.values_list("pk", flat=True)) == sorted(
        [matched.listing_id, matched.counterpart_listing_id]
    )
    told = Notification.objects.filter(kind="introduction").values_list("recipient", flat=True)
    assert sorted(told) == sorted([hospital_member.pk, company_member.pk])


def test_a_second_introduction_from_the_same_match_returns_the_first(matched, operator):
    client = client_of(operator)
    first = client.post(f"/pipeline/matches/{matched.pk}/introduce/")
    second = client.post(f"/pipeline/matches/{matched.pk}/introduce/")
    assert first.url == second.url
    assert Introduction.objects.count() == 1


def test_a_member_of_the_listings_side_requests_an_introduction(matched, hospital_member):
    response = client_of(hospital_member).post(f"/pipeline/matches/{matched.pk}/introduce/")

    introduction = Introduction.objects.get()
    assert response.status_code == 302
    assert introduction.broker is None
    assert introduction.requested_by == hospital_member


def test_the_counterparts_member_cannot_see_the_match_to_ask(matched, company_member):
    response = client_of(company_member).post(f"/pipeline/matches/{matched.pk}/introduce/")

    assert response.status_code == 404
    assert Introduction.objects.count() == 0


def test_introduction_needs_post(matched, operator):
    response = client_of(operator).get(f"/pipeline/matches/{matched.pk}/introduce/")
    assert response.status_code == 405


def test_a_counterpart_no_longer_found_loses_its_reciprocal_match(need, offer, member, operator):
    # Regression: reciprocal rows used to be created or updated but never retired.
    services.run_matching_for_listing(listing_id=need.pk)
    market_services.update_listing(
        listing=need,
        updated_by=operator,
        title_zh="口腔种植体三维打印设备采购",
        summary_zh="牙科钛合金种植体的金属三维打印。",
    )
    services.run_matching_for_listing(listing_id=need.pk)
    assert Match.objects.get(listing=need, counterpart_listing=offer).is_current is False
    assert Match.objects.get(listing=offer, counterpart_listing=need).is_current is False


def test_not_relevant_hides_the_match_and_the_next_run_does_not_bring_it_back(
    matched, need, offer, hospital_member, django_capture_on_commit_callbacks
):
    services.record_feedback(
        match=matched, given_by=hospital_member, verdict="not_relevant", reason="wrong_technology"
    )
    page = client_of(hospital_member).get(f"/api/matching/listings/{need.pk}/matches")
    assert page.json() == []
    with django_capture_on_commit_callbacks(execute=True):
        services.run_matching_for_listing(listing_id=need.pk)
        services.run_matching_for_listing(listing_id=offer.pk)  # the reciprocal direction
    matched.refresh_from_db()
    assert matched.is_current is False
    assert Match.objects.filter(listing=need, counterpart_listing=offer).count() == 1
    page = client_of(hospital_member).get(f"/api/matching/listings/{need.pk}/matches")
    assert page.json() == []
    # The feedback is kept, so export_match_feedback turns it into a grade-0 judgement.
    assert MatchFeedback.objects.get().verdict == "not_relevant"
