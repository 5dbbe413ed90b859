"""Services of events on the real database: rules, capacity, quotas, planning, introductions."""

from datetime import date, time

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.events import services
from qiao.events.models import (
    Event,
    Meeting,
    MeetingRequest,
    MeetingSlot,
    ParticipantProfile,
    Registration,
)
from qiao.events.tests.factories import approved, make_event, make_participant
from qiao.events.tests.helpers import BUDGET
from qiao.pipeline.models import Introduction

pytestmark = pytest.mark.django_db


def test_slots_come_from_days_times_and_rules(operator, organisation):
    event = make_event(
        organiser_user=operator,
        organiser=organisation,
        starts_on=date(2026, 12, 3),
        ends_on=date(2026, 12, 4),
    )
    slots = list(MeetingSlot.objects.filter(event=event).order_by("starts_at"))
    # 14:00–16:00 with 20-minute meetings 10 minutes apart: 14:00, 14:30, 15:00, 15:30; two days.
    assert len(slots) == 8
    local = [s.starts_at.astimezone().strftime("%m-%d %H:%M") for s in slots]
    assert local[:4] == ["12-03 14:00", "12-03 14:30", "12-03 15:00", "12-03 15:30"]
    assert local[4] == "12-04 14:00"
    assert {s.tables for s in slots} == {2}
    assert {s.minutes for s in slots} == {20}


def test_only_organisers_create_events(member, organisation, org_admin):
    with pytest.raises(PermissionDenied):
        make_event(organiser_user=member, organiser=organisation)
    assert make_event(organiser_user=org_admin, organiser=organisation).organiser == organisation
    assert Event.objects.count() == 1


def test_event_ending_before_it_starts_is_refused_in_the_users_language(operator, organisation):
    with translation.override("zh-hans"), pytest.raises(ValidationError) as error:
        services.create_event(
            created_by=operator,
            organiser=organisation,
            kind=Event.Kind.FORUM,
            title_zh="论坛",
            starts_on=date(2026, 12, 3),
            ends_on=date(2026, 12, 2),
        )
    assert "最后一天不能早于第一天" in str(error.value)
    assert not Event.objects.exists()


def test_registration_needs_a_published_open_event(operator, organisation, other_organisation):
    draft = make_event(organiser_user=operator, organiser=organisation, published=False)
    user = make_member(other_organisation)
    with pytest.raises(ValidationError):
        services.register(event=draft, user=user, organisation=other_organisation)
    with pytest.raises(PermissionDenied):
        # Not a member of that organisation.
        services.register(event=draft, user=user, organisation=organisation)
    assert not Registration.objects.exists()


def test_registering_twice_is_refused_but_after_cancelling_allowed(event, other_organisation):
    user = make_member(other_organisation)
    first = services.register(event=event, user=user, organisation=other_organisation)
    with pytest.raises(ValidationError):
        services.register(event=event, user=user, organisation=other_organisation)
    services.cancel_registration(registration=first, cancelled_by=user)
    again = services.register(event=event, user=user, organisation=other_organisation)
    assert again.pk == first.pk and again.status == Registration.Status.PENDING


def test_capacity_is_kept_and_a_refused_approval_leaves_nothing(event, operator):
    services.update_event(event=event, updated_by=operator, capacity=2)
    regs = [make_participant(event) for _ in range(3)]
    services.approve_registration(registration=regs[0], approved_by=operator)
    services.approve_registration(registration=regs[1], approved_by=operator)
    with translation.override("en"), pytest.raises(ValidationError, match="The event is full"):
        services.approve_registration(registration=regs[2], approved_by=operator)
    regs[2].refresh_from_db()
    event.refresh_from_db()
    assert regs[2].status == Registration.Status.PENDING  # rolled back, not half-approved
    assert event.approved_count == 2
    # A place freed by a cancellation can be given again.
    services.cancel_registration(registration=regs[0], cancelled_by=operator)
    services.approve_registration(registration=regs[2], approved_by=operator)
    event.refresh_from_db()
    assert event.approved_count == 2


def test_approving_twice_counts_once(event, operator):
    registration = make_participant(event)
    services.approve_registration(registration=registration, approved_by=operator)
    with pytest.raises(ValidationError):
        services.approve_registration(registration=registration, approved_by=operator)
    event.refresh_from_db()
    assert event.approved_count == 1


def test_members_cannot_approve_and_declining_needs_a_reason(event, operator, member):
    registration = make_participant(event)
    with pytest.raises(PermissionDenied):
        services.approve_registration(registration=registration, approved_by=member)
    with pytest.raises(ValidationError):
        services.decline_registration(registration=registration, declined_by=operator, reason=" ")
    services.decline_registration(registration=registration, declined_by=operator, reason="满员")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.DECLINED
    assert registration.decline_reason == "满员"


