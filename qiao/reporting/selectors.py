"""Reads over campaigns, forms and figures. A firm's figures are confidential: the operator
sees every firm, a member only their own firm; totals are what others may be shown."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum
from django.shortcuts import get_object_or_404

from qiao.directory.roles import roles_of
from qiao.reporting import periods
from qiao.reporting.models import Campaign, Entry, Figure, Indicator, Submission

TOP_FIRMS = 5


def list_indicators(*, active_only: bool = False) -> QuerySet[Indicator]:
    qs = Indicator.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def list_visible_submissions(*, viewer) -> QuerySet[Submission]:
    roles = roles_of(viewer)
    qs = Submission.objects.select_related("campaign", "organisation")
    if roles.is_operator:
        return qs
    return qs.filter(organisation_id__in=roles.member_of)


def list_visible_campaigns(*, viewer) -> QuerySet[Campaign]:
    if roles_of(viewer).is_operator:
        return Campaign.objects.all()
    return Campaign.objects.none()


def access_campaign(*, viewer, campaign_id: int) -> Campaign:
    """Return the campaign for an operator; others get 404 (they see their own forms)."""
    return get_object_or_404(list_visible_campaigns(viewer=viewer), pk=campaign_id)


def access_submission(*, viewer, submission_id: int) -> Submission:
    return get_object_or_404(list_visible_submissions(viewer=viewer), pk=submission_id)


def list_entries(submission: Submission) -> QuerySet[Entry]:
    return submission.entries.select_related("indicator")


def completion(campaign: Campaign) -> list[tuple[str, str, int]]:
    """Return (status, label, count) of the campaign's forms, for every status."""
    counts = dict(campaign.submissions.values_list("status").annotate(n=Count("id")).order_by())
    return [(status, label, counts.get(status, 0)) for status, label in Submission.Status.choices]


@dataclass(frozen=True)
class IndicatorTotal:
    indicator: Indicator
    total: Decimal | None
    firms: int
    previous: Decimal | None
    year_ago: Decimal | None
    top: list[tuple[str, Decimal]]

    @property
    def growth(self) -> Decimal | None:
        return _growth(self.total, self.previous)

    @property
    def growth_year(self) -> Decimal | None:
        return _growth(self.total, self.year_ago)


def _growth(now: Decimal | None, before: Decimal | None) -> Decimal | None:
    if now is None or not before:
        return None
    return ((now - before) / before * 100).quantize(Decimal("0.1"))


def _sums(period: str, organisation_ids) -> dict[int, Decimal]:
    rows = (
        Figure.objects.filter(period=period, organisation_id__in=organisation_ids)
        .values_list("indicator_id")
        .annotate(total=Sum("value"))
        .order_by()
    )
    return dict(rows)


def campaign_totals(campaign: Campaign) -> list[IndicatorTotal]:
    """Return each indicator's total over the campaign's firms (stored figures), the same
    total for the period before and a year before, and the top firms."""
    firm_ids = list(campaign.submissions.values_list("organisation_id", flat=True))
    now = Figure.objects.filter(period=campaign.period, organisation_id__in=firm_ids)
    sums = dict(now.values_list("indicator_id").annotate(t=Sum("value")).order_by())
    firms = dict(now.values_list("indicator_id").annotate(n=Count("id")).order_by())
    before = _sums(periods.previous(campaign.period), firm_ids)
    last_year = _sums(periods.year_ago(campaign.period), firm_ids)
    result = []
    for indicator in campaign.indicators.all():
        top = list(
            now.filter(indicator=indicator)
            .order_by("-value")
            .values_list("organisation__name_zh", "value")[:TOP_FIRMS]
        )
        result.append(
            IndicatorTotal(
                indicator=indicator,
                total=sums.get(indicator.pk),
                firms=firms.get(indicator.pk, 0),
                previous=before.get(indicator.pk),
                year_ago=last_year.get(indicator.pk),
                top=top,
            )
        )
    return result


def firm_rows(campaign: Campaign) -> list[tuple[str, list[Decimal | None]]]:
    """Return (firm name, values in the campaign's indicator order) from stored figures."""
    indicators = list(campaign.indicators.all())
    firm_ids = list(campaign.submissions.values_list("organisation_id", flat=True))
    values = {
        (org, ind): value
        for org, ind, value in Figure.objects.filter(
            period=campaign.period, organisation_id__in=firm_ids
        ).values_list("organisation_id", "indicator_id", "value")
    }
    rows = []
    for org_id, name in campaign.submissions.order_by("organisation__name_zh").values_list(
        "organisation_id", "organisation__name_zh"
    ):
        rows.append((name, [values.get((org_id, i.pk)) for i in indicators]))
    return rows
