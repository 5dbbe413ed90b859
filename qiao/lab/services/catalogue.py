"""Write operations on the catalogue: instruments, their status, photos."""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from qiao.core import audit
from qiao.core.text import index_document
from qiao.core.uploads import IMAGE_EXTENSIONS, check_upload
from qiao.directory.models import Organisation
from qiao.directory.roles import roles_of
from qiao.lab.listing import sync_listing
from qiao.lab.models import Equipment, EquipmentPhoto
from qiao.lab.selectors import is_lab_manager

__all__ = [
    "add_equipment_photo",
    "change_equipment_status",
    "create_equipment",
    "equipment_search_document",
    "remove_equipment_photo",
    "update_equipment",
]

MAX_PHOTOS = 8


def equipment_search_document(equipment: Equipment) -> str:
    """Return the search tokens of an instrument: names, model, text, owner, category."""
    organisation = equipment.organisation
    category = Equipment.Category(equipment.category)
    from django.utils import translation

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


def _check_may_manage(user, organisation_id: int) -> None:
    roles = roles_of(user)
    if not (roles.is_operator or organisation_id in roles.admin_of):
        raise PermissionDenied


def _save(equipment: Equipment) -> None:
    equipment.full_clean()
    equipment.save()
    equipment.search_document = equipment_search_document(equipment)
    equipment.save(update_fields=["search_document"])


@transaction.atomic
def create_equipment(*, created_by, organisation: Organisation, **fields: Any) -> Equipment:
    """Add an instrument to the catalogue as a draft; lab managers publish it when ready."""
    _check_may_manage(created_by, organisation.pk)
    status = fields.pop("status", Equipment.Status.DRAFT)
    equipment = Equipment(organisation=organisation, created_by=created_by, **fields)
    _save(equipment)
    audit.record_change(
        instance=equipment, actor=created_by, action=audit.AuditEntry.Action.CREATED
    )
    if status != Equipment.Status.DRAFT:
        change_equipment_status(equipment=equipment, status=status, changed_by=created_by)
    return equipment


@transaction.atomic
def update_equipment(*, equipment: Equipment, updated_by, **fields: Any) -> Equipment:
    """Change an instrument's description, rates or rules; its offer follows.

    Bookings already made keep the rate they were made at.
    """
    _check_may_manage(updated_by, equipment.organisation_id)
    if "organisation" in fields and fields["organisation"].pk != equipment.organisation_id:
        _check_may_manage(updated_by, fields["organisation"].pk)
    before = audit.snapshot(equipment, fields)
    for name, value in fields.items():
        setattr(equipment, name, value)
    _save(equipment)
    audit.record_change(
        instance=equipment,
        actor=updated_by,
        action=audit.AuditEntry.Action.CHANGED,
        changes=audit.diff(before, equipment),
    )
    if equipment.listing_id or equipment.status in Equipment.LISTED_STATUSES:
        sync_listing(equipment=equipment, by=updated_by)
    return equipment


@transaction.atomic
def change_equipment_status(*, equipment: Equipment, status: str, changed_by) -> Equipment:
    """Publish, suspend or retire an instrument; its equipment offer is opened or closed."""
    _check_may_manage(changed_by, equipment.organisation_id)
    if status not in Equipment.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    old = equipment.status
    equipment.status = status
    equipment.save(update_fields=["status", "updated_at"])
    audit.record_change(
        instance=equipment,
        actor=changed_by,
        action=audit.AuditEntry.Action.CHANGED,
        changes={"status": (old, status)},
    )
    sync_listing(equipment=equipment, by=changed_by)
    return equipment


@transaction.atomic
def add_equipment_photo(*, equipment: Equipment, upload, uploaded_by) -> EquipmentPhoto:
    """Attach a photo after checking that it is an image (by content) and not too large."""
    if not is_lab_manager(viewer=uploaded_by, equipment=equipment):
        raise PermissionDenied
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
    return EquipmentPhoto.objects.create(
        equipment=equipment,
        file=upload,
        original_name=PurePath(upload.name).name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=uploaded_by,
    )


@transaction.atomic
def remove_equipment_photo(*, photo: EquipmentPhoto, removed_by) -> None:
    if not is_lab_manager(viewer=removed_by, equipment=photo.equipment):
        raise PermissionDenied
    storage, name = photo.file.storage, photo.file.name
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))
