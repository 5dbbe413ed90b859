"""Versions of directory rows whose parts change (an organisation's capabilities, a person's
affiliations): a change of a part is a change of the whole, so a form or an ETag taken
before it is stale."""

from __future__ import annotations

from django.db.models import F
from django.utils import timezone

from qiao.core import audit
from qiao.core.errors import Conflict
from qiao.core.writes import Versioned


def touch(instance: Versioned) -> None:
    """Compare-and-set the version one up (and ``updated_at``); a writer in between is a
    ``Conflict``. Call it before recording the parts' audit entries, so they carry the new
    version and a conflict can show them."""
    expected = instance.version
    rows = (
        type(instance)
        ._base_manager.filter(pk=instance.pk, version=expected)
        .update(version=F("version") + 1, updated_at=timezone.now())
    )
    if rows != 1:
        current = type(instance)._base_manager.filter(pk=instance.pk).first()
        raise Conflict(
            instance=current,
            entries=audit.list_entries_since(instance, expected) if current else (),
            current_version=current.version if current else None,
        )
    instance.version = expected + 1


def check_version(instance: Versioned, version: int | None) -> None:
    """Refuse a save from a version other than the stored one, before anything is written."""
    if version is not None and version != instance.version:
        current = type(instance)._base_manager.get(pk=instance.pk)
        raise Conflict(
            instance=current,
            entries=audit.list_entries_since(instance, version),
            current_version=current.version,
        )
