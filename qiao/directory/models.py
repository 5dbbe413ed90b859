from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from qiao.core.models import BaseModel, StoredFile
from qiao.core.writes import Versioned
from qiao.directory.validators import validate_credit_code
from qiao.taxonomy.models import Term, Vocabulary


def _in_english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


class Organisation(Versioned, BaseModel):
    """A member or known actor of the cluster: hospital, company, university, park, …"""

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")

    kind = models.ForeignKey(
        Term,
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.ORGANISATION_KIND},
    )
    name_zh = models.CharField(_("Chinese name"), max_length=200, unique=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    short_name_zh = models.CharField(_("Chinese short name"), max_length=60, blank=True)
    short_name_en = models.CharField(_("English short name"), max_length=60, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"),
        max_length=18,
        blank=True,
        validators=[validate_credit_code],
        help_text=_("统一社会信用代码: 18 characters, as on the business licence."),
    )
    aliases = models.TextField(
        _("aliases"),
        blank=True,
        help_text=_("Other names the organisation is known by, one per line."),
    )
    province = models.CharField(_("province"), max_length=30, blank=True)
    city = models.CharField(_("city"), max_length=30, blank=True)
    district = models.CharField(_("district"), max_length=30, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    website = models.URLField(_("website"), blank=True)
    founded_year = models.PositiveSmallIntegerField(
        _("year founded"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    description_zh = models.TextField(_("Chinese description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    terms = models.ManyToManyField(
        Term,
        verbose_name=_("tags"),
        blank=True,
        related_name="organisations",
        help_text=_("Device categories, technology areas, therapeutic areas and stage."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    search_document = models.TextField(editable=False, default="")
    # Parts of the document, exact keys and prominence for ranking (directory/ranking.py).
    name_document = models.TextField(editable=False, default="")
    tag_document = models.TextField(editable=False, default="")
    search_keys = models.TextField(editable=False, default="")
    search_boost = models.PositiveSmallIntegerField(editable=False, default=0)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name_zh"]
        indexes = [
            models.Index(fields=["kind", "name_zh"], name="org_kind_name"),
            models.Index(fields=["province", "city", "district"], name="org_region"),
            models.Index(fields=["visibility", "name_zh"], name="org_visibility_name"),
            # The sorts without a query: most prominent first, and most recently updated.
            models.Index(fields=["-search_boost", "name_zh", "id"], name="org_boost_name"),
            models.Index(fields=["-updated_at", "id"], name="org_updated"),
            # Covering indexes for the directory's facet counts (members, then anonymous).
            # (kind, province → city → district): the search's facet counts read only these.
            models.Index(fields=["kind", "province", "city", "district"], name="org_kind_region"),
            models.Index(
                fields=["visibility", "kind", "province", "city", "district"],
                name="org_visibility_region",
            ),
            # The insights group agreements by their parties' kind and region: an index-only
            # scan instead of reading the wide rows (PostgreSQL; other databases skip it).
            models.Index(
                fields=["id"], include=["kind", "province", "city", "district"], name="org_groups"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=~Q(credit_code=""),
                name="org_credit_code_unique",
                violation_error_message=_(
                    "Another organisation already has this unified social credit code."
                ),
            )
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return (self.name_en or self.name_zh) if _in_english() else self.name_zh

    @property
    def other_name(self) -> str:
        """The name in the language that is not shown as ``name``."""
        return self.name_zh if _in_english() and self.name_en else self.name_en

    @property
    def short_name(self) -> str:
        if _in_english():
            return self.short_name_en or self.short_name_zh
        return self.short_name_zh or self.short_name_en

    @property
    def description(self) -> str:
        if _in_english():
            return self.description_en or self.description_zh
        return self.description_zh or self.description_en

    @property
    def alias_list(self) -> list[str]:
        return [a.strip() for a in self.aliases.splitlines() if a.strip()]

    @property
    def region(self) -> str:
        return " ".join(p for p in (self.province, self.city, self.district) if p)


class OrganisationNameKey(models.Model):
    """The look-alike key of one of an organisation's names (``directory.names.name_key``).

    A full name's key is unique (the database refuses the second of two racing renames);
    a short name may share its key with another short name (精益 and 景益 are both "Jingyi")
    but not with a full name, which the services check.
    """

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="name_keys"
    )
    key = models.CharField(max_length=400, db_index=True)
    is_full_name = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("name key")
        verbose_name_plural = _("name keys")
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(is_full_name=True), name="org_full_name_key_unique"
            )
        ]

    def __str__(self):
        return self.key


class RelationKind(models.TextChoices):
    AFFILIATED_HOSPITAL_OF = "affiliated_hospital_of", _("affiliated hospital of")
    MEMBER_OF = "member_of", _("member of")
    LOCATED_IN = "located_in", _("located in")
    FOUNDED_BY = "founded_by", _("founded by")
    PARTNER_OF = "partner_of", _("partner of")
    PART_OF = "part_of", _("part of")


class OrganisationRelation(BaseModel):
    """A dated tie between two organisations, read as "source <kind> target"."""

    source = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="relations_out",
    )
    target = models.ForeignKey(
        Organisation,
        verbose_name=_("related organisation"),
        on_delete=models.CASCADE,
        related_name="relations_in",
    )
    kind = models.CharField(_("relation"), max_length=30, choices=RelationKind.choices)
    started_on = models.DateField(_("from"), null=True, blank=True)
    ended_on = models.DateField(_("until"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    constraint_messages = {
        "relation_not_to_itself": _("An organisation can't be related to itself."),
        "relation_ends_after_start": _("The relation ends before it starts."),
    }

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        ordering = ["kind", "started_on"]
        constraints = [
            models.CheckConstraint(condition=~Q(source=F("target")), name="relation_not_to_itself"),
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="relation_unique_kind"
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=F("started_on")),
                name="relation_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"


class Department(BaseModel):
    """A clinical or technical department of a hospital, e.g. its laboratory department."""

    class SpecialtyLevel(models.TextChoices):
        NATIONAL = "national", _("national key specialty")
        PROVINCIAL = "provincial", _("provincial key specialty")
        MUNICIPAL = "municipal", _("municipal key specialty")
        DISTRICT = "district", _("district key specialty")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="departments",
    )
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    key_specialty_level = models.CharField(
        _("key specialty"), max_length=20, choices=SpecialtyLevel.choices, blank=True
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name_zh"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return (self.name_en or self.name_zh) if _in_english() else self.name_zh

    @property
    def is_key_specialty(self) -> bool:
        return bool(self.key_specialty_level)


class Capability(BaseModel):
    """A technology platform an organisation runs or a service it offers."""

    class Kind(models.TextChoices):
        PLATFORM = "platform", _("technology platform")
        SERVICE = "service", _("service")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="capabilities",
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    name_zh = models.CharField(_("Chinese name"), max_length=100)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    technology_area = models.ForeignKey(
        Term,
        verbose_name=_("technology area"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.TECHNOLOGY_AREA},
    )
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("capability")
        verbose_name_plural = _("capabilities")
        ordering = ["kind", "name_zh"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return (self.name_en or self.name_zh) if _in_english() else self.name_zh


class Credential(BaseModel):
    """A registration certificate, filing, patent or software copyright an organisation holds."""

    class Kind(models.TextChoices):
        REGISTRATION = "registration", _("registration certificate")
        FILING = "filing", _("filing (class I)")
        PATENT = "patent", _("patent")
        SOFTWARE_COPYRIGHT = "software_copyright", _("software copyright")

    class DeviceClass(models.TextChoices):
        I = "I", _("class I")  # noqa: E741
        II = "II", _("class II")
        III = "III", _("class III")

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        GRANTED = "granted", _("granted or valid")
        EXPIRED = "expired", _("expired or lapsed")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="credentials",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    number = models.CharField(_("number"), max_length=60, blank=True)
    title = models.CharField(_("product or title"), max_length=200)
    device_class = models.CharField(
        _("device class"), max_length=3, choices=DeviceClass.choices, blank=True
    )
    category = models.ForeignKey(
        Term,
        verbose_name=_("device category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.DEVICE_CATEGORY},
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.GRANTED
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)

    constraint_messages = {
        "credential_class_only_for_devices": _(
            "Only registration certificates and filings have a device class."
        ),
        "credential_filing_is_class_one": _("A filing is for class I devices only."),
    }

    class Meta:
        verbose_name = _("credential")
        verbose_name_plural = _("credentials")
        ordering = ["kind", "device_class", "number"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["registration", "filing"]) | Q(device_class=""),
                name="credential_class_only_for_devices",
            ),
            models.CheckConstraint(
                condition=~Q(kind="filing") | Q(device_class__in=["", "I"]),
                name="credential_filing_is_class_one",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number} {self.title}".strip()


class KeyFigure(BaseModel):
    """A figure an organisation reports about itself, e.g. "78 patents applied for"."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="key_figures",
    )
    label_zh = models.CharField(_("Chinese label"), max_length=60)
    label_en = models.CharField(_("English label"), max_length=80, blank=True)
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=2)
    unit_zh = models.CharField(_("Chinese unit"), max_length=20, blank=True)
    unit_en = models.CharField(_("English unit"), max_length=20, blank=True)
    as_of = models.DateField(_("as of"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    # Where a stated figure comes from ("annual report 2024"); it is shown as stated.
    source = models.CharField(_("source"), max_length=200, blank=True)
    # The kind of credential the figure counts, if any: the profile shows the count of
    # recorded credentials beside it, so "78 patents" and a table of 0 are not confused.
    counts = models.CharField(
        _("credential kind it counts"), max_length=20, choices=Credential.Kind.choices, blank=True
    )

    class Meta:
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        ordering = ["position", "id"]

    def __str__(self):
        return f"{self.label} {self.display_value}{self.unit}"

    @property
    def label(self) -> str:
        return (self.label_en or self.label_zh) if _in_english() else self.label_zh

    @property
    def unit(self) -> str:
        return (self.unit_en or self.unit_zh) if _in_english() else self.unit_zh

    @property
    def display_value(self) -> str:
        return f"{self.value.normalize():f}"


class InvestorFocus(BaseModel):
    """What an investor invests in: ticket size, stages and a stated portfolio.

    The portfolio recorded in Qiao (funding rounds naming the investor) is read from the
    pipeline; ``portfolio`` is what the investor states, shown as stated.
    """

    organisation = models.OneToOneField(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="investor_focus",
    )
    ticket_min = models.DecimalField(
        _("smallest ticket (10,000 yuan)"),
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    ticket_max = models.DecimalField(
        _("largest ticket (10,000 yuan)"),
        max_digits=10,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    stages = models.ManyToManyField(
        Term,
        verbose_name=_("stages invested in"),
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.LIFECYCLE_STAGE},
    )
    portfolio = models.TextField(
        _("stated portfolio"),
        blank=True,
        help_text=_("Companies or products invested in, one per line, as the investor states."),
    )

    class Meta:
        verbose_name = _("investor focus")
        verbose_name_plural = _("investor focus")

    def __str__(self):
        return str(self.organisation)

    def clean(self):
        if self.ticket_min and self.ticket_max and self.ticket_min > self.ticket_max:
            raise ValidationError(
                {"ticket_max": _("The largest ticket is smaller than the smallest.")}
            )

    @property
    def portfolio_list(self) -> list[str]:
        return [line.strip() for line in self.portfolio.splitlines() if line.strip()]


class Person(Versioned, BaseModel):
    """A person in the cluster: doctor, engineer, official, investor, expert."""

    name_zh = models.CharField(_("Chinese name"), max_length=60)
    name_en = models.CharField(_("English name"), max_length=100, blank=True)
    expertise = models.TextField(_("expertise"), blank=True)
    expertise_terms = models.ManyToManyField(
        Term, verbose_name=_("expertise areas"), blank=True, related_name="people"
    )
    is_think_tank_expert = models.BooleanField(
        _("think-tank expert"),
        default=False,
        help_text=_("Sits on the cluster's expert think tank."),
    )
    email = models.EmailField(_("e-mail address"), blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="person",
    )
    organisations = models.ManyToManyField(
        Organisation, through="Affiliation", related_name="people", verbose_name=_("organisations")
    )
    search_document = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name_zh", "id"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return (self.name_en or self.name_zh) if _in_english() else self.name_zh


class Affiliation(BaseModel):
    """A person's position at an organisation."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="affiliations"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="affiliations",
    )
    title_zh = models.CharField(_("Chinese title"), max_length=100, blank=True)
    title_en = models.CharField(_("English title"), max_length=100, blank=True)
    is_primary = models.BooleanField(_("primary affiliation"), default=True)

    class Meta:
        verbose_name = _("affiliation")
        verbose_name_plural = _("affiliations")
        ordering = ["-is_primary", "id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "organisation"], name="affiliation_unique")
        ]

    def __str__(self):
        return f"{self.person} — {self.organisation}"

    @property
    def title(self) -> str:
        return (self.title_en or self.title_zh) if _in_english() else self.title_zh


class Membership(BaseModel):
    """A user's role in a member organisation: its admin or one of its members."""

    class Role(models.TextChoices):
        ADMIN = "admin", _("organisation admin")
        MEMBER = "member", _("member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="membership_unique")
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation} ({self.get_role_display()})"


class Invitation(BaseModel):
    """An invitation, sent by e-mail, to join an organisation on Qiao."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=10, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.email} → {self.organisation}"


def _import_path(job: "ImportJob", filename: str) -> str:
    from qiao.core.uploads import random_upload_path

    return random_upload_path("imports", filename)


class ImportJob(StoredFile):
    """An uploaded directory workbook being imported in the background, and its outcome."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        CHECKING = "checking", _("Checking the rows")
        SAVING = "saving", _("Saving")
        SUCCEEDED = "succeeded", _("Imported")
        FAILED = "failed", _("Nothing was saved")

    FINISHED = (Status.SUCCEEDED, Status.FAILED)

    file = models.FileField(_("file"), upload_to=_import_path, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    summary = models.JSONField(_("counts"), default=dict, blank=True)
    # Per row: {"sheet", "row", "column", "message"}, in the language of the uploader.
    errors = models.JSONField(_("problems"), default=list, blank=True)
    workbook_error = models.CharField(_("problem with the file"), max_length=300, blank=True)
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED
