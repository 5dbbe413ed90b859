"""Signed agreements between organisations, with their parties and documents."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qiao.core.models import BaseModel, NaturalMessages, StoredFile
from qiao.core.uploads import random_upload_path
from qiao.core.writes import Versioned
from qiao.directory.models import Organisation
from qiao.pipeline.models.introductions import Introduction
from qiao.taxonomy.models import Term, Vocabulary

__all__ = ["Agreement", "AgreementDocument", "AgreementGroup", "AgreementParty", "_document_path"]


class Agreement(BaseModel, Versioned):
    """A signed agreement between cluster organisations, e.g. a clinical research base."""

    class Kind(models.TextChoices):
        STRATEGIC = "strategic", _("Strategic cooperation")
        CLINICAL_BASE = "clinical_base", _("Clinical research base")
        JOINT_RD = "joint_rd", _("Joint R&D")
        TECHNOLOGY_TRANSFER = "technology_transfer", _("Technology transfer")
        LICENCE = "licence", _("Licence")
        SERVICE_CONTRACT = "service_contract", _("Service contract")
        INVESTMENT = "investment", _("Investment")
        ALLIANCE_MEMBERSHIP = "alliance_membership", _("Alliance membership")
        PARK_SETTLEMENT = "park_settlement", _("Settlement in a park")

    class Currency(models.TextChoices):
        CNY = "CNY", _("yuan (CNY)")
        USD = "USD", _("US dollars (USD)")
        EUR = "EUR", _("euros (EUR)")

    kind = models.CharField(_("kind"), max_length=25, choices=Kind.choices)
    title_zh = models.CharField(pgettext_lazy("listing", "Chinese title"), max_length=200)
    title_en = models.CharField(
        pgettext_lazy("listing", "English title"), max_length=200, blank=True
    )
    signed_on = models.DateField(_("signed on"))
    place = models.CharField(_("place or event"), max_length=200, blank=True)
    amount = models.DecimalField(
        _("amount"),
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    currency = models.CharField(
        _("currency"), max_length=3, choices=Currency.choices, default=Currency.CNY
    )
    project_count = models.PositiveIntegerField(
        _("number of projects"), null=True, blank=True, help_text=_("e.g. 24 projects signed")
    )
    description = models.TextField(_("description"), blank=True)
    categories = models.ManyToManyField(
        Term,
        verbose_name=_("device categories"),
        blank=True,
        related_name="agreements",
        limit_choices_to={"vocabulary": Vocabulary.DEVICE_CATEGORY},
        help_text=_("What the agreement is about, for the insights by category."),
    )
    is_confidential = models.BooleanField(
        _("confidential"),
        default=False,
        help_text=_("Only the parties and operators see a confidential agreement."),
    )
    introduction = models.ForeignKey(
        Introduction,
        verbose_name=_("introduction"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreements",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("agreement")
        verbose_name_plural = _("agreements")
        ordering = ["-signed_on", "-id"]
        indexes = [models.Index(fields=["is_confidential", "signed_on"], name="agreement_public")]

    def __str__(self):
        return self.title_zh


class AgreementParty(NaturalMessages, models.Model):
    """An organisation's part in an agreement, and its role there."""

    class Role(models.TextChoices):
        PARTY = "party", _("Party")
        INVESTOR = "investor", _("Investor")
        INVESTEE = "investee", _("Investee")
        LICENSOR = "licensor", _("Licensor")
        LICENSEE = "licensee", _("Licensee")
        PROVIDER = "provider", _("Service provider")
        CLIENT = "client", _("Client")
        HOST = "host", _("Host")
        WITNESS = "witness", _("Witness")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="agreement_parts",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.PARTY)

    class Meta:
        verbose_name = _("party")
        verbose_name_plural = _("parties")
        constraints = [
            models.UniqueConstraint(fields=["agreement", "organisation"], name="party_once")
        ]

    def __str__(self):
        return f"{self.organisation} ({self.get_role_display()})"


class AgreementGroup(models.Model):
    """One group an agreement belongs to through its parties: a region, an organisation kind.

    Derived rows, kept by ``services.refresh_agreement_groups`` whenever parties or their
    organisations change, so that figures "per region" count an agreement once per group
    without a DISTINCT over every party at read time.
    """

    class Dimension(models.TextChoices):
        REGION = "region", _("region")
        ORGANISATION_KIND = "org_kind", _("organisation kind")

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="groups")
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    key = models.CharField(max_length=100)  # "province city district", or a kind's code

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "dimension", "key"], name="agreement_group_once"
            )
        ]
        indexes = [models.Index(fields=["dimension", "key"], name="agreement_group_key")]

    def __str__(self):
        return f"{self.dimension}: {self.key}"


def _document_path(document: "AgreementDocument", filename: str) -> str:
    # A random name: the uploader's file name is kept in the row, never on disk.
    return random_upload_path("agreements", filename)


class AgreementDocument(StoredFile):
    """A file attached to an agreement (the signed contract, a photo of the ceremony)."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=_document_path)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = StoredFile.Meta.ordering
