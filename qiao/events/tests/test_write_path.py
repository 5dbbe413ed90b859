"""Events write through the core write path: one policy rule per service, every write
audited in its transaction, versions on what people edit, ``event_changed`` after commit,
and the organisers' history in sentences (issue 12: "events 0/26", "each app writes by its
own rules", "silent lost updates")."""

import json
import re
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client

from qiao.core import effects, policy
from qiao.core.audit import AuditEntry, describe_entry
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member
from qiao.events import services
from qiao.events.models import Event, EventRules, Meeting, ParticipantProfile, Registration
from qiao.events.tests.factories import approved, make_event, make_participant
from qiao.tests.formdata import submission

pytestmark = pytest.mark.django_db

CONFLICT_ZH = "您编辑期间，其他人已修改了此内容"


def _zh(user) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(user)
    return client


def _entries() -> int:
    return AuditEntry.objects.count()


def _audited(call) -> int:
    before = _entries()
    call()
    return _entries() - before


@pytest.fixture
def admin(organisation):
    return make_member(organisation, role=Membership.Role.ADMIN)


def test_every_service_of_events_writes_an_audit_entry(operator, organisation):
    """Each of the events' services leaves at least one entry (old main: none did)."""
    counts = {}
    counts["create_event"] = _audited(
        lambda: make_event(organiser_user=operator, organiser=organisation, published=False)
    )
    event = Event.objects.get()
    by = {"event": event}
    counts["change_event_status"] = _audited(
        lambda: services.change_event_status(**by, status="published", changed_by=operator)
    )
    counts["update_event"] = _audited(
        lambda: services.update_event(**by, updated_by=operator, venue_zh="张江")
    )
    counts["update_rules"] = _audited(
        lambda: services.update_rules(**by, updated_by=operator, tables=3)
    )
    counts["generate_slots"] = _audited(
        lambda: services.generate_slots(**by, generated_by=operator)
    )
    counts["add_participant_type"] = _audited(
        lambda: services.add_participant_type(**by, added_by=operator, name_zh="投资人")
    )
    kind = event.participant_types.get()
    counts["add_session"] = _audited(
        lambda: services.add_session(
            **by,
            added_by=operator,
            title_zh="开幕",
            starts_at=event.slots.first().starts_at,
            ends_at=event.slots.last().starts_at,
        )
    )
    counts["add_zone"] = _audited(
        lambda: services.add_zone(**by, added_by=operator, name_zh="体外诊断展区")
    )
    zone = event.zones.get()
    counts["add_exhibitor"] = _audited(
        lambda: services.add_exhibitor(
            zone=zone, added_by=operator, organisation=OrganisationFactory(), booth="A1"
        )
    )
    made = []
    counts["register"] = _audited(
        lambda: made.append(make_participant(event, participant_type=kind))
    )
    (a,) = made
    b = make_participant(event, participant_type=kind)
    counts["approve_registration"] = _audited(
        lambda: services.approve_registration(registration=a, approved_by=operator)
    )
    services.approve_registration(registration=b, approved_by=operator)
    c = make_participant(event, participant_type=kind)
    counts["decline_registration"] = _audited(
        lambda: services.decline_registration(registration=c, declined_by=operator, reason="满员")
    )
    counts["check_in"] = _audited(lambda: services.check_in(registration=a, checked_in_by=operator))
    slot = event.slots.first()
    counts["set_unavailable"] = _audited(
        lambda: services.set_unavailable(registration=a, set_by=a.user, slots=[slot])
    )
    counts["save_profile"] = _audited(lambda: services.save_profile(user=a.user, headline="总监"))
    counts["send_request"] = _audited(
        lambda: made.append(services.send_request(sender=a, recipient=b, sent_by=a.user))
    )
    request = made[-1]
    counts["answer_request"] = _audited(
        lambda: services.answer_request(request=request, answered_by=b.user, accept=True)
    )
    counts["plan_meetings"] = _audited(
        lambda: services.plan_meetings(event=event, planned_by=operator)
    )
    counts["announce_meetings"] = _audited(
        lambda: services.announce_meetings(event=event, announced_by=operator)
    )
    meeting = Meeting.objects.select_related("event").get()
    counts["mark_meeting"] = _audited(
        lambda: services.mark_meeting(meeting=meeting, marked_by=operator, status="held")
    )
    counts["introduce_held_meetings"] = _audited(
        lambda: services.introduce_held_meetings(event=event, introduced_by=operator)
    )
    d = make_participant(event, approve_by=operator, participant_type=kind)
    second = services.send_request(sender=d, recipient=b, sent_by=d.user)
    counts["cancel_request"] = _audited(
        lambda: services.cancel_request(request=second, cancelled_by=d.user)
    )
    counts["cancel_registration"] = _audited(
        lambda: services.cancel_registration(registration=d, cancelled_by=d.user)
    )
    assert len(counts) == 23
    assert {name: n for name, n in counts.items() if n < 1} == {}


