"""Who may do what in the shared lab (one rule per service, ``qiao.core.policy``).

- **Lab managers** of an instrument are the admins of its owner organisation, and operators:
  they describe it, change its status, photos, maintenance windows and training records, and
  run its bookings (approve or decline, cancel without a fee, record use or a no-show, book
  for anyone, including external customers).
- **Members** book for an organisation they belong to; the booker cancels their own booking
  and takes a slot offered to them from the waitlist.
- **Operators** issue every statement and record innovation vouchers; a **lab manager**
  issues the statements of their lab's instruments and records vouchers for organisations
  that booked them; an app may register other grantors in ``qiao.lab.benefits`` (an
  alliance's secretariat, for its paid-up members).
- ``None`` as the acting user is the system itself (the reminder command expiring offers,
  the demo seed): services are called with ``by=None`` only from code no request reaches.
"""

from __future__ import annotations

from dataclasses import dataclass

from qiao.core import policy
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.lab import benefits
from qiao.lab.models import Booking, Equipment


def _system(user) -> bool:
    return user is None


def _is_operator(user) -> bool:
    return _system(user) or roles_of(user).is_operator


def manages(user, equipment: Equipment) -> bool:
    """Whether the user is a lab manager of the instrument (or the system)."""
    if _system(user):
        return True
    roles = roles_of(user)
    return roles.is_operator or equipment.organisation_id in roles.admin_of


def runs(user, organisation_id: int) -> bool:
    """Whether the user may keep instruments of the organisation: its admin, an operator."""
    if _system(user):
        return True
    roles = roles_of(user)
    return roles.is_operator or organisation_id in roles.admin_of


@dataclass(frozen=True)
class BookingRequest:
    """What a booking rule looks at: the instrument and the organisation billed."""

    equipment: Equipment
    organisation: Organisation


@dataclass(frozen=True)
class EquipmentMove:
    """An instrument and the organisation it is to belong to (the same one, or another)."""

    equipment: Equipment
    organisation: Organisation


@policy.rule("lab.create_equipment")
def create_equipment(user, organisation: Organisation) -> bool:
    return runs(user, organisation.pk)


@policy.rule("lab.change_equipment")
def change_equipment(user, move: EquipmentMove) -> bool:
    # Moving an instrument to another organisation needs the right to keep instruments there.
    return manages(user, move.equipment) and runs(user, move.organisation.pk)


def _manager_rule(name: str, of_equipment):
    @policy.rule(name)
    def check(user, obj) -> bool:
        return manages(user, of_equipment(obj))

    return check


def _itself(equipment: Equipment) -> Equipment:
    return equipment


def _its_equipment(obj) -> Equipment:
    return obj.equipment


for _name in (
    "lab.change_equipment_status",
    "lab.add_equipment_photo",
    "lab.add_maintenance_window",
    "lab.record_training",
    "lab.change_opening_hours",
    "lab.review_impact",
):
    _manager_rule(_name, _itself)

for _name in (
    "lab.remove_equipment_photo",
    "lab.remove_maintenance_window",
    "lab.decide_booking",
    "lab.record_usage",
    "lab.mark_no_show",
    "lab.remove_training",
    "lab.decide_training_request",
):
    _manager_rule(_name, _its_equipment)


@policy.rule("lab.add_closure")
def add_closure(user, organisation: Organisation) -> bool:
    return runs(user, organisation.pk)


@policy.rule("lab.remove_closure")
def remove_closure(user, closure) -> bool:
    return runs(user, closure.organisation_id)


@policy.rule("lab.request_training")
def request_training(user, equipment: Equipment) -> bool:
    return user is not None and bool(roles_of(user).member_of)


@policy.rule("lab.withdraw_training_request")
def withdraw_training_request(user, request) -> bool:
    return user is not None and request.user_id == user.pk


@policy.rule("lab.book_equipment")
def book_equipment(user, request: BookingRequest) -> bool:
    if manages(user, request.equipment):
        return True
    return request.organisation.pk in roles_of(user).member_of


@policy.rule("lab.cancel_booking")
def cancel_booking(user, booking: Booking) -> bool:
    return manages(user, booking.equipment) or booking.booked_by_id == user.pk


@policy.rule("lab.accept_offer")
def accept_offer(user, booking: Booking) -> bool:
    return user is not None and booking.booked_by_id == user.pk


@policy.rule("lab.expire_offer")
def expire_offer(user, _booking: Booking) -> bool:
    return _is_operator(user)


@policy.rule("lab.send_reminder")
def send_reminder(user, _booking: Booking) -> bool:
    return _is_operator(user)


@dataclass(frozen=True)
class StatementScope:
    """A customer organisation's statement, of one lab's instruments or (None) of every lab."""

    organisation: Organisation
    lab: Organisation | None = None


@policy.rule("lab.issue_statement")
def issue_statement(user, scope: StatementScope) -> bool:
    # A lab manager issues the statements of their own lab; the all-labs one is the operator's.
    if _is_operator(user):
        return True
    return scope.lab is not None and runs(user, scope.lab.pk)


@policy.rule("lab.spend_voucher")
def spend_voucher(user, scope: StatementScope) -> bool:
    return issue_statement(user, scope)


@policy.rule("lab.grant_voucher")
def grant_voucher(user, organisation: Organisation) -> bool:
    """Operators, lab managers for an organisation that booked their instruments, and the
    grantors registered in ``qiao.lab.benefits``."""
    if _is_operator(user) or benefits.may_grant_voucher(user, organisation.pk):
        return True
    admin_of = roles_of(user).admin_of
    return (
        bool(admin_of)
        and Booking.objects.filter(
            organisation=organisation, equipment__organisation_id__in=admin_of
        ).exists()
    )


@policy.rule("lab.create_feed_token")
def create_feed_token(user, _obj=None) -> bool:
    return user is not None and user.is_authenticated
