"""Pre-fill a campaign's forms in bulk: last period's figures and what Qiao's records show.

Built for thousands of firms: a fixed number of queries whatever the size (previous figures
in one query, credential counts in one aggregate, then bulk inserts), no per-firm audit
entries (the campaign's creation is audited once, with its counts).
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db import connection
from django.db.models import Count
from django.utils import timezone

from qiao.directory.models import Credential
from qiao.reporting import checks, periods
from qiao.reporting.models import (
    CREDENTIAL_DERIVATIONS,
    Campaign,
    Entry,
    Figure,
    Indicator,
    Submission,
)

BATCH = 2000


def previous_values(
    organisation_ids: Iterable[int], indicators: list[Indicator], period: str
) -> dict[tuple[int, int], Decimal]:
    """Return {(organisation_id, indicator_id): value} for the period before ``period``."""
    rows = Figure.objects.filter(
        period=periods.previous(period), indicator__in=indicators
    ).values_list("organisation_id", "indicator_id", "value")
    wanted = set(organisation_ids)
    return {(org, ind): value for org, ind, value in rows if org in wanted}


def derived_values(
    organisation_ids: Iterable[int], indicators: list[Indicator]
) -> dict[tuple[int, int], Decimal]:
    """Return {(organisation_id, indicator_id): count} for indicators Qiao can count itself."""
    wanted = set(organisation_ids)
    counts = (
        Credential.objects.values("organisation_id", "kind", "status")
        .annotate(n=Count("id"))
        .order_by()
    )
    by_kind: dict[tuple[int, str, str], int] = {}
    for row in counts:
        if row["organisation_id"] in wanted:
            by_kind[(row["organisation_id"], row["kind"], row["status"])] = row["n"]
    result: dict[tuple[int, int], Decimal] = {}
    for indicator in indicators:
        rule = CREDENTIAL_DERIVATIONS.get(indicator.derived_from)
        if rule is None:
            continue
        kind, status = rule
        for (org, k, s), n in by_kind.items():
            if k == kind and (status is None or s == status):
                key = (org, indicator.pk)
                result[key] = result.get(key, Decimal(0)) + n
    return result


def fill_campaign(campaign: Campaign, organisation_ids: list[int]) -> int:
    """Create each firm's submission and its pre-filled entries; return the entries made."""
    indicators = list(campaign.indicators.all())
    Submission.objects.bulk_create(
        [Submission(campaign=campaign, organisation_id=org) for org in organisation_ids],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    submission_ids = dict(
        Submission.objects.filter(campaign=campaign).values_list("organisation_id", "id")
    )
    previous = previous_values(organisation_ids, indicators, campaign.period)
    derived = derived_values(organisation_ids, indicators)
    rows = []
    for org in organisation_ids:
        submission_id = submission_ids[org]
        for indicator in indicators:
            key = (org, indicator.pk)
            before, suggested = previous.get(key), derived.get(key)
            value = suggested if suggested is not None else before
            jump = checks.is_jump(before, value, indicator.jump_threshold)
            rows.append((submission_id, indicator.pk, value, before, suggested, jump))
    _insert_entries(rows)
    return len(rows)


def _insert_entries(rows: list[tuple]) -> None:
    """Insert the entries with executemany: the campaign is new, so nothing conflicts.

    Django's bulk_create prepares every value of every row through its field (about 4/5 of
    the time of a 200,000-line campaign); the values here are already what the columns take.
    """
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    table = connection.ops.quote_name(Entry._meta.db_table)
    columns = ", ".join(
        connection.ops.quote_name(Entry._meta.get_field(name).column) for name in ENTRY_COLUMNS
    )
    sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(ENTRY_COLUMNS))})"
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH):
            cursor.executemany(
                sql,
                [(now, now, *row, "") for row in rows[start : start + BATCH]],
            )


ENTRY_COLUMNS = (
    "created_at",
    "updated_at",
    "submission",
    "indicator",
    "value",
    "previous",
    "suggested",
    "is_jump",
    "explanation",
)
