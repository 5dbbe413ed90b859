"""Who may do what to needs, offers and disclosures (``qiao.core.policy`` rules).

Services call exactly one of these through ``policy.authorize``; pages use ``allows`` to
show only the buttons a user may press. Built on ``qiao.directory.roles``.

Accepting NDA terms binds the organisation: its admins may always accept, and a member
only when an admin of that organisation named them a signatory (``NdaSignatory``).
"""

from __future__ import annotations

from typing import NamedTuple

from django.utils.translation import gettext_lazy as _

from qiao.core import policy
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.market.models import Disclosure, Listing, NdaSignatory


class StatusChange(NamedTuple):
    listing: Listing
    target: str


class NdaAcceptance(NamedTuple):
    listing: Listing
    organisation_id: int


NOT_SIGNATORY = _(
    "Only an admin of your organisation, or a member an admin allows, may accept NDA terms "
    "on its behalf."
)

# Publishing is the operator's review decision, from whichever status it comes.
OPERATOR_ONLY_TARGETS = frozenset({Listing.Status.PUBLISHED})


@policy.rule("market.create_listing")
def may_create_listing(user, organisation: Organisation) -> bool:
    roles = roles_of(user)
    return roles.is_operator or organisation.pk in roles.member_of


@policy.rule("market.change_listing")
def may_change_listing(user, listing: Listing) -> bool:
    roles = roles_of(user)
    return roles.is_operator or listing.organisation_id in roles.member_of


@policy.rule("market.change_listing_status")
def may_change_listing_status(user, change: StatusChange) -> bool:
    roles = roles_of(user)
    if roles.is_operator:
        return True
    return (
        change.listing.organisation_id in roles.member_of
        and change.target not in OPERATOR_ONLY_TARGETS
    )


def is_nda_signatory(user, organisation_id: int) -> bool:
    """Return whether the user may accept NDA terms on behalf of the organisation."""
    roles = roles_of(user)
    if organisation_id in roles.admin_of:
        return True
    if organisation_id not in roles.member_of:
        return False
    return NdaSignatory.objects.filter(organisation_id=organisation_id, user=user).exists()


@policy.rule("market.accept_nda")
def may_accept_nda(user, acceptance: NdaAcceptance) -> bool:
    return is_nda_signatory(user, acceptance.organisation_id)


@policy.rule("market.decide_disclosure")
def may_decide_disclosure(user, disclosure: Disclosure) -> bool:
    return may_change_listing(user, disclosure.listing)


@policy.rule("market.manage_nda_signatories")
def may_manage_nda_signatories(user, organisation: Organisation) -> bool:
    roles = roles_of(user)
    return roles.is_operator or organisation.pk in roles.admin_of
