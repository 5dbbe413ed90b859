"""An alliance, its secretary, a tier and paid-up members, built through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from qiao.alliances import services
from qiao.alliances.models import AllianceMembership, Tier
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member


def make_alliance(**fields):
    fields.setdefault("name_zh", "嘉定生物医药产业创新联盟")
    fields.setdefault("name_en", "Jiading Biomedical Alliance")
    alliance = OrganisationFactory(**fields)
    return alliance, make_member(alliance, role=Membership.Role.ADMIN)


def make_tier(alliance, secretary, **fields) -> Tier:
    fields.setdefault("name_zh", "理事单位")
    fields.setdefault("annual_fee", Decimal("50000"))
    return services.create_tier(alliance=alliance, by=secretary, **fields)


def make_active(tier: Tier, secretary, *, member=None, paid_on=None, amount=None):
    """A member organisation (and its admin) whose membership is approved and paid."""
    member = member or OrganisationFactory()
    boss = make_member(member, role=Membership.Role.ADMIN)
    membership = services.apply_for_membership(member=member, tier=tier, by=boss)
    services.decide_membership(membership=membership, approve=True, by=secretary)
    services.record_payment(membership=membership, by=secretary,
                            invoice_no=f"FP-{membership.pk:04d}", amount=amount or tier.annual_fee,
                            paid_on=paid_on or timezone.localdate())  # fmt: skip
    membership.refresh_from_db()
    return membership, boss


def one_day_before(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=1)


__all__ = ["AllianceMembership", "make_active", "make_alliance", "make_tier"]