def test_request_accept_and_decline_with_reason(event, operator):
    a, b, c = approved(event, 3, approve_by=operator)
    request = services.send_request(sender=a, recipient=b, sent_by=a.user, message="想聊聊合作")
    with pytest.raises(PermissionDenied):
        services.answer_request(request=request, answered_by=a.user, accept=True)
    services.answer_request(request=request, answered_by=b.user, accept=True)
    assert MeetingRequest.objects.get(pk=request.pk).status == "accepted"
    other = services.send_request(sender=a, recipient=c, sent_by=a.user)
    with pytest.raises(ValidationError):
        services.answer_request(request=other, answered_by=c.user, accept=False, reason="")
    services.answer_request(request=other, answered_by=c.user, accept=False, reason="方向不符")
    other.refresh_from_db()
    assert (other.status, other.reason) == ("declined", "方向不符")
    with pytest.raises(ValidationError):
        services.answer_request(request=other, answered_by=c.user, accept=True)


def test_request_rules_duplicates_colleagues_and_unapproved(event, operator):
    a, b = approved(event, 2, approve_by=operator)
    services.send_request(sender=a, recipient=b, sent_by=a.user)
    with translation.override("en"), pytest.raises(ValidationError, match="already open"):
        services.send_request(sender=b, recipient=a, sent_by=b.user)
    colleague = make_participant(event, organisation=a.organisation, approve_by=operator)
    with pytest.raises(ValidationError):
        services.send_request(sender=colleague, recipient=a, sent_by=colleague.user)
    pending = make_participant(event)
    with pytest.raises(ValidationError):
        services.send_request(sender=a, recipient=pending, sent_by=a.user)
    with pytest.raises(PermissionDenied):
        services.send_request(sender=a, recipient=colleague, sent_by=b.user)
    assert MeetingRequest.objects.count() == 1


def test_quota_and_who_may_meet_whom_per_participant_type(event, operator):
    buyer = services.add_participant_type(
        event=event, added_by=operator, name_zh="医院", name_en="Hospital", request_quota=2
    )
    supplier = services.add_participant_type(
        event=event,
        added_by=operator,
        name_zh="企业",
        name_en="Company",
        request_quota=5,
        may_meet=[buyer],
    )
    # Rules are directed: the hospital asks companies only under its own rule.
    services.update_participant_type(
        participant_type=buyer, updated_by=operator, may_meet=[supplier]
    )
    hospital = make_participant(event, approve_by=operator, participant_type=buyer)
    companies = [
        make_participant(event, approve_by=operator, participant_type=supplier) for _ in range(3)
    ]
    # Companies may ask hospitals, not one another.
    with translation.override("en"), pytest.raises(ValidationError, match="may not ask"):
        services.send_request(
            sender=companies[0], recipient=companies[1], sent_by=companies[0].user
        )
    services.send_request(sender=companies[0], recipient=hospital, sent_by=companies[0].user)
    # The hospital has a quota of 2; a declined request still counts.
    first = services.send_request(sender=hospital, recipient=companies[1], sent_by=hospital.user)
    services.answer_request(request=first, answered_by=companies[1].user, accept=False, reason="x")
    services.send_request(sender=hospital, recipient=companies[2], sent_by=hospital.user)
    services.cancel_request(
        request=MeetingRequest.objects.get(recipient=companies[2]), cancelled_by=hospital.user
    )
    # Cancelled ones don't: one place is back.
    with translation.override("zh-hans"):
        services.send_request(sender=hospital, recipient=companies[2], sent_by=hospital.user)
        with pytest.raises(ValidationError, match="2"):
            services.send_request(sender=hospital, recipient=companies[1], sent_by=hospital.user)


def _accepted(sender, recipient, priority=2):
    request = services.send_request(
        sender=sender, recipient=recipient, sent_by=sender.user, priority=priority
    )
    return services.answer_request(request=request, answered_by=recipient.user, accept=True)


def test_planning_stores_feasible_meetings(event, operator):
    people = approved(event, 4, approve_by=operator)
    a, b, c, d = people
    requests = [_accepted(a, b), _accepted(a, c), _accepted(a, d), _accepted(b, c), _accepted(c, d)]
    slot = MeetingSlot.objects.filter(event=event).order_by("starts_at").first()
    services.set_unavailable(registration=d, set_by=d.user, slots=[slot])
    stats = services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    meetings = list(Meeting.objects.filter(event=event).select_related("request"))
    assert stats["meetings"] == len(meetings) == len(requests)
    seen = set()
    for m in meetings:
        for who in (m.request.sender_id, m.request.recipient_id):
            assert (who, m.slot_id) not in seen  # nobody twice in a slot
            seen.add((who, m.slot_id))
        assert 1 <= m.table <= 2
        if d.pk in (m.request.sender_id, m.request.recipient_id):
            assert m.slot_id != slot.pk


def test_meeting_cap_is_respected(event, operator):
    event.rules.max_meetings = 1
    event.rules.save()
    a, b, c = approved(event, 3, approve_by=operator)
    _accepted(a, b, priority=1)
    _accepted(a, c, priority=3)
    stats = services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    meeting = Meeting.objects.get(event=event)
    assert stats["meetings"] == 1
    assert meeting.request.recipient_id == c.pk  # the higher priority one


