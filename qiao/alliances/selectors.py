"""Read queries of alliance membership.

A membership is seen by the member organisation's members, the alliance's admins (the
secretariat) and operators; everyone else gets 404. The value page counts only the member's
own activity, so nothing confidential of others is counted.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from qiao.alliances.models import AllianceMembership, Tier
from qiao.directory.roles import roles_of
from qiao.events.models import Registration
from qiao.lab.models import Booking
from qiao.pipeline.models import Agreement, Introduction


def visible_memberships(*, viewer) -> QuerySet[AllianceMembership]:
    roles = roles_of(viewer)
    memberships = AllianceMembership.objects.select_related("alliance", "member", "tier")
    if roles.is_operator:
        return memberships
    return memberships.filter(Q(member_id__in=roles.member_of) | Q(alliance_id__in=roles.admin_of))


def access_membership(*, viewer, membership_id: int) -> AllianceMembership:
    return get_object_or_404(visible_memberships(viewer=viewer), pk=membership_id)


def tiers_open_to(*, viewer) -> QuerySet[Tier]:
    return Tier.objects.select_related("alliance").exclude(
        alliance_id__in=roles_of(viewer).admin_of
    )


def value_of_membership(membership: AllianceMembership, year: int) -> dict[str, int]:
    """What the member did through Qiao in ``year``: introductions, agreements, events, lab."""
    member = membership.member_id
    start = datetime.date(year, 1, 1)
    end = datetime.date(year, 12, 31)
    return {
        "introductions": Introduction.objects.filter(
            Q(requesting_organisation_id=member) | Q(receiving_organisation_id=member),
            created_at__date__range=(start, end),
        ).count(),
        "agreements": Agreement.objects.filter(
            parties__organisation_id=member, signed_on__range=(start, end)
        )
        .distinct()
        .count(),
        "events": Registration.objects.filter(
            organisation_id=member, created_at__date__range=(start, end)
        ).count(),
        "bookings": Booking.objects.filter(
            organisation_id=member, starts_at__date__range=(start, end)
        ).count(),
    }
