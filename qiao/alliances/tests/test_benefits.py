"""Tier benefits enforced where events and lab compute them: more meeting requests and
registrations approved at once at the alliance's events, a discount on the alliance's (and
its members') instruments; nothing for non-members, lapsed members, or at providers outside
the alliance."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from qiao.alliances.benefits import Benefits, benefits_for
from qiao.alliances.tests.factories import make_active, make_alliance, make_tier
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.events import services as event_services
from qiao.events.models import Registration
from qiao.events.tests.factories import make_event, make_participant
from qiao.lab import services as lab_services
from qiao.lab.tests.factories import at, make_equipment, next_monday

pytestmark = pytest.mark.django_db


def test_benefits_apply_within_the_alliance_to_paid_up_members_only():
    alliance, secretary = make_alliance()
    council = make_tier(alliance, secretary, event_request_quota=20, lab_discount_percent=30)
    plain = make_tier(alliance, secretary, name_zh="会员单位", annual_fee=Decimal("20000"),
                      lab_discount_percent=10)  # fmt: skip
    member, _boss = make_active(council, secretary)
    lab_member, _ = make_active(plain, secretary)
    outsider = OrganisationFactory()
    got = benefits_for(member.member_id, provider_id=alliance.pk)
    assert got == Benefits(lab_discount_percent=30, event_request_quota=20)
    # at another member's lab: the same tier applies
    assert (
        benefits_for(member.member_id, provider_id=lab_member.member_id).lab_discount_percent == 30
    )
    assert benefits_for(outsider.pk, provider_id=alliance.pk) == Benefits()
    assert benefits_for(member.member_id, provider_id=outsider.pk) == Benefits()
    assert benefits_for(member.member_id, provider_id=member.member_id) == Benefits()
    member.ends_on = timezone.localdate() - datetime.timedelta(days=1)  # expired, not yet lapsed
    member.save(update_fields=["ends_on"])
    assert benefits_for(member.member_id, provider_id=alliance.pk) == Benefits()


def test_lab_rate_is_discounted_for_members_at_the_alliances_instruments():
    alliance, secretary = make_alliance()
    tier = make_tier(alliance, secretary, lab_discount_percent=25)
    membership, boss = make_active(tier, secretary)
    equipment = make_equipment(organisation=alliance, requires_training=False)
    outsider = OrganisationFactory()
    outsider_user = make_member(outsider, role=Membership.Role.MEMBER)
    start = at(next_monday(), 10)
    booked = lab_services.book_equipment(equipment=equipment, booked_by=boss,
                                         organisation=membership.member, starts_at=start, units=1)  # fmt: skip
    other = lab_services.book_equipment(equipment=equipment, booked_by=outsider_user,
                                        organisation=outsider, starts_at=start.replace(hour=14),
                                        units=1)  # fmt: skip
    assert booked.unit_rate == Decimal("150.00")  # 200 member rate, 25 % off
    assert other.unit_rate == Decimal("200.00")


def test_a_tier_raises_the_meeting_request_quota_at_the_alliances_events():
    alliance, secretary = make_alliance()
    tier = make_tier(alliance, secretary, event_request_quota=3)
    membership, _boss = make_active(tier, secretary)
    event = make_event(organiser_user=secretary, organiser=alliance)
    kind = event_services.add_participant_type(event=event, added_by=secretary, name_zh="企业",
                                              request_quota=1)  # fmt: skip
    mine = make_participant(event, organisation=membership.member, approve_by=secretary,
                            participant_type=kind)  # fmt: skip
    theirs = make_participant(event, approve_by=secretary, participant_type=kind)
    others = [
        make_participant(event, approve_by=secretary, participant_type=kind) for _ in range(3)
    ]
    for recipient in others:
        event_services.send_request(sender=mine, recipient=recipient, sent_by=mine.user)
    with pytest.raises(ValidationError, match="3"):
        event_services.send_request(sender=mine, recipient=theirs, sent_by=mine.user)
    event_services.send_request(sender=theirs, recipient=others[0], sent_by=theirs.user)
    with pytest.raises(ValidationError, match="1"):  # a non-member keeps the type's quota
        event_services.send_request(sender=theirs, recipient=others[1], sent_by=theirs.user)


def test_a_priority_tier_is_approved_at_once_at_the_alliances_events(
    django_capture_on_commit_callbacks,
):
    alliance, secretary = make_alliance()
    priority = make_tier(alliance, secretary, event_registration="priority")
    plain = make_tier(alliance, secretary, name_zh="会员单位", annual_fee=Decimal("20000"))
    vip, _boss = make_active(priority, secretary)
    ordinary, _ = make_active(plain, secretary)
    event = make_event(organiser_user=secretary, organiser=alliance, capacity=2)
    with django_capture_on_commit_callbacks(execute=True):
        mine = make_participant(event, organisation=vip.member)
    assert mine.status == Registration.Status.APPROVED and mine.decided_by is None
    assert "approved" in mine.user.notifications.latest("id").title_in("en")
    assert make_participant(event, organisation=ordinary.member).status == "pending"
    # through the page, the member is told it is approved
    colleague = make_member(vip.member, role=Membership.Role.MEMBER)
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(colleague)
    page = client.post(f"/events/{event.pk}/register/", {"organisation": vip.member_id},
                       follow=True)  # fmt: skip
    assert "registered and approved" in page.content.decode()
    assert event.registrations.get(user=colleague).status == "approved"
    event.refresh_from_db()
    assert event.approved_count == 2
    assert make_participant(event).status == "pending"  # an outsider
    # at an event outside the alliance, no priority
    host = OrganisationFactory()
    elsewhere = make_event(organiser_user=make_member(host, role=Membership.Role.ADMIN),
                           organiser=host)  # fmt: skip
    assert make_participant(elsewhere, organisation=vip.member).status == "pending"
    # once the event is full, a priority registration waits for the organiser
    assert make_participant(event, organisation=vip.member).status == "pending"
    event.refresh_from_db()
    assert event.approved_count == 2
