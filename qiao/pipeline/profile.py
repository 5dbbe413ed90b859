"""The pipeline's sections of other apps' pages (``qiao.core.sections``).

On an organisation's profile: its agreements (the counterparts linked), its projects and
their stage, and, for an investor, the projects whose funding rounds name it. On a need's
page: the projects that answer it. Everything through the pipeline's selectors, so a
confidential agreement or project shows only to who may see it.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Prefetch

from qiao.market.selectors import can_read_details
from qiao.pipeline.models import AgreementParty, ProjectFunding
from qiao.pipeline.selectors import list_visible_agreements, list_visible_projects, named

LIMIT = 20


def agreements_section(*, viewer, obj):
    """The organisation's agreements this viewer may see, each with its counterparts."""
    takes_part = AgreementParty.objects.filter(agreement=OuterRef("pk"), organisation=obj)
    parties = AgreementParty.objects.select_related("organisation").order_by("pk")
    agreements = (
        list_visible_agreements(viewer=viewer)
        .filter(Exists(takes_part))
        .prefetch_related(Prefetch("parties", queryset=parties))
        .order_by("-signed_on", "-id")
    )
    rows = []
    for agreement in agreements[: LIMIT + 1]:
        own = next((p for p in agreement.parties.all() if p.organisation_id == obj.pk), None)
        others = [
            (named(viewer, p.organisation), p)
            for p in agreement.parties.all()
            if p.organisation_id != obj.pk
        ]
        rows.append({"agreement": agreement, "own": own, "counterparts": others})
    return {"agreements": rows[:LIMIT], "more": len(rows) > LIMIT}


def projects_section(*, viewer, obj):
    """The organisation's own projects and their stage; for an investor, its portfolio."""
    projects = list(
        list_visible_projects(viewer=viewer).filter(organisation=obj).order_by("name_zh")[:LIMIT]
    )
    funded = ProjectFunding.objects.filter(project=OuterRef("pk"), investors=obj)
    portfolio = list(
        list_visible_projects(viewer=viewer)
        .filter(Exists(funded))
        .order_by("organisation__name_zh", "name_zh")[:LIMIT]
    )
    if not projects and not portfolio and not _is_investor(obj):
        return {"projects": [], "portfolio": []}
    return {"projects": projects, "portfolio": portfolio, "investor": _is_investor(obj)}


def _is_investor(organisation) -> bool:
    return organisation.kind.code == "investor"


def need_projects_section(*, viewer, obj):
    """The projects that answer a need (those this viewer may see); nothing if none."""
    # A link to a confidential need says who works on it: only for who may read its details.
    if obj.side != "need" or not can_read_details(viewer=viewer, listing=obj):
        return None
    projects = list(list_visible_projects(viewer=viewer).filter(need=obj)[:LIMIT])
    return {"answering_projects": projects} if projects else None
