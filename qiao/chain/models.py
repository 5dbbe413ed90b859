"""The medical-device industrial chain (产业链) as an editable tree, and manual placements of
organisations on its nodes (automatic placements are computed, see ``placement.py``)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.core.writes import Versioned
from qiao.directory.models import Organisation
from qiao.taxonomy.models import Term, Vocabulary


class ChainNode(Versioned, BaseModel):
    """A link of the chain: a segment (upstream…), a group, or a leaf such as an NMPA category."""

    class Segment(models.TextChoices):
        UPSTREAM = "upstream", _("upstream")
        MIDSTREAM = "midstream", _("midstream")
        DOWNSTREAM = "downstream", _("downstream")
        SERVICES = "services", _("supporting services")

    EDITABLE_FIELDS = ("name_zh", "name_en", "position", "keywords")

    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="children",
    )  # fmt: skip
    code = models.SlugField(_("code"), max_length=40, unique=True)
    segment = models.CharField(_("segment"), max_length=12, choices=Segment.choices)
    name_zh = models.CharField(_("Chinese name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    device_category = models.ForeignKey(
        Term, verbose_name=_("device category"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.DEVICE_CATEGORY},
    )  # fmt: skip
    organisation_kind = models.ForeignKey(
        Term, verbose_name=_("organisation kind"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.ORGANISATION_KIND},
    )  # fmt: skip
    # Words in an organisation's capabilities or description that place it here, one a line.
    keywords = models.TextField(_("keywords"), blank=True)

    class Meta:
        verbose_name = _("chain node")
        verbose_name_plural = _("chain nodes")
        ordering = ["position", "code"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        english = (get_language() or "").startswith("en")
        return (self.name_en or self.name_zh) if english else self.name_zh


class Placement(BaseModel):
    """An operator's override: this organisation is (or is not) on this node."""

    node = models.ForeignKey(
        ChainNode, verbose_name=_("chain node"), on_delete=models.CASCADE,
        related_name="placements",
    )  # fmt: skip
    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="chain_placements",
    )  # fmt: skip
    is_excluded = models.BooleanField(_("excluded"), default=False)

    class Meta:
        verbose_name = _("placement")
        verbose_name_plural = _("placements")
        constraints = [
            models.UniqueConstraint(fields=["node", "organisation"], name="placement_once")
        ]

    def __str__(self):
        return f"{self.organisation} @ {self.node}"
