"""The audit trail: who changed what, and when, for every row a service writes.

Services write through ``qiao.core.writes`` (or call ``record_change`` themselves) inside
their transaction, so a rolled-back change leaves no entry. Values are stored as text (a
choice's code, a related row's name at the time), and ``describe_entry`` turns an entry into
sentences in the reader's language: field names become their verbose names and codes their
labels, so nobody reads "status proposed → accepted".
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class AuditEntry(models.Model):
    """One change to one row (or, for an import, to one table)."""

    class Action(models.TextChoices):
        CREATED = "created", gettext_lazy("Created")
        CHANGED = "changed", gettext_lazy("Changed")
        ADDED = "added", gettext_lazy("Added")
        REMOVED = "removed", gettext_lazy("Removed")
        DELETED = "deleted", gettext_lazy("Deleted")
        IMPORTED = "imported", gettext_lazy("Imported")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    # Empty for an import, which concerns the table rather than one row.
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=gettext_lazy("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(gettext_lazy("when"))
    action = models.CharField(gettext_lazy("action"), max_length=10, choices=Action.choices)
    changes = models.JSONField(gettext_lazy("changes"), default=dict)
    # The object's version after the change (``qiao.core.writes.Versioned``), so a conflict
    # can show what was changed since the version a user had.
    version = models.PositiveIntegerField(null=True, blank=True)
    # A reason or summary the service gives (a status change's reason, an import's file).
    note = models.TextField(gettext_lazy("note"), blank=True)

    class Meta:
        app_label = "core"
        verbose_name = gettext_lazy("audit entry")
        verbose_name_plural = gettext_lazy("audit entries")
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id", "at"], name="audit_object")]

    def __str__(self):
        return f"{self.action} {self.content_type_id}:{self.object_id}"


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes") if value.tzinfo else ""
    if isinstance(value, list | tuple | set | frozenset):
        return "、".join(sorted(_text(v) for v in value))
    return str(value)


def _content_type(instance_or_model) -> ContentType:
    return ContentType.objects.get_for_model(instance_or_model, for_concrete_model=True)


def record_change(
    *,
    instance: models.Model,
    actor,
    action: str,
    changes: Mapping[str, tuple[Any, Any]] | None = None,
    note: str = "",
) -> AuditEntry | None:
    """Record a change of ``instance``; ``changes`` maps a field to (before, after).

    A "changed" entry whose fields didn't change (and that gives no note) records nothing.
    """
    kept = {
        field: [_text(before), _text(after)]
        for field, (before, after) in (changes or {}).items()
        if _text(before) != _text(after)
    }
    if action == AuditEntry.Action.CHANGED and not kept and not note:
        return None
    return AuditEntry.objects.create(
        content_type=_content_type(instance),
        object_id=instance.pk,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=timezone.now(),
        action=action,
        changes=kept,
        version=getattr(instance, "version", None),
        note=note,
    )


def record_import(*, model: type[models.Model], actor, counts: Mapping[str, int], note: str = ""):
    """Record one entry for a whole import into ``model``'s table, with its counts."""
    return AuditEntry.objects.create(
        content_type=_content_type(model),
        object_id=None,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=timezone.now(),
        action=AuditEntry.Action.IMPORTED,
        changes={key: int(value) for key, value in counts.items()},
        note=note,
    )


def snapshot(instance: models.Model, fields) -> dict[str, Any]:
    """Return the current values of ``fields``, to diff after an update."""
    return {field: getattr(instance, field) for field in fields}


def diff(before: Mapping[str, Any], instance: models.Model) -> dict[str, tuple[Any, Any]]:
    return {field: (old, getattr(instance, field)) for field, old in before.items()}


def list_audit_entries(instance: models.Model) -> QuerySet[AuditEntry]:
    """Return the instance's audit trail, oldest first (for operators' pages)."""
    return AuditEntry.objects.filter(
        content_type=_content_type(instance), object_id=instance.pk
    ).select_related("actor", "content_type")


