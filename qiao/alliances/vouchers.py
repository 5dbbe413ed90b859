"""Each tier's yearly lab voucher: the secretariat issues this year's vouchers in one action.

A voucher is recorded through the lab's ``grant_voucher`` (audited there, with the secretary
as the one who recorded it) and pays the member's lab fees at any lab until the year ends.
A ``VoucherIssue`` row, unique per membership and year, makes the action idempotent: run
twice (or by two secretaries at once), it issues nothing new.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from qiao.alliances import notices as alliance_notices
from qiao.alliances import policies  # noqa: F401  (registers the rules)
from qiao.alliances.benefits import paid_up
from qiao.alliances.models import AllianceMembership, VoucherIssue
from qiao.core import policy
from qiao.directory.models import Organisation
from qiao.inbox import notices
from qiao.lab.services import grant_voucher

VOUCHER_SHARE_PERCENT = 100  # an allowance pays the whole fee until it is used up


def due_vouchers(alliance: Organisation, *, year: int):
    """The paid-up memberships whose tier gives a voucher not yet issued this year."""
    return (
        AllianceMembership.objects.filter(paid_up(), alliance=alliance)
        .filter(tier__lab_voucher_yuan__gt=0)
        .exclude(voucher_issues__year=year)
        .select_related("member", "tier")
        .order_by("pk")
    )


@transaction.atomic
def issue_vouchers(*, alliance: Organisation, by, today: datetime.date | None = None) -> int:
    """Grant each paid-up member its tier's voucher for this year, once; return how many."""
    policy.authorize(by, "alliances.manage_tiers", alliance)
    today = today or timezone.localdate()
    year = today.year
    issued = 0
    for membership in due_vouchers(alliance, year=year):
        try:
            with transaction.atomic():
                issue = VoucherIssue.objects.create(
                    membership=membership, year=year, issued_on=today
                )
        except IntegrityError:
            continue  # issued meanwhile by another run
        voucher = grant_voucher(
            organisation=membership.member,
            granted_by=by,
            amount=membership.tier.lab_voucher_yuan,
            issuer=(alliance.name_zh or str(alliance))[:200],
            number=f"ALLIANCE-{alliance.pk}-{year}-{membership.member_id}",
            share_percent=VOUCHER_SHARE_PERCENT,
            valid_from=today,
            valid_until=datetime.date(year, 12, 31),
        )
        issue.voucher = voucher
        issue.save(update_fields=["voucher"])
        notices.send(
            alliance_notices.VOUCHER_ISSUED,
            recipients=notices.admins_of(membership.member_id),
            params={
                "alliance": notices.name_of(alliance),
                "year": year,
                "amount": f"{voucher.amount:,.0f}",
                "date": voucher.valid_until.isoformat(),
            },
            url=reverse("alliances:membership", args=[membership.pk]),
            about=f"alliance-voucher:{membership.pk}:{year}",
            exclude=[by],
        )
        issued += 1
    return issued
