"""Introductions: the matchmaker's step from a match towards an agreement.

This is the first slice of the pipeline: an operator turns a match into a proposed
introduction. Its later stages (meeting, NDA, negotiation, agreement) build on it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.directory.models import Organisation
from qiao.market.models import Listing
from qiao.matching.models import Match


class Introduction(BaseModel):
    """Two parties that a broker proposes should talk, and the listings that brought them."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")

    match = models.ForeignKey(
        Match,
        verbose_name=_("match"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="introductions",
    )
    requesting_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("proposing organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    receiving_organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("receiving organisation"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    listings = models.ManyToManyField(
        Listing, verbose_name=_("listings"), blank=True, related_name="introductions"
    )
    broker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("broker"),
        on_delete=models.PROTECT,
        related_name="brokered_introductions",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.requesting_organisation} ↔ {self.receiving_organisation}"
