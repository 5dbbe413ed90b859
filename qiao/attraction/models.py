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
