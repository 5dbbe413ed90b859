"""Read queries of calls. Nothing here writes.

Who sees what:

* a call that is not a draft is public; drafts only for operators;
* an application: members of its organisation and operators; an assigned reviewer sees it
  only after declaring no conflict (before that, only the call and the title);
* reviews (scores, comments, reviewer names) only for operators; the applicant sees them
  anonymised and only when the call says so, once decided; a reviewer sees only their own.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from qiao.calls.models import Application, Assignment, Call, Criterion
from qiao.directory.roles import roles_of


def visible_calls(*, viewer) -> QuerySet[Call]:
    calls = Call.objects.all()
    if not roles_of(viewer).is_operator:
        calls = calls.exclude(phase=Call.Phase.DRAFT)
    return calls


def access_call(*, viewer, call_id: int) -> Call:
    return get_object_or_404(visible_calls(viewer=viewer), pk=call_id)


def visible_applications(*, viewer) -> QuerySet[Application]:
    roles = roles_of(viewer)
    applications = Application.objects.select_related("call", "organisation")
    if roles.is_operator:
        return applications
    return applications.filter(organisation_id__in=roles.member_of)


def access_application(*, viewer, application_id: int) -> Application:
    return get_object_or_404(visible_applications(viewer=viewer), pk=application_id)


def my_assignments(*, viewer) -> QuerySet[Assignment]:
    if viewer is None or not viewer.is_authenticated:
        return Assignment.objects.none()
    return Assignment.objects.filter(expert__person__user=viewer).select_related(
        "application__call", "expert__person"
    )


def access_assignment(*, viewer, assignment_id: int) -> Assignment:
    return get_object_or_404(my_assignments(viewer=viewer), pk=assignment_id)


def reviewer_may_read(assignment: Assignment) -> bool:
    """Whether the reviewer may read the application's content (no conflict declared)."""
    return assignment.no_conflict_at is not None


@dataclass(frozen=True)
class Row:
    """One application in the ranking: mean of reviewers' weighted totals (0–100)."""

    application: Application
    mean: float | None
    spread: float | None
    agreement: float | None
    reviews: int
    assigned: int
    totals: tuple[float, ...]


def weighted_total(scores, criteria: list[Criterion]) -> float:
    """Return a reviewer's weighted total on a 0–100 scale."""
    by_id = {s.criterion_id: s.score for s in scores}
    weight = sum(c.weight for c in criteria) or 1
    return 100 * sum(c.weight * by_id.get(c.pk, 0) / (c.max_score or 1) for c in criteria) / weight


def ranking(call: Call) -> list[Row]:
    """Rank the call's screened applications, best mean first.

    Spread is the highest minus the lowest reviewer total; agreement is 1 − σ/50 (σ the
    population standard deviation of the totals, 50 the largest σ possible on 0–100), so
    1 means identical totals and 0 maximal disagreement; both need two reviews.
    """
    criteria = list(call.criteria.all())
    applications = call.applications.exclude(
        status__in=[Application.Status.DRAFT, Application.Status.INELIGIBLE]
    ).prefetch_related("assignments__scores")
    rows = []
    for application in applications.select_related("organisation"):
        assignments = list(application.assignments.all())
        totals = tuple(
            round(weighted_total(a.scores.all(), criteria), 1)
            for a in assignments
            if a.submitted_at
        )
        mean = round(statistics.fmean(totals), 1) if totals else None
        two = len(totals) >= 2
        rows.append(
            Row(
                application,
                mean,
                round(max(totals) - min(totals), 1) if two else None,
                round(max(0.0, 1 - statistics.pstdev(totals) / 50), 2) if two else None,
                len(totals),
                len(assignments),
                totals,
            )
        )
    return sorted(rows, key=lambda r: (r.mean is None, -(r.mean or 0), r.application.pk))


def reviews_for_applicant(application: Application) -> list[list[tuple[Criterion, int, str]]]:
    """Anonymised reviews for the applicant, if the call shows them and it is decided."""
    if not application.call.reviews_to_applicant or application.status not in (
        Application.Status.FUNDED,
        Application.Status.DECLINED,
    ):
        return []
    out = []
    for assignment in application.assignments.filter(submitted_at__isnull=False):
        out.append(
            [
                (s.criterion, s.score, s.comment)
                for s in assignment.scores.select_related("criterion")
            ]
        )
    return out


def require_visible(condition: bool) -> None:
    if not condition:
        raise Http404
