"""Calls the operator runs (proof-of-concept funds, challenges, awards), applications,
conflict-checked review assignments, scores and decisions."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.core.writes import Versioned
from qiao.directory.models import Organisation
from qiao.experts.models import Expert
from qiao.lab.models import Voucher
from qiao.pipeline.models import Introduction, Project
from qiao.taxonomy.models import Term


class Call(Versioned, BaseModel):
    """A call for applications, moved through its phases by the operator only."""

    class Kind(models.TextChoices):
        POC_FUND = "poc_fund", _("Proof-of-concept fund")
        CHALLENGE = "challenge", _("Clinical-need challenge")
        AWARD = "award", _("Award")
        VOUCHER = "voucher", _("Voucher approval")
        ADMISSION = "admission", _("Park admission")

    class Phase(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for applications")
        REVIEW = "review", _("In review")
        DECISION = "decision", _("Deciding")
        CLOSED = "closed", _("Closed")

    class Outcome(models.TextChoices):
        PROJECT = "project", _("A project with milestones")
        INTRODUCTION = "introduction", _("An introduction")
        VOUCHER = "voucher", _("A lab voucher")
        NONE = "none", _("Nothing else")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    title_zh = models.CharField(_("Chinese title"), max_length=200)
    title_en = models.CharField(_("English title"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    phase = models.CharField(_("phase"), max_length=10, choices=Phase.choices, default=Phase.DRAFT)
    eligible_kinds = models.ManyToManyField(
        Term,
        verbose_name=_("eligible organisation kinds"),
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": "organisation_kind"},
    )
    eligible_regions = models.CharField(
        _("eligible cities or districts"),
        max_length=200,
        blank=True,
        help_text=_("Separate with commas; empty means anywhere."),
    )
    form_fields = models.JSONField(
        _("form fields"),
        default=list,
        blank=True,
        help_text=_('A list of {"key", "label_zh", "label_en", "required"}.'),
    )
    reviewers_per_application = models.PositiveSmallIntegerField(_("reviewers each"), default=3)
    reviews_to_applicant = models.BooleanField(
        _("show anonymised reviews to the applicant"), default=False
    )
    outcome = models.CharField(
        _("a funded application becomes"),
        max_length=12,
        choices=Outcome.choices,
        default=Outcome.PROJECT,
    )
    partner = models.ForeignKey(
        Organisation,
        verbose_name=_("partner for introductions"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    voucher_issuer = models.CharField(
        _("voucher issuer"),
        max_length=200,
        blank=True,
        help_text=_("Who grants the lab vouchers this call funds; empty: the call's title."),
    )
    voucher_share_percent = models.PositiveSmallIntegerField(
        _("share of lab fees a voucher covers (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-opens_on", "-id"]

    def __str__(self):
        return self.title_zh


class Criterion(BaseModel):
    """A scoring criterion of a call, with its weight."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="criteria")
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    weight = models.PositiveSmallIntegerField(_("weight"), default=1)
    max_score = models.PositiveSmallIntegerField(_("highest score"), default=10)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["order", "id"]

    def __str__(self):
        return self.name_zh


class Application(Versioned, BaseModel):
    """An organisation's application to a call: a draft until submitted, then screened."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        INELIGIBLE = "ineligible", _("Not eligible")
        SUBMITTED = "submitted", _("Submitted")
        FUNDED = "funded", _("Funded")
        DECLINED = "declined", _("Not funded")

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="applications")
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("applicant"), on_delete=models.CASCADE, related_name="+"
    )
    partners = models.ManyToManyField(
        Organisation, verbose_name=_("partner organisations"), blank=True, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    reasons = models.JSONField(_("eligibility reasons"), default=list, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    letter = models.TextField(_("decision letter"), blank=True)
    amount = models.DecimalField(
        _("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    project = models.ForeignKey(
        Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    introduction = models.ForeignKey(
        Introduction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    voucher = models.ForeignKey(
        Voucher, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.title


class Assignment(BaseModel):
    """An expert asked to review an application; they see it once they declare no conflict."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="assignments"
    )
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="assignments")
    fit = models.FloatField(_("fit"), default=0)
    no_conflict_at = models.DateTimeField(_("declared no conflict at"), null=True, blank=True)
    conflict_note = models.CharField(_("conflict declared"), max_length=300, blank=True)
    submitted_at = models.DateTimeField(_("review submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="assignment_unique")
        ]

    def __str__(self):
        return f"{self.expert} — {self.application}"


class Exclusion(BaseModel):
    """An expert kept from reviewing an application, with the reasons in both languages."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="exclusions"
    )
    expert = models.ForeignKey(Expert, on_delete=models.CASCADE, related_name="+")
    reasons = models.JSONField(default=list)  # [{"code", "zh", "en"}]

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "expert"], name="exclusion_unique")
        ]


class Score(BaseModel):
    """A reviewer's score for one criterion, with a comment."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"))
    comment = models.TextField(_("comment"), blank=True)

    class Meta:
        ordering = ["criterion__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["assignment", "criterion"], name="score_unique")
        ]
