"""The audit trail: who changed what, and when, for any row that a service writes.

Services call ``record_change`` inside their transaction, so a rolled-back change leaves
no entry. Values are stored as text (what an operator reads), not as live references.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One change to one row: created, changed (with before and after per field), deleted."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        CHANGED = "changed", _("Changed")
        ADDED = "added", _("Added")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("when"))
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    changes = models.JSONField(_("changes"), default=dict)

    class Meta:
        app_label = "core"
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="audit_object")]

    def __str__(self):
        return f"{self.action} {self.content_type_id}:{self.object_id}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return "、".join(_text(v) for v in value)
    return str(value)


def record_change(
    *, instance: models.Model, actor, action: str, changes: Mapping[str, tuple[Any, Any]] = {}
) -> AuditEntry | None:
    """Record a change of ``instance``; ``changes`` maps a field to (before, after).

    A "changed" entry whose fields didn't change records nothing.
    """
    kept = {
        field: [_text(before), _text(after)]
        for field, (before, after) in changes.items()
        if _text(before) != _text(after)
    }
    if action == AuditEntry.Action.CHANGED and not kept:
        return None
    return AuditEntry.objects.create(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=instance.pk,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=timezone.now(),
        action=action,
        changes=kept,
    )


def snapshot(instance: models.Model, fields) -> dict[str, Any]:
    """Return the current values of ``fields``, to diff after an update."""
    return {field: getattr(instance, field) for field in fields}


def diff(before: Mapping[str, Any], instance: models.Model) -> dict[str, tuple[Any, Any]]:
    return {field: (old, getattr(instance, field)) for field, old in before.items()}


def list_audit_entries(instance: models.Model) -> QuerySet[AuditEntry]:
    """Return the instance's audit trail, oldest first (for operators' pages)."""
    return AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(instance, for_concrete_model=True),
        object_id=instance.pk,
    ).select_related("actor")
