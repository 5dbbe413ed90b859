"""The one write path: create, update and delete a row with its audit entry.

Every service writes through these helpers (or, for a write they cannot express, calls
``qiao.core.audit.record_change`` itself in the same transaction):

- ``update`` takes the acting user, the data, and the explicit list of fields the caller
  may change; any other key is a programming error (``TypeError``), so a service can never
  be made to change a field it didn't name (a status that must go through its transition
  table, an organisation an object belongs to). It validates with ``full_clean``, saves only
  the changed fields (``save(update_fields=…)``), and writes one audit entry with before and
  after, in the caller's transaction.
- Objects that users edit inherit ``Versioned``: ``update`` raises ``Conflict`` (HTTP 409)
  when the version the user had is not the stored one, instead of overwriting silently. The
  check is a compare-and-set ``UPDATE … WHERE version = %s``, which PostgreSQL re-evaluates
  after a concurrent writer commits and SQLite serialises, so of two racing saves exactly
  one wins.
- Policy (may this user do this?) is checked by the service before it calls these helpers,
  through ``qiao.core.policy.authorize``; effects are emitted through ``qiao.core.effects``.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from qiao.core import audit
from qiao.core.errors import Conflict

M = TypeVar("M", bound=models.Model)


class Versioned(models.Model):
    """A row that users edit: its version goes up by one with every change."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


def _m2m_names(model) -> set[str]:
    return {f.name for f in model._meta.many_to_many}


def _value(instance: models.Model, name: str, m2m: set[str]):
    if name in m2m:
        if instance.pk is None:
            return frozenset()
        return frozenset(getattr(instance, name).all())
    return getattr(instance, name)


def _without_nulls(model, data: Mapping[str, Any]) -> dict[str, Any]:
    """``None`` for a column that can't be NULL: an optional text clears, anything else is
    refused in words (``full_clean`` skips empty values of optional fields, so the database
    would be the first to notice, with a 500)."""
    cleaned = dict(data)
    errors = {}
    for name, value in data.items():
        if value is not None:
            continue
        try:
            field = model._meta.get_field(name)
        except Exception:  # not a model field: the service's own keyword
            continue
        if not getattr(field, "concrete", False) or field.null or field.many_to_many:
            continue
        if isinstance(field, models.CharField | models.TextField) and field.blank:
            cleaned[name] = ""
        else:
            errors[name] = [field.error_messages["null"]]
    if errors:
        raise ValidationError(errors)
    return cleaned


def _check_allowed(data: Mapping[str, Any], allowed: Collection[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise TypeError(f"These fields may not be changed here: {', '.join(sorted(unknown))}")


@transaction.atomic
def create(
    model: type[M],
    *,
    actor,
    data: Mapping[str, Any],
    allowed: Collection[str],
    fixed: Mapping[str, Any] | None = None,
    note: str = "",
) -> M:
    """Create a ``model`` row from ``data`` (only ``allowed`` keys) and ``fixed`` values the
    service sets itself (owner, creator); validate, save, set many-to-many fields, audit."""
    _check_allowed(data, allowed)
    data = _without_nulls(model, data)
    m2m = _m2m_names(model)
    plain = {k: v for k, v in data.items() if k not in m2m}
    instance = model(**(fixed or {}), **plain)
    instance.full_clean()
    instance.save()
    for name in m2m & set(data):
        getattr(instance, name).set(data[name])
    audit.record_change(
        instance=instance, actor=actor, action=audit.AuditEntry.Action.CREATED, note=note
    )
    return instance


@transaction.atomic
def update(
    instance: models.Model,
    *,
    actor,
    data: Mapping[str, Any],
    allowed: Collection[str],
    version: int | None = None,
    note: str = "",
) -> dict[str, tuple[Any, Any]]:
    """Change ``data``'s fields of ``instance`` (each must be in ``allowed``).

    ``version`` is the version the user edited (from the form or ``If-Match``); without it,
    the version the instance was loaded with. Return {field: (before, after)} of the fields
    that changed; nothing changed means nothing saved and nothing audited.
    """
    _check_allowed(data, allowed)
    model = type(instance)
    data = _without_nulls(model, data)
    m2m = _m2m_names(model)
    before = {name: _value(instance, name, m2m) for name in data}
    if isinstance(instance, Versioned):
        check_version(instance, version)
    for name, value in data.items():
        if name not in m2m:
            setattr(instance, name, value)
    instance.full_clean()
    changed = {
        name: (before[name], frozenset(data[name]) if name in m2m else getattr(instance, name))
        for name in data
        if (frozenset(data[name]) if name in m2m else getattr(instance, name)) != before[name]
    }
    if not changed and not note:
        return {}
    if isinstance(instance, Versioned):
        bump_version(instance)
    fields = [_concrete(model, name) for name in changed if name not in m2m]
    if fields or isinstance(instance, Versioned):
        extra = ["version"] if isinstance(instance, Versioned) else []
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            extra.append("updated_at")
        instance.save(update_fields=[*fields, *extra])
    for name in m2m & set(changed):
        getattr(instance, name).set(data[name])
    audit.record_change(
        instance=instance,
        actor=actor,
        action=audit.AuditEntry.Action.CHANGED,
        changes=changed,
        note=note,
    )
    return changed


def _concrete(model, name: str) -> str:
    return model._meta.get_field(name).name


def bump_version(instance: Versioned, *, touch_updated_at: bool = False) -> None:
    """Compare-and-set the version one up; another writer's commit in between is a conflict.

    ``touch_updated_at`` also moves ``updated_at`` in the same statement, for a change of a
    part (a capability, an affiliation) that is a change of the whole.
    """
    expected = instance.version
    values: dict[str, Any] = {"version": F("version") + 1}
    if touch_updated_at:
        values["updated_at"] = timezone.now()
    rows = type(instance)._base_manager.filter(pk=instance.pk, version=expected).update(**values)
    if rows != 1:
        _raise_conflict(instance, expected)
    instance.version = expected + 1


def check_version(instance: Versioned, version: int | None) -> None:
    """Refuse a save from a version other than the loaded one, before anything is written."""
    if version is not None and version != instance.version:
        _raise_conflict(instance, version)


def _raise_conflict(instance: Versioned, version: int):
    current = type(instance)._base_manager.filter(pk=instance.pk).first()
    raise Conflict(
        instance=current,
        entries=audit.list_entries_since(instance, version) if current is not None else (),
        current_version=current.version if current is not None else None,
    )


@transaction.atomic
def delete(instance: models.Model, *, actor, note: str = "") -> None:
    """Delete ``instance`` and record who did, naming what it was."""
    audit.record_change(
        instance=instance,
        actor=actor,
        action=audit.AuditEntry.Action.DELETED,
        changes={"name": (str(instance), "")},
        note=note,
    )
    instance.delete()


def record_added(instance: models.Model, *, actor, part: models.Model, field: str) -> None:
    """Record that ``part`` (a capability, a party…) was added to ``instance``."""
    audit.record_change(
        instance=instance,
        actor=actor,
        action=audit.AuditEntry.Action.ADDED,
        changes={field: ("", str(part))},
    )


def record_removed(instance: models.Model, *, actor, part: models.Model, field: str) -> None:
    """Record that ``part`` was removed from ``instance``."""
    audit.record_change(
        instance=instance,
        actor=actor,
        action=audit.AuditEntry.Action.REMOVED,
        changes={field: (str(part), "")},
    )