def test_every_organiser_service_asks_its_rule_and_refuses_a_stranger(event, other_organisation):
    stranger = make_member(other_organisation, role=Membership.Role.ADMIN)
    refused = [
        lambda: services.update_event(event=event, updated_by=stranger, venue_zh="别处"),
        lambda: services.change_event_status(event=event, status="draft", changed_by=stranger),
        lambda: services.update_rules(event=event, updated_by=stranger, tables=9),
        lambda: services.generate_slots(event=event, generated_by=stranger),
        lambda: services.add_session(event=event, added_by=stranger, title_zh="x"),
        lambda: services.add_zone(event=event, added_by=stranger, name_zh="x"),
        lambda: services.plan_meetings(event=event, planned_by=stranger),
        lambda: services.announce_meetings(event=event, announced_by=stranger),
        lambda: services.introduce_held_meetings(event=event, introduced_by=stranger),
        lambda: services.create_event(
            created_by=stranger, organiser=event.organiser, kind="forum", title_zh="x"
        ),
    ]
    before = _entries()
    for call in refused:
        with pytest.raises(PermissionDenied, match=r"^events\."):
            call()
    assert _entries() == before
    assert {f"events.{n}" for n in ("change_event", "plan_meetings", "save_profile")} <= set(
        policy.rule_names()
    )


def test_services_change_only_the_fields_they_name(event, operator):
    with pytest.raises(TypeError):
        services.update_event(event=event, updated_by=operator, approved_count=99)
    with pytest.raises(TypeError):
        services.update_event(event=event, updated_by=operator, status="draft")
    with pytest.raises(TypeError):
        services.update_rules(event=event, updated_by=operator, event_id=1)
    event.refresh_from_db()
    assert (event.approved_count, event.status) == (0, Event.Status.PUBLISHED)


def test_a_planning_run_is_one_entry_with_its_counts_in_words(event, operator, settings):
    a, b, c = approved(event, 3, approve_by=operator)
    for sender, recipient in ((a, b), (a, c), (b, c)):
        request = services.send_request(sender=sender, recipient=recipient, sent_by=sender.user)
        services.answer_request(request=request, answered_by=recipient.user, accept=True)
    before = _entries()

    stats = services.plan_meetings(event=event, planned_by=operator)

    assert stats["meetings"] == 3
    entries = list(AuditEntry.objects.order_by("pk")[before:])
    assert len(entries) == 1
    assert entries[0].changes == {"meetings": ["", "3"], "unplaced_requests": ["", "0"]}
    settings.LANGUAGE_CODE = "zh-hans"
    from django.utils import translation

    with translation.override("zh-hans"):
        text = " ".join(describe_entry(entries[0]))
    assert "已安排的会谈" in text and "“3”" in text
    assert "meetings" not in text


def test_event_changed_is_emitted_after_commit_only(
    event, operator, django_capture_on_commit_callbacks
):
    seen = []
    handler = effects.subscribe("event_changed", lambda **payload: seen.append(payload))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            services.update_event(event=event, updated_by=operator, capacity=50)
        assert seen == [{"event_id": event.pk}]
        seen.clear()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with pytest.raises(Exception):  # noqa: B017 - the refusal rolls everything back
                services.update_event(
                    event=event, updated_by=operator, ends_on=event.starts_on.replace(year=2000)
                )
        assert seen == [] and not callbacks
    finally:
        effects._handlers["event_changed"].remove(handler)


