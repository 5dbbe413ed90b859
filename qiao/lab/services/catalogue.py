"""Write operations on the catalogue: instruments, their status, photos."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from qiao.core import effects, policy, writes
from qiao.core.text import index_document
from qiao.core.uploads import IMAGE_EXTENSIONS, check_upload
from qiao.directory.models import Organisation
from qiao.lab.listing import sync_listing
from qiao.lab.models import Equipment, EquipmentPhoto
from qiao.lab.policies import EquipmentMove

__all__ = [
    "EQUIPMENT_FIELDS",
    "add_equipment_photo",
    "change_equipment_status",
    "create_equipment",
    "equipment_search_document",
    "remove_equipment_photo",
    "update_equipment",
]

MAX_PHOTOS = 8

# What a lab manager describes; the status changes through ``change_equipment_status``, the
# offer and the creator are the services' own.
EQUIPMENT_FIELDS = frozenset({"organisation", *Equipment.DESCRIBED_FIELDS})


def equipment_search_document(equipment: Equipment) -> str:
    """Return the search tokens of an instrument: names, model, text, owner, category."""
    organisation = equipment.organisation
    category = Equipment.Category(equipment.category)
    labels = []
    for language in ("zh-hans", "en"):
        with translation.override(language):
            labels += [str(category.label), str(Equipment.Kind(equipment.kind).label)]
    return index_document(
        names=[
            equipment.name_zh,
            equipment.name_en,
            organisation.name_zh,
            organisation.short_name_zh,
        ],
        texts=[
            equipment.make_model,
            equipment.description_zh,
            equipment.description_en,
            equipment.specifications,
            equipment.location,
            organisation.name_en,
            organisation.city,
            organisation.district,
            *labels,
        ],
    )


def _reindex(equipment: Equipment) -> None:
    # The search document is derived, not described: written beside the audited change.
    equipment.search_document = equipment_search_document(equipment)
    Equipment.objects.filter(pk=equipment.pk).update(search_document=equipment.search_document)


def _changed(equipment: Equipment, *, by) -> None:
    """Keep the market's offer in step (same transaction) and tell the rest after commit."""
    if equipment.listing_id or equipment.status in Equipment.LISTED_STATUSES:
        sync_listing(equipment=equipment, by=by)
    effects.emit("equipment_changed", equipment_id=equipment.pk)


@transaction.atomic
def create_equipment(*, created_by, organisation: Organisation, **fields: Any) -> Equipment:
    """Add an instrument to the catalogue as a draft; lab managers publish it when ready.

    ``status`` (optional) is set right after, through ``change_equipment_status``.
    """
    policy.authorize(created_by, "lab.create_equipment", organisation)
    status = fields.pop("status", Equipment.Status.DRAFT)
    equipment = writes.create(
        Equipment,
        actor=created_by,
        data=fields,
        allowed=EQUIPMENT_FIELDS - {"organisation"},
        fixed={"organisation": organisation, "created_by": created_by},
    )
    _reindex(equipment)
    if status != Equipment.Status.DRAFT:
        return change_equipment_status(equipment=equipment, status=status, changed_by=created_by)
    effects.emit("equipment_changed", equipment_id=equipment.pk)
    return equipment


@transaction.atomic
def update_equipment(
    *, equipment: Equipment, updated_by, version: int | None = None, **fields: Any
) -> Equipment:
    """Change an instrument's description, rates or rules (only ``EQUIPMENT_FIELDS``).

    Refuses a stale ``version`` with ``Conflict``. Its offer follows; bookings already made
    keep the rate they were made at.
    """
    target = fields.get("organisation") or equipment.organisation
    policy.authorize(updated_by, "lab.change_equipment", EquipmentMove(equipment, target))
    changed = writes.update(
        equipment, actor=updated_by, data=fields, allowed=EQUIPMENT_FIELDS, version=version
    )
    if changed:
        _reindex(equipment)
        _changed(equipment, by=updated_by)
    return equipment


@transaction.atomic
def change_equipment_status(*, equipment: Equipment, status: str, changed_by) -> Equipment:
    """Publish, suspend or retire an instrument; its equipment offer is opened or closed."""
    policy.authorize(changed_by, "lab.change_equipment_status", equipment)
    if status not in Equipment.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    writes.update(equipment, actor=changed_by, data={"status": status}, allowed={"status"})
    _changed(equipment, by=changed_by)
    return equipment


@transaction.atomic
def add_equipment_photo(*, equipment: Equipment, upload, uploaded_by) -> EquipmentPhoto:
    """Attach a photo after checking that it is an image (by content) and not too large."""
    policy.authorize(uploaded_by, "lab.add_equipment_photo", equipment)
    if equipment.photos.count() >= MAX_PHOTOS:
        raise ValidationError(
            {"file": _("An instrument has at most %(n)d photos.") % {"n": MAX_PHOTOS}}
        )
    content_type = check_upload(
        upload,
        extensions=IMAGE_EXTENSIONS,
        max_mb=settings.QIAO_MAX_PHOTO_MB,
        wrong_type_message=_("Upload a PNG, JPEG or WebP image."),
    )
    photo = EquipmentPhoto.objects.create(
        equipment=equipment,
        file=upload,
        original_name=PurePath(upload.name).name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=uploaded_by,
    )
    writes.record_added(equipment, actor=uploaded_by, part=photo, field="photos")
    return photo


@transaction.atomic
def remove_equipment_photo(*, photo: EquipmentPhoto, removed_by) -> None:
    """Delete a photo; its file goes once the deletion is committed."""
    policy.authorize(removed_by, "lab.remove_equipment_photo", photo)
    storage, name = photo.file.storage, photo.file.name
    writes.record_removed(photo.equipment, actor=removed_by, part=photo, field="photos")
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
