"""Needs and offers: what cluster members look for and what they can give.

Both sides live in one table, ``Listing``, because visibility, disclosure, search,
matching and the pipeline treat them alike; ``side`` and ``kind`` say which it is, and the
columns of one kind stay empty for the others.

What is confidential: for a ``CONFIDENTIAL`` listing, the title, the summary, the tags,
the stage, the region, the kind and the owner are the public face; everything else (the
description and every kind-specific field) is detail, shown only to the owner, operators
and organisations with a granted ``Disclosure``. ``PUBLIC_FIELDS`` names the face.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from qiao.core.models import BaseModel
from qiao.core.writes import Versioned
from qiao.directory.models import Department, Organisation, Person
from qiao.market.audiences import alliances_of
from qiao.taxonomy.models import Term, Vocabulary


class Side(models.TextChoices):
    NEED = "need", _("Need")
    OFFER = "offer", _("Offer")


class Kind(models.TextChoices):
    CLINICAL = "clinical", _("Clinical need")
    TECHNOLOGY_NEED = "technology_need", _("Technology need")
    SERVICE_NEED = "service_need", _("Service need")
    FINANCING = "financing", _("Financing need")
    CHANNEL = "channel", _("Supply or market-channel need")
    TECHNOLOGY = "technology", _("Technology achievement")
    PRODUCT = "product", _("Product")
    SERVICE = "service", _("Service")
    INVESTMENT = "investment", _("Investment focus")
    EQUIPMENT = "equipment", _("Equipment")


NEED_KINDS = (Kind.CLINICAL, Kind.TECHNOLOGY_NEED, Kind.SERVICE_NEED, Kind.FINANCING, Kind.CHANNEL)
OFFER_KINDS = (Kind.TECHNOLOGY, Kind.PRODUCT, Kind.SERVICE, Kind.INVESTMENT, Kind.EQUIPMENT)
KINDS_BY_SIDE = {Side.NEED: NEED_KINDS, Side.OFFER: OFFER_KINDS}

# The engine's kind names: a technology or service listing is told apart by its side there.
ENGINE_KIND = {
    Kind.TECHNOLOGY_NEED: "technology",
    Kind.SERVICE_NEED: "service",
}


class Frequency(models.TextChoices):
    RARE = "rare", _("Rare (a few cases a year)")
    MONTHLY = "monthly", _("Monthly")
    WEEKLY = "weekly", _("Weekly")
    DAILY = "daily", _("Daily")


class Severity(models.TextChoices):
    LOW = "low", _("Low")
    MODERATE = "moderate", _("Moderate")
    HIGH = "high", _("High")
    LIFE_THREATENING = "life_threatening", _("Life-threatening")


class ServiceType(models.TextChoices):
    CRO = "cro", _("Clinical research (CRO)")
    CDMO = "cdmo", _("Development and manufacturing (CDMO)")
    TESTING = "testing", _("Testing and inspection")
    REGISTRATION = "registration", _("Registration consulting")
    OTHER = "other", _("Other service")


class FundingRound(models.TextChoices):
    ANGEL = "angel", _("Angel")
    SEED = "seed", _("Seed")
    PRE_A = "pre_a", _("Pre-A")
    A = "a", _("Series A")
    B = "b", _("Series B")
    C = "c", _("Series C and later")
    STRATEGIC = "strategic", _("Strategic")


class IpStatus(models.TextChoices):
    GRANTED = "granted", _("Patent granted")
    PENDING = "pending", _("Patent pending")
    KNOW_HOW = "know_how", _("Know-how, unpatented")
    LICENSED = "licensed", _("Licensed in")


class TransferMode(models.TextChoices):
    LICENCE = "licence", _("Licence")
    ASSIGNMENT = "assignment", _("Assignment")
    JOINT_DEVELOPMENT = "joint_development", _("Joint development")
    EQUITY = "equity", _("Equity")


class Accreditation(models.TextChoices):
    CNAS = "CNAS", "CNAS"
    CMA = "CMA", "CMA"
    GLP = "GLP", "GLP"
    GCP = "GCP", "GCP"
    ISO13485 = "ISO 13485", "ISO 13485"
    GMP = "GMP", "GMP"


class Listing(Versioned, BaseModel):
    """A need or an offer posted by a member organisation, e.g. a doctor's clinical need."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        UNDER_REVIEW = "under_review", _("Under review")
        PUBLISHED = "published", _("Published")
        IN_DISCUSSION = "in_discussion", _("In discussion")
        CLOSED_DEAL = "closed_deal", _("Closed with a deal")
        CLOSED = "closed", _("Closed")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")
        CHOSEN = "chosen", _("Chosen organisations")
        ALLIANCE = "alliance", _("Members of one alliance")
        CONFIDENTIAL = "confidential", _("Confidential (summary public, details under NDA)")

    # Statuses in which other organisations see the listing (and matching considers it).
    OPEN_STATUSES = (Status.PUBLISHED, Status.IN_DISCUSSION)

    side = models.CharField(_("side"), max_length=5, choices=Side.choices)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="listings",
    )
    contact = models.ForeignKey(
        Person,
        verbose_name=_("contact person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    title_zh = models.CharField(
        pgettext_lazy("listing", "Chinese title"), max_length=200, blank=True
    )
    title_en = models.CharField(
        pgettext_lazy("listing", "English title"), max_length=200, blank=True
    )
    summary_zh = models.TextField(
        _("Chinese summary"),
        blank=True,
        help_text=_("Shown to everyone who may see the listing, also when it is confidential."),
    )
    summary_en = models.TextField(_("English summary"), blank=True)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("The full story: the benefit, the stage and the route to use or market."),
    )
    terms = models.ManyToManyField(
        Term,
        verbose_name=_("tags"),
        blank=True,
        related_name="listings",
        help_text=_("Device categories, technology areas and therapeutic areas."),
    )
    stage = models.ForeignKey(
        Term,
        verbose_name=_("lifecycle stage"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.LIFECYCLE_STAGE},
    )
    province = models.CharField(_("province"), max_length=30, blank=True)
    city = models.CharField(_("city"), max_length=30, blank=True)
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    visibility = models.CharField(
        _("visibility"), max_length=15, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    shared_with = models.ManyToManyField(
        Organisation,
        verbose_name=_("shared with"),
        blank=True,
        related_name="shared_listings",
        help_text=_("For “chosen organisations”: who may see the listing."),
    )
    alliance = models.ForeignKey(
        Organisation,
        verbose_name=_("alliance"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("For “members of one alliance”: its paid-up members see the listing."),
    )
    nda_terms = models.TextField(
        _("NDA terms"),
        blank=True,
        help_text=_("For confidential listings: what an organisation accepts to see the details."),
    )
    disclosure_needs_approval = models.BooleanField(
        _("approve each disclosure"),
        default=False,
        help_text=_("Details are shown only after you approve an organisation that accepted."),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    first_introduced_at = models.DateTimeField(
        _("first introduced at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("When an introduction first named this listing (kept for the insights)."),
    )
    completeness = models.PositiveSmallIntegerField(_("completeness"), default=0, editable=False)
    search_document = models.TextField(editable=False, default="")

    # Clinical need
    clinical_problem = models.TextField(_("clinical problem"), blank=True)
    patient_population = models.TextField(_("patient population"), blank=True)
    current_practice = models.TextField(_("current practice"), blank=True)
    shortcomings = models.TextField(_("shortcomings of current practice"), blank=True)
    desired_outcome = models.TextField(_("outcome wanted"), blank=True)
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, blank=True
    )
    severity = models.CharField(_("severity"), max_length=20, choices=Severity.choices, blank=True)
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="listings",
    )
    hosts_validation = models.BooleanField(
        _("hospital will host clinical validation"), null=True, blank=True
    )
    ip_note = models.TextField(_("IP ownership note"), blank=True)
    confirms_no_patient_data = models.BooleanField(
        _("I confirm this listing contains no patient data"), default=False
    )
    # Service need and service offer
    service_type = models.CharField(
        _("service type"), max_length=15, choices=ServiceType.choices, blank=True
    )
    # Financing need
    amount = models.DecimalField(
        _("amount (yuan)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    funding_round = models.CharField(
        _("round"), max_length=10, choices=FundingRound.choices, blank=True
    )
    use_of_funds = models.TextField(_("use of funds"), blank=True)
    # Technology achievement
    patent_numbers = models.TextField(_("patent numbers"), blank=True)
    ip_status = models.CharField(
        _("IP status"), max_length=10, choices=IpStatus.choices, blank=True
    )
    transfer_modes = models.JSONField(_("transfer modes"), default=list, blank=True)
    # Product
    registration_number = models.CharField(
        _("registration certificate number"), max_length=60, blank=True
    )
    # Service offer
    capabilities = models.TextField(_("capabilities"), blank=True)
    accreditations = models.JSONField(_("accreditations"), default=list, blank=True)
    # Investment focus
    investment_stages = models.JSONField(_("stages invested in"), default=list, blank=True)
    ticket_min = models.DecimalField(
        _("smallest ticket (yuan)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    ticket_max = models.DecimalField(
        _("largest ticket (yuan)"),
        max_digits=14,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    # Equipment
    equipment_model = models.CharField(_("make and model"), max_length=120, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    specifications = models.TextField(_("specifications"), blank=True)

    class Meta:
        verbose_name = _("listing")
        verbose_name_plural = _("listings")
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "visibility", "side"], name="listing_open"),
            models.Index(fields=["organisation", "status"], name="listing_owner"),
            models.Index(fields=["updated_at"], name="listing_updated"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(side=Side.NEED, kind__in=[k.value for k in NEED_KINDS])
                    | models.Q(side=Side.OFFER, kind__in=[k.value for k in OFFER_KINDS])
                ),
                name="listing_kind_fits_side",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def title(self) -> str:
        return self.title_zh or self.title_en

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def is_confidential(self) -> bool:
        return self.visibility == self.Visibility.CONFIDENTIAL

    def clean(self):
        errors = {}
        if self.kind and self.side and self.kind not in KINDS_BY_SIDE.get(self.side, ()):
            errors["kind"] = _("This kind does not belong to this side.")
        if not (self.title_zh or self.title_en):
            errors["title_zh"] = _("Give a title in Chinese or English.")
        if self.ticket_min and self.ticket_max and self.ticket_min > self.ticket_max:
            errors["ticket_max"] = _("The largest ticket is smaller than the smallest.")
        if self.kind == Kind.CLINICAL and not self.confirms_no_patient_data:
            errors["confirms_no_patient_data"] = _(
                "Confirm that the clinical need contains no patient data."
            )
        if self.visibility == self.Visibility.CONFIDENTIAL and not self.nda_terms.strip():
            errors["nda_terms"] = _("A confidential listing needs the NDA terms others accept.")
        if self.visibility == self.Visibility.ALLIANCE:
            if self.alliance_id is None:
                errors["alliance"] = _("Choose the alliance whose members may see it.")
            elif (
                self.organisation_id is not None
                and not alliances_of([self.organisation_id]).filter(pk=self.alliance_id).exists()
            ):
                errors["alliance"] = _("The organisation is not a paid-up member of this alliance.")
        if errors:
            raise ValidationError(errors)


# The fields a confidential listing shows before disclosure; everything else is detail.
PUBLIC_FIELDS = (
    "id",
    "side",
    "kind",
    "organisation",
    "title_zh",
    "title_en",
    "summary_zh",
    "summary_en",
    "terms",
    "stage",
    "province",
    "city",
    "deadline",
    "status",
    "visibility",
    "published_at",
    "completeness",
)

# Free-text detail fields, in the order a reader wants them.
DETAIL_TEXT_FIELDS = (
    "description",
    "clinical_problem",
    "patient_population",
    "current_practice",
    "shortcomings",
    "desired_outcome",
    "use_of_funds",
    "patent_numbers",
    "capabilities",
    "specifications",
    "ip_note",
)


class Signatory(models.TextChoices):
    """Why a user could bind their organisation to NDA terms."""

    ADMIN = "admin", _("admin of the organisation")
    SIGNATORY = "signatory", _("member allowed by an admin")


class Disclosure(BaseModel):
    """An organisation's acceptance of a confidential listing's NDA, and the owner's answer.

    The terms accepted are copied, so a later edit of the listing's terms does not change
    what was agreed.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the owner's approval")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", _("Declined")

    listing = models.ForeignKey(
        Listing, verbose_name=_("listing"), on_delete=models.CASCADE, related_name="disclosures"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="disclosures",
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("accepted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("accepted at"))
    accepted_as = models.CharField(
        _("accepted as"), max_length=10, choices=Signatory.choices, blank=True
    )
    terms_accepted = models.TextField(_("terms accepted"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("disclosure")
        verbose_name_plural = _("disclosures")
        ordering = ["-accepted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["listing", "organisation"], name="one_disclosure_per_organisation"
            )
        ]

    def __str__(self):
        return f"{self.listing} → {self.organisation}"


class NdaSignatory(BaseModel):
    """A member whom an admin of their organisation allows to accept NDA terms for it.

    Accepting a confidential listing's NDA binds the organisation, so admins may always
    accept and other members only with this grant (kept while they remain members).
    """

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="nda_signatories",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("member"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("allowed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("NDA signatory")
        verbose_name_plural = _("NDA signatories")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="nda_signatory_once")
        ]

    def __str__(self):
        return f"{self.user} ({self.organisation})"
