"""The directory search: filters, ranked order, sort, facet counts, and their cache.

Order (``Sort.RELEVANCE``, the default): the tier of the best part that holds the query
(exact name → name → exact tag → tags and capabilities → description; see
``qiao.core.search.rank_by_fields`` and ``directory/ranking.py``), then the prominence
``search_boost``, then the name. ``Sort.NAME`` and ``Sort.UPDATED`` order the same rows by
name or by last change. Pages and the API read the same ``search_organisations``.

A search's first ``CACHED_IDS`` ids, its total and its facet counts are kept in each
process's memory (the "search" cache) under a key of the filters, the sort, the viewer's
scope (public organisations or all) and a version number in the shared default cache
that every ``organisation_changed`` bumps after commit: an edit shows in the next search,
on every server. Rows written without that effect (bulk loads) show within
``QIAO_SEARCH_CACHE_SECONDS``. A page past the cached ids is read from the database.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, replace

from django.conf import settings
from django.core.cache import cache, caches
from django.db import models
from django.db.models import Count, QuerySet
from django.utils.translation import gettext_lazy as _

from qiao.core.search import filter_by_search, rank_by_fields, ranked_ids
from qiao.directory.models import Organisation
from qiao.directory.ranking import KEYS_FIELD, NAME_FIELDS
from qiao.directory.roles import roles_of
from qiao.taxonomy.models import Vocabulary

VERSION_KEY = "directory:search:version"
# Columns no page or API answer shows: left unread when listing results.
SEARCH_COLUMNS = ("search_document", "name_document", "tag_document", "search_keys")
CACHED_IDS = 400  # 20 pages of 20
RELEVANCE_ORDER = ("search_tier", "-search_boost", "name_zh", "id")


class Sort(models.TextChoices):
    RELEVANCE = "relevance", _("Relevance")
    NAME = "name", _("Name order")
    UPDATED = "updated", _("Recently updated")


@dataclass(frozen=True)
class OrganisationFilter:
    """What a directory search asks for; every field is optional."""

    q: str = ""
    kind: str = ""
    province: str = ""
    city: str = ""
    district: str = ""
    category: str = ""
    technology_area: str = ""
    therapeutic_area: str = ""
    sort: str = ""


def sees_every_organisation(viewer) -> bool:
    """Whether ``list_visible_organisations`` is the whole directory for this viewer (callers
    may then skip a filter that would only cost time)."""
    return roles_of(viewer).is_authenticated


def list_visible_organisations(*, viewer) -> QuerySet[Organisation]:
    """Return the organisations the viewer may see."""
    organisations = Organisation.objects.all()
    if not sees_every_organisation(viewer):
        organisations = organisations.filter(visibility=Organisation.Visibility.PUBLIC)
    return organisations


def _filter_by_term(organisations, vocabulary: str, code: str):
    # A subquery, not a join, so an organisation with two matching tags is listed once.
    tagged = Organisation.terms.through.objects.filter(
        term__vocabulary=vocabulary, term__code=code
    ).values("organisation_id")
    return organisations.filter(pk__in=tagged)


def _filtered(*, viewer, filters: OrganisationFilter) -> QuerySet[Organisation]:
    organisations = list_visible_organisations(viewer=viewer)
    if filters.kind:
        organisations = organisations.filter(
            kind__code=filters.kind, kind__vocabulary=Vocabulary.ORGANISATION_KIND
        )
    for field in ("province", "city", "district"):
        if value := getattr(filters, field):
            organisations = organisations.filter(**{field: value})
    for vocabulary, code in (
        (Vocabulary.DEVICE_CATEGORY, filters.category),
        (Vocabulary.TECHNOLOGY_AREA, filters.technology_area),
        (Vocabulary.THERAPEUTIC_AREA, filters.therapeutic_area),
    ):
        if code:
            organisations = _filter_by_term(organisations, vocabulary, code)
    return organisations


def consistent_region(filters: OrganisationFilter) -> OrganisationFilter:
    """Drop a city or district that is not in the chosen province or city.

    Choosing another province leaves the old city in the form; rather than find nothing,
    the search then covers the whole new province.
    """
    if filters.province and filters.city:
        known = Organisation.objects.filter(province=filters.province, city=filters.city)
        if not known.exists():
            return replace(filters, city="", district="")
        if filters.district and not known.filter(district=filters.district).exists():
            return replace(filters, district="")
    return filters


def sort_of(filters: OrganisationFilter) -> str:
    return filters.sort if filters.sort in Sort.values else Sort.RELEVANCE


def search_organisations(*, viewer, filters: OrganisationFilter) -> QuerySet[Organisation]:
    """Return the visible organisations that match every filter, in the asked order."""
    organisations = _filtered(viewer=viewer, filters=filters)
    sort = sort_of(filters)
    if sort == Sort.RELEVANCE:
        organisations = rank_by_fields(
            organisations, filters.q, fields=NAME_FIELDS, keys=KEYS_FIELD
        ).order_by(*RELEVANCE_ORDER)
    else:
        organisations = filter_by_search(organisations, filters.q)
        if sort == Sort.NAME:
            organisations = organisations.order_by("name_zh", "id")
        else:
            organisations = organisations.order_by("-updated_at", "-id")
    return organisations.select_related("kind").defer(*SEARCH_COLUMNS)


def count_organisations_by_facet(
    *, organisations: QuerySet[Organisation], filters: OrganisationFilter | None = None
) -> dict:
    """Return the total and facet counts (kind; province → city → district) of a search.

    One GROUP BY over (kind, province, city, district), which the covering index on those
    columns answers; the total is the sum, so the page needs no COUNT query. Cities are
    listed once a province is chosen, districts once a city is.
    """
    filters = filters or OrganisationFilter()
    groups = (
        organisations.order_by()
        .values_list("kind_id", "province", "city", "district")
        .annotate(n=Count("id"))
    )
    kinds: dict[int, int] = {}
    regions: dict[str, dict[str, int]] = {"province": {}, "city": {}, "district": {}}
    for kind_id, province, city, district, n in groups:
        kinds[kind_id] = kinds.get(kind_id, 0) + n
        for level, value, shown in (
            ("province", province, True),
            ("city", city, bool(filters.province)),
            ("district", district, bool(filters.city)),
        ):
            if value and shown:
                regions[level][value] = regions[level].get(value, 0) + n

    def ordered(counts: dict[str, int]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda item: (-item[1], item[0]))

    return {
        "total": sum(kinds.values()),
        "kind": kinds,
        **{level: ordered(counts) for level, counts in regions.items()},
    }


class _Rows(Sequence):
    """The rows of some cached ids, read (with their kind) only when first looked at, so a
    page whose HTML is cached reads none."""

    def __init__(self, ids: list[int]):
        self.ids = ids
        self._rows: list[Organisation] | None = None

    def rows(self) -> list[Organisation]:
        if self._rows is None:
            found = Organisation.objects.select_related("kind").defer(*SEARCH_COLUMNS)
            by_id = found.in_bulk(self.ids)
            self._rows = [by_id[pk] for pk in self.ids if pk in by_id]
        return self._rows

    def __len__(self) -> int:
        return len(self.rows()) if self._rows is not None else len(self.ids)

    def __getitem__(self, index):
        return self.rows()[index]


class RankedResults(Sequence):
    """A search's rows for a paginator: the first pages from cached ids, later ones from
    the database (``rows()`` builds that queryset only then). ``len()`` is the cached
    total, so no COUNT query runs. ``cache_key`` names the search (with its version) for
    caching what is drawn from it; empty when caching is off."""

    def __init__(
        self, *, ids: list[int], total: int, rows: Callable[[], QuerySet], cache_key: str = ""
    ):
        self.ids, self.total, self.rows, self.cache_key = ids, total, rows, cache_key

    def __len__(self) -> int:
        return self.total

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]
        start, stop, _ = index.indices(self.total)
        if stop <= len(self.ids) or len(self.ids) == self.total:
            return _Rows(self.ids[start:stop])
        return list(self.rows()[start:stop])


def bump_version(**payload) -> None:
    """Effect handler (``organisation_changed``, after commit): cached searches go stale."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # not set yet, or evicted
        cache.set(VERSION_KEY, 2, timeout=None)


