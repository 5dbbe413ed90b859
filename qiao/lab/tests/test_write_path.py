"""The lab on the one write path: rules, named fields, versions, audit, effects, history."""

import datetime
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.utils import timezone, translation

from qiao.core import effects
from qiao.core.audit import describe_entry, list_audit_entries
from qiao.core.errors import Conflict
from qiao.directory.models import Membership
from qiao.directory.tests.factories import make_member
from qiao.lab import selectors, services
from qiao.lab.forms import EquipmentForm
from qiao.lab.models import Booking, Equipment, FeedToken, Voucher
from qiao.lab.tests.factories import at, make_equipment, next_monday

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def microscope(organisation, operator):
    return make_equipment(organisation=organisation, by=operator)


@pytest.fixture
def second_admin(organisation):
    return make_member(organisation, role=Membership.Role.ADMIN)


def actions(instance) -> list[str]:
    return [entry.action for entry in list_audit_entries(instance)]


def form_data(equipment, user, **changes) -> dict:
    """What the edit page posts back when ``user`` saves it with ``changes``."""
    form = EquipmentForm(instance=equipment, user=user)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        data[name] = "on" if value is True else str(value)
    data.update(changes)
    return data


# --- Rules ---------------------------------------------------------------------------------


def test_a_member_who_manages_nothing_may_not_change_an_instrument(microscope, member):
    with pytest.raises(PermissionDenied):
        services.update_equipment(equipment=microscope, updated_by=member, location="别处")
    with pytest.raises(PermissionDenied):
        services.change_equipment_status(equipment=microscope, status="retired", changed_by=member)

    microscope.refresh_from_db()
    assert (microscope.location, microscope.status) == ("3号楼 402室", "available")


def test_an_admin_cannot_move_an_instrument_to_an_organisation_they_do_not_run(
    microscope, org_admin, other_organisation
):
    with pytest.raises(PermissionDenied):
        services.update_equipment(
            equipment=microscope, updated_by=org_admin, organisation=other_organisation
        )

    microscope.refresh_from_db()
    assert microscope.organisation_id != other_organisation.pk


def test_the_status_cannot_be_slipped_into_a_description_change(microscope, org_admin):
    with pytest.raises(TypeError, match="status"):
        services.update_equipment(equipment=microscope, updated_by=org_admin, status="retired")

    microscope.refresh_from_db()
    assert microscope.status == Equipment.Status.AVAILABLE


def test_a_member_books_only_for_their_own_organisation(microscope, other_member, organisation):
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.book_equipment(
            equipment=microscope,
            booked_by=other_member,
            organisation=organisation,
            starts_at=at(next_monday(), 10),
            units=1,
        )

    assert "organisation you belong to" in str(refused.value)
    assert not Booking.objects.exists()


def test_only_the_booker_takes_an_offered_slot(microscope, member, other_member, organisation):
    booking = Booking.objects.create(
        equipment=microscope,
        booked_by=member,
        organisation=organisation,
        customer_type="own",
        unit_rate=Decimal("100"),
        starts_at=at(next_monday(), 10),
        ends_at=at(next_monday(), 11),
        status=Booking.Status.OFFERED,
    )

    with pytest.raises(PermissionDenied):
        services.accept_offer(booking=booking, accepted_by=other_member)


# --- Audit of every write ------------------------------------------------------------------


def test_a_booking_s_life_is_one_trail_of_sentences(microscope, member, org_admin, organisation):
    """Requested, waitlisted, offered, taken, approved, used: each step has its entry."""
    microscope = services.update_equipment(
        equipment=microscope, updated_by=org_admin, requires_approval=True
    )
    start = at(next_monday(), 10)
    first = services.book_equipment(
        equipment=microscope, booked_by=org_admin, organisation=organisation,
        starts_at=start, units=1,
    )  # fmt: skip
    waiting = services.book_equipment(
        equipment=microscope, booked_by=member, organisation=organisation,
        starts_at=start, units=1, join_waitlist=True,
    )  # fmt: skip
    services.cancel_booking(booking=first, cancelled_by=org_admin)
    services.accept_offer(booking=waiting, accepted_by=member)
    services.decide_booking(booking=waiting, decided_by=org_admin, approve=True, note="好")
    services.record_usage(
        booking=waiting, minutes=45, recorded_by=org_admin, now=start + datetime.timedelta(hours=2)
    )

    assert actions(first) == ["created", "changed"]
    statuses = [
        entry.changes.get("status") for entry in list_audit_entries(waiting) if entry.changes
    ]
    assert statuses == [
        ["waitlisted", "offered"],
        ["offered", "pending"],
        ["pending", "confirmed"],
        ["confirmed", "completed"],
    ]
    with translation.override("zh-hans"):
        page = "\n".join(
            sentence for entry in list_audit_entries(waiting) for sentence in describe_entry(entry)
        )
        offered, pending = str(Booking.Status.OFFERED.label), str(Booking.Status.PENDING.label)
    assert f"将状态从“{offered}”改为“{pending}”" in page
    assert "waitlisted" not in page and "pending" not in page


