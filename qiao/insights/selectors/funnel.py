"""The funnel (needs and offers → matches → introductions → agreements) and projects by
lifecycle stage, over the viewer's scope (``scope.py``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, F, Sum, Window
from django.db.models.functions import Lead

from qiao.core.aggregates import Median
from qiao.directory.roles import roles_of
from qiao.insights.selectors.scope import (
    HIDDEN_STATUSES,
    agreements_in_scope,
    introductions_in_scope,
    listings_in_scope,
    projects_in_scope,
)
from qiao.market.models import Listing
from qiao.matching.models import Match
from qiao.pipeline.models import Introduction, ProjectStage
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


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 3) if whole else None


def _days(duration) -> float | None:
    return round(duration.total_seconds() / 86400, 1) if duration is not None else None


def get_funnel(*, viewer) -> Funnel:
    listings = listings_in_scope(viewer)
    sides = dict(listings.values_list("side").annotate(n=Count("pk")))
    current = Match.objects.filter(is_current=True)
    if roles_of(viewer).is_operator:
        # All current matches (an index-only count) less the few on listings out of scope
        # (drafts, those under review): no join over a million rows.
        hidden = Listing.objects.filter(status__in=HIDDEN_STATUSES)
        matches = current.count() - current.filter(listing__in=hidden.values("pk")).count()
    else:
        matches = current.filter(listing__in=listings.values("pk")).count()
    introductions = introductions_in_scope(viewer)
    by_status = dict(introductions.values_list("status").annotate(n=Count("pk")))
    signed = introductions.filter(status=Introduction.Status.AGREEMENT_SIGNED)
    agreements = agreements_in_scope(viewer)
    to_introduction = listings.filter(
        first_introduced_at__isnull=False, published_at__isnull=False
    ).aggregate(days=Median(F("first_introduced_at") - F("published_at")))["days"]
    to_signing = signed.filter(status_changed_at__isnull=False).aggregate(
        days=Median(F("status_changed_at") - F("created_at"))
    )["days"]
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
        median_days_to_introduction=_days(to_introduction),
        median_days_to_signing=_days(to_signing),
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
    projects = projects_in_scope(viewer)
    now = dict(projects.values_list("stage__code").annotate(n=Count("pk")))
    # Each stay ends where the project's next stage begins: LEAD over the history, then the
    # median per stage, in the database (a dashboard never loads the whole history).
    stays = (
        ProjectStage.objects.filter(project__in=projects.values("pk"))
        .annotate(
            next_on=Window(
                Lead("entered_on"),
                partition_by=[F("project_id")],
                order_by=[F("entered_on").asc(), F("id").asc()],
            )
        )
        .values("stage_id", "entered_on", "next_on")
        .order_by()  # no Meta ordering: the outer query groups, a sort here is wasted
    )
    sql, params = stays.query.sql_with_params()
    if connection.vendor == "postgresql":
        median = "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY next_on - entered_on)"
    else:
        median = "MEDIAN(julianday(next_on) - julianday(entered_on))"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT stage_id, {median} FROM ({sql}) stays "  # noqa: S608 (no user input)
            "WHERE next_on IS NOT NULL GROUP BY stage_id",
            params,
        )
        median_days = dict(cursor.fetchall())
    stages = Term.objects.filter(vocabulary=Vocabulary.LIFECYCLE_STAGE).order_by("position")
    return [
        StageRow(
            stage=code,
            projects=now.get(code, 0),
            median_days=round(float(median_days[pk]), 1) if pk in median_days else None,
        )
        for pk, code in stages.values_list("pk", "code")
    ]
