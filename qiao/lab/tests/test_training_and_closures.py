"""Training requests, revocation and removal; photo removal; a closure over booked days that
shows the bookings it hits and cancels them, each booker told why, as it saves."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from qiao.core.audit import list_audit_entries
from qiao.lab import selectors, services
from qiao.lab.models import Booking, Closure, EquipmentPhoto, TrainingRecord, TrainingRequest
from qiao.lab.tests.factories import at, make_equipment

pytestmark = pytest.mark.django_db

NOW = at("2031-03-01", 8)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture(autouse=True)
def _clock(monkeypatch):
    monkeypatch.setattr("qiao.lab.clock.now", lambda: NOW)


@pytest.fixture
def microscope(organisation, operator, org_admin):
    return make_equipment(organisation=organisation, by=operator, requires_training=True)


def _titles(user, language="en"):
    return [n.title_in(language) for n in user.notifications.order_by("pk")]


def test_a_member_asks_to_be_trained_and_the_manager_answers(
    client_of, django_capture_on_commit_callbacks, microscope, org_admin, other_member, outsider
):
    member, manager = client_of(other_member), client_of(org_admin)
    page = member.get(f"/lab/equipment/{microscope.pk}/")
    assert b'data-testid="training-request-form"' in page.content
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(2):  # asking twice is one request
            member.post(f"/lab/equipment/{microscope.pk}/training/request/", {"note": "博士生"})
    request = TrainingRequest.objects.get()
    assert request.status == "open" and request.note == "博士生"
    assert _titles(org_admin) == [
        f"{other_member.get_short_name()} asks to be trained on Confocal laser scanning microscope"
    ]
    assert (
        b'data-testid="training-requested"'
        in member.get(f"/lab/equipment/{microscope.pk}/").content
    )

    # Nobody but the instrument's manager may answer; a decline needs a reason.
    answer = f"/lab/training-requests/{request.pk}/"
    assert client_of(outsider).post(answer + "grant/", {}).status_code == 404
    assert client_of(other_member).post(answer + "grant/", {}).status_code == 404
    queue = manager.get("/lab/training-requests/")
    assert f'data-testid="training-request-{request.pk}"'.encode() in queue.content
    manager.post(answer + "decline/", {f"decline-{request.pk}-reason": ""})
    request.refresh_from_db()
    assert request.status == "open"
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(
            answer + "grant/",
            {f"grant-{request.pk}-trained_on": "2031-02-28", f"grant-{request.pk}-valid_until": "2031-12-31"},
        )  # fmt: skip
    request.refresh_from_db()
    record = TrainingRecord.objects.get(equipment=microscope, user=other_member)
    assert request.status == "granted" and record.valid_until == datetime.date(2031, 12, 31)
    assert _titles(other_member)[-1] == (
        "You are trained on Confocal laser scanning microscope and may book it"
    )
    # Trained: asking again is refused in words.
    response = member.post(
        f"/lab/equipment/{microscope.pk}/training/request/", follow=True, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "already trained" in response.content.decode()

    # Revocation: with a reason, kept in the record, told to the person, booking refused.
    trainings = f"/lab/equipment/{microscope.pk}/trainings/"
    assert client_of(other_member).get(trainings).status_code == 404
    manager.post(f"{trainings}{record.pk}/revoke/", {f"revoke-{record.pk}-reason": ""})
    record.refresh_from_db()
    assert record.revoked_at is None
    with django_capture_on_commit_callbacks(execute=True):
        manager.post(f"{trainings}{record.pk}/revoke/", {f"revoke-{record.pk}-reason": "违规操作"})
    record.refresh_from_db()
    assert record.revoked_at == NOW and record.revoked_by == org_admin
    assert not selectors.has_valid_training(
        user=other_member, equipment=microscope, day=datetime.date(2031, 3, 2)
    )
    assert _titles(other_member, "zh-hans")[-1].endswith("违规操作")
    assert (
        "revoked on 2031-03-01"
        in manager.get(trainings, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )
    note = list_audit_entries(microscope).last().note
    assert "违规操作" in note

    # Granting a new request lifts the revocation; an expired record shows as expired.
    again = services.request_training(equipment=microscope, user=other_member)
    services.grant_training_request(
        training_request=again, decided_by=org_admin, trained_on=datetime.date(2030, 1, 1),
        valid_until=datetime.date(2030, 12, 31),
    )  # fmt: skip
    record.refresh_from_db()
    assert record.revoked_at is None and record.valid_until == datetime.date(2030, 12, 31)
    assert ">expired<" in manager.get(trainings, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    # Removal (a record entered by mistake) is audited on the instrument.
    manager.post(f"{trainings}{record.pk}/remove/")
    assert not TrainingRecord.objects.exists()
    assert list_audit_entries(microscope).last().changes["trainings"][1] == ""


def test_a_declined_request_tells_why_and_an_open_one_can_be_withdrawn(
    client_of, django_capture_on_commit_callbacks, microscope, org_admin, other_member
):
    first = services.request_training(equipment=microscope, user=other_member)
    with django_capture_on_commit_callbacks(execute=True):
        services.decline_training_request(
            training_request=first, decided_by=org_admin, reason="请先完成安全培训"
        )
    assert _titles(other_member)[-1] == (
        "Your request for training on Confocal laser scanning microscope was declined: 请先完成安全培训"
    )
    second = services.request_training(equipment=microscope, user=other_member)
    assert second.pk != first.pk
    client_of(other_member).post(f"/lab/training-requests/{second.pk}/withdraw/")
    second.refresh_from_db()
    assert second.status == "withdrawn"
    mine = client_of(other_member).get("/lab/training-requests/").content.decode()
    assert "请先完成安全培训" in mine


def test_the_manager_removes_a_photo(
    client_of, microscope, org_admin, other_member, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    photo = services.add_equipment_photo(
        equipment=microscope,
        upload=SimpleUploadedFile("镜头.png", PNG, content_type="image/png"),
        uploaded_by=org_admin,
    )
    url = f"/lab/equipment/{microscope.pk}/photos/{photo.pk}/remove/"
    page = client_of(org_admin).get(f"/lab/equipment/{microscope.pk}/")
    assert url.encode() in page.content
    assert (
        url.encode() not in client_of(other_member).get(f"/lab/equipment/{microscope.pk}/").content
    )
    assert client_of(other_member).post(url).status_code == 404
    assert client_of(org_admin).post(url).status_code == 302
    assert not EquipmentPhoto.objects.exists()
    assert list_audit_entries(microscope).last().changes["photos"][1] == ""


def test_a_closure_over_bookings_lists_them_and_cancels_them_as_it_saves(
    client_of, django_capture_on_commit_callbacks, organisation, operator, org_admin,
    other_member, other_organisation,
):  # fmt: skip
    centrifuge = make_equipment(organisation=organisation, by=operator, name_zh="离心机")
    booking = services.book_equipment(
        equipment=centrifuge, booked_by=other_member, organisation=other_organisation,
        starts_at=at("2031-03-10", 9), units=1, now=NOW,
    )  # fmt: skip
    manager = client_of(org_admin)
    form = {
        "starts_on": "2031-03-10",
        "ends_on": "2031-03-11",
        "reason": "设备年检",
        "whole_lab": "on",
    }
    url = f"/lab/equipment/{centrifuge.pk}/closures/"
    shown = manager.post(url, form)
    assert shown.status_code == 200 and b'data-testid="closure-confirm"' in shown.content
    assert f'name="booking" value="{booking.pk}"'.encode() in shown.content
    assert not Closure.objects.exists()

    # A booking made after the page was shown refuses the whole step: nothing is cancelled.
    late = services.book_equipment(
        equipment=centrifuge, booked_by=other_member, organisation=other_organisation,
        starts_at=at("2031-03-11", 14), units=1, now=NOW,
    )  # fmt: skip
    confirm = {**form, "confirm": "cancel", "booking": [booking.pk]}
    manager.post(url, confirm)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and not Closure.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        manager.post(url, {**confirm, "booking": [booking.pk, late.pk]})
    closure = Closure.objects.get()
    assert (closure.starts_on, closure.equipment_id) == (datetime.date(2031, 3, 10), None)
    for item in (booking, late):
        item.refresh_from_db()
        assert item.status == Booking.Status.CANCELLED and item.fee == 0
    told = _titles(other_member, "zh-hans")
    assert len(told) == 2 and all("设备年检" in t for t in told)
    assert "the lab is closed that day (设备年检)" in _titles(other_member)[0]
