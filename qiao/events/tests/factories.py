"""Events built through the services, so every test row is one the app could have made."""

from __future__ import annotations

from datetime import date, time

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.events import services
from qiao.events.models import Event, Registration


def make_event(*, organiser_user, organiser, published: bool = True, **fields) -> Event:
    values = {
        "kind": Event.Kind.MATCHMAKING,
        "title_zh": "嘉定生物医药产业对接会",
        "title_en": "Jiading biomedical partnering session",
        "starts_on": date(2026, 12, 3),
        "ends_on": date(2026, 12, 3),
        "venue_zh": "嘉定区菊园新区",
        "venue_en": "Juyuan, Jiading",
    }
    values.update(fields)
    event = services.create_event(created_by=organiser_user, organiser=organiser, **values)
    services.update_rules(
        event=event,
        updated_by=organiser_user,
        meeting_minutes=20,
        break_minutes=10,
        day_starts_at=time(14, 0),
        day_ends_at=time(16, 0),
        tables=2,
    )
    services.generate_slots(event=event, generated_by=organiser_user)
    if published:
        services.change_event_status(
            event=event, status=Event.Status.PUBLISHED, changed_by=organiser_user
        )
    return event


def make_participant(event: Event, *, organisation=None, approve_by=None, participant_type=None):
    """A member of a new (or the given) organisation, registered and, if asked, approved."""
    organisation = organisation or OrganisationFactory()
    user = make_member(organisation, role=Membership.Role.MEMBER)
    registration = services.register(
        event=event, user=user, organisation=organisation, participant_type=participant_type
    )
    if approve_by is not None:
        registration = services.approve_registration(
            registration=registration, approved_by=approve_by
        )
    return registration


def approved(event: Event, count: int, *, approve_by) -> list[Registration]:
    return [make_participant(event, approve_by=approve_by) for _ in range(count)]
