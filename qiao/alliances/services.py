"""Writes of alliance membership: apply, decide, record payments (the only way a membership
starts or renews: never silently), annual checks, renewal notices and lapsing."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from qiao.alliances import notices as alliance_notices
from qiao.alliances import policies  # noqa: F401  (registers the rules)
from qiao.alliances.models import AllianceMembership, AnnualCheck, Payment, RenewalNotice, Tier
from qiao.core import effects, policy, writes
from qiao.directory.models import Organisation
from qiao.inbox import notices

NOTICE_DAYS = (60, 30, 7)
Status = AllianceMembership.Status


def one_year_after(day: datetime.date) -> datetime.date:
    try:
        return day.replace(year=day.year + 1) - datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _url(membership: AllianceMembership) -> str:
    return reverse("alliances:membership", args=[membership.pk])


# What the secretariat sets on a tier (the form shows them in this order).
TIER_FIELDS = ("name_zh", "name_en", "annual_fee", "benefits", "event_request_quota",
               "lab_discount_percent", "event_registration", "lab_voucher_yuan")  # fmt: skip


def _check_tier(fields) -> None:
    fee = fields.get("annual_fee")
    if fee is not None and fee < 0:
        raise ValidationError({"annual_fee": _("The annual fee cannot be negative.")})
    if (fields.get("lab_discount_percent") or 0) > 100:
        raise ValidationError({"lab_discount_percent": _("A discount is at most 100%.")})
    voucher = fields.get("lab_voucher_yuan")
    if voucher is not None and voucher < 0:
        raise ValidationError({"lab_voucher_yuan": _("A voucher cannot be negative.")})


@transaction.atomic
def create_tier(*, alliance: Organisation, by, **fields) -> Tier:
    policy.authorize(by, "alliances.manage_tiers", alliance)
    _check_tier(fields)
    return writes.create(
        Tier, actor=by, data=fields, allowed=TIER_FIELDS, fixed={"alliance": alliance}
    )


@transaction.atomic
def update_tier(*, tier: Tier, by, **fields) -> Tier:
    """Change a tier's names, fee or benefits; saved unchanged, nothing is written.

    A new fee applies to payments recorded from now on; benefits apply at once to every
    paid-up member of the tier (they are asked when a booking or request is made)."""
    policy.authorize(by, "alliances.manage_tiers", tier.alliance)
    _check_tier(fields)
    writes.update(tier, actor=by, data=fields, allowed=TIER_FIELDS)
    return tier


@transaction.atomic
def apply_for_membership(*, member: Organisation, tier: Tier, by) -> AllianceMembership:
    """An organisation's admin applies to join the tier's alliance."""
    policy.authorize(by, "alliances.apply", member)
    if member.pk == tier.alliance_id:
        raise ValidationError(_("An alliance cannot join itself."))
    if AllianceMembership.objects.filter(alliance_id=tier.alliance_id, member=member).exists():
        raise ValidationError(_("This organisation has already applied to this alliance."))
    membership = writes.create(
        AllianceMembership,
        actor=by,
        data={"tier": tier},
        allowed={"tier"},
        fixed={"alliance_id": tier.alliance_id, "member": member, "applied_by": by},
    )
    notices.send(
        alliance_notices.APPLIED,
        recipients=[*notices.admins_of(tier.alliance_id), *notices.operators()],
        params={"member": notices.name_of(member), "alliance": notices.name_of(tier.alliance)},
        url=_url(membership),
        about=membership,
        exclude=[by],
    )
    effects.emit("membership_changed", membership_id=membership.pk)
    return membership


@transaction.atomic
def decide_membership(*, membership: AllianceMembership, approve: bool, by) -> AllianceMembership:
    policy.authorize(by, "alliances.manage_membership", membership)
    if membership.status != Status.APPLIED:
        raise ValidationError(_("Only an application can be approved or declined."))
    status = Status.APPROVED if approve else Status.DECLINED
    writes.update(membership, actor=by, data={"status": status}, allowed={"status"})
    if approve:
        notices.send(
            alliance_notices.APPROVED,
            recipients=notices.admins_of(membership.member_id),
            params={"alliance": notices.name_of(membership.alliance)},
            url=_url(membership),
            about=membership,
            exclude=[by],
        )
    effects.emit("membership_changed", membership_id=membership.pk)
    return membership


@transaction.atomic
def record_payment(
    *, membership: AllianceMembership, by, invoice_no: str, amount: Decimal, paid_on: datetime.date
) -> Payment:
    """Record a fee paid: it starts an approved membership or extends it by a year."""
    policy.authorize(by, "alliances.manage_membership", membership)
    if membership.status not in (Status.APPROVED, Status.ACTIVE, Status.LAPSED):
        raise ValidationError(_("Approve the application before recording a payment."))
    invoice_no = (invoice_no or "").strip()
    if not invoice_no:
        raise ValidationError({"invoice_no": _("Give the invoice number.")})
    if amount is None or amount <= 0:
        raise ValidationError({"amount": _("Give the amount paid.")})
    renewing = membership.status == Status.ACTIVE and membership.ends_on
    start = membership.ends_on + datetime.timedelta(days=1) if renewing else paid_on
    until = one_year_after(start)
    payment = writes.create(
        Payment,
        actor=by,
        data={"invoice_no": invoice_no, "amount": amount, "paid_on": paid_on},
        allowed={"invoice_no", "amount", "paid_on"},
        fixed={"membership": membership, "covers_until": until},
    )
    data = {"status": Status.ACTIVE, "ends_on": until}
    if not renewing:
        data["starts_on"] = membership.starts_on or start
    writes.update(membership, actor=by, data=data, allowed=set(data))
    effects.emit("membership_changed", membership_id=membership.pk)
    return payment


@transaction.atomic
def record_annual_check(
    *, membership: AllianceMembership, by, year: int, passed: bool, note: str = ""
) -> AnnualCheck:
    policy.authorize(by, "alliances.manage_membership", membership)
    if AnnualCheck.objects.filter(membership=membership, year=year).exists():
        raise ValidationError(_("The annual check of this year is already recorded."))
    return writes.create(
        AnnualCheck,
        actor=by,
        data={"year": year, "passed": passed, "note": note},
        allowed={"year", "passed", "note"},
        fixed={"membership": membership},
    )


def send_renewal_notices(*, today: datetime.date) -> dict[str, int]:
    """Tell members 60, 30 and 7 days before expiry (each notice once), lapse the expired.

    Idempotent: a notice is a ``RenewalNotice`` row unique per expiry and threshold, so a
    second run the same day (or a missed day caught up later) sends nothing twice; when
    several thresholds are due at once only the most urgent is sent.
    """
    sent = lapsed = 0
    active = AllianceMembership.objects.filter(status=Status.ACTIVE, ends_on__isnull=False)
    for membership in active.select_related("alliance"):
        days_left = (membership.ends_on - today).days
        if days_left < 0:
            _lapse(membership)
            lapsed += 1
            continue
        due = [d for d in NOTICE_DAYS if days_left <= d]
        if due and _claim(membership, due, today):
            sent += 1
    return {"sent": sent, "lapsed": lapsed}


@transaction.atomic
def _claim(membership: AllianceMembership, due: list[int], today: datetime.date) -> bool:
    fresh = False
    for days in due:
        try:
            with transaction.atomic():
                RenewalNotice.objects.create(
                    membership=membership, expires_on=membership.ends_on, days_before=days,
                    sent_on=today,
                )  # fmt: skip
                fresh = fresh or days == min(due)
        except IntegrityError:
            continue
    if fresh:
        notices.send(
            alliance_notices.RENEWAL_DUE,
            recipients=notices.admins_of(membership.member_id),
            params={
                "alliance": notices.name_of(membership.alliance),
                "date": membership.ends_on.isoformat(),
                "days": (membership.ends_on - today).days,
            },
            url=_url(membership),
            about=f"renewal:{membership.pk}:{membership.ends_on.isoformat()}:{min(due)}",
        )
    return fresh


@transaction.atomic
def _lapse(membership: AllianceMembership) -> None:
    writes.update(membership, actor=None, data={"status": Status.LAPSED}, allowed={"status"},
                  note="no fee recorded before expiry")  # fmt: skip
    notices.send(
        alliance_notices.LAPSED,
        recipients=notices.admins_of(membership.member_id),
        params={
            "alliance": notices.name_of(membership.alliance),
            "date": membership.ends_on.isoformat(),
        },
        url=_url(membership),
        about=membership,
    )
    effects.emit("membership_changed", membership_id=membership.pk)
