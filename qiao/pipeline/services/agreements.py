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
from qiao.pipeline.models import Agreement, AgreementDocument, AgreementParty, Introduction
from qiao.pipeline.services.introductions import TRANSITIONS, record_event

Status = Introduction.Status

# What a document may be: a PDF, an Office file or an image, checked by content.
DOCUMENT_TYPES = {
    ext: FILE_TYPES[ext] for ext in (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx")
}


def _check_may_record(user, organisations) -> None:
    roles = roles_of(user)
    if not (roles.is_operator or roles.member_of & {o.pk for o in organisations}):
        raise PermissionDenied


@transaction.atomic
def create_agreement(*, created_by, parties, **fields) -> Agreement:
    """Record a signed agreement; ``parties`` is a list of (organisation, role).

    Operators record any agreement; a member records one their organisation is party to.
    """
    organisations = [organisation for organisation, _role in parties]
    if len(organisations) < 2 or len({o.pk for o in organisations}) != len(organisations):
        raise ValidationError({"parties": _("Name at least two different organisations.")})
    _check_may_record(created_by, organisations)
    agreement = Agreement(created_by=created_by, **fields)
    agreement.full_clean()
    agreement.save()
    AgreementParty.objects.bulk_create(
        AgreementParty(agreement=agreement, organisation=organisation, role=role)
        for organisation, role in parties
    )
    audit.record_change(
        instance=agreement,
        actor=created_by,
        action=audit.AuditEntry.Action.CREATED,
        changes={"parties": ("", [f"{o} ({r})" for o, r in parties])},
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
