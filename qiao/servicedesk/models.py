"""Service requests (企业诉求): firms' problems, handled by the park within working days."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from qiao.core.models import BaseModel, StoredFile
from qiao.core.uploads import random_upload_path
from qiao.core.writes import Versioned
from qiao.directory.models import Organisation


class Category(BaseModel):
    """A kind of request and its time limits in working days."""

    name_zh = models.CharField(_("Chinese name"), max_length=60, unique=True)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    first_answer_days = models.PositiveSmallIntegerField(
        _("first answer within (working days)"), default=1
    )
    resolve_days = models.PositiveSmallIntegerField(
        _("resolution within (working days)"), default=5, validators=[MinValueValidator(1)]
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("supervisor"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("request category")
        verbose_name_plural = _("request categories")
        ordering = ["position", "name_zh"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        english = (get_language() or "zh-hans").startswith("en")
        return (self.name_en or self.name_zh) if english else self.name_zh


class Department(BaseModel):
    """A department or provider the park hands requests to, and who handles them there."""

    name_zh = models.CharField(_("Chinese name"), max_length=100, unique=True)
    name_en = models.CharField(_("English name"), max_length=150, blank=True)
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handler"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
        help_text=_("Who is told when a request is handed to the department."),
    )  # fmt: skip

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["name_zh"]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        english = (get_language() or "zh-hans").startswith("en")
        return (self.name_en or self.name_zh) if english else self.name_zh


class ServiceRequest(Versioned, BaseModel):
    class Status(models.TextChoices):
        FILED = "filed", _("filed")
        ACCEPTED = "accepted", _("accepted")
        WAITING = "waiting", _("waiting on the firm")
        RESOLVED = "resolved", _("resolved")
        CLOSED = "closed", _("closed")

    class Urgency(models.TextChoices):
        NORMAL = "normal", _("normal")
        URGENT = "urgent", _("urgent")

    OPEN_STATUSES = (Status.FILED, Status.ACCEPTED, Status.WAITING)

    organisation = models.ForeignKey(
        Organisation, verbose_name=_("organisation"), on_delete=models.CASCADE,
        related_name="service_requests",
    )  # fmt: skip
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="requests"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"))
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FILED
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("service officer"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    department = models.ForeignKey(
        Department, verbose_name=_("handed to"), null=True, blank=True,
        on_delete=models.PROTECT, related_name="requests",
    )  # fmt: skip
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("handler"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )  # fmt: skip
    handed_over_on = models.DateField(_("handed over on"), null=True, blank=True)
    filed_on = models.DateField(_("filed on"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    first_answered_on = models.DateField(_("first answered on"), null=True, blank=True)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    escalated_on = models.DateField(_("escalated on"), null=True, blank=True)
    auto_closed = models.BooleanField(_("closed automatically"), default=False)
    rating = models.PositiveSmallIntegerField(
        _("satisfaction"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )  # fmt: skip
    rating_comment = models.CharField(_("comment"), max_length=500, blank=True)
    listing_id = models.PositiveBigIntegerField(_("need created from it"), null=True, blank=True)

    class Meta:
        verbose_name = _("service request")
        verbose_name_plural = _("service requests")
        ordering = ["-filed_on", "-pk"]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES


class Pause(BaseModel):
    """A time the request waited on the firm: its clock does not run."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)

    class Meta:
        ordering = ["started_on", "pk"]


class Message(BaseModel):
    """A message on a request, from the firm or from the park."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_park = models.BooleanField(default=False)
    body = models.TextField(_("message"))

    class Meta:
        ordering = ["created_at", "pk"]


def _attachment_path(attachment: Attachment, filename: str) -> str:
    # A random name: the uploader's file name is kept in the row, never on disk.
    return random_upload_path("servicedesk", filename)


class Attachment(StoredFile):
    """A file attached to a request; served only through the request's access check."""

    request = models.ForeignKey(
        ServiceRequest, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=_attachment_path)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = StoredFile.Meta.ordering
