"""Aggregations for the operator's insights (and each member organisation's reduced view).

Read-only: this app writes nothing. Every figure is computed over what the viewer may see:
operators see the whole cluster; a member sees the rows of their own organisations, so a
confidential agreement is counted only where it is visible.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import Count, Min, QuerySet, Sum

from qiao.directory.roles import roles_of
from qiao.market.models import Listing
from qiao.matching.models import Match
from qiao.pipeline.models import Introduction, ProjectStage
from qiao.pipeline.selectors import (
    list_visible_agreements,
    list_visible_introductions,
    list_visible_projects,
)
from qiao.taxonomy.models import Term, Vocabulary


@dataclass(frozen=True)
class Funnel:
    """Needs and offers → matches → introductions → agreements, with rates and median days."""

    needs: int
    offers: int
    matches: int
    introductions: int
    agreements_signed: int
    introduction_rate: float | None  # introductions per match
    signing_rate: float | None  # introductions that reached "agreement signed"
    median_days_to_introduction: float | None  # listing published → its first introduction
    median_days_to_signing: float | None  # introduction proposed → agreement signed
    introductions_by_status: dict[str, int]
    agreements_by_kind: dict[str, int]
    amounts_by_currency: dict[str, float]


def _scope_listings(viewer) -> QuerySet[Listing]:
    roles = roles_of(viewer)
    listings = Listing.objects.exclude(
        status__in=[Listing.Status.DRAFT, Listing.Status.UNDER_REVIEW]
    )
    return listings if roles.is_operator else listings.filter(organisation_id__in=roles.member_of)


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _median_days(pairs) -> float | None:
    days = [(end - start).total_seconds() / 86400 for start, end in pairs if start and end]
    return round(statistics.median(days), 1) if days else None


def get_funnel(*, viewer) -> Funnel:
    listings = _scope_listings(viewer)
    sides = dict(listings.values_list("side").annotate(n=Count("pk")))
    matches = Match.objects.filter(is_current=True, listing__in=listings.values("pk")).count()
    introductions = list_visible_introductions(viewer=viewer)
    by_status = dict(introductions.values_list("status").annotate(n=Count("pk")))
    signed = introductions.filter(status=Introduction.Status.AGREEMENT_SIGNED)
    agreements = list_visible_agreements(viewer=viewer)
    first_introductions = listings.annotate(first=Min("introductions__created_at")).filter(
        first__isnull=False
    )
    return Funnel(
        needs=sides.get("need", 0),
        offers=sides.get("offer", 0),
        matches=matches,
        introductions=sum(by_status.values()),
        agreements_signed=by_status.get(Introduction.Status.AGREEMENT_SIGNED, 0),
        introduction_rate=_rate(sum(by_status.values()), matches),
        signing_rate=_rate(
            by_status.get(Introduction.Status.AGREEMENT_SIGNED, 0), sum(by_status.values())
        ),
        median_days_to_introduction=_median_days(
            first_introductions.values_list("published_at", "first")
        ),
        median_days_to_signing=_median_days(signed.values_list("created_at", "status_changed_at")),
        introductions_by_status=by_status,
        agreements_by_kind=dict(agreements.values_list("kind").annotate(n=Count("pk"))),
        amounts_by_currency={
            currency: float(total)
            for currency, total in agreements.filter(amount__isnull=False)
            .values_list("currency")
            .annotate(total=Sum("amount"))
        },
    )


@dataclass(frozen=True)
class StageRow:
    stage: str  # lifecycle_stage code
    projects: int  # projects at this stage now
    median_days: float | None  # median time projects spent in this stage before moving on


def get_projects_by_stage(*, viewer) -> list[StageRow]:
    """Return, per lifecycle stage in order, how many visible projects are there now and how
    long projects stayed in it (over completed stays only)."""
    projects = list_visible_projects(viewer=viewer)
    now = dict(projects.values_list("stage__code").annotate(n=Count("pk")))
    stays: dict[str, list[float]] = {}
    history = ProjectStage.objects.filter(project__in=projects.values("pk")).order_by(
        "project_id", "entered_on", "id"
    )
    previous = None
    for step in history.values("project_id", "stage__code", "entered_on"):
        if previous and previous["project_id"] == step["project_id"]:
            days = (step["entered_on"] - previous["entered_on"]).days
            stays.setdefault(previous["stage__code"], []).append(days)
        previous = step
    codes = Term.objects.filter(vocabulary=Vocabulary.LIFECYCLE_STAGE).order_by("position")
    return [
        StageRow(
            stage=code,
            projects=now.get(code, 0),
            median_days=round(statistics.median(stays[code]), 1) if stays.get(code) else None,
        )
        for code in codes.values_list("code", flat=True)
    ]
