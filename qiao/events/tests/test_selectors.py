"""Recommendations from the matching engine, and query-count guards on the pages."""

import pytest
from django.utils import translation

from qiao.events import selectors, services
from qiao.events.tests.factories import approved, make_participant
from qiao.events.tests.helpers import BUDGET
from qiao.market.models import Kind, Listing
from qiao.market.tests.factories import make_listing
from qiao.matching import services as matching_services
from qiao.matching.models import Match

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched(event, operator):
    """A hospital's clinical need and a company's matching offer; both organisations attend,
    and a third participant's organisation has an unrelated, confidential offer."""
    hospital, company, third = approved(event, 3, approve_by=operator)
    need = make_listing(
        organisation=hospital.organisation,
        kind=Kind.CLINICAL,
        title_zh="急诊脓毒症病原体快速检测",
        description="需要一小时内出结果的床旁核酸扩增检测，用于急诊脓毒症。",
    )
    make_listing(
        organisation=company.organisation,
        title_zh="等温扩增床旁病原体检测平台",
        description="恒温核酸扩增，三十分钟出结果，适合急诊脓毒症病原体检测。",
    )
    make_listing(
        organisation=third.organisation,
        kind=Kind.PRODUCT,
        title_zh="骨科手术导航机器人",
        description="机密细节",
        visibility=Listing.Visibility.CONFIDENTIAL,
    )
    matching_services.run_matching_for_listing(listing_id=need.pk)
    return hospital, company, third


def test_recommendations_come_from_the_engine_with_reasons(matched):
    hospital, company, third = matched
    assert Match.objects.filter(listing__organisation=hospital.organisation).exists()
    recommendations = selectors.recommend(viewer=hospital.user, registration=hospital)
    assert recommendations, "the matching offer's participant should be recommended"
    assert recommendations[0].registration == company
    assert recommendations[0].reasons and all(
        isinstance(r, str) for r in recommendations[0].reasons
    )
    # Never oneself or a colleague.
    assert hospital not in [r.registration for r in recommendations]


def test_recommendations_show_on_the_meetings_page(client_of, matched, event):
    hospital, company, _third = matched
    page = client_of(hospital.user).get(f"/events/{event.pk}/meetings/").content.decode()
    section = page.split('data-testid="recommendations"')[1].split("</section>")[0]
    assert company.organisation.name_zh in section


def test_only_approved_participants_are_recommended(matched, operator, event):
    hospital, company, _third = matched
    services.cancel_registration(registration=company, cancelled_by=operator)
    assert company not in [
        r.registration for r in selectors.recommend(viewer=hospital.user, registration=hospital)
    ]


def _many(event, operator, count=12):
    people = approved(event, count, approve_by=operator)
    for i in range(0, count - 1, 2):
        request = services.send_request(
            sender=people[i], recipient=people[i + 1], sent_by=people[i].user, message="你好"
        )
        services.answer_request(request=request, answered_by=people[i + 1].user, accept=True)
    for i in range(1, count - 2, 2):
        services.send_request(sender=people[i], recipient=people[i + 1], sent_by=people[i].user)
    services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    return people


@pytest.mark.parametrize("count", [4, 12])
def test_board_query_count_does_not_grow(
    client_of, event, operator, count, django_assert_max_num_queries
):
    _many(event, operator, count)
    client = client_of(operator)
    client.get(f"/events/{event.pk}/board/")
    with django_assert_max_num_queries(10):
        response = client.get(f"/events/{event.pk}/board/")
    assert response.status_code == 200
    assert response.context["meeting_count"] == count // 2


@pytest.mark.parametrize("count", [4, 12])
def test_manage_list_detail_meetings_query_counts(
    client_of, event, operator, count, django_assert_max_num_queries
):
    people = _many(event, operator, count)
    for _ in range(3):
        make_participant(event)
    client = client_of(operator)
    pages = {
        # The set-up lists (types, sessions, zones, exhibitors, slots), the rule table and
        # the no-show counts: a fixed number more.
        f"/events/{event.pk}/manage/": 22,
        "/events/": 8,
        f"/events/{event.pk}/": 10,
    }
    for url, budget in pages.items():
        client.get(url)
        with django_assert_max_num_queries(budget):
            assert client.get(url).status_code == 200
    participant = client_of(people[1].user)
    # The meetings page reads profiles, organisations and listings for the recommendations:
    # a fixed number of queries, whatever the number of participants.
    for url, budget in ((f"/events/{event.pk}/meetings/", 20), (f"/events/{event.pk}/agenda/", 14)):
        participant.get(url)
        with django_assert_max_num_queries(budget):
            assert participant.get(url).status_code == 200


def test_recommendations_through_the_api(client_of, matched, event):
    hospital, company, _third = matched
    rows = client_of(hospital.user).get(f"/api/events/{event.pk}/recommendations").json()
    assert rows[0]["registration_id"] == company.pk
    assert rows[0]["organisation_id"] == company.organisation_id
    assert rows[0]["reasons"]


def test_people_with_profiles_and_no_listings_are_recommended_with_an_ask_button(
    event, operator, client_of
):
    investor, company = approved(event, 2, approve_by=operator)
    colleague = make_participant(event, organisation=company.organisation, approve_by=operator)
    services.save_profile(
        user=investor.user,
        headline="医疗器械投资",
        seeking="寻找医学影像设备、CT、磁共振领域的早期项目",
        offering="天使轮和A轮投资",
    )
    services.save_profile(
        user=company.user,
        headline="联影医疗 业务拓展",
        seeking="寻找A轮投资",
        offering="医学影像设备：CT、磁共振、分子影像",
    )
    services.save_profile(user=colleague.user, seeking="寻找医学影像设备", offering="CT")
    with translation.override("en"):
        recommendations = selectors.recommend(viewer=investor.user, registration=investor)
    assert [r.registration for r in recommendations[:1]] == [company]
    assert colleague in [r.registration for r in recommendations]  # not the viewer's colleague
    assert recommendations[0].reasons[0].startswith("Their profile")
    assert any("Shared terms" in reason for reason in recommendations[0].reasons)
    # Colleagues never recommend each other.
    mine = selectors.recommend(viewer=company.user, registration=company)
    assert colleague not in [r.registration for r in mine]
    page = client_of(investor.user).get(f"/events/{event.pk}/meetings/").content.decode()
    assert f'data-testid="ask-recommended-{company.user.email}"' in page
