"""The catalogue: instruments and facilities that member institutions share, their photos
and their maintenance windows."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel, StoredFile
from qiao.core.uploads import random_upload_path
from qiao.core.writes import Versioned
from qiao.directory.models import Organisation

__all__ = ["CustomerType", "Equipment", "EquipmentPhoto", "MaintenanceWindow", "_photo_path"]


def _in_english() -> bool:
    return (get_language() or "zh-hans").startswith("en")


class CustomerType(models.TextChoices):
    """Who pays which rate: derived from the organisation a booking is billed to."""

    OWN = "own", _("Own staff")
    MEMBER = "member", _("Cluster member")
    EXTERNAL = "external", _("External")


class Equipment(Versioned, BaseModel):
    """A piece of shared lab equipment or a facility that members can book by the unit."""

    class Kind(models.TextChoices):
        INSTRUMENT = "instrument", _("Instrument")
        FACILITY = "facility", _("Facility")

    class Category(models.TextChoices):
        IMAGING = "imaging", _("Imaging and microscopy")
        SEQUENCING = "sequencing", _("Sequencing and genomics")
        MASS_SPECTROMETRY = "mass_spectrometry", _("Mass spectrometry and chromatography")
        CELL = "cell", _("Cell culture and flow cytometry")
        MOLECULAR = "molecular", _("PCR and molecular biology")
        MATERIALS = "materials", _("Materials and mechanical testing")
        ELECTRICAL = "electrical", _("Electrical safety and EMC testing")
        ANIMAL = "animal", _("Animal facility")
        CLEANROOM = "cleanroom", _("Cleanroom and prototyping")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        AVAILABLE = "available", _("Bookable")
        OUT_OF_SERVICE = "out_of_service", _("Out of service")
        RETIRED = "retired", _("Retired")

    # Statuses in which the catalogue shows the equipment to everyone.
    LISTED_STATUSES = (Status.AVAILABLE, Status.OUT_OF_SERVICE)

    class Unit(models.IntegerChoices):
        HALF_HOUR = 30, _("half an hour")
        HOUR = 60, _("hour")
        TWO_HOURS = 120, _("two hours")
        HALF_DAY = 240, _("half day (4 hours)")
        DAY = 1440, _("day")

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("owner organisation"),
        on_delete=models.CASCADE,
        related_name="equipment",
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INSTRUMENT)
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    make_model = models.CharField(_("make and model"), max_length=120, blank=True)
    location = models.CharField(
        _("location"), max_length=200, help_text=_("Building and room, e.g. 3号楼 402室")
    )
    description_zh = models.TextField(_("Chinese description"), blank=True)
    description_en = models.TextField(_("English description"), blank=True)
    specifications = models.TextField(
        _("specifications"), blank=True, help_text=_("One specification per line.")
    )
    unit_minutes = models.PositiveIntegerField(
        _("booking unit"), choices=Unit.choices, default=Unit.HOUR
    )
    min_units = models.PositiveSmallIntegerField(
        _("shortest booking (units)"), default=1, validators=[MinValueValidator(1)]
    )
    max_units = models.PositiveSmallIntegerField(
        _("longest booking (units)"), default=8, validators=[MinValueValidator(1)]
    )
    opens_at = models.TimeField(_("opens at"), default=datetime.time(8, 0))
    closes_at = models.TimeField(_("closes at"), default=datetime.time(20, 0))
    observes_holidays = models.BooleanField(
        _("closed on public holidays, open on 调休 working days"),
        default=True,
        help_text=_("Follows the State Council's holiday calendar."),
    )
    rate_own = models.DecimalField(
        _("rate for own staff (yuan per unit)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    rate_member = models.DecimalField(
        _("rate for cluster members (yuan per unit)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    rate_external = models.DecimalField(
        _("rate for external customers (yuan per unit)"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    requires_approval = models.BooleanField(
        _("bookings need the lab manager's approval"), default=False
    )
    requires_training = models.BooleanField(
        _("users must be trained first"),
        default=False,
        help_text=_("Only people with a training record for this instrument may book it."),
    )
    cancel_deadline_hours = models.PositiveSmallIntegerField(
        _("free cancellation until (hours before the start)"), default=24
    )
    cancel_fee_percent = models.PositiveSmallIntegerField(
        _("late cancellation fee (% of the booked price)"),
        default=50,
        validators=[MaxValueValidator(100)],
    )
    no_show_fee_percent = models.PositiveSmallIntegerField(
        _("no-show fee (% of the booked price)"), default=100, validators=[MaxValueValidator(100)]
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.DRAFT
    )
    # The market's equipment offer that stands for this instrument (kept by the services).
    listing = models.OneToOneField(
        "market.Listing",
        verbose_name=_("listing"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="equipment",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        editable=False,
    )
    search_document = models.TextField(editable=False, default="")

    # What a lab manager describes, in the form's order (the services allow these plus the
    # organisation; the status changes only through its own service).
    DESCRIBED_FIELDS = (
        "name_zh",
        "name_en",
        "kind",
        "category",
        "make_model",
        "location",
        "description_zh",
        "description_en",
        "specifications",
        "unit_minutes",
        "min_units",
        "max_units",
        "opens_at",
        "closes_at",
        "rate_own",
        "rate_member",
        "rate_external",
        "requires_approval",
        "requires_training",
        "cancel_deadline_hours",
        "cancel_fee_percent",
        "no_show_fee_percent",
    )

    class Meta:
        verbose_name = _("equipment")
        verbose_name_plural = _("equipment")
        ordering = ["name_zh", "id"]
        indexes = [
            models.Index(fields=["status", "category"], name="equipment_listed"),
            models.Index(fields=["organisation", "status"], name="equipment_owner"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_units__lte=models.F("max_units")), name="equipment_min_le_max"
            ),
            models.CheckConstraint(
                condition=Q(rate_own__gte=0) & Q(rate_member__gte=0) & Q(rate_external__gte=0),
                name="equipment_rates_not_negative",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return (self.name_en or self.name_zh) if _in_english() else self.name_zh

    @property
    def description(self) -> str:
        if _in_english():
            return self.description_en or self.description_zh
        return self.description_zh or self.description_en

    @property
    def is_bookable(self) -> bool:
        return self.status == self.Status.AVAILABLE

    @property
    def unit(self) -> datetime.timedelta:
        return datetime.timedelta(minutes=self.unit_minutes)

    @property
    def is_daily(self) -> bool:
        return self.unit_minutes == self.Unit.DAY

    def rate_for(self, customer_type: str) -> Decimal:
        return {
            CustomerType.OWN: self.rate_own,
            CustomerType.MEMBER: self.rate_member,
            CustomerType.EXTERNAL: self.rate_external,
        }[CustomerType(customer_type)]

    def clean(self):
        errors = {}
        if self.min_units and self.max_units and self.min_units > self.max_units:
            errors["max_units"] = _("The longest booking is shorter than the shortest.")
        if self.opens_at and self.closes_at and self.opens_at >= self.closes_at:
            errors["closes_at"] = _("The lab must close after it opens.")
        if not self.is_daily and self.opens_at and self.closes_at and self.unit_minutes:
            day = datetime.date(2000, 1, 1)
            open_minutes = (
                datetime.datetime.combine(day, self.closes_at)
                - datetime.datetime.combine(day, self.opens_at)
            ).total_seconds() // 60
            if open_minutes < self.unit_minutes * (self.min_units or 1):
                errors["min_units"] = _("The shortest booking does not fit in the opening hours.")
        if errors:
            raise ValidationError(errors)


def _photo_path(photo: EquipmentPhoto, filename: str) -> str:
    return random_upload_path("lab", filename)


class EquipmentPhoto(StoredFile):
    """A photo of an instrument, stored under a random name and served through access checks."""

    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(_("file"), upload_to=_photo_path)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = StoredFile.Meta.ordering


class MaintenanceWindow(BaseModel):
    """A stretch of time in which an instrument is serviced and cannot be booked."""

    equipment = models.ForeignKey(
        Equipment, on_delete=models.CASCADE, related_name="maintenance_windows"
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("maintenance window")
        verbose_name_plural = _("maintenance windows")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="maintenance_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.equipment} {self.starts_at:%Y-%m-%d %H:%M}"
