"""Joining Qiao: an organisation's application (入驻申请) and a person's request to join one."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from qiao.core.models import BaseModel
from qiao.core.writes import Versioned
from qiao.directory.models import Organisation
from qiao.directory.validators import validate_credit_code
from qiao.taxonomy.models import Term, Vocabulary


class Status(models.TextChoices):
    PENDING = "pending", _("Waiting for a decision")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


def _licence_path(application: Application, filename: str) -> str:
    from qiao.core.uploads import random_upload_path

    return random_upload_path("licences", filename)


class Application(Versioned, BaseModel):
    """An organisation's application to join the cluster's platform, decided by an operator."""

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    name_zh = models.CharField(_("Chinese name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    short_name_zh = models.CharField(_("Chinese short name"), max_length=60, blank=True)
    kind = models.ForeignKey(
        Term,
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary": Vocabulary.ORGANISATION_KIND},
    )
    province = models.CharField(_("province"), max_length=30, blank=True)
    city = models.CharField(_("city"), max_length=30, blank=True)
    district = models.CharField(_("district"), max_length=30, blank=True)
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, validators=[validate_credit_code]
    )
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_title = models.CharField(_("position"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = PhoneNumberField(_("contact mobile phone"), blank=True)
    message = models.TextField(_("about the organisation"), blank=True, max_length=2000)
    licence = models.FileField(_("business licence scan"), upload_to=_licence_path, blank=True)
    licence_name = models.CharField(_("file name"), max_length=200, blank=True)
    licence_type = models.CharField(_("type"), max_length=100, blank=True)
    # The language the applicant wrote in: decisions are e-mailed in it.
    language = models.CharField(_("language"), max_length=10, default="zh-hans")
    # Set at application time if the applicant chose a password (a hash, never the text).
    password = models.CharField(max_length=128, blank=True, editable=False)
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("applicant"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("application to join")
        verbose_name_plural = _("applications to join")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "created_at"], name="application_status")]
        constraints = [
            # One open application per credit code: a second is a duplicate, not a race.
            models.UniqueConstraint(
                fields=["credit_code"],
                condition=Q(status="pending"),
                name="application_pending_credit_code",
                violation_error_message=_(
                    "An application with this unified social credit code is already waiting."
                ),
            )
        ]

    def __str__(self):
        return self.name_zh


class JoinRequest(BaseModel):
    """A signed-in person's request to become a member of an organisation, decided by one of
    its admins (or an operator)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    message = models.TextField(_("message"), blank=True, max_length=1000)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("request to join")
        verbose_name_plural = _("requests to join")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(status="pending"),
                name="join_request_one_pending",
                violation_error_message=_("You have already asked to join this organisation."),
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation}"
