"""Bookings, the time they hold, training records and personal calendar feeds."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.directory.models import Organisation
from qiao.lab.models.catalogue import CustomerType, Equipment, MaintenanceWindow

__all__ = ["Booking", "FeedToken", "Slot", "TrainingRecord", "TrainingRequest"]


class Booking(BaseModel):
    """A request to use an instrument for a stretch of time, billed to an organisation.

    Requests that wait for approval, confirmed bookings and waitlist offers hold their time
    through a ``Slot``; a request on the waitlist holds none until a slot is offered to it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        OFFERED = "offered", _("Offered from the waitlist")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        NO_SHOW = "no_show", _("No-show")
        COMPLETED = "completed", _("Used")

    # Statuses whose time is held by a Slot row.
    HOLDING_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.OFFERED)
    # Statuses the booker may still cancel.
    CANCELLABLE_STATUSES = (*HOLDING_STATUSES, Status.WAITLISTED)
    # Statuses that may carry a fee.
    BILLABLE_STATUSES = (Status.COMPLETED, Status.NO_SHOW, Status.CANCELLED)

    equipment = models.ForeignKey(
        Equipment, verbose_name=_("equipment"), on_delete=models.PROTECT, related_name="bookings"
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("booked by"),
        on_delete=models.PROTECT,
        related_name="lab_bookings",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("billed to"),
        on_delete=models.PROTECT,
        related_name="lab_bookings",
    )
    customer_type = models.CharField(
        _("customer type"), max_length=10, choices=CustomerType.choices
    )
    # The rate per unit when the booking was made: a later price change does not alter it.
    unit_rate = models.DecimalField(_("rate per unit (yuan)"), max_digits=10, decimal_places=2)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices)
    series = models.UUIDField(_("series"), null=True, blank=True, editable=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("note"), max_length=300, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    used_minutes = models.PositiveIntegerField(_("minutes used"), null=True, blank=True)
    usage_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("usage recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    fee = models.DecimalField(
        _("fee (yuan)"), max_digits=12, decimal_places=2, default=Decimal("0")
    )
    reminded_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at", "id"]
        indexes = [
            models.Index(fields=["equipment", "status", "starts_at"], name="booking_calendar"),
            models.Index(fields=["booked_by", "starts_at"], name="booking_booker"),
            models.Index(fields=["organisation", "status", "starts_at"], name="booking_billing"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="booking_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(fee__gte=0), name="booking_fee_not_negative"),
        ]

    def __str__(self):
        return f"{self.equipment} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def duration(self) -> datetime.timedelta:
        return self.ends_at - self.starts_at

    @property
    def units(self) -> int:
        return int(self.duration.total_seconds() // 60) // self.equipment.unit_minutes

    @property
    def booked_price(self) -> Decimal:
        return self.unit_rate * self.units


class Slot(models.Model):
    """Time an instrument is taken: by a booking (pending, confirmed, offered) or maintenance.

    The one table both kinds of holder write to, so one rule keeps them apart: two slots of
    the same instrument never overlap. PostgreSQL enforces it with an exclusion constraint
    (migration 0002); on SQLite, writers are serialised (BEGIN IMMEDIATE) and the services
    check for overlap inside the write transaction.
    """

    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    booking = models.OneToOneField(
        Booking, on_delete=models.CASCADE, null=True, blank=True, related_name="slot"
    )
    maintenance = models.OneToOneField(
        MaintenanceWindow, on_delete=models.CASCADE, null=True, blank=True, related_name="slot"
    )

    class Meta:
        indexes = [models.Index(fields=["equipment", "starts_at"], name="slot_equipment_start")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            ),
            models.CheckConstraint(
                condition=(
                    Q(booking__isnull=False, maintenance__isnull=True)
                    | Q(booking__isnull=True, maintenance__isnull=False)
                ),
                name="slot_has_one_holder",
            ),
        ]

    def __str__(self):
        return f"{self.equipment_id} {self.starts_at:%Y-%m-%d %H:%M}–{self.ends_at:%H:%M}"


class TrainingRecord(BaseModel):
    """A person's training on an instrument, which lets them book it when training is required."""

    equipment = models.ForeignKey(
        Equipment, verbose_name=_("equipment"), on_delete=models.CASCADE, related_name="trainings"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trained person"),
        on_delete=models.CASCADE,
        related_name="lab_trainings",
    )
    trained_on = models.DateField(_("trained on"))
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    trained_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("training record")
        verbose_name_plural = _("training records")
        ordering = ["-trained_on"]
        constraints = [
            models.UniqueConstraint(fields=["equipment", "user"], name="training_once"),
        ]

    def __str__(self):
        return f"{self.user} — {self.equipment}"

    def is_valid_on(self, day: datetime.date) -> bool:
        if self.revoked_at is not None:
            return False
        return self.trained_on <= day and (self.valid_until is None or day <= self.valid_until)


class TrainingRequest(BaseModel):
    """A person asking the lab to train them on an instrument; a grant makes a training record."""

    class Status(models.TextChoices):
        OPEN = "open", _("Waiting for the lab")
        GRANTED = "granted", _("Granted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    equipment = models.ForeignKey(
        Equipment,
        verbose_name=_("equipment"),
        on_delete=models.CASCADE,
        related_name="training_requests",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="lab_training_requests",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.CharField(_("answer"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("training request")
        verbose_name_plural = _("training requests")
        ordering = ["created_at", "id"]
        constraints = [
            # One open request per person and instrument: asking twice is one request.
            models.UniqueConstraint(
                fields=["equipment", "user"],
                condition=Q(status="open"),
                name="training_request_open_once",
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.equipment}"


class FeedToken(BaseModel):
    """The secret in a person's private calendar feed URL."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lab_feed_token"
    )
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self):
        return str(self.user)
