"""Read queries over introductions: operators see all, members their organisations' own."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from qiao.directory.roles import roles_of
from qiao.market.models import Listing, Side
from qiao.pipeline.models import Agreement, AgreementParty, Introduction, Project


def list_visible_introductions(*, viewer) -> QuerySet[Introduction]:
    roles = roles_of(viewer)
    introductions = Introduction.objects.select_related(
        "requesting_organisation", "receiving_organisation", "broker"
    )
    if roles.is_operator:
        return introductions
    return introductions.filter(
        Q(requesting_organisation__in=roles.member_of)
        | Q(receiving_organisation__in=roles.member_of)
    )


def access_introduction(*, viewer, introduction_id: int) -> Introduction:
    return get_object_or_404(list_visible_introductions(viewer=viewer), pk=introduction_id)


@dataclass(frozen=True)
class BrokerQueue:
    """What a broker should look at today."""

    overdue: list[Introduction]
    requested: list[Introduction]
    mine: list[Introduction]
    unanswered_needs: list[Listing]
    unanswered_days: int


def get_broker_queue(*, broker, today: date | None = None) -> BrokerQueue:
    """Return the broker's open introductions (overdue first), members' requests waiting for
    a broker, and published needs that nobody has introduced for QIAO_UNANSWERED_DAYS days.
    """
    today = today or timezone.localdate()
    open_ = list_visible_introductions(viewer=broker).exclude(
        status__in=Introduction.CLOSED_STATUSES
    )
    # Undated ones last on both databases (SQLite sorts NULL first, PostgreSQL last).
    mine = list(
        open_.filter(broker=broker).order_by(
            F("next_action_due").asc(nulls_last=True), "-created_at"
        )
    )
    days = settings.QIAO_UNANSWERED_DAYS
    introduced = Introduction.listings.through.objects.filter(listing=OuterRef("pk"))
    unanswered = (
        Listing.objects.filter(
            side=Side.NEED,
            status__in=Listing.OPEN_STATUSES,
            published_at__date__lte=today - timedelta(days=days),
        )
        .exclude(Exists(introduced))
        .select_related("organisation")
        .order_by("published_at")[:50]
    )
    return BrokerQueue(
        overdue=[i for i in mine if i.next_action_due and i.next_action_due < today],
        requested=list(open_.filter(broker__isnull=True).order_by("created_at")),
        mine=mine,
        unanswered_needs=list(unanswered),
        unanswered_days=days,
    )


def list_visible_agreements(*, viewer) -> QuerySet[Agreement]:
    """Public agreements for everyone; confidential ones for their parties and operators."""
    roles = roles_of(viewer)
    agreements = Agreement.objects.all()
    if roles.is_operator:
        return agreements
    mine = AgreementParty.objects.filter(
        agreement=OuterRef("pk"), organisation_id__in=roles.member_of
    )
    return agreements.filter(Q(is_confidential=False) | Exists(mine))


def access_agreement(*, viewer, agreement_id: int) -> Agreement:
    return get_object_or_404(
        list_visible_agreements(viewer=viewer).prefetch_related("parties__organisation"),
        pk=agreement_id,
    )


def list_visible_projects(*, viewer) -> QuerySet[Project]:
    """Public projects for everyone; confidential ones for their organisation and operators."""
    roles = roles_of(viewer)
    projects = Project.objects.select_related("organisation", "stage", "category")
    if roles.is_operator:
        return projects
    return projects.filter(Q(is_confidential=False) | Q(organisation_id__in=roles.member_of))


def access_project(*, viewer, project_id: int) -> Project:
    return get_object_or_404(list_visible_projects(viewer=viewer), pk=project_id)


def get_journey(project: Project) -> list[tuple]:
    """Return the project's dated steps (stages, milestones, funding rounds), oldest first."""
    steps = [(s.entered_on, "stage", s) for s in project.stage_history.select_related("stage")]
    steps += [(m.reached_on, "milestone", m) for m in project.milestones.select_related("site")]
    steps += [
        (f.closed_on, "funding", f) for f in project.funding_rounds.prefetch_related("investors")
    ]
    return sorted(steps, key=lambda step: (step[0], step[1] != "stage"))
