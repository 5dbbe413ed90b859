"""What each viewer's insights are computed over, always read through the pipeline's
permission-checked selectors: operators see the cluster; a member sees the rows of their own
organisations (the reduced view), so a confidential row is counted only where it is visible.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from qiao.directory.roles import roles_of
from qiao.market.models import Listing
from qiao.pipeline.models import Agreement, AgreementParty, Introduction, Project
from qiao.pipeline.selectors import (
    list_visible_agreements,
    list_visible_introductions,
    list_visible_projects,
)

# Listings not yet out in the cluster count nowhere in the insights.
HIDDEN_STATUSES = (Listing.Status.DRAFT, Listing.Status.UNDER_REVIEW)


def listings_in_scope(viewer) -> QuerySet[Listing]:
    roles = roles_of(viewer)
    listings = Listing.objects.exclude(status__in=HIDDEN_STATUSES)
    return listings if roles.is_operator else listings.filter(organisation_id__in=roles.member_of)


def introductions_in_scope(viewer) -> QuerySet[Introduction]:
    # Members already see only their own organisations' introductions.
    return list_visible_introductions(viewer=viewer)


def agreements_in_scope(viewer) -> QuerySet[Agreement]:
    roles = roles_of(viewer)
    agreements = list_visible_agreements(viewer=viewer)
    if roles.is_operator:
        return agreements
    own = AgreementParty.objects.filter(
        agreement=OuterRef("pk"), organisation_id__in=roles.member_of
    )
    return agreements.filter(Exists(own))


def projects_in_scope(viewer) -> QuerySet[Project]:
    roles = roles_of(viewer)
    projects = list_visible_projects(viewer=viewer)
    if roles.is_operator:
        return projects
    return projects.filter(Q(organisation_id__in=roles.member_of))
