"""What a tier's benefits give a member, as pure questions other apps ask.

A benefit applies "within the alliance": at what the alliance itself runs or one of its
active members runs (an event it organises, an instrument it owns), to an organisation with
an active, paid-up membership. Events and lab may not import this app, so ``apps.py``
registers these answers in ``qiao.events.benefits`` and ``qiao.lab.benefits`` (and which
alliances an organisation may show a listing to, in ``qiao.market.audiences``).

Yearly lab vouchers are issued by the secretariat (``services.issue_vouchers``); the lab lets
an alliance's secretariat record vouchers for its paid-up members (``grants_vouchers``).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from qiao.alliances.models import AllianceMembership, Tier
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of

Status = AllianceMembership.Status


@dataclass(frozen=True)
class Benefits:
    """The best of the member's tiers that apply at one provider."""

    lab_discount_percent: int = 0
    event_request_quota: int | None = None
    event_registration_priority: bool = False


def paid_up() -> Q:
    today = timezone.localdate()
    return Q(status=Status.ACTIVE) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today))


def tiers_for(organisation_id: int, *, provider_id: int) -> list[Tier]:
    """The tiers of the organisation's paid-up memberships of alliances that the provider is,
    or is a paid-up member of."""
    providers_alliances = AllianceMembership.objects.filter(
        paid_up(), member_id=provider_id
    ).values("alliance_id")
    memberships = AllianceMembership.objects.filter(paid_up(), member_id=organisation_id).filter(
        Q(alliance_id=provider_id) | Q(alliance_id__in=providers_alliances)
    )
    return list(Tier.objects.filter(pk__in=memberships.values("tier_id")))


def benefits_for(organisation_id: int, *, provider_id: int) -> Benefits:
    if organisation_id == provider_id:
        return Benefits()
    tiers = tiers_for(organisation_id, provider_id=provider_id)
    quotas = [t.event_request_quota for t in tiers if t.event_request_quota is not None]
    return Benefits(
        lab_discount_percent=max((t.lab_discount_percent for t in tiers), default=0),
        event_request_quota=max(quotas) if quotas else None,
        event_registration_priority=any(
            t.event_registration == Tier.EventRegistration.PRIORITY for t in tiers
        ),
    )


def lab_discount_percent(owner_id: int, customer_id: int) -> int:
    return benefits_for(customer_id, provider_id=owner_id).lab_discount_percent


def event_request_quota(organiser_id: int, organisation_id: int) -> int | None:
    return benefits_for(organisation_id, provider_id=organiser_id).event_request_quota


def event_registration_priority(organiser_id: int, organisation_id: int) -> bool:
    return benefits_for(organisation_id, provider_id=organiser_id).event_registration_priority


def grants_vouchers(user, organisation_id: int) -> bool:
    """Whether the user runs an alliance the organisation is a paid-up member of."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    admin_of = roles_of(user).admin_of
    return (
        bool(admin_of)
        and AllianceMembership.objects.filter(
            paid_up(), member_id=organisation_id, alliance_id__in=admin_of
        ).exists()
    )


def alliances_of(organisation_ids) -> QuerySet[Organisation]:
    """The alliances any of the organisations is a paid-up member of (for listings shown
    to one alliance's members)."""
    memberships = AllianceMembership.objects.filter(paid_up(), member_id__in=organisation_ids)
    return Organisation.objects.filter(pk__in=memberships.values("alliance_id"))
