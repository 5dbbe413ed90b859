"""Odd input to the lab answers 4xx, never 500; statements only for ended months, once."""

import datetime
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from qiao.directory.models import Organisation
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.lab import services
from qiao.lab.models import Booking, Statement
from qiao.lab.tests.factories import at, make_equipment

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def microscope(organisation, operator):
    return make_equipment(organisation=organisation, by=operator)


@pytest.mark.django_db
@pytest.mark.parametrize("week", ["9999-12-31", "0001-01-01", "2026-02-30"])
def test_calendar_week_outside_the_calendar_answers_400(client, microscope, week):
    response = client.get(f"/lab/equipment/{microscope.pk}/?week={week}", **EN)

    assert response.status_code == 400
    assert b"between the years 1900 and 2100" in response.content or b"YYYY-MM-DD" in (
        response.content
    )


@pytest.mark.django_db
def test_calendar_week_within_the_limits_still_shows(client, microscope):
    response = client.get(f"/lab/equipment/{microscope.pk}/?week=2100-12-27", **EN)

    assert response.status_code == 200
    assert response.context["week"].monday == datetime.date(2100, 12, 27)


@pytest.mark.django_db
def test_availability_in_year_0001_answers_422(client, microscope):
    url = f"/api/lab/equipment/{microscope.pk}/availability"
    response = client.get(
        url, {"start": "0001-01-01T00:00:00+08:00", "end": "0001-01-02T00:00:00+08:00"}, **EN
    )

    assert response.status_code in (400, 422)
    assert "1900" in response.json()["detail"] + str(response.json()["errors"])


@pytest.mark.django_db
def test_booking_in_year_9999_is_refused_by_the_service(microscope, other_organisation):
    booker = make_member(other_organisation)

    with translation.override("en"), pytest.raises(ValidationError, match="1900"):
        services.book_equipment(
            equipment=microscope,
            booked_by=booker,
            organisation=other_organisation,
            starts_at=datetime.datetime(9999, 12, 31, 9, tzinfo=datetime.UTC),
            units=1,
        )


@pytest.mark.django_db
def test_booking_in_year_9999_through_the_api_answers_4xx(client, microscope, other_organisation):
    booker = make_member(other_organisation)
    client.force_login(booker)
    body = {
        "equipment_id": microscope.pk,
        "organisation_id": other_organisation.pk,
        "starts_at": "9999-12-31T09:00:00+08:00",
        "units": 1,
    }

    response = client.post("/api/lab/bookings/", body, content_type="application/json", **EN)

    assert response.status_code in (400, 422)
    assert Booking.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("month", ["9999-12", "0001-1", "2026-13"])
def test_statement_of_an_impossible_month_answers_404(client, operator, organisation, month):
    client.force_login(operator)

    assert client.get(f"/lab/statements/{organisation.pk}/{month}/").status_code == 404
    assert client.get(f"/lab/statements/{organisation.pk}/{month}.xlsx").status_code == 404


@pytest.mark.django_db
def test_statement_of_the_current_month_is_refused_and_nothing_saved(operator, organisation):
    this_month = timezone.localdate().replace(day=1)

    with translation.override("en"), pytest.raises(ValidationError, match="month has ended"):
        services.issue_statement(organisation=organisation, month=this_month, issued_by=operator)

    assert Statement.objects.count() == 0


def _issue(organisation_id, operator_id, month):
    from django.contrib.auth import get_user_model

    try:
        statement = services.issue_statement(
            organisation=Organisation.objects.get(pk=organisation_id),
            month=month,
            issued_by=get_user_model().objects.get(pk=operator_id),
        )
        return ("issued", statement.pk)
    except ValidationError as error:
        return ("refused", " ".join(error.messages))


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_of_one_statement_give_one_statement_and_no_error(
    race_database, run_concurrently
):
    owner = OrganisationFactory()
    operator = UserFactory(is_operator=True)
    customer = OrganisationFactory()
    booker = make_member(customer)
    manager = UserFactory(is_operator=True)
    equipment = make_equipment(organisation=owner, by=operator)
    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    day = last_month + datetime.timedelta(days=9)
    booking = services.book_equipment(
        equipment=equipment, booked_by=booker, organisation=customer,
        starts_at=at(day, 9), units=1, now=at(day, 8),
    )  # fmt: skip
    services.record_usage(booking=booking, minutes=60, recorded_by=manager, now=at(day, 11))

    outcomes = run_concurrently(_issue, [(customer.pk, operator.pk, last_month)] * 8)

    kinds = Counter(kind for kind, _detail in outcomes)
    assert kinds == {"issued": 1, "refused": 7}
    assert all("already been issued" in d for kind, d in outcomes if kind == "refused")
    assert Statement.objects.filter(organisation=customer, month=last_month).count() == 1


@pytest.mark.django_db
def test_statement_written_meanwhile_is_answered_not_an_integrity_error(
    monkeypatch, operator, organisation
):
    """Deterministic on both databases: another writer's statement appears between the check
    and the insert; the unique constraint's IntegrityError becomes the usual answer."""
    from qiao.lab.services import billing

    last_month = (timezone.localdate().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    real = billing._valid_vouchers

    def vouchers_after_another_writer(org, month):
        Statement.objects.create(
            organisation=org, month=month, issued_by=operator, subtotal=0, voucher_total=0, total=0
        )
        return real(org, month)

    monkeypatch.setattr(billing, "_valid_vouchers", vouchers_after_another_writer)

    with translation.override("en"), pytest.raises(ValidationError, match="already been issued"):
        services.issue_statement(organisation=organisation, month=last_month, issued_by=operator)