def test_a_refused_event_change_leaves_neither_the_change_nor_its_entry(event, operator):
    before = _entries()
    with pytest.raises(Exception):  # noqa: B017 - ValidationError, rolled back
        services.update_event(
            event=event, updated_by=operator, venue_zh="新址", ends_on=event.starts_on.replace(2000)
        )
    event.refresh_from_db()
    assert event.venue_zh != "新址" and event.version == 2  # created 1, published 2
    assert _entries() == before


# --- Lost updates: the event form, the rules form, the profile form and the API ----------


def _event_form(client, event):
    page = client.get(f"/events/{event.pk}/manage/")
    assert page.status_code == 200
    return submission(page.content.decode(), having="event-venue_zh")


def test_two_organisers_saving_the_event_form_second_gets_409_in_chinese(event, operator, admin):
    first, second = _zh(operator), _zh(admin)
    mine, theirs = _event_form(first, event), _event_form(second, event)
    mine["event-venue_zh"] = ["张江科学会堂"]
    theirs["event-title_zh"] = ["改了标题"]

    assert first.post(f"/events/{event.pk}/manage/", mine).status_code == 302
    response = second.post(f"/events/{event.pk}/manage/", theirs)

    assert response.status_code == 409
    html = response.content.decode()
    assert CONFLICT_ZH in html
    assert "张江科学会堂" in html and "地点（中文）" in html  # the first change, in words
    event.refresh_from_db()
    assert event.venue_zh == "张江科学会堂" and event.title_zh != "改了标题"
    # Saving again from the conflict page is a deliberate second step, and it goes through.
    again = submission(html, having="event-venue_zh")
    assert second.post(f"/events/{event.pk}/manage/", again).status_code == 302
    event.refresh_from_db()
    assert event.title_zh == "改了标题"


def test_two_organisers_saving_the_rules_second_gets_409(event, operator, admin):
    first, second = _zh(operator), _zh(admin)
    url = f"/events/{event.pk}/manage/"
    mine = submission(first.get(url).content.decode(), having="rules-tables")
    theirs = submission(second.get(url).content.decode(), having="rules-tables")
    mine["rules-tables"], theirs["rules-tables"] = ["5"], ["7"]

    assert first.post(url, mine).status_code == 302
    response = second.post(url, theirs)

    assert response.status_code == 409
    assert CONFLICT_ZH in response.content.decode()
    assert EventRules.objects.get(event=event).tables == 5


def test_the_profile_saved_in_two_tabs_second_gets_409(member):
    services.save_profile(user=member, headline="研发总监")
    first, second = _zh(member), _zh(member)
    mine = submission(first.get("/events/profile/").content.decode(), having="headline")
    theirs = submission(second.get("/events/profile/").content.decode(), having="headline")
    mine["headline"], theirs["headline"] = ["注册总监"], ["销售总监"]

    assert first.post("/events/profile/", mine).status_code == 302
    response = second.post("/events/profile/", theirs)

    assert response.status_code == 409
    html = response.content.decode()
    assert CONFLICT_ZH in html and "注册总监" in html
    assert ParticipantProfile.objects.get(user=member).headline == "注册总监"


def test_a_profile_first_written_in_two_tabs_second_gets_409(member):
    first, second = _zh(member), _zh(member)
    mine = submission(first.get("/events/profile/").content.decode(), having="headline")
    theirs = submission(second.get("/events/profile/").content.decode(), having="headline")
    mine["headline"], theirs["headline"] = ["注册总监"], ["销售总监"]

    assert first.post("/events/profile/", mine).status_code == 302
    assert second.post("/events/profile/", theirs).status_code == 409
    assert ParticipantProfile.objects.get(user=member).headline == "注册总监"


def _patch(client, url, data, **headers):
    return client.patch(url, json.dumps(data), content_type="application/json", headers=headers)