def _cache_key(viewer, filters: OrganisationFilter) -> str:
    version = cache.get_or_set(VERSION_KEY, 1, timeout=None)
    scope = "all" if sees_every_organisation(viewer) else "public"
    params = {**asdict(filters), "sort": sort_of(filters)}
    digest = hashlib.sha256(json.dumps(params, sort_keys=True).encode()).hexdigest()[:20]
    return f"directory:search:{version}:{scope}:{digest}"


def _first_ids(*, viewer, filters: OrganisationFilter, total: int) -> list[int]:
    """The search's first ``CACHED_IDS`` ids; in relevance order, read tier by tier until
    ``total`` (all the matches) or ``CACHED_IDS`` are found."""
    if sort_of(filters) == Sort.RELEVANCE:
        ids = ranked_ids(
            _filtered(viewer=viewer, filters=filters),
            filters.q,
            fields=NAME_FIELDS,
            keys=KEYS_FIELD,
            order_by=RELEVANCE_ORDER[1:],
            limit=min(CACHED_IDS, total),
        )
        if ids is not None:
            return ids
    rows = search_organisations(viewer=viewer, filters=filters)
    # The rank is selected with the id: ordering by an annotation left out of a
    # values_list() makes SQLite refuse the query.
    extra = ["search_tier"] if "search_tier" in rows.query.annotations else []
    return [row[0] for row in rows.values_list("id", *extra)[:CACHED_IDS]]


def run_search(*, viewer, filters: OrganisationFilter) -> tuple[RankedResults, dict]:
    """Return the search's rows (for a paginator) and its facet counts, cached.

    A cached search runs no search query at all: the version, then the page's rows by id.
    """

    def rows() -> QuerySet[Organisation]:
        return search_organisations(viewer=viewer, filters=filters)

    seconds = settings.QIAO_SEARCH_CACHE_SECONDS
    key = _cache_key(viewer, filters) if seconds > 0 else ""
    found = caches["search"].get(key) if key else None
    if found is None:
        matched = filter_by_search(_filtered(viewer=viewer, filters=filters), filters.q)
        facets = count_organisations_by_facet(organisations=matched, filters=filters)
        total = facets["total"]
        ids = _first_ids(viewer=viewer, filters=filters, total=total) if total else []
        found = {"ids": ids, "facets": facets}
        if key:
            caches["search"].set(key, found, timeout=seconds)
    facets = found["facets"]
    results = RankedResults(ids=found["ids"], total=facets["total"], rows=rows, cache_key=key)
    return results, facets
