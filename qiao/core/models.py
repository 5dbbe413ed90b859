from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Timestamps shared by every Qiao row."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class StoredFile(BaseModel):
    """An uploaded file's record (``qiao.core.uploads``): the name the user gave it, its
    checked type and size, who uploaded it. Subclasses add ``file`` with their own
    ``upload_to`` and the row the file belongs to."""

    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )

    class Meta:
        abstract = True
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.original_name


# The audit trail's model lives with its helpers; importing it here registers it with core.
from qiao.core.audit import AuditEntry  # noqa: E402, F401
