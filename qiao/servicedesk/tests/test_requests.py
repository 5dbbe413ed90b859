"""Service requests end to end: due dates, pauses, escalation, rating, 404s, needs."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.market.models import Listing
from qiao.servicedesk import selectors, services
from qiao.servicedesk.models import Category, ServiceRequest

pytestmark = pytest.mark.django_db
D = datetime.date
FRIDAY = D(2026, 9, 25)  # the Friday before National Day 2026 (also 中秋节)


@pytest.fixture
def complex_category():
    return Category.objects.create(name_zh="复杂事项", name_en="Complex", resolve_days=5)


def _file(member, organisation, category, today=FRIDAY):
    return services.file_request(
        by=member, organisation=organisation, category=category, title="需要环氧乙烷灭菌服务",
        description="我们需要一家本地的EO灭菌服务商。", today=today,
    )  # fmt: skip


def test_filed_on_the_friday_before_national_day_is_due_after_the_holiday(
    member, organisation, complex_category
):
    request = _file(member, organisation, complex_category)
    # 9-28, 9-29, 9-30, then the holiday 10-1…10-7, then 10-8 and 10-9.
    assert request.due_on == D(2026, 10, 9)
    six = Category.objects.create(name_zh="六天", resolve_days=6)
    assert _file(member, organisation, six).due_on == D(2026, 10, 10)  # 调休 Saturday


def test_waiting_on_the_firm_pauses_the_clock(member, organisation, operator, complex_category):
    request = _file(member, organisation, complex_category)
    services.post_message(by=operator, request=request, body="请补充材料", wait_on_firm=True,
                          today=D(2026, 9, 28))  # fmt: skip
    request.refresh_from_db()
    assert request.status == ServiceRequest.Status.WAITING
    assert request.first_answered_on == D(2026, 9, 28)
    services.post_message(by=member, request=request, body="已补充", today=D(2026, 9, 30))
    request.refresh_from_db()
    assert request.status == ServiceRequest.Status.ACCEPTED
    # 9-29 and 9-30 waited on the firm: two working days later than without the pause.
    assert request.due_on == D(2026, 10, 12)


def test_overdue_requests_are_escalated_once_to_the_supervisor(
    member, organisation, complex_category, django_capture_on_commit_callbacks
):
    supervisor = UserFactory(is_operator=True)
    complex_category.supervisor = supervisor
    complex_category.save()
    request = _file(member, organisation, complex_category)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.escalate_overdue(today=D(2026, 10, 9)) == 0
        assert services.escalate_overdue(today=D(2026, 10, 10)) == 1
        assert services.escalate_overdue(today=D(2026, 10, 12)) == 0
    notice = supervisor.notifications.get()
    assert "2026-10-09" in notice.title_in("zh-hans") and "Overdue" in notice.title_in("en")
    request.refresh_from_db()
    assert request.escalated_on == D(2026, 10, 10)


def test_rating_closes_and_unrated_requests_auto_close(
    member, organisation, operator, complex_category
):
    rated = _file(member, organisation, complex_category)
    silent = _file(member, organisation, complex_category)
    with pytest.raises(ValidationError):
        services.rate_and_close(by=member, request=rated, rating=5)
    for request in (rated, silent):
        services.resolve_request(by=operator, request=request, today=D(2026, 9, 30))
    services.rate_and_close(by=member, request=rated, rating=4, today=D(2026, 10, 8))
    assert services.auto_close(after_days=3, today=D(2026, 10, 9)) == 0
    assert services.auto_close(after_days=3, today=D(2026, 10, 10)) == 1
    silent.refresh_from_db()
    assert (silent.status, silent.auto_closed, silent.rating) == ("closed", True, None)
    figures = selectors.insights(ServiceRequest.objects.all())
    assert figures.mean_rating == 4 and figures.on_time_share == 1.0
    assert figures.median_days_to_resolution == 3
    # The page reads the operator's visible requests (organisation joined): same figures.
    seen = selectors.insights(selectors.list_visible_requests(operator))
    assert (seen.mean_rating, seen.median_days_to_resolution) == (4, 3)


def test_requests_are_confidential_to_the_firm_and_the_park(
    member, organisation, operator, complex_category, client
):
    request = _file(member, organisation, complex_category)
    url = reverse("servicedesk:detail", args=[request.pk])
    stranger = make_member(OrganisationFactory())
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    assert client.post(reverse("servicedesk:act", args=[request.pk]),
                       {"action": "need"}).status_code == 404  # fmt: skip
    assert request.title not in client.get(reverse("servicedesk:list")).content.decode()
    for user in (member, operator):
        client.force_login(user)
        assert request.title in client.get(url).content.decode()


def test_a_request_turns_into_a_market_need(member, organisation, complex_category):
    request = _file(member, organisation, complex_category)
    listing = services.turn_into_need(by=member, request=request)
    assert listing.kind == "service_need" and listing.organisation == organisation
    assert Listing.objects.get(pk=request.listing_id) == listing
    with pytest.raises(ValidationError):
        services.turn_into_need(by=member, request=request)


def test_api_lists_only_the_callers_requests(member, organisation, complex_category, client):
    request = _file(member, organisation, complex_category)
    client.force_login(member)
    assert [r["id"] for r in client.get("/api/servicedesk/requests/").json()] == [request.pk]
    assert client.get(f"/api/servicedesk/requests/{request.pk}").json()["due_on"] == "2026-10-09"
    client.force_login(make_member(OrganisationFactory()))
    assert client.get("/api/servicedesk/requests/").json() == []
    assert client.get(f"/api/servicedesk/requests/{request.pk}").status_code == 404


def test_excel_export_for_operators_only(member, organisation, operator, complex_category, client):
    import io

    from openpyxl import load_workbook

    request = _file(member, organisation, complex_category)
    services.resolve_request(by=operator, request=request, today=D(2026, 10, 8))
    client.force_login(member)
    assert client.get(reverse("servicedesk:export")).status_code == 404
    client.force_login(operator)
    response = client.get(reverse("servicedesk:export"))
    rows = list(load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[1][2] == request.title and rows[1][7] == 4  # 9-28, 9-29, 9-30, 10-8
