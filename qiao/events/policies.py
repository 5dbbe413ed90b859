"""Who may do what at an event (``qiao.core.policy`` rules, one per service).

- An event's **organisers** are the platform operators and the admins of its organising
  organisation. They change the event, its rules, programme, zones and participant types,
  decide registrations, check people in, plan, announce and mark meetings, and turn held
  meetings into introductions.
- Creating an event needs the same right over the organisation that will organise it.
- A **participant** registers for one of the organisations they belong to, writes their own
  profile, marks their own unavailable slots and cancels their own registration (an
  organiser may do the last two for them); they send requests from their own registration,
  the recipient answers, and either side withdraws.
- ``None`` as the acting user is the system itself (the demo seed, management commands):
  services are called with it only from code no request reaches.
"""

from __future__ import annotations

from typing import NamedTuple

from qiao.core import policy
from qiao.directory.roles import roles_of
from qiao.events.models import Event, MeetingRequest, Registration


class Registering(NamedTuple):
    """A registration about to be made: for ``event``, on behalf of ``organisation_id``."""

    event: Event
    organisation_id: int


def _system(user) -> bool:
    return user is None


def runs(user, organisation_id: int) -> bool:
    """Operators, the organisation's admins, and the system."""
    if _system(user):
        return True
    roles = roles_of(user)
    return roles.is_operator or organisation_id in roles.admin_of


def is_organiser(user, event: Event) -> bool:
    """Whether the user organises the event (operator or admin of its organiser)."""
    return runs(user, event.organiser_id)


def _is_self(user, user_id: int) -> bool:
    return user is not None and user.is_authenticated and user.pk == user_id


@policy.rule("events.create_event")
def may_create_event(user, organisation) -> bool:
    return runs(user, organisation.pk)


# Every organiser's action names the event it acts on.
ORGANISER_RULES = (
    "change_event",
    "change_event_status",
    "change_rules",
    "generate_slots",
    "add_participant_type",
    "add_session",
    "add_zone",
    "add_exhibitor",
    "change_setup",
    "decide_registration",
    "check_in",
    "plan_meetings",
    "announce_meetings",
    "mark_meeting",
    "introduce_meetings",
)


def _organiser_rule(name: str):
    @policy.rule(f"events.{name}")
    def check(user, event: Event) -> bool:
        return is_organiser(user, event)

    return check


for _name in ORGANISER_RULES:
    _organiser_rule(_name)


@policy.rule("events.register")
def may_register(user, registering: Registering) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return registering.organisation_id in roles_of(user).member_of


@policy.rule("events.save_profile")
def may_save_profile(user, owner) -> bool:
    """A profile is written by the person it describes, nobody else."""
    return _is_self(user, owner.pk)


@policy.rule("events.cancel_registration")
def may_cancel_registration(user, registration: Registration) -> bool:
    return _is_self(user, registration.user_id) or is_organiser(user, registration.event)


@policy.rule("events.set_unavailable")
def may_set_unavailable(user, registration: Registration) -> bool:
    return _is_self(user, registration.user_id) or is_organiser(user, registration.event)


@policy.rule("events.send_request")
def may_send_request(user, sender: Registration) -> bool:
    return _is_self(user, sender.user_id)


@policy.rule("events.answer_request")
def may_answer_request(user, request: MeetingRequest) -> bool:
    return _is_self(user, request.recipient.user_id)


@policy.rule("events.cancel_request")
def may_cancel_request(user, request: MeetingRequest) -> bool:
    return _is_self(user, request.sender.user_id) or _is_self(user, request.recipient.user_id)
