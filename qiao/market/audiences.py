"""Alliances a listing may be restricted to, answered outside the market, by registry.

A listing "for the members of an alliance" is seen only by the paid-up members of that
alliance (and its owner). The market may not import the alliances app
(``qiao/tests/test_app_dependencies.py``), so that app registers, in its
``AppConfig.ready()``, a function answering ``organisation ids -> the alliances (a queryset
of organisations) any of them is a paid-up member of``. With none registered, such a
listing is seen by its owner only.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db.models import Q, QuerySet

from qiao.directory.models import Organisation

AlliancesOf = Callable[[Iterable[int]], QuerySet[Organisation]]

_alliances_of: list[AlliancesOf] = []


def register_alliances_of(answer: AlliancesOf) -> AlliancesOf:
    if answer not in _alliances_of:
        _alliances_of.append(answer)
    return answer


def alliances_of(organisation_ids: Iterable[int]) -> QuerySet[Organisation]:
    """The alliances any of the organisations is a paid-up member of (lazy; a subquery)."""
    if not _alliances_of:
        return Organisation.objects.none()
    either = Q()
    for answer in _alliances_of:
        either |= Q(pk__in=answer(organisation_ids).values("pk"))
    return Organisation.objects.filter(either)