def list_entries_since(instance: models.Model, version: int) -> QuerySet[AuditEntry]:
    """Return the entries written after the instance had ``version`` (for a conflict)."""
    return list_audit_entries(instance).filter(version__gt=version)


# --- Reading an entry as sentences ---------------------------------------------------------


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def field_label(model, name: str) -> str:
    """The field's name as a reader says it: its verbose name, or the model's audit label."""
    labels = getattr(model, "audit_labels", {}) if model is not None else {}
    if name in labels:
        return str(labels[name])
    field = _field(model, name)
    if field is not None and hasattr(field, "verbose_name"):
        return str(field.verbose_name)
    if field is not None:  # a reverse relation
        return str(field.related_model._meta.verbose_name_plural)
    return name.replace("_", " ")


def value_label(model, name: str, value: str) -> str:
    """A stored value as a reader says it: a choice's label, yes/no, a date in their format."""
    if value == "":
        return value
    field = _field(model, name)
    if field is None:
        return value
    if getattr(field, "choices", None):
        for code, label in field.flatchoices:
            if str(code) == value:
                return str(label)
    if isinstance(field, models.BooleanField):
        return _("yes") if value in ("1", "True") else _("no")
    return value


def _who(entry: AuditEntry) -> str:
    actor = entry.actor
    if actor is None:
        return _("The system")
    return actor.get_full_name() or actor.get_username()


def describe_entry(entry: AuditEntry) -> list[str]:
    """Return the entry as sentences in the active language, each naming who and when."""
    model = entry.content_type.model_class()
    subject = str(model._meta.verbose_name) if model is not None else ""
    params = {
        "who": _who(entry),
        "when": formats.date_format(timezone.localtime(entry.at), "DATETIME_FORMAT"),
        "thing": subject,
    }
    action = entry.action
    if action == AuditEntry.Action.IMPORTED:
        counts = {key: int(value) for key, value in entry.changes.items()}
        params.update(created=counts.get("created", 0), updated=counts.get("updated", 0))
        params["things"] = str(model._meta.verbose_name_plural) if model is not None else ""
        return [
            _("%(when)s, %(who)s imported %(things)s: %(created)s created, %(updated)s updated")
            % params
        ]
    if action == AuditEntry.Action.CREATED:
        sentences = [_("%(when)s, %(who)s created this %(thing)s") % params]
    elif action == AuditEntry.Action.DELETED:
        params["name"] = entry.changes.get("name", ["", ""])[0]
        sentences = [_("%(when)s, %(who)s deleted the %(thing)s “%(name)s”") % params]
    else:
        sentences = []
    for name, (before, after) in entry.changes.items():
        if action in (AuditEntry.Action.CREATED, AuditEntry.Action.DELETED):
            continue
        sentences.append(_change_sentence(model, name, before, after, params, action))
    if entry.note:
        sentences.append(_("Note: %(note)s") % {"note": entry.note})
    if not sentences:
        sentences.append(_("%(when)s, %(who)s changed this %(thing)s") % params)
    return sentences


def _change_sentence(model, name, before, after, params, action) -> str:
    values = {
        **params,
        "field": field_label(model, name),
        "before": value_label(model, name, before),
        "after": value_label(model, name, after),
    }
    if action == AuditEntry.Action.ADDED:
        return _("%(when)s, %(who)s added “%(after)s” to %(field)s") % values
    if action == AuditEntry.Action.REMOVED:
        return _("%(when)s, %(who)s removed “%(before)s” from %(field)s") % values
    if before == "":
        return _("%(when)s, %(who)s set %(field)s to “%(after)s”") % values
    if after == "":
        return _("%(when)s, %(who)s cleared %(field)s (it was “%(before)s”)") % values
    return _("%(when)s, %(who)s changed %(field)s from “%(before)s” to “%(after)s”") % values
