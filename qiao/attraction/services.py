"""Writes on leads: create, edit, move along the stages, land as a directory organisation,
and proposals from the news. Operators only; audited through ``qiao.core.writes``."""

from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.attraction import targets
from qiao.attraction.models import Lead
from qiao.core import effects, policy, writes
from qiao.directory.models import Membership, Organisation
from qiao.directory.services import organisations as directory
from qiao.intel.models import Proposal
from qiao.taxonomy.models import Term, Vocabulary

NEWS_KINDS = ("investment", "park_settlement")  # financing and expansion (入驻/落户) news
# A district government or park committee signing a settlement is the host, not the lead.
AUTHORITIES = ("政府", "管委会", "管理委员会", "园区")


@transaction.atomic
def create_lead(*, by, data: Mapping, stage: str = Lead.Stage.LEAD) -> Lead:
    """Create the lead with the default target date of each stage ahead (``targets.py``)."""
    policy.authorize(by, "attraction.create_lead")
    lead = writes.create(
        Lead, actor=by, data=data, allowed=Lead.EDITABLE_FIELDS,
        fixed={"stage": stage, "stage_changed_on": timezone.localdate()},
    )  # fmt: skip
    targets.plan_targets(lead, timezone.localdate())
    effects.emit("lead_changed", lead_id=lead.pk)
    return lead


def update_lead(*, by, lead: Lead, data: Mapping, version: int | None = None):
    policy.authorize(by, "attraction.change_lead", lead)
    changed = writes.update(
        lead, actor=by, data=data, allowed=Lead.EDITABLE_FIELDS, version=version
    )
    if changed:
        effects.emit("lead_changed", lead_id=lead.pk)
    return changed


def move_lead(*, by, lead: Lead, stage: str, version: int | None = None):
    """Move the lead to another stage (any stage: deals go back as well as forward)."""
    policy.authorize(by, "attraction.change_lead", lead)
    if stage not in Lead.Stage.values:
        raise ValidationError({"stage": _("Choose a stage from the list.")})
    changed = writes.update(
        lead, actor=by, data={"stage": stage, "stage_changed_on": timezone.localdate()},
        allowed={"stage", "stage_changed_on"}, version=version,
    )  # fmt: skip
    if changed:
        effects.emit("lead_changed", lead_id=lead.pk)
    return changed


@transaction.atomic
def land_lead(*, by, lead: Lead, version: int | None = None) -> Organisation:
    """Mark the lead landed and link it to its directory organisation, created through the
    directory's service when none has its name; the lead (its history) stays linked to it."""
    policy.authorize(by, "attraction.land_lead", lead)
    organisation = lead.organisation or Organisation.objects.filter(name_zh=lead.name).first()
    if organisation is None:
        kind = Term.objects.get(vocabulary=Vocabulary.ORGANISATION_KIND, code="company")
        organisation = directory.create_organisation(
            by=by, data={"name_zh": lead.name, "kind": kind, "terms": []}
        )
    writes.update(
        lead, actor=by,
        data={"stage": Lead.Stage.LANDED, "stage_changed_on": timezone.localdate(),
              "organisation": organisation},
        allowed={"stage", "stage_changed_on", "organisation"}, version=version,
    )  # fmt: skip
    effects.emit("lead_changed", lead_id=lead.pk)
    return organisation


def _members() -> set[str]:
    return set(
        Organisation.objects.filter(
            pk__in=Membership.objects.values("organisation_id")
        ).values_list("name_zh", flat=True)
    )


@transaction.atomic
def propose_leads_from_news(*, by=None) -> list[Lead]:
    """Turn accepted financing / expansion agreements from the news into leads, one per party
    that is not a member firm. Reads the proposals' stored JSON only (``parties``, ``kind``,
    ``amount_cny``), so changes to the extraction do not reach here."""
    policy.authorize(by, "attraction.create_lead")
    members = _members()
    taken = set(Lead.objects.exclude(proposal_id=None).values_list("proposal_id", flat=True))
    made = []
    for proposal in Proposal.objects.filter(
        kind=Proposal.Kind.AGREEMENT, status=Proposal.Status.ACCEPTED
    ).select_related("article"):
        payload = proposal.payload or {}
        if proposal.pk in taken or payload.get("kind") not in NEWS_KINDS:
            continue
        outside = [
            p
            for p in payload.get("parties") or []
            if p and p not in members and not any(word in p for word in AUTHORITIES)
        ]
        if not outside:
            continue
        amount = payload.get("amount_cny")
        lead = create_lead(
            by=by,
            data={
                "name": outside[0][:200],
                "source": Lead.Source.NEWS,
                "source_note": (getattr(proposal.article, "title", "") or "")[:300],
                "planned_investment": round(amount / 10000, 2) if amount else None,
            },
        )
        writes.update(lead, actor=by, data={"proposal_id": proposal.pk}, allowed={"proposal_id"})
        made.append(lead)
    return made
