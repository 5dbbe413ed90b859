"""Indicators defined once, the figures firms report against them, and the quarterly
collection campaigns that gather those figures."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.core.writes import Versioned
from qiao.directory.models import Credential, Organisation

PERIOD_VALIDATOR = RegexValidator(
    r"^\d{4}(Q[1-4])?$", _("Write a period as a year (2026) or a quarter (2026Q3).")
)


def _in_english() -> bool:
    return (get_language() or "").startswith("en")


class Indicator(Versioned, BaseModel):
    """A statistical indicator (revenue, R&D staff, patents granted…), defined once for every
    return that uses it."""

    class PeriodKind(models.TextChoices):
        QUARTER = "quarter", _("quarterly")
        YEAR = "year", _("yearly")

    class Derivation(models.TextChoices):
        NONE = "", _("not derived")
        PATENTS_APPLIED = "patents_applied", _("patents recorded as applied")
        PATENTS_GRANTED = "patents_granted", _("patents recorded as granted")
        REGISTRATIONS = "registrations", _("registration certificates recorded")

    EDITABLE_FIELDS = (
        "name_zh",
        "name_en",
        "unit_zh",
        "unit_en",
        "period_kind",
        "definition",
        "statistical_return",
        "jump_threshold",
        "is_active",
        "position",
    )

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    unit_zh = models.CharField(_("Chinese unit"), max_length=20, blank=True)
    unit_en = models.CharField(_("English unit"), max_length=20, blank=True)
    period_kind = models.CharField(
        _("period"), max_length=10, choices=PeriodKind.choices, default=PeriodKind.QUARTER
    )
    definition = models.TextField(_("definition"), blank=True)
    statistical_return = models.CharField(_("statistical return"), max_length=120, blank=True)
    # A change from the last period beyond this share (percent) must be explained.
    jump_threshold = models.PositiveSmallIntegerField(_("jump threshold (%)"), default=50)
    derived_from = models.CharField(
        _("derived from"), max_length=20, choices=Derivation.choices, blank=True
    )
    is_active = models.BooleanField(_("active"), default=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return (self.name_en or self.name_zh) if _in_english() else self.name_zh

    @property
    def unit(self) -> str:
        return (self.unit_en or self.unit_zh) if _in_english() else self.unit_zh


class Figure(Versioned, BaseModel):
    """One organisation's value of one indicator for one period; its changes are audited."""

    class Source(models.TextChoices):
        REPORTED = "reported", _("reported by the firm")
        DERIVED = "derived", _("derived from Qiao's records")
        NEWS = "news", _("from the news")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="figures",
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="figures"
    )
    period = models.CharField(_("period"), max_length=6, validators=[PERIOD_VALIDATOR])
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("figure")
        verbose_name_plural = _("figures")
        ordering = ["organisation_id", "indicator__position", "-period"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "indicator", "period"], name="figure_once_per_period"
            )
        ]

    def __str__(self):
        return f"{self.indicator} {self.period} {self.value}"


class Campaign(Versioned, BaseModel):
    """A collection round: the operator asks these firms for these indicators for a period."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSED = "closed", _("closed")

    title = models.CharField(_("title"), max_length=120)
    period = models.CharField(_("period"), max_length=6, validators=[PERIOD_VALIDATOR])
    due_on = models.DateField(_("due date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    indicators = models.ManyToManyField(Indicator, verbose_name=_("indicators"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    reminded_before_at = models.DateTimeField(null=True, blank=True, editable=False)
    reminded_after_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("collection campaign")
        verbose_name_plural = _("collection campaigns")
        ordering = ["-period", "-id"]

    def __str__(self):
        return f"{self.title} ({self.period})"


class Submission(Versioned, BaseModel):
    """One firm's form in a campaign: pre-filled, filled in, signed off, accepted or returned."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("to fill in")
        SIGNED = "signed", _("signed off")
        ACCEPTED = "accepted", _("accepted")
        RETURNED = "returned", _("returned for correction")

    campaign = models.ForeignKey(
        Campaign, verbose_name=_("campaign"), on_delete=models.CASCADE, related_name="submissions"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="submissions",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed off by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed off at"), null=True, blank=True)
    return_reason = models.CharField(_("reason for returning"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("submission")
        verbose_name_plural = _("submissions")
        ordering = ["campaign_id", "organisation__name_zh"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "organisation"], name="submission_once_per_campaign"
            )
        ]

    def __str__(self):
        return f"{self.organisation} · {self.campaign}"


class Entry(BaseModel):
    """One indicator's line on a firm's form: the pre-filled value, the value, the check."""

    submission = models.ForeignKey(
        Submission, verbose_name=_("submission"), on_delete=models.CASCADE, related_name="entries"
    )
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="+"
    )
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2, null=True, blank=True)
    previous = models.DecimalField(
        _("last period"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    suggested = models.DecimalField(
        _("from Qiao's records"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    is_jump = models.BooleanField(_("jump to explain"), default=False)
    explanation = models.CharField(_("explanation"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("entry")
        verbose_name_plural = _("entries")
        ordering = ["indicator__position", "indicator__code"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "indicator"], name="entry_once")
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value}"


CREDENTIAL_DERIVATIONS = {
    Indicator.Derivation.PATENTS_APPLIED: (Credential.Kind.PATENT, None),
    Indicator.Derivation.PATENTS_GRANTED: (Credential.Kind.PATENT, Credential.Status.GRANTED),
    Indicator.Derivation.REGISTRATIONS: (Credential.Kind.REGISTRATION, None),
}
