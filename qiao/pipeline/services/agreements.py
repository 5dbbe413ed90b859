"""Write operations on agreements and their documents.

An agreement's own fields are corrected here (``update_agreement``); its parties and its
confidentiality change only through ``services.agreement_changes`` (an operator, or every
party's consent).
"""

from __future__ import annotations

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from qiao.core import effects, policy, writes
from qiao.core.uploads import FILE_TYPES, check_upload
from qiao.inbox import notices
from qiao.pipeline import notices as pipeline_notices
from qiao.pipeline import policies  # noqa: F401  (registers the rules)
from qiao.pipeline.models import (
    Agreement,
    AgreementDocument,
    AgreementGroup,
    AgreementParty,
    Introduction,
)
from qiao.pipeline.services.introductions import TRANSITIONS, move_status
from qiao.taxonomy.models import Term, Vocabulary

Status = Introduction.Status

# What a document may be: a PDF, an Office file or an image, checked by content.
DOCUMENT_TYPES = {
    ext: FILE_TYPES[ext] for ext in (".pdf", ".png", ".jpg", ".jpeg", ".docx", ".xlsx")
}

# The fields operators and a party's admins correct; parties and ``is_confidential`` are
# governed (``agreement_changes``), the introduction and the creator never change.
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
]
CREATE_FIELDS = {*EDITABLE_FIELDS, "is_confidential", "introduction"}


def region_key(province: str, city: str, district: str) -> str:
    return " ".join(part for part in (province, city, district) if part)


def _wanted_groups(ids: list[int]) -> set[tuple[int, str, str]]:
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
    return rows


def refresh_agreement_groups(agreement_ids) -> int:
    """Bring the region and organisation-kind groups of these agreements in line with their
    parties' organisations (``AgreementGroup``); return how many agreements changed.

    Only the agreements whose groups differ are rewritten, so an organisation saved without
    moving or changing kind costs two reads and no write.
    """
    ids = list(agreement_ids)
    if not ids:
        return 0
    wanted = _wanted_groups(ids)
    stored = set(
        AgreementGroup.objects.filter(agreement_id__in=ids).values_list(
            "agreement_id", "dimension", "key"
        )
    )
    stale = {row[0] for row in wanted ^ stored}
    if not stale:
        return 0
    AgreementGroup.objects.filter(agreement_id__in=stale).delete()
    AgreementGroup.objects.bulk_create(
        AgreementGroup(agreement_id=a, dimension=d, key=k)
        for a, d, k in sorted(wanted)
        if a in stale
    )
    return len(stale)


def refresh_groups_of_organisation(*, organisation_id: int, **payload) -> None:
    """Effect handler of ``organisation_changed``: its region or kind may have changed."""
    ids = AgreementParty.objects.filter(organisation_id=organisation_id).values_list(
        "agreement_id", flat=True
    )
    # The insights hear ``organisation_changed`` themselves (they subscribe to every topic).
    refresh_agreement_groups(ids)


def check_parties(parties) -> list:
    organisations = [organisation for organisation, _role in parties]
    if len(organisations) < 2 or len({o.pk for o in organisations}) != len(organisations):
        raise ValidationError({"parties": _("Name at least two different organisations.")})
    return organisations


def party_label(organisation, role: str) -> str:
    """A party as the audit trail keeps it, in the site's language."""
    with translation.override(settings.LANGUAGE_CODE):
        return f"{organisation} ({AgreementParty.Role(role).label})"


