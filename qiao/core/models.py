from django.db import models
from django.utils.translation import gettext_lazy as _


class BaseModel(models.Model):
    """Timestamps shared by every Qiao row."""

    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


# The audit trail's model lives with its helpers; importing it here registers it with core.
from qiao.core.audit import AuditEntry  # noqa: E402, F401
