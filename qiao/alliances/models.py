"""Alliance membership: tiers with fees and benefits, memberships, payments, renewal
notices (each sent once) and annual checks."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.core.writes import Versioned
from qiao.directory.models import Organisation


class Tier(BaseModel):
    """A level of membership of an alliance: its annual fee and benefits."""

    class EventRegistration(models.TextChoices):
        NORMAL = "normal", _("Approved by the organiser")
        PRIORITY = "priority", _("Approved at once (priority)")

    alliance = models.ForeignKey(
        Organisation, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="tiers"
    )
    name_zh = models.CharField(_("Chinese name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=60, blank=True)
    annual_fee = models.DecimalField(_("annual fee (yuan)"), max_digits=12, decimal_places=2)
    benefits = models.TextField(_("benefits"), blank=True)
    event_request_quota = models.PositiveSmallIntegerField(
        _("meeting requests per event"), null=True, blank=True
    )
    lab_discount_percent = models.PositiveSmallIntegerField(_("lab discount (%)"), default=0)
    event_registration = models.CharField(
        _("registration at the alliance's events"),
        max_length=10,
        choices=EventRegistration.choices,
        default=EventRegistration.NORMAL,
    )
    lab_voucher_yuan = models.DecimalField(
        _("lab voucher each year (yuan)"), max_digits=12, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("membership tier")
        verbose_name_plural = _("membership tiers")
        ordering = ["alliance_id", "annual_fee", "id"]

    def __str__(self):
        return self.name_zh


class AllianceMembership(Versioned, BaseModel):
    """An organisation's membership of an alliance, renewed yearly by a recorded payment."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("Application received")
        APPROVED = "approved", _("Approved, awaiting payment")
        ACTIVE = "active", _("Active")
        LAPSED = "lapsed", _("Lapsed")
        DECLINED = "declined", _("Declined")

    alliance = models.ForeignKey(
        Organisation, verbose_name=_("alliance"), on_delete=models.CASCADE, related_name="+"
    )
    member = models.ForeignKey(
        Organisation,
        verbose_name=_("member organisation"),
        on_delete=models.CASCADE,
        related_name="alliance_memberships",
    )
    tier = models.ForeignKey(Tier, verbose_name=_("tier"), on_delete=models.PROTECT)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    starts_on = models.DateField(_("member since"), null=True, blank=True)
    ends_on = models.DateField(_("paid until"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("alliance membership")
        verbose_name_plural = _("alliance memberships")
        ordering = ["alliance_id", "member__name_zh"]
        constraints = [
            models.UniqueConstraint(fields=["alliance", "member"], name="alliance_member_unique")
        ]

    def __str__(self):
        return f"{self.member} — {self.alliance}"


class Payment(BaseModel):
    """A membership fee paid (recorded by the secretariat; no payment gateway)."""

    membership = models.ForeignKey(
        AllianceMembership, on_delete=models.CASCADE, related_name="payments"
    )
    invoice_no = models.CharField(_("invoice number"), max_length=60)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)
    paid_on = models.DateField(_("paid on"))
    covers_until = models.DateField(_("covers until"))

    class Meta:
        verbose_name = _("membership payment")
        verbose_name_plural = _("membership payments")
        ordering = ["-paid_on", "-id"]


class RenewalNotice(models.Model):
    """One renewal reminder, N days before a given expiry: never sent twice."""

    membership = models.ForeignKey(
        AllianceMembership, on_delete=models.CASCADE, related_name="renewal_notices"
    )
    expires_on = models.DateField()
    days_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["membership", "expires_on", "days_before"], name="renewal_notice_once"
            )
        ]

    def __str__(self):
        return f"{self.membership} — {self.days_before}"


class VoucherIssue(models.Model):
    """A tier's yearly lab voucher issued to one membership: never twice in a year."""

    membership = models.ForeignKey(
        AllianceMembership, on_delete=models.CASCADE, related_name="voucher_issues"
    )
    year = models.PositiveSmallIntegerField()
    voucher = models.OneToOneField(
        "lab.Voucher", null=True, on_delete=models.SET_NULL, related_name="+"
    )
    issued_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["membership", "year"], name="voucher_issue_once")
        ]

    def __str__(self):
        return f"{self.membership} — {self.year}"


class AnnualCheck(BaseModel):
    """The yearly check (年检) of a membership."""

    membership = models.ForeignKey(
        AllianceMembership, on_delete=models.CASCADE, related_name="annual_checks"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    passed = models.BooleanField(_("passed"))
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("annual check")
        verbose_name_plural = _("annual checks")
        constraints = [
            models.UniqueConstraint(fields=["membership", "year"], name="annual_check_once")
        ]