def set_parties(agreement: Agreement, parties, *, actor) -> bool:
    """Make ``parties`` [(organisation, role)] the agreement's parties, recording each one
    added and removed; return whether anything changed. Callers have checked the policy."""
    current = {p.organisation_id: p for p in agreement.parties.select_related("organisation")}
    wanted = {organisation.pk: (organisation, role) for organisation, role in parties}
    changed = False
    for pk, party in current.items():
        if pk not in wanted or wanted[pk][1] != party.role:
            party.delete()
            writes.record_removed(
                agreement,
                actor=actor,
                part=party_label(party.organisation, party.role),
                field="parties",
            )
            changed = True
    for pk, (organisation, role) in wanted.items():
        if pk not in current or current[pk].role != role:
            AgreementParty.objects.create(agreement=agreement, organisation=organisation, role=role)
            writes.record_added(
                agreement, actor=actor, part=party_label(organisation, role), field="parties"
            )
            changed = True
    if changed:
        refresh_agreement_groups([agreement.pk])
    return changed


@transaction.atomic
def create_agreement(
    *, created_by, parties, categories=(), announce: bool = True, **fields
) -> Agreement:
    """Record a signed agreement; ``parties`` is a list of (organisation, role).

    Operators record any agreement; a member records one their organisation is party to.
    Without ``categories``, the agreement takes the device categories of its introduction's
    listings. Its introduction, if it may, moves to “agreement signed”. The parties' members
    are told (``announce=False`` when the caller tells them its own way, as news review does).
    """
    organisations = check_parties(parties)
    policy.authorize(created_by, "pipeline.create_agreement", organisations)
    introduction = fields.get("introduction")
    if not categories and introduction is not None:
        categories = Term.objects.filter(
            vocabulary=Vocabulary.DEVICE_CATEGORY, listings__introductions=introduction
        ).distinct()
    agreement = writes.create(
        Agreement,
        actor=created_by,
        data={**fields, "categories": list(categories)},
        allowed={*CREATE_FIELDS, "categories"},
        fixed={"created_by": created_by},
    )
    set_parties(agreement, parties, actor=created_by)
    if introduction is not None and introduction.status in TRANSITIONS[Status.AGREEMENT_SIGNED]:
        move_status(introduction, status=Status.AGREEMENT_SIGNED, actor=created_by)
    effects.emit("agreement_changed", agreement_id=agreement.pk)
    if not announce:
        return agreement
    notices.send(
        pipeline_notices.AGREEMENT_SIGNED,
        recipients=[user for o in organisations for user in notices.members_of(o.pk)],
        params={"agreement": notices.name_of(agreement)},
        url=pipeline_notices.agreement_url(agreement.pk),
        about=agreement,
        exclude=[created_by] if created_by is not None else [],
    )
    return agreement


@transaction.atomic
def update_agreement(
    *, agreement: Agreement, updated_by, categories=None, version: int | None = None, **fields
) -> Agreement:
    """Correct an agreement's own fields and categories (operators and a party's admins).

    Parties and confidentiality are not among them: see ``request_agreement_change``.
    """
    policy.authorize(updated_by, "pipeline.change_agreement", agreement)
    data = dict(fields)
    if categories is not None:
        data["categories"] = list(categories)
    changed = writes.update(
        agreement,
        actor=updated_by,
        data=data,
        allowed={*EDITABLE_FIELDS, "categories"},
        version=version,
    )
    if changed:
        effects.emit("agreement_changed", agreement_id=agreement.pk)
    return agreement


@transaction.atomic
def add_agreement_document(*, agreement: Agreement, upload, uploaded_by) -> AgreementDocument:
    """Attach a file after checking its type (by content) and size."""
    policy.authorize(uploaded_by, "pipeline.add_agreement_document", agreement)
    content_type = check_upload(
        upload,
        extensions=DOCUMENT_TYPES,
        max_mb=settings.QIAO_MAX_DOCUMENT_MB,
        wrong_type_message=_("Upload a PDF, Word, Excel, PNG or JPEG file."),
    )
    name = PurePath(upload.name).name[:200]
    document = AgreementDocument.objects.create(
        agreement=agreement,
        file=upload,
        original_name=name,
        content_type=content_type,
        size=upload.size,
        uploaded_by=uploaded_by,
    )
    writes.record_added(agreement, actor=uploaded_by, part=document, field="documents")
    effects.emit("agreement_changed", agreement_id=agreement.pk)
    return document