def test_api_patch_of_an_event_with_a_stale_version_is_409_and_saves_nothing(
    event, operator, admin
):
    first, second = _zh(operator), _zh(admin)
    shown = first.get(f"/api/events/{event.pk}")
    version = shown.json()["version"]
    assert shown["ETag"] == f'"{version}"'

    ok = _patch(first, f"/api/events/{event.pk}", {"venue_zh": "张江", "version": version})
    assert ok.status_code == 200 and ok["ETag"] == f'"{version + 1}"'
    stale = _patch(second, f"/api/events/{event.pk}", {"title_zh": "覆盖"}, If_Match=f'"{version}"')

    assert stale.status_code == 409
    body = stale.json()
    assert body["detail"].startswith(CONFLICT_ZH) and body["version"] == version + 1
    assert any("张江" in sentence for sentence in body["errors"]["__all__"])
    event.refresh_from_db()
    assert event.title_zh != "覆盖" and event.venue_zh == "张江"


def test_api_patch_of_rules_with_a_stale_if_match_is_409_and_saves_nothing(event, operator):
    client = _zh(operator)
    rules = client.get(f"/api/events/{event.pk}/rules")
    etag = rules["ETag"]
    assert (
        _patch(client, f"/api/events/{event.pk}/rules", {"tables": 4}, If_Match=etag).status_code
        == 204
    )
    stale = _patch(client, f"/api/events/{event.pk}/rules", {"tables": 9}, If_Match=etag)
    assert stale.status_code == 409
    assert EventRules.objects.get(event=event).tables == 4


def test_a_non_organiser_cannot_patch_an_event(event, member):
    response = _patch(_zh(member), f"/api/events/{event.pk}", {"venue_zh": "别处"})
    assert response.status_code in (403, 404)
    assert Event.objects.get(pk=event.pk).venue_zh != "别处"


# --- The organisers' history -----------------------------------------------------------------


def test_organisers_see_the_event_history_as_sentences_in_chinese(event, operator, admin):
    registration = make_participant(event)
    services.approve_registration(registration=registration, approved_by=admin)
    services.update_event(event=event, updated_by=admin, capacity=80)

    page = _zh(operator).get(f"/events/{event.pk}/manage/")

    html = page.content.decode()
    trail = html[html.index('data-testid="audit-trail"') :]
    text = re.sub(r"<[^>]+>", "", trail)
    assert "将名额从“”" not in text
    assert "名额" in text and "“80”" in text
    assert "已批准" in text  # the registration's status by its label, not "approved"
    assert registration.organisation.name in text  # whose registration it was
    assert "approved" not in text and "capacity" not in text


def test_the_history_is_for_organisers_only(event, member):
    assert _zh(member).get(f"/events/{event.pk}/manage/").status_code == 404


# --- Views and the API write nothing themselves ---------------------------------------------


def test_views_and_api_of_events_write_nothing_themselves():
    here = Path(__file__).resolve().parent.parent
    # (``@router.delete(`` declares an operation; it writes nothing.)
    writes = re.compile(r"(?<!router)\.(save|delete|create|update|bulk_create|get_or_create)\(")
    modules = [
        str(p.relative_to(here))
        for folder in ("api", "views")
        for p in (here / folder).glob("*.py")
    ]
    assert len(modules) >= 7
    for name in modules:
        text = (here / name).read_text()
        calls = [m.group(0) for m in writes.finditer(text)]
        assert calls == [], (name, calls)


def test_registering_again_after_cancelling_is_audited(event, operator):
    registration = make_participant(event)
    services.cancel_registration(registration=registration, cancelled_by=registration.user)
    before = _entries()
    again = services.register(
        event=event, user=registration.user, organisation=registration.organisation
    )
    assert again.pk == registration.pk and again.status == Registration.Status.PENDING
    assert _entries() == before + 1


def test_a_user_who_is_no_member_cannot_register_through_the_policy(event):
    outsider = UserFactory()
    with pytest.raises(PermissionDenied, match="events.register"):
        services.register(event=event, user=outsider, organisation=event.organiser)
