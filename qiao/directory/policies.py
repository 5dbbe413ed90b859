"""Who may change what in the directory (one rule per service, ``qiao.core.policy``).

- Operators may do everything.
- An organisation's admins may change the organisation, its parts (departments,
  capabilities, credentials, key figures, relations it is the source of), its people's
  affiliations *with it*, and invite members to it.
- A person belongs to every organisation they are affiliated with. Their own fields (name,
  contact details, expertise) may be changed by an admin only if *every* one of their
  organisations is one that admin runs; otherwise only by an operator. An admin never adds,
  changes or removes another organisation's affiliation.
- ``None`` as the acting user is the system itself (management commands, the demo seed):
  services are called with ``by=None`` only from code that no request reaches.
"""

from __future__ import annotations

from django.utils import timezone

from qiao.core import policy
from qiao.directory.models import Affiliation, Person
from qiao.directory.roles import roles_of


def _system(user) -> bool:
    return user is None


def runs(user, organisation_id: int | None) -> bool:
    """Whether the user may act for the organisation: its admin, an operator, the system."""
    if _system(user):
        return True
    roles = roles_of(user)
    return roles.is_operator or (organisation_id is not None and organisation_id in roles.admin_of)


def _is_operator(user) -> bool:
    return _system(user) or roles_of(user).is_operator


@policy.rule("directory.create_organisation")
def create_organisation(user, _obj=None) -> bool:
    return _is_operator(user)


@policy.rule("directory.create_visitor_organisation")
def create_visitor_organisation(user, _obj=None) -> bool:
    """Admins of any organisation record outside organisations they serve (members-only)."""
    return _is_operator(user) or bool(roles_of(user).admin_of)


@policy.rule("directory.change_organisation")
def change_organisation(user, organisation) -> bool:
    return runs(user, organisation.pk)


def _part_rule(name: str):
    @policy.rule(f"directory.change_{name}")
    def check(user, part) -> bool:
        # A relation belongs to its source; the other parts to their organisation.
        owner_id = getattr(part, "organisation_id", None) or getattr(part, "source_id", None)
        return runs(user, owner_id)

    return check


for _name in (
    "department",
    "capability",
    "credential",
    "keyfigure",
    "organisationrelation",
    "investorfocus",
):
    _part_rule(_name)


@policy.rule("directory.create_person")
def create_person(user, _obj=None) -> bool:
    if _is_operator(user):
        return True
    return bool(roles_of(user).admin_of)


def governs_person(user, person: Person) -> bool:
    """Whether the user may change the person's own fields (see the module docstring)."""
    if _is_operator(user):
        return True
    if person.pk is None:
        return create_person(user)
    organisation_ids = set(person.affiliations.values_list("organisation_id", flat=True))
    return bool(organisation_ids) and organisation_ids <= roles_of(user).admin_of


@policy.rule("directory.change_person")
def change_person(user, person) -> bool:
    return governs_person(user, person)


@policy.rule("directory.change_affiliation")
def change_affiliation(user, affiliation: Affiliation) -> bool:
    return runs(user, affiliation.organisation_id)


@policy.rule("directory.invite_member")
def invite_member(user, organisation) -> bool:
    return runs(user, organisation.pk)


@policy.rule("directory.add_member")
def add_member(user, organisation) -> bool:
    return runs(user, organisation.pk)


@policy.rule("directory.accept_invitation")
def accept_invitation(_user, invitation) -> bool:
    # The link itself is the permission, while it is open: not accepted, not expired.
    return invitation.accepted_at is None and invitation.expires_at > timezone.now()
