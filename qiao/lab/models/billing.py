"""Monthly statements per organisation, and innovation vouchers (创新券) that pay part of them."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel
from qiao.directory.models import Organisation
from qiao.lab.models.bookings import Booking

__all__ = ["Statement", "StatementLine", "Voucher", "VoucherUse"]


class Voucher(BaseModel):
    """An innovation voucher: a government grant that pays a share of an organisation's lab fees."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="lab_vouchers",
    )
    issuer = models.CharField(_("issuer"), max_length=200, help_text=_("e.g. 嘉定区科学技术委员会"))
    number = models.CharField(_("voucher number"), max_length=60, unique=True)
    share_percent = models.PositiveSmallIntegerField(
        _("share of fees covered (%)"),
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    amount = models.DecimalField(
        _("amount granted (yuan)"),
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(0)],
    )
    balance = models.DecimalField(_("balance (yuan)"), max_digits=12, decimal_places=2)
    valid_from = models.DateField(_("valid from"))
    valid_until = models.DateField(_("valid until"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("innovation voucher")
        verbose_name_plural = _("innovation vouchers")
        ordering = ["valid_until", "id"]
        constraints = [
            # The last line of defence: whatever a service does, a balance never goes negative.
            models.CheckConstraint(
                condition=Q(balance__gte=0), name="voucher_balance_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(balance__lte=F("amount")), name="voucher_balance_within_amount"
            ),
            models.CheckConstraint(
                condition=Q(share_percent__gte=1, share_percent__lte=100),
                name="voucher_share_is_a_percentage",
            ),
        ]

    def __str__(self):
        return f"{self.number} ({self.issuer})"

    def clean(self):
        if self.valid_from and self.valid_until and self.valid_from > self.valid_until:
            raise ValidationError({"valid_until": _("The voucher ends before it starts.")})


class Statement(BaseModel):
    """An organisation's lab fees for one month, with the vouchers that paid part of them."""

    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="lab_statements",
    )
    # The lab whose instruments' bookings it bills (issued by its manager or an operator);
    # empty: every lab's, issued by an operator.
    lab = models.ForeignKey(
        Organisation,
        verbose_name=_("lab"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lab_statements_issued",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    subtotal = models.DecimalField(_("fees (yuan)"), max_digits=12, decimal_places=2)
    voucher_total = models.DecimalField(
        _("paid by vouchers (yuan)"), max_digits=12, decimal_places=2
    )
    total = models.DecimalField(_("to pay (yuan)"), max_digits=12, decimal_places=2)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["-month", "organisation"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "month"],
                condition=Q(lab__isnull=True),
                name="statement_once",
            ),
            models.UniqueConstraint(
                fields=["organisation", "lab", "month"],
                condition=Q(lab__isnull=False),
                name="statement_once_per_lab",
            ),
            models.CheckConstraint(
                condition=Q(total=F("subtotal") - F("voucher_total")), name="statement_adds_up"
            ),
        ]

    def __str__(self):
        return f"{self.organisation} {self.month:%Y-%m}"


class StatementLine(models.Model):
    """One booking's charge on a statement: use, a late cancellation or a no-show."""

    class Kind(models.TextChoices):
        USAGE = "usage", _("Use")
        CANCELLATION = "cancellation", _("Late cancellation")
        NO_SHOW = "no_show", _("No-show")

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="lines")
    # One line per booking, ever: a booking is never billed twice.
    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="statement_line")
    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    minutes = models.PositiveIntegerField(_("minutes"))
    unit_rate = models.DecimalField(_("rate per unit (yuan)"), max_digits=10, decimal_places=2)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("statement line")
        verbose_name_plural = _("statement lines")
        ordering = ["booking__starts_at", "id"]

    def __str__(self):
        return f"{self.statement}: {self.booking}"


class VoucherUse(models.Model):
    """The part of a statement that a voucher paid."""

    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="voucher_uses")
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="uses")
    amount = models.DecimalField(_("amount (yuan)"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("voucher use")
        verbose_name_plural = _("voucher uses")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="voucher_use_positive"),
            models.UniqueConstraint(fields=["statement", "voucher"], name="voucher_use_once"),
        ]

    def __str__(self):
        return f"{self.voucher}: {self.amount}"
