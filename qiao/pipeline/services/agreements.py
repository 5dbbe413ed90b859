"""Write operations on agreements and their documents."""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import audit
from qiao.core.uploads import FILE_TYPES, check_upload
from qiao.directory.roles import roles_of
from qiao.pipeline.models import (
    Agreement,
    AgreementDocument,
    AgreementGroup,
    AgreementParty,
    Introduction,
)
from qiao.pipeline.services.introductions import TRANSITIONS, record_event
from qiao.taxonomy.models import Term, Vocabulary

Status = Introduction.Status

# What a document may be: a PDF, an Office file or an image, checked by content.
DOCUMENT_TYPES = {
    ext: FILE_TYPES[ext] for ext in (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx")
}


def _check_may_record(user, organisations) -> None:
    roles = roles_of(user)
    if not (roles.is_operator or roles.member_of & {o.pk for o in organisations}):
        raise PermissionDenied


def region_key(province: str, city: str, district: str) -> str:
    return " ".join(part for part in (province, city, district) if part)


def refresh_agreement_groups(agreement_ids) -> None:
    """Rebuild the region and organisation-kind groups of these agreements from their
    parties' organisations (``AgreementGroup``)."""
    ids = list(agreement_ids)
    if not ids:
        return
    rows = set()
    parties = AgreementParty.objects.filter(agreement_id__in=ids).values_list(
        "agreement_id",
        "organisation__province",
        "organisation__city",
        "organisation__district",
        "organisation__kind__code",
    )
    Dimension = AgreementGroup.Dimension
    for agreement_id, province, city, district, kind in parties:
        rows.add((agreement_id, Dimension.REGION, region_key(province, city, district)))
        rows.add((agreement_id, Dimension.ORGANISATION_KIND, kind))
    AgreementGroup.objects.filter(agreement_id__in=ids).delete()
    AgreementGroup.objects.bulk_create(
        AgreementGroup(agreement_id=a, dimension=d, key=k) for a, d, k in sorted(rows)
    )


def refresh_groups_of_organisation(sender, instance, **kwargs) -> None:
    """Signal receiver: an organisation's region or kind may have changed."""
    ids = AgreementParty.objects.filter(organisation_id=instance.pk).values_list(
        "agreement_id", flat=True
    )
    refresh_agreement_groups(ids)


def _check_parties(parties) -> list:
    organisations = [organisation for organisation, _role in parties]
    if len(organisations) < 2 or len({o.pk for o in organisations}) != len(organisations):
        raise ValidationError({"parties": _("Name at least two different organisations.")})
    return organisations


def _party_labels(parties) -> list[str]:
    return [f"{organisation} ({role})" for organisation, role in parties]


@transaction.atomic
def create_agreement(*, created_by, parties, categories=(), **fields) -> Agreement:
    """Record a signed agreement; ``parties`` is a list of (organisation, role).

    Operators record any agreement; a member records one their organisation is party to.
    Without ``categories``, the agreement takes the device categories of its introduction's
    listings.
    """
    organisations = _check_parties(parties)
    _check_may_record(created_by, organisations)
    agreement = Agreement(created_by=created_by, **fields)
    agreement.full_clean()
    agreement.save()
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=agreement, organisation=organisation, role=role)
        for organisation, role in parties
    )
    if not categories and agreement.introduction is not None:
        categories = Term.objects.filter(
            vocabulary=Vocabulary.DEVICE_CATEGORY,
            listings__introductions=agreement.introduction,
        ).distinct()
    agreement.categories.set(categories)
    refresh_agreement_groups([agreement.pk])
    audit.record_change(
        instance=agreement,
        actor=created_by,
        action=audit.AuditEntry.Action.CREATED,
        changes={"parties": ("", _party_labels(parties))},
    )
    introduction = agreement.introduction
    if introduction is not None and introduction.status != Status.AGREEMENT_SIGNED:
        old = introduction.status
        if old in TRANSITIONS[Status.AGREEMENT_SIGNED]:
            introduction.status = Status.AGREEMENT_SIGNED
            introduction.status_changed_at = timezone.now()
            introduction.save(update_fields=["status", "status_changed_at", "updated_at"])
            record_event(
                introduction, actor=created_by, field="status", old=old, new=introduction.status
            )
    return agreement


EDITABLE_FIELDS = [
    "kind",
    "title_zh",
    "title_en",
    "signed_on",
    "place",
    "amount",
    "currency",
    "project_count",
    "description",
    "is_confidential",
]


@transaction.atomic
def update_agreement(*, agreement: Agreement, updated_by, parties, categories, **fields):
    """Correct an agreement after it was recorded: its fields, parties and categories.

    Who may record it may correct it, and a member must stay among the parties (a member
    can't hand an agreement over to others).
    """
    old_parties = [
        (p.organisation, p.role) for p in agreement.parties.select_related("organisation")
    ]
    _check_may_record(updated_by, [o for o, _role in old_parties])
    organisations = _check_parties(parties)
    _check_may_record(updated_by, organisations)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = audit.snapshot(agreement, fields)
    old_categories = sorted(str(t) for t in agreement.categories.all())
    for name, value in fields.items():
        setattr(agreement, name, value)
    agreement.full_clean()
    agreement.save()
    changes = audit.diff(before, agreement)
    if sorted(_party_labels(old_parties)) != sorted(_party_labels(parties)):
        agreement.parties.all().delete()
        AgreementParty.objects.bulk_create(
            AgreementParty(agreement=agreement, organisation=organisation, role=role)
            for organisation, role in parties
        )
        changes["parties"] = (_party_labels(old_parties), _party_labels(parties))
        refresh_agreement_groups([agreement.pk])
    agreement.categories.set(categories)
    changes["categories"] = (old_categories, sorted(str(t) for t in categories))
    audit.record_change(
        instance=agreement,
        actor=updated_by,
        action=audit.AuditEntry.Action.CHANGED,
        changes=changes,
    )
    return agreement


@transaction.atomic
def add_agreement_document(*, agreement: Agreement, upload, uploaded_by) -> AgreementDocument:
    """Attach a file after checking its type (by content) and size."""
    _check_may_record(uploaded_by, [p.organisation for p in agreement.parties.all()])
    content_type = check_upload(
        upload,
        extensions=DOCUMENT_TYPES,
        max_mb=settings.QIAO_MAX_DOCUMENT_MB,
        wrong_type_message=_("Upload a PDF, Word, Excel, PNG or JPEG file."),
    )
    audit.record_change(
        instance=agreement,
        actor=uploaded_by,
        action=audit.AuditEntry.Action.ADDED,
        changes={"document": ("", PurePath(upload.name).name)},
    )
    return AgreementDocument.objects.create(
        agreement=agreement,
        file=upload,
        original_name=PurePath(upload.name).name[:200],
        content_type=content_type,
        size=upload.size,
        uploaded_by=uploaded_by,
    )