def test_an_offer_nobody_took_is_expired_by_the_system_in_the_trail(
    microscope, member, organisation
):
    booking = Booking.objects.create(
        equipment=microscope, booked_by=member, organisation=organisation, customer_type="own",
        unit_rate=Decimal("100"), starts_at=at(next_monday(), 10), ends_at=at(next_monday(), 11),
        status=Booking.Status.OFFERED, offer_expires_at=timezone.now() - datetime.timedelta(hours=1),
    )  # fmt: skip

    assert services.expire_offers() == 1

    entry = list_audit_entries(booking).last()
    assert entry.actor is None
    assert entry.changes == {"status": ["offered", "cancelled"]}


def test_no_show_photos_windows_training_and_feed_tokens_are_audited(
    microscope, org_admin, member, organisation
):
    start = at(next_monday(), 10)
    booking = services.book_equipment(
        equipment=microscope, booked_by=member, organisation=organisation, starts_at=start, units=2
    )
    services.mark_no_show(booking=booking, marked_by=org_admin, now=start + datetime.timedelta(1))
    assert list_audit_entries(booking).last().changes["status"] == ["confirmed", "no_show"]

    photo = services.add_equipment_photo(
        equipment=microscope,
        upload=SimpleUploadedFile("镜头.png", PNG, content_type="image/png"),
        uploaded_by=org_admin,
    )
    services.remove_equipment_photo(photo=photo, removed_by=org_admin)
    window = services.add_maintenance_window(
        equipment=microscope, starts_at=at(next_monday(2), 8), ends_at=at(next_monday(2), 12),
        reason="校准", created_by=org_admin,
    )  # fmt: skip
    services.remove_maintenance_window(window=window, removed_by=org_admin)
    services.record_training(
        equipment=microscope,
        user=member,
        trained_on=datetime.date(2026, 1, 5),
        trained_by=org_admin,
    )

    trail = [(e.action, sorted(e.changes)) for e in list_audit_entries(microscope)]
    assert trail[-5:] == [
        ("added", ["photos"]),
        ("removed", ["photos"]),
        ("added", ["maintenance_windows"]),
        ("removed", ["maintenance_windows"]),
        ("added", ["trainings"]),
    ]
    assert list_audit_entries(microscope).filter(changes__photos=["镜头.png", ""]).exists()

    token = services.create_feed_token(user=member)
    assert services.create_feed_token(user=member) == token
    assert actions(token) == ["created"]


def test_a_voucher_s_grant_and_each_debit_are_in_its_trail(operator, organisation, member):
    voucher = services.grant_voucher(
        organisation=organisation, granted_by=operator, amount=Decimal("500"), issuer="科委",
        number="JD-1", share_percent=50, valid_from=datetime.date(2026, 1, 1),
        valid_until=datetime.date(2026, 12, 31),
    )  # fmt: skip

    services.spend_voucher(voucher=voucher, amount=Decimal("120.50"), by=operator)

    assert actions(voucher) == ["created", "changed"]
    assert list_audit_entries(voucher).last().changes == {"balance": ["500.00", "379.50"]}
    assert Voucher.objects.get(pk=voucher.pk).balance == Decimal("379.50")


def test_a_member_cannot_grant_or_spend_a_voucher(member, organisation):
    with pytest.raises(PermissionDenied):
        services.grant_voucher(
            organisation=organisation, granted_by=member, amount=Decimal("1"), issuer="x",
            number="X", share_percent=1, valid_from=datetime.date(2026, 1, 1),
            valid_until=datetime.date(2026, 1, 2),
        )  # fmt: skip


def test_the_bookings_page_creates_a_feed_token_through_the_service(client_of, member):
    response = client_of(member).get("/lab/bookings/", {"feed": "new"})

    token = FeedToken.objects.get(user=member)
    assert token.token in response.content.decode()
    assert actions(token) == ["created"]


# --- Versions: the form, the API, two threads -------------------------------------------


def test_two_managers_save_the_same_instrument_and_the_second_gets_409(
    client_of, microscope, org_admin, second_admin
):
    first = form_data(microscope, org_admin, location="5号楼 101室")
    second = form_data(microscope, second_admin, location="6号楼 202室")

    saved = client_of(second_admin).post(f"/lab/equipment/{microscope.pk}/edit/", first)
    assert saved.status_code == 302
    with translation.override("zh-hans"):
        late = client_of(org_admin).post(
            f"/lab/equipment/{microscope.pk}/edit/", second, HTTP_ACCEPT_LANGUAGE="zh-hans"
        )

    assert late.status_code == 409
    page = late.content.decode()
    with translation.override("zh-hans"):
        assert Conflict().message in page
    assert "5号楼 101室" in page  # the other person's change, in words
    microscope.refresh_from_db()
    assert microscope.location == "5号楼 101室"  # nothing overwritten
    assert microscope.version == 4  # listed (2), linked to its offer (3), the first save (4)


