"""The expert think tank: experts, their declared interests, opinions on clinical needs."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.core.writes import Versioned
from qiao.directory.models import Organisation, Person
from qiao.market.models import Listing
from qiao.taxonomy.models import Term


class Expert(Versioned, BaseModel):
    """A person appointed to an expert body (the think tank, an expert pool) for a term."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Serving")
        PAUSED = "paused", _("Not available")
        RETIRED = "retired", _("Term ended")

    person = models.OneToOneField(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="expert"
    )
    fields_zh = models.TextField(
        _("fields (Chinese)"),
        help_text=_("Technology areas, therapeutic areas and device categories."),
    )
    fields_en = models.TextField(_("fields (English)"), blank=True)
    terms = models.ManyToManyField(
        Term, verbose_name=_("field tags"), blank=True, related_name="experts"
    )
    title = models.CharField(_("professional title"), max_length=100, blank=True)
    body = models.CharField(_("appointing body"), max_length=200)
    term_start = models.DateField(_("term starts"))
    term_end = models.DateField(_("term ends"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    capacity = models.PositiveSmallIntegerField(
        _("reviews per call at most"), default=10, help_text=_("Availability for reviews.")
    )
    letter_no = models.CharField(_("letter number"), max_length=60, blank=True)
    search_document = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")
        ordering = ["person__name_zh", "id"]

    def __str__(self):
        return str(self.person)

    def clean(self):
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("The term cannot end before it starts.")})


class Declaration(BaseModel):
    """An interest an expert declares: a board seat, shares, a student, money, other."""

    class Kind(models.TextChoices):
        BOARD = "board", _("Board seat")
        SHARES = "shares", _("Shares")
        SUPERVISOR = "supervisor", _("Supervisor or student")
        FINANCIAL = "financial", _("Financial interest")
        OTHER = "other", _("Other interest")

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="declarations"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("declared interest")
        verbose_name_plural = _("declared interests")
        ordering = ["id"]

    def __str__(self):
        return f"{self.expert} — {self.get_kind_display()}"

    def clean(self):
        if not self.organisation_id and not self.person_id:
            raise ValidationError(_("Name the organisation or the person the interest is in."))


class Opinion(Versioned, BaseModel):
    """An expert's short structured opinion on a clinical need, shown with their consent."""

    class Verdict(models.TextChoices):
        CONFIRMED = "confirmed", _("Real and worth solving")
        PARTLY = "partly", _("Real, needs refining")
        DOUBTFUL = "doubtful", _("Doubtful")

    expert = models.ForeignKey(
        Expert, verbose_name=_("expert"), on_delete=models.CASCADE, related_name="opinions"
    )
    need = models.ForeignKey(
        Listing, verbose_name=_("need"), on_delete=models.CASCADE, related_name="expert_opinions"
    )
    verdict = models.CharField(_("verdict"), max_length=12, choices=Verdict.choices)
    clinical_value = models.TextField(_("clinical value"))
    feasibility = models.TextField(_("technical feasibility"), blank=True)
    suggestions = models.TextField(_("suggestions"), blank=True)
    shown = models.BooleanField(
        _("show on the need"), default=False, help_text=_("The expert consents to show it.")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("expert opinion")
        verbose_name_plural = _("expert opinions")
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["expert", "need"], name="expert_opinion_unique")
        ]

    def __str__(self):
        return f"{self.expert} — {self.need}"
