"""When an instrument is open: hours per weekday and the closures a lab manager enters."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.directory.models import Organisation
from qiao.lab.models.catalogue import Equipment

__all__ = ["Closure", "OpeningHours"]


class OpeningHours(models.Model):
    """The hours an instrument is open on one weekday (no row for a weekday: closed).

    An instrument without any row is open every day from ``opens_at`` to ``closes_at``,
    as before hours per weekday existed.
    """

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    equipment = models.ForeignKey(Equipment, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(
        _("weekday"), choices=Weekday.choices, validators=[MaxValueValidator(6)]
    )
    opens_at = models.TimeField(_("opens at"))
    closes_at = models.TimeField(_("closes at"))

    class Meta:
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        ordering = ["weekday"]
        constraints = [
            models.UniqueConstraint(fields=["equipment", "weekday"], name="opening_hours_once"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")), name="opening_hours_close_after_open"
            ),
        ]

    def __str__(self):
        return f"{self.get_weekday_display()} {self.opens_at:%H:%M}–{self.closes_at:%H:%M}"


class Closure(BaseModel):
    """Days a lab (or one instrument of it) is closed: a move, a holiday of its own, a fault."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("lab"),
        on_delete=models.CASCADE,
        related_name="lab_closures",
    )
    # Empty: every instrument of the organisation is closed.
    equipment = models.ForeignKey(
        Equipment,
        verbose_name=_("equipment"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
    )
    starts_on = models.DateField(_("first day closed"))
    ends_on = models.DateField(_("last day closed"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        ordering = ["starts_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="closure_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.starts_on:%Y-%m-%d}–{self.ends_on:%Y-%m-%d}"

    def clean(self):
        if self.starts_on and self.ends_on:
            if self.ends_on < self.starts_on:
                raise ValidationError({"ends_on": _("The closure ends before it starts.")})
            if self.ends_on - self.starts_on > datetime.timedelta(days=366):
                raise ValidationError({"ends_on": _("A closure lasts at most a year.")})
