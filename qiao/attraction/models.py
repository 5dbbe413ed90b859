"""Investment attraction (招商): leads followed from first contact to capital arrived."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qiao.chain.models import ChainNode
from qiao.core.models import BaseModel
from qiao.core.writes import Versioned
from qiao.directory.models import Organisation


class Lead(Versioned, BaseModel):
    """A firm the park hopes to bring in, and how far it has come. Confidential to operators."""

    class Stage(models.TextChoices):
        LEAD = "lead", _("lead")
        ASSESSMENT = "assessment", _("assessment")
        NEGOTIATING = "negotiating", _("negotiating")
        SIGNED = "signed", _("signed")
        LANDED = "landed", _("registered / landed")
        CONSTRUCTION = "construction", _("construction")
        PRODUCTION = "production", _("production")
        CAPITAL_ARRIVED = "capital_arrived", _("capital arrived")
        DROPPED = "dropped", _("dropped")

    class Source(models.TextChoices):
        EVENT = "event", _("event")
        BROKER = "broker", _("broker")
        REFERRAL = "referral", _("member referral")
        NEWS = "news", _("news")
        OTHER = "other", _("other")

    EDITABLE_FIELDS = (
        "name", "owner", "source", "source_note", "target_date", "planned_investment",
        "arrived_investment", "floor_area", "chain_node", "notes",
    )  # fmt: skip

    name = models.CharField(_("firm or project"), max_length=200)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.LEAD)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("lead owner"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    source_note = models.CharField(_("source details"), max_length=300, blank=True)
    # The news proposal that suggested the lead (``intel`` Proposal id), so it is proposed once.
    proposal_id = models.PositiveIntegerField(null=True, blank=True, editable=False, unique=True)
    target_date = models.DateField(_("target date"), null=True, blank=True)
    stage_changed_on = models.DateField(_("stage reached on"), null=True, blank=True)
    planned_investment = models.DecimalField(
        _("planned investment (万元)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    arrived_investment = models.DecimalField(
        _("investment arrived (万元)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    floor_area = models.DecimalField(
        _("floor area (m²)"), max_digits=10, decimal_places=1, null=True, blank=True
    )
    chain_node = models.ForeignKey(
        ChainNode, verbose_name=_("chain node it fills"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("directory organisation"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="attraction_leads",
    )  # fmt: skip
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("investment lead")
        verbose_name_plural = _("investment leads")
        ordering = ["-updated_at"]

    def __str__(self):
        return self.name

    @property
    def is_open(self) -> bool:
        """Still moving: neither dropped nor at the last stage."""
        return self.stage not in (Lead.Stage.DROPPED, Lead.Stage.CAPITAL_ARRIVED)

    def has_reached(self, stage: str) -> bool:
        return self.stage != Lead.Stage.DROPPED and STAGE_ORDER[self.stage] >= STAGE_ORDER[stage]


# The stages a lead moves through in order (dropped is off the line).
STAGE_ORDER = {value: index for index, value in enumerate(Lead.Stage.values)}
# Default days from one stage to the next (the plan a new lead gets): assessment within three
# days of first contact, as the rules for large leads ask, then a working pace for the rest.
STAGE_DAYS = {
    Lead.Stage.ASSESSMENT: 3,
    Lead.Stage.NEGOTIATING: 30,
    Lead.Stage.SIGNED: 60,
    Lead.Stage.LANDED: 60,
    Lead.Stage.CONSTRUCTION: 90,
    Lead.Stage.PRODUCTION: 180,
    Lead.Stage.CAPITAL_ARRIVED: 90,
}
PLANNED_STAGES = tuple(STAGE_DAYS)


class StageTarget(BaseModel):
    """The date by which a lead should reach a stage (计划签约、开工、投产日期…): set per
    lead, planned from ``STAGE_DAYS`` when the lead is created. Its owner is told once when
    the date passes with the stage not reached (``notified_on``; a new date tells again)."""

    lead = models.ForeignKey(
        Lead, verbose_name=_("investment lead"), on_delete=models.CASCADE, related_name="targets"
    )
    stage = models.CharField(_("stage"), max_length=16, choices=Lead.Stage.choices)
    due_on = models.DateField(_("target date"))
    notified_on = models.DateField(_("owner told on"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("stage target date")
        verbose_name_plural = _("stage target dates")
        constraints = [models.UniqueConstraint(fields=["lead", "stage"], name="stage_target_once")]
        indexes = [models.Index(fields=["due_on"], name="stage_target_due")]

    def __str__(self):
        return f"{self.lead} · {self.get_stage_display()} · {self.due_on}"
