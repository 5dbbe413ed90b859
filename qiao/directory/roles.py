"""Who is looking: the roles a request's user holds, loaded once per request."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import Http404

from qiao.directory.models import Membership


@dataclass(frozen=True)
class Roles:
    """The roles of one user: operator, and the organisations they administer or belong to."""

    is_authenticated: bool = False
    is_operator: bool = False
    admin_of: frozenset[int] = field(default_factory=frozenset)
    member_of: frozenset[int] = field(default_factory=frozenset)

    def can_edit_organisation(self, organisation_id: int) -> bool:
        return self.is_operator or organisation_id in self.admin_of


ANONYMOUS = Roles()


def roles_of(user) -> Roles:
    """Return the user's roles, cached on the user object for the rest of the request."""
    if user is None or not user.is_authenticated:
        return ANONYMOUS
    cached = getattr(user, "_qiao_roles", None)
    if cached is not None:
        return cached
    admin_of, member_of = set(), set()
    for organisation_id, role in user.memberships.values_list("organisation_id", "role"):
        member_of.add(organisation_id)
        if role == Membership.Role.ADMIN:
            admin_of.add(organisation_id)
    roles = Roles(
        is_authenticated=True,
        is_operator=bool(user.is_operator or user.is_superuser),
        admin_of=frozenset(admin_of),
        member_of=frozenset(member_of),
    )
    user._qiao_roles = roles
    return roles


def require_operator(user) -> Roles:
    """Let only operators through; everyone else gets 404, as for an object they may not see.

    Operator-only features (creating organisations, reviewing news, the brokers' figures)
    don't tell other roles that they exist: pages and the API answer them like a missing page.
    """
    roles = roles_of(user)
    if not roles.is_operator:
        raise Http404
    return roles
