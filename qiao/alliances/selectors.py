"""Read queries of alliance membership.

A membership is seen by the member organisation's members, the alliance's admins (the
secretariat) and operators; everyone else gets 404. The value page counts only the member's
own activity, so nothing confidential of others is counted.
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qiao.alliances.dues import ChurnRow, Due, DuesRow, Period, churn_table, dues_table
from qiao.alliances.models import AllianceMembership, Payment, Tier
from qiao.alliances.policies import runs_alliance
from qiao.directory.models import Organisation
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


def access_alliance(*, viewer, alliance_id: int) -> Organisation:
    """The alliance whose secretariat pages the viewer opens (its admins, operators): 404
    for anyone else."""
    if not runs_alliance(viewer, alliance_id):
        raise Http404
    return get_object_or_404(Organisation, pk=alliance_id)


def alliances_run_by(*, viewer) -> QuerySet[Organisation]:
    """Alliances (organisations with tiers) whose secretariat the viewer is; an alliance's
    first tier is added from its secretariat page, which its admins open by address."""
    roles = roles_of(viewer)
    alliances = Organisation.objects.filter(pk__in=Tier.objects.values("alliance_id"))
    if not roles.is_operator:
        alliances = alliances.filter(pk__in=roles.admin_of)
    return alliances.order_by("name_zh")


def members_of_alliance(alliance: Organisation) -> QuerySet[AllianceMembership]:
    return (
        AllianceMembership.objects.filter(alliance=alliance)
        .select_related("member", "tier")
        .order_by("tier__annual_fee", "member__name_zh")
    )


def period_start(covers_until: datetime.date) -> datetime.date:
    """The first day of the year a payment covers (``services.one_year_after`` reversed)."""
    day = covers_until + datetime.timedelta(days=1)
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


def dues_and_churn(
    alliance: Organisation, *, today: datetime.date
) -> tuple[list[DuesRow], list[ChurnRow]]:
    """The secretariat's dues per year and tier and renewals vs lapses per year."""
    payments = Payment.objects.filter(membership__alliance=alliance).select_related(
        "membership__tier"
    )
    periods = [
        Period(p.membership_id, p.membership.tier.name_zh, p.amount,
               period_start(p.covers_until), p.covers_until)
        for p in payments
    ]  # fmt: skip
    dues = []
    for m in members_of_alliance(alliance).filter(
        status__in=[AllianceMembership.Status.ACTIVE, AllianceMembership.Status.APPROVED]
    ):
        if m.status == AllianceMembership.Status.APPROVED:
            dues.append(Due(m.pk, m.tier.name_zh, m.tier.annual_fee,
                            timezone.localdate(m.updated_at), first=True))  # fmt: skip
        elif m.ends_on:
            due_on = m.ends_on + datetime.timedelta(days=1)
            dues.append(Due(m.pk, m.tier.name_zh, m.tier.annual_fee, due_on))
    active = frozenset(
        AllianceMembership.objects.filter(
            alliance=alliance, status=AllianceMembership.Status.ACTIVE
        ).values_list("pk", flat=True)
    )
    return dues_table(periods, dues, today), churn_table(periods, today, active=active)