def test_replanning_keeps_announced_meetings_unless_moves_allowed(event, operator):
    a, b, c, d = approved(event, 4, approve_by=operator)
    _accepted(a, b)
    services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    assert services.announce_meetings(event=event, announced_by=operator) == 1
    first = Meeting.objects.get(event=event)
    # More requests arrive, two of them involving a.
    _accepted(a, c, priority=3)
    _accepted(c, d)
    services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    kept = Meeting.objects.get(request=first.request)
    assert (kept.slot_id, kept.table, kept.announced) == (first.slot_id, first.table, True)
    assert Meeting.objects.filter(event=event).count() == 3
    assert Meeting.objects.filter(event=event, announced=False).count() == 2


def test_announced_meeting_no_longer_possible_is_a_clear_error(event, operator):
    a, b = approved(event, 2, approve_by=operator)
    _accepted(a, b)
    services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    services.announce_meetings(event=event, announced_by=operator)
    meeting = Meeting.objects.get(event=event)
    services.set_unavailable(registration=a, set_by=a.user, slots=[meeting.slot])
    with translation.override("en"), pytest.raises(ValidationError, match="cannot be planned"):
        services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    assert Meeting.objects.get(event=event).pk == meeting.pk  # nothing changed
    # Allowing moves lets the organiser re-plan: the meeting moves to another slot.
    services.update_rules(event=event, updated_by=operator, allow_moves=True)
    services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    moved = Meeting.objects.get(event=event)
    assert moved.slot_id != meeting.slot_id and moved.announced


def test_cancelled_request_frees_its_meeting(event, operator):
    a, b = approved(event, 2, approve_by=operator)
    request = _accepted(a, b)
    services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    services.cancel_request(request=request, cancelled_by=b.user, reason="行程冲突")
    assert not Meeting.objects.filter(event=event).exists()


def test_planning_needs_slots_and_an_organiser(operator, organisation, member):
    event = make_event(organiser_user=operator, organiser=organisation)
    MeetingSlot.objects.filter(event=event).delete()
    with pytest.raises(PermissionDenied):
        services.plan_meetings(event=event, planned_by=member)
    with pytest.raises(ValidationError):
        services.plan_meetings(event=event, planned_by=operator)


def test_held_meetings_become_introductions_once(event, operator):
    a, b, c = approved(event, 3, approve_by=operator)
    _accepted(a, b)
    _accepted(a, c)
    services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    held, missed = Meeting.objects.filter(event=event).order_by("pk")
    services.mark_meeting(meeting=held, marked_by=operator, status=Meeting.Status.HELD)
    services.mark_meeting(meeting=missed, marked_by=operator, status=Meeting.Status.NO_SHOW)
    assert services.introduce_held_meetings(event=event, introduced_by=operator) == 1
    assert services.introduce_held_meetings(event=event, introduced_by=operator) == 0
    introduction = Introduction.objects.get()
    held.refresh_from_db()
    assert held.introduction == introduction
    assert introduction.status == Introduction.Status.MEETING_HELD
    assert introduction.broker == operator
    assert {introduction.requesting_organisation_id, introduction.receiving_organisation_id} == {
        held.request.sender.organisation_id,
        held.request.recipient.organisation_id,
    }
    # Once marked, the plan is final.
    with pytest.raises(ValidationError):
        services.plan_meetings(event=event, planned_by=operator)


def test_org_admin_of_another_organisation_is_no_organiser(event, other_organisation):
    stranger = make_member(other_organisation, role=Membership.Role.ADMIN)
    with pytest.raises(PermissionDenied):
        services.generate_slots(event=event, generated_by=stranger)
    with pytest.raises(PermissionDenied):
        services.update_rules(event=event, updated_by=UserFactory(), tables=3)


def test_profile_is_reused_across_events(operator, organisation):
    first = make_event(organiser_user=operator, organiser=organisation)
    second = make_event(organiser_user=operator, organiser=organisation, title_zh="第二场")
    org = OrganisationFactory()
    user = make_member(org)
    services.save_profile(user=user, headline="注册总监", seeking="CRO 合作", offering="渠道")
    for event in (first, second):
        services.register(event=event, user=user, organisation=org)
    profiles = {r.user.participant_profile.pk for r in Registration.objects.filter(user=user)}
    assert len(profiles) == 1
    services.save_profile(user=user, seeking="临床试验机构")
    assert ParticipantProfile.objects.get(user=user).seeking == "临床试验机构"


def test_rules_refuse_a_day_ending_before_it_starts(event, operator):
    with pytest.raises(ValidationError):
        services.update_rules(
            event=event, updated_by=operator, day_starts_at=time(16, 0), day_ends_at=time(9, 0)
        )
    event.rules.refresh_from_db()
    assert event.rules.day_starts_at == time(14, 0)
