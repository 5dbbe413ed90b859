"""Criteria on a firm's records beyond its profile: patents, products' journeys, services
used, alliance membership. Pure (no Django), registered into ``eligibility`` on import.

Each answers like the others: met with the records that prove it, not met, or unknown with
the field to fill in. Where a firm keeps no record of a kind at all (no patents, no
projects), the answer is unknown and asks for them; once it keeps some, what is not there
is taken as absent.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

from qiao.policies.eligibility import (
    Compiled,
    Criterion,
    CriterionError,
    Firm,
    Outcome,
    Ref,
    Result,
    _date,
    register,
)

PATENT_KINDS = ("patent", "software_copyright")
PATENT_TYPES = ("invention", "utility_model", "design")
SERVICES = ("cro", "cdmo", "testing", "other", "park_request")
# A criterion's "maybe": counted neither as proof nor as absence.
_MAYBE = None


def _strings(criterion: Criterion, key: str, allowed: tuple[str, ...] = ()) -> frozenset[str]:
    values = criterion.get(key, ())
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise CriterionError("bad_list", key)
    found = frozenset(str(v) for v in values)
    if allowed and not found <= set(allowed):
        raise CriterionError("bad_value", ", ".join(sorted(found - set(allowed))))
    return found


def _ids(criterion: Criterion, key: str) -> frozenset[int]:
    values = criterion.get(key, ())
    if isinstance(values, str) or not isinstance(values, list | tuple):
        raise CriterionError("bad_list", key)
    try:
        return frozenset(int(v) for v in values)
    except (TypeError, ValueError) as error:
        raise CriterionError("bad_number", key) from error


def _count(criterion: Criterion) -> int:
    try:
        value = criterion.get("min_count")
        count = 1 if value in (None, "") else int(value)
    except (TypeError, ValueError) as error:
        raise CriterionError("bad_number", "min_count") from error
    if count < 1:
        raise CriterionError("bad_number", "min_count")
    return count


def _window(criterion: Criterion) -> Callable[[datetime.date | None], bool | None]:
    since, until = _date(criterion.get("since")), _date(criterion.get("until"))

    def inside(day: datetime.date | None) -> bool | None:
        if since is None and until is None:
            return True
        if day is None:
            return _MAYBE
        return (since is None or day >= since) and (until is None or day <= until)

    return inside


def _tally(
    criterion: Criterion,
    answers: list[tuple[Ref, bool | None, str]],
    need: int,
    *,
    none_kept: str = "",
) -> Result:
    """Met with ``need`` proofs; unknown if the maybes could make up the count (their
    field asked for), or if the firm keeps no such records (``none_kept``); else not met."""
    proven = [ref for ref, ok, _ in answers if ok]
    if len(proven) >= need:
        return Result(criterion, Outcome.MET, tuple(proven[:need]))
    maybes = [why for _, ok, why in answers if ok is _MAYBE]
    if len(proven) + len(maybes) >= need:
        return Result(criterion, Outcome.UNKNOWN, missing=maybes[0])
    if none_kept:
        return Result(criterion, Outcome.UNKNOWN, missing=none_kept)
    return Result(criterion, Outcome.NOT_MET)


def _with_fast(check: Callable[[Firm], Result]) -> Compiled:
    def fast(firm: Firm) -> int:
        return int(check(firm).outcome)

    return check, fast


def _patents(criterion: Criterion) -> Compiled:
    """Patents and software copyrights held: how many, of which kinds and patent types."""
    kinds = _strings(criterion, "kinds", PATENT_KINDS) or frozenset({"patent"})
    types = _strings(criterion, "patent_types", PATENT_TYPES)
    statuses = {"granted", "applied"} if criterion.get("include_applied") else {"granted"}
    inside, need = _window(criterion), _count(criterion)

    def check(firm: Firm) -> Result:
        held = [c for c in firm.credentials if c.kind in kinds]
        answers: list[tuple[Ref, bool | None, str]] = []
        for c in held:
            if c.status not in statuses:
                continue
            ok, why = inside(c.issued_on), "credential_issued_on"
            if ok and types and c.kind == "patent":
                ok = (c.subtype in types) if c.subtype else _MAYBE
                why = "patent_type"
            answers.append((Ref("credential", c.id, c.label), ok, why))
        return _tally(criterion, answers, need, none_kept="" if held else "patents")

    return _with_fast(check)


def _in_place(criterion: Mapping[str, Any], district: str, city: str) -> bool | None:
    districts = frozenset(str(d) for d in criterion.get("district", ()))
    cities = frozenset(str(c) for c in criterion.get("city", ()))
    if (districts and not district) or (cities and not city):
        return _MAYBE
    return (not districts or district in districts) and (not cities or city in cities)


def _milestone(criterion: Criterion) -> Compiled:
    """A product of the firm reached a milestone (NMPA registration, type testing, a trial
    at a local hospital …) or a lifecycle stage (``stage:<code>``), optionally dated."""
    kind = str(criterion.get("kind", ""))
    if not kind:
        raise CriterionError("no_milestone")
    category = str(criterion.get("category", ""))
    site = criterion.get("site") or {}
    if not isinstance(site, Mapping):
        raise CriterionError("bad_site")
    inside = _window(criterion)

    def check(firm: Firm) -> Result:
        answers: list[tuple[Ref, bool | None, str]] = []
        for m in firm.milestones:
            if m.kind != kind or (category and m.category != category):
                continue
            ok, why = inside(m.reached_on), "milestone_date"
            if ok and site:
                ok = _in_place(site, m.site_district, m.site_city) if m.has_site else _MAYBE
                why = "milestone_site"
            answers.append((Ref("milestone", m.id, m.label), ok, why))
        none_kept = "" if "projects" in firm.recorded else "projects"
        return _tally(criterion, answers, 1, none_kept=none_kept)

    return _with_fast(check)


def _local_service(criterion: Criterion) -> Compiled:
    """The firm used services in the region: its projects' providers there, or the park's
    own service desk (a resolved request, local by definition)."""
    services = _strings(criterion, "services", SERVICES)
    for key in ("district", "city"):
        _strings(criterion, key)  # validated here, read by ``_in_place``
    need = _count(criterion)

    def check(firm: Firm) -> Result:
        answers: list[tuple[Ref, bool | None, str]] = []
        for s in firm.services:
            if services and s.service not in services:
                continue
            ok = True if s.source == "request" else _in_place(criterion, s.district, s.city)
            answers.append((Ref(s.source, s.id, s.label), ok, "provider_region"))
        kept = {"projects", "requests"} & firm.recorded
        return _tally(criterion, answers, need, none_kept="" if kept else "providers")

    return _with_fast(check)


def _membership(criterion: Criterion) -> Compiled:
    """An active member of an alliance (any, or the ones named), of a tier, on a date.
    The park keeps the memberships, so no record means not a member."""
    alliances, tiers = _ids(criterion, "alliances"), _ids(criterion, "tiers")
    on = _date(criterion.get("on"))

    def check(firm: Firm) -> Result:
        proof = tuple(
            Ref("membership", m.id, m.label)
            for m in firm.memberships
            if m.status == "active"
            and (not alliances or m.alliance_id in alliances)
            and (not tiers or m.tier_id in tiers)
            and (on is None or m.ends_on is None or m.ends_on >= on)
        )
        return (
            Result(criterion, Outcome.MET, proof[:1])
            if proof
            else Result(criterion, Outcome.NOT_MET)
        )

    return _with_fast(check)


register("patents", _patents)
register("milestone", _milestone)
register("local_service", _local_service)
register("membership", _membership)
