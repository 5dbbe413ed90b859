"""Support policies (惠企政策), their criteria as data, firms' status flags and applications."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.core.writes import Versioned
from qiao.directory.models import Organisation


def _in_english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


class Policy(Versioned, BaseModel):
    """A support policy: who issues it, what it pays, when, and its criteria as data."""

    class Level(models.TextChoices):
        NATIONAL = "national", _("national")
        MUNICIPAL = "municipal", _("municipal or provincial")
        DISTRICT = "district", _("district or county")
        PARK = "park", _("park")

    class BenefitKind(models.TextChoices):
        GRANT = "grant", _("grant")
        SUBSIDY = "subsidy", _("subsidy")
        REWARD = "reward", _("reward")
        VOUCHER = "voucher", _("voucher")
        RENT_RELIEF = "rent_relief", _("rent relief")
        LOAN_INTEREST = "loan_interest", _("loan interest subsidy")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CLOSED = "closed", _("closed")

    title_zh = models.CharField(_("Chinese title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=300, blank=True)
    number = models.CharField(_("document number"), max_length=100, blank=True)
    issuer = models.CharField(_("issuing body"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    source_url = models.URLField(_("source document"), blank=True)
    summary_zh = models.TextField(_("Chinese summary"), blank=True)
    summary_en = models.TextField(_("English summary"), blank=True)
    benefit_kind = models.CharField(
        _("benefit"), max_length=15, choices=BenefitKind.choices, default=BenefitKind.GRANT
    )
    amount = models.DecimalField(
        _("amount or cap (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    rate = models.CharField(_("rate"), max_length=100, blank=True)
    opens_on = models.DateField(_("applications open"), null=True, blank=True)
    closes_on = models.DateField(_("application deadline"), null=True, blank=True)
    materials = models.TextField(_("required materials"), blank=True, help_text=_("One per line."))
    office = models.CharField(_("handling office"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    criteria = models.JSONField(_("criteria"), default=list, blank=True)

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["closes_on", "-amount", "pk"]

    def __str__(self):
        return self.title

    def clean(self):
        from qiao.policies.eligibility import validate

        if self.criteria and validate(self.criteria):
            raise ValidationError(
                {"criteria": _("The criteria cannot be read (%(code)s).")
                 % {"code": validate(self.criteria)[0]}}
            )  # fmt: skip
        if self.opens_on and self.closes_on and self.closes_on < self.opens_on:
            raise ValidationError({"closes_on": _("The deadline is before the opening date.")})

    @property
    def title(self) -> str:
        return (self.title_en or self.title_zh) if _in_english() else self.title_zh

    @property
    def summary(self) -> str:
        return (self.summary_en or self.summary_zh) if _in_english() else self.summary_zh

    @property
    def material_list(self) -> list[str]:
        return [line.strip() for line in self.materials.splitlines() if line.strip()]


class StatusFlag(BaseModel):
    """A firm's status such as 高新技术企业, held or not, and until when."""

    class Name(models.TextChoices):
        HIGH_TECH = "high_tech", _("high and new technology enterprise (高新技术企业)")
        SPECIALISED = "specialised", _("specialised and innovative SME (专精特新)")
        LITTLE_GIANT = "little_giant", _("little giant (小巨人)")

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="status_flags",
    )  # fmt: skip
    name = models.CharField(_("status"), max_length=20, choices=Name.choices)
    held = models.BooleanField(_("held"), default=True)
    granted_on = models.DateField(_("granted on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        verbose_name = _("status flag")
        verbose_name_plural = _("status flags")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="flag_once_per_firm")
        ]

    def __str__(self):
        return self.get_name_display()


class Eligibility(BaseModel):
    """The last computed answer of a policy for a firm (for lists, counts and notices)."""

    class Outcome(models.TextChoices):
        MET = "met", _("eligible")
        UNKNOWN = "unknown", _("unknown")
        NOT_MET = "not_met", _("not eligible")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="eligibilities")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="policy_eligibilities"
    )
    outcome = models.CharField(_("eligibility"), max_length=10, choices=Outcome.choices)
    missing = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("eligibility")
        verbose_name_plural = _("eligibilities")
        constraints = [
            models.UniqueConstraint(fields=["policy", "organisation"], name="eligibility_once")
        ]


class Application(Versioned, BaseModel):
    """A firm's application for a policy, as the firm records it."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")

    policy = models.ForeignKey(
        Policy, verbose_name=_("policy"), on_delete=models.PROTECT, related_name="applications"
    )
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="policy_applications",
    )  # fmt: skip
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.APPLIED
    )
    applied_on = models.DateField(_("applied on"), null=True, blank=True)
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    amount_granted = models.DecimalField(
        _("amount granted (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    amount_received = models.DecimalField(
        _("amount received (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("policy application")
        verbose_name_plural = _("policy applications")
        constraints = [
            models.UniqueConstraint(fields=["policy", "organisation"], name="application_once")
        ]

    def __str__(self):
        return f"{self.organisation} · {self.policy}"

    def clean(self):
        if self.amount_granted is not None and self.status != self.Status.APPROVED:
            raise ValidationError(
                {"amount_granted": _("Only an approved application has an amount granted.")}
            )
        for name in ("amount_granted", "amount_received"):
            if (getattr(self, name) or 0) < 0:
                raise ValidationError({name: _("An amount cannot be negative.")})
        if self.paid_on and self.amount_received is None:
            raise ValidationError({"amount_received": _("Say how much was paid.")})


class FeedToken(BaseModel):
    """The secret in a person's policy-deadline calendar feed URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="policy_feed_token"
    )
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("policy calendar feed token")
        verbose_name_plural = _("policy calendar feed tokens")