def test_a_stale_patch_is_409_and_a_current_one_answers_with_its_etag(
    client_of, microscope, org_admin, second_admin
):
    got = client_of(org_admin).get(f"/api/lab/equipment/{microscope.pk}")
    etag = got["ETag"]
    assert etag == f'"{microscope.version}"'

    ok = client_of(second_admin).patch(
        f"/api/lab/equipment/{microscope.pk}",
        {"location": "5号楼 101室"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
    )
    stale = client_of(org_admin).patch(
        f"/api/lab/equipment/{microscope.pk}",
        {"location": "6号楼 202室"},
        content_type="application/json",
        HTTP_IF_MATCH=etag,
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )

    assert ok.status_code == 200 and ok["ETag"] == f'"{microscope.version + 1}"'
    assert stale.status_code == 409
    body = stale.json()
    assert body["version"] == microscope.version + 1
    assert any("5号楼 101室" in sentence for sentence in body["errors"]["__all__"])
    microscope.refresh_from_db()
    assert microscope.location == "5号楼 101室"


def test_a_patch_is_for_lab_managers_only(client_of, microscope, member):
    response = client_of(member).patch(
        f"/api/lab/equipment/{microscope.pk}",
        {"location": "别处"},
        content_type="application/json",
    )

    assert response.status_code == 404


@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_saves_of_an_instrument_exactly_one_wins(microscope, org_admin):
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("in-memory SQLite is one connection; PostgreSQL runs this")
    results = []
    barrier = threading.Barrier(2)

    def save(location):
        from django.db import connections

        try:
            mine = Equipment.objects.get(pk=microscope.pk)
            barrier.wait()
            services.update_equipment(
                equipment=mine, updated_by=org_admin, version=mine.version, location=location
            )
            results.append("saved")
        except Conflict:
            results.append("conflict")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(n,)) for n in ("甲楼", "乙楼")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["conflict", "saved"]
    microscope.refresh_from_db()
    assert microscope.version == 4  # created, listed, linked to its offer (3), one save


# --- Effects, the offer, search -----------------------------------------------------------


def test_equipment_changed_runs_after_commit_and_the_offer_follows(
    microscope, org_admin, django_capture_on_commit_callbacks
):
    heard = []
    handler = effects.subscribe("equipment_changed", lambda **payload: heard.append(payload))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.update_equipment(
                equipment=microscope, updated_by=org_admin, name_zh="超分辨显微镜"
            )
            assert heard == []  # not before the commit
    finally:
        effects._handlers["equipment_changed"].remove(handler)

    assert heard == [{"equipment_id": microscope.pk}]
    microscope.refresh_from_db()
    assert microscope.listing.title_zh == "超分辨显微镜"


def test_a_renamed_instrument_is_found_by_its_new_name(microscope, org_admin, operator):
    services.update_equipment(equipment=microscope, updated_by=org_admin, name_zh="超分辨显微镜")

    found = selectors.search_equipment(
        viewer=operator, filters=selectors.EquipmentFilter(q="超分辨")
    )

    assert list(found) == [microscope]


# --- History where managers look ----------------------------------------------------------


def test_lab_managers_read_the_instrument_s_history_as_sentences(
    client_of, microscope, org_admin, member
):
    services.update_equipment(equipment=microscope, updated_by=org_admin, location="5号楼 101室")

    with translation.override("zh-hans"):
        page = client_of(org_admin).get(f"/lab/equipment/{microscope.pk}/").content.decode()
        location = str(Equipment._meta.get_field("location").verbose_name)
    members_page = client_of(member).get(f"/lab/equipment/{microscope.pk}/").content.decode()

    assert 'data-testid="audit-trail"' in page
    assert f"将{location}从“3号楼 402室”改为“5号楼 101室”" in page
    assert 'data-testid="audit-trail"' not in members_page


def test_a_lab_manager_reads_a_booking_s_history_and_the_booker_does_not(
    client_of, microscope, org_admin, member, organisation
):
    booking = services.book_equipment(
        equipment=microscope, booked_by=member, organisation=organisation,
        starts_at=at(next_monday(), 10), units=1,
    )  # fmt: skip
    services.cancel_booking(booking=booking, cancelled_by=org_admin)

    with translation.override("zh-hans"):
        page = client_of(org_admin).get(f"/lab/bookings/{booking.pk}/").content.decode()
        confirmed = str(Booking.Status.CONFIRMED.label)
        cancelled = str(Booking.Status.CANCELLED.label)
    bookers_page = client_of(member).get(f"/lab/bookings/{booking.pk}/").content.decode()

    assert f"将状态从“{confirmed}”改为“{cancelled}”" in page
    assert 'data-testid="audit-trail"' not in bookers_page
