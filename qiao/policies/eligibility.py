"""Eligibility of a firm for a support policy: criteria as data, three-valued answers.

A pure module (no Django): criteria are plain dicts (JSON on the policy), a firm is a
``Firm`` of facts loaded elsewhere (``qiao.policies.facts``). Each criterion answers

* ``MET`` with the records that prove it (``Ref``: a credential, a figure, a flag),
* ``NOT_MET`` (the record is missing or says otherwise), or
* ``UNKNOWN`` with the field to fill in (``missing``), which becomes a profile prompt.

Groups combine them in Kleene's three-valued logic: ``all`` is not met as soon as one
item is not met, else unknown if one is unknown; ``any`` is met as soon as one is met.

Criterion shapes (``type`` first)::

    {"type": "all", "items": [...]}              {"type": "any", "items": [...]}
    {"type": "kind", "in": ["company"]}
    {"type": "region", "district": ["奉贤区"], "city": ["上海市"]}
    {"type": "founded", "op": ">=", "year": 2015}
    {"type": "credential", "kind": "registration", "classes": ["III"], "first": true,
     "since": "2025-01-01", "until": "2026-12-31", "min_count": 1}
    {"type": "figure", "name": "headcount", "op": "<=", "value": 500}
    {"type": "flag", "name": "high_tech"}
    {"type": "patents", "kinds": ["patent"], "patent_types": ["invention"], "min_count": 2}
    {"type": "milestone", "kind": "registration", "site": {"district": ["奉贤区"]}}
    {"type": "local_service", "services": ["testing"], "district": ["奉贤区"]}
    {"type": "membership", "alliances": [12], "tiers": [3], "on": "2026-06-30"}

The last four (intellectual property, products' journeys, services used, alliance
membership) are compiled in ``qiao.policies.eligibility_records``.

``compile_criterion`` turns a criterion into a closure once per policy; ``verdict`` is the
fast path (an outcome only, for ranking and counting), ``explain`` gives the reasons.
"""

from __future__ import annotations

import datetime
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum
from typing import Any

Criterion = Mapping[str, Any]


class Outcome(IntEnum):
    NOT_MET = -1
    UNKNOWN = 0
    MET = 1


@dataclass(frozen=True)
class Ref:
    """A record that proves a criterion: ``kind`` (credential, figure, flag, organisation)."""

    kind: str
    id: int
    label: str


@dataclass(frozen=True)
class CredentialFact:
    id: int
    kind: str  # registration, filing, patent, software_copyright
    device_class: str  # "", I, II, III
    status: str  # applied, granted, expired
    issued_on: datetime.date | None
    label: str
    category: str = ""
    subtype: str = ""  # a patent's type (invention, utility_model, design), "" if unknown


@dataclass(frozen=True)
class MilestoneFact:
    """A step of a product's journey: a milestone (``registration`` …) or ``stage:<code>``."""

    id: int
    kind: str
    reached_on: datetime.date | None
    label: str
    category: str = ""
    site_district: str = ""
    site_city: str = ""
    has_site: bool = False


@dataclass(frozen=True)
class ServiceFact:
    """A service the firm used: a provider of one of its projects, or the park (a request)."""

    id: int
    source: str  # provider, request
    service: str  # cro, cdmo, testing, other; park_request
    label: str
    district: str = ""
    city: str = ""


@dataclass(frozen=True)
class MembershipFact:
    id: int
    alliance_id: int
    tier_id: int
    status: str  # applied, approved, active, lapsed, declined
    ends_on: datetime.date | None
    label: str


@dataclass(frozen=True)
class FigureFact:
    id: int
    value: float
    label: str


@dataclass(frozen=True)
class FlagFact:
    id: int
    held: bool
    label: str
    expires_on: datetime.date | None = None


@dataclass(frozen=True)
class Firm:
    id: int
    kind: str = ""
    district: str = ""
    city: str = ""
    founded_year: int | None = None
    credentials: tuple[CredentialFact, ...] = ()
    figures: Mapping[str, FigureFact] = field(default_factory=dict)
    flags: Mapping[str, FlagFact] = field(default_factory=dict)
    milestones: tuple[MilestoneFact, ...] = ()
    services: tuple[ServiceFact, ...] = ()
    memberships: tuple[MembershipFact, ...] = ()
    # Which kinds of records the firm keeps at all ("projects", "requests"): where it keeps
    # none, a missing record is unknown rather than absent.
    recorded: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Result:
    """One criterion's answer for one firm; groups carry their items' results."""

    criterion: Criterion
    outcome: Outcome
    proof: tuple[Ref, ...] = ()
    missing: str = ""
    items: tuple[Result, ...] = ()

    def missing_fields(self) -> list[str]:
        """Fields whose filling-in could change an unknown answer, each once, in order."""
        found: list[str] = []
        if self.outcome is Outcome.UNKNOWN:
            if self.missing:
                found.append(self.missing)
            for item in self.items:
                found.extend(f for f in item.missing_fields() if f not in found)
        return found

    def proofs(self) -> list[Ref]:
        found: list[Ref] = list(self.proof)
        for item in self.items:
            if item.outcome is Outcome.MET:
                found.extend(r for r in item.proofs() if r not in found)
        return found


Check = Callable[[Firm], Result]
Fast = Callable[[Firm], int]  # Outcome's value, without building reasons
Compiled = tuple[Check, Fast]

_MET, _UNKNOWN, _NOT_MET = 1, 0, -1

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}

TYPES = (
    "all", "any", "kind", "region", "founded", "credential", "figure", "flag",
    "patents", "milestone", "local_service", "membership",
)  # fmt: skip


class CriterionError(ValueError):
    """A criterion that cannot be read; ``code`` names what is wrong."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail


def _date(value: Any) -> datetime.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value))
    except ValueError as error:
        raise CriterionError("bad_date", str(value)) from error


def _op(criterion: Criterion) -> Callable[[Any, Any], bool]:
    name = str(criterion.get("op", ">="))
    if name not in _OPS:
        raise CriterionError("bad_operator", name)
    return _OPS[name]


def _number(criterion: Criterion, key: str) -> float:
    try:
        return float(criterion[key])
    except (KeyError, TypeError, ValueError) as error:
        raise CriterionError("bad_number", key) from error


def _group(criterion: Criterion, kind: str) -> Compiled:
    items = criterion.get("items")
    if not isinstance(items, Sequence) or isinstance(items, str) or not items:
        raise CriterionError("empty_group", kind)
    compiled = [compile_criterion(item) for item in items]
    checks = [c[0] for c in compiled]
    fasts = tuple(c[1] for c in compiled)
    stop = _NOT_MET if kind == "all" else _MET
    rest = _MET if kind == "all" else _NOT_MET
    decisive = Outcome.NOT_MET if kind == "all" else Outcome.MET
    other = Outcome.MET if kind == "all" else Outcome.NOT_MET

    def check(firm: Firm) -> Result:
        results: list[Result] = []
        outcome = other
        for item_check in checks:
            result = item_check(firm)
            results.append(result)
            if result.outcome is decisive:
                outcome = decisive
            elif result.outcome is Outcome.UNKNOWN and outcome is not decisive:
                outcome = Outcome.UNKNOWN
        return Result(criterion, outcome, items=tuple(results))

    def fast(firm: Firm) -> int:
        answer = rest
        for item_fast in fasts:
            value = item_fast(firm)
            if value == stop:
                return stop
            if value == _UNKNOWN:
                answer = _UNKNOWN
        return answer

    return check, fast


def _kind(criterion: Criterion) -> Compiled:
    wanted = frozenset(str(k) for k in criterion.get("in", ()))

    def check(firm: Firm) -> Result:
        if not firm.kind:
            return Result(criterion, Outcome.UNKNOWN, missing="kind")
        met = firm.kind in wanted
        return Result(criterion, Outcome.MET if met else Outcome.NOT_MET)

    def fast(firm: Firm) -> int:
        if not firm.kind:
            return _UNKNOWN
        return _MET if firm.kind in wanted else _NOT_MET

    return check, fast


def _region(criterion: Criterion) -> Compiled:
    districts = frozenset(str(d) for d in criterion.get("district", ()))
    cities = frozenset(str(c) for c in criterion.get("city", ()))
    if not districts and not cities:
        raise CriterionError("empty_region")

    def check(firm: Firm) -> Result:
        if (districts and not firm.district) or (cities and not firm.city):
            return Result(criterion, Outcome.UNKNOWN, missing="district" if districts else "city")
        met = (not districts or firm.district in districts) and (not cities or firm.city in cities)
        proof = (Ref("organisation", firm.id, firm.district or firm.city),) if met else ()
        return Result(criterion, Outcome.MET if met else Outcome.NOT_MET, proof)

    def fast(firm: Firm) -> int:
        if districts:
            if not firm.district:
                return _UNKNOWN
            if firm.district not in districts:
                return _NOT_MET
        if cities:
            if not firm.city:
                return _UNKNOWN
            if firm.city not in cities:
                return _NOT_MET
        return _MET

    return check, fast


def _founded(criterion: Criterion) -> Compiled:
    compare, year = _op(criterion), int(_number(criterion, "year"))

    def check(firm: Firm) -> Result:
        if firm.founded_year is None:
            return Result(criterion, Outcome.UNKNOWN, missing="founded_year")
        met = compare(firm.founded_year, year)
        proof = (Ref("organisation", firm.id, str(firm.founded_year)),) if met else ()
        return Result(criterion, Outcome.MET if met else Outcome.NOT_MET, proof)

    def fast(firm: Firm) -> int:
        if firm.founded_year is None:
            return _UNKNOWN
        return _MET if compare(firm.founded_year, year) else _NOT_MET

    return check, fast


def _credential(criterion: Criterion) -> Compiled:
    kind = str(criterion.get("kind", "registration"))
    classes = frozenset(str(c) for c in criterion.get("classes", ()))
    category = str(criterion.get("category", ""))
    first = bool(criterion.get("first", False))
    since, until = _date(criterion.get("since")), _date(criterion.get("until"))
    need = int(criterion.get("min_count", 1) or 1)

    def in_window(day: datetime.date | None) -> bool | None:
        if day is None:
            return None if (since or until or first) else True
        return (since is None or day >= since) and (until is None or day <= until)

    def check(firm: Firm) -> Result:
        relevant = [
            c
            for c in firm.credentials
            if c.kind == kind
            and c.status != "applied"
            and (not classes or c.device_class in classes)
            and (not category or c.category == category)
        ]
        if first:
            # The firm's first such certificate: the earliest one; an undated one hides it.
            if any(c.issued_on is None for c in relevant):
                return Result(criterion, Outcome.UNKNOWN, missing="credential_issued_on")
            relevant.sort(key=lambda c: c.issued_on or datetime.date.min)
            relevant = relevant[:1]
        answers = [(c, in_window(c.issued_on)) for c in relevant]
        proven = [c for c, ok in answers if ok]
        if len(proven) >= need:
            proof = tuple(Ref("credential", c.id, c.label) for c in proven[:need])
            return Result(criterion, Outcome.MET, proof)
        if len(proven) + sum(1 for _, ok in answers if ok is None) >= need:
            return Result(criterion, Outcome.UNKNOWN, missing="credential_issued_on")
        return Result(criterion, Outcome.NOT_MET)

    def fast(firm: Firm) -> int:
        if not firm.credentials:
            return _NOT_MET
        return int(check(firm).outcome)

    return check, fast


def _figure(criterion: Criterion) -> Compiled:
    name = str(criterion.get("name", ""))
    if not name:
        raise CriterionError("no_figure")
    compare, value = _op(criterion), _number(criterion, "value")

    def check(firm: Firm) -> Result:
        fact = firm.figures.get(name)
        if fact is None:
            return Result(criterion, Outcome.UNKNOWN, missing=f"figure:{name}")
        if compare(fact.value, value):
            return Result(criterion, Outcome.MET, (Ref("figure", fact.id, fact.label),))
        return Result(criterion, Outcome.NOT_MET)

    def fast(firm: Firm) -> int:
        fact = firm.figures.get(name)
        if fact is None:
            return _UNKNOWN
        return _MET if compare(fact.value, value) else _NOT_MET

    return check, fast


def _flag(criterion: Criterion) -> Compiled:
    name = str(criterion.get("name", ""))
    if not name:
        raise CriterionError("no_flag")
    on = _date(criterion.get("on"))

    def check(firm: Firm) -> Result:
        fact = firm.flags.get(name)
        if fact is None:
            return Result(criterion, Outcome.UNKNOWN, missing=f"flag:{name}")
        valid = fact.held and (on is None or fact.expires_on is None or fact.expires_on >= on)
        if valid:
            return Result(criterion, Outcome.MET, (Ref("flag", fact.id, fact.label),))
        return Result(criterion, Outcome.NOT_MET)

    def fast(firm: Firm) -> int:
        fact = firm.flags.get(name)
        if fact is None:
            return _UNKNOWN
        if fact.held and (on is None or fact.expires_on is None or fact.expires_on >= on):
            return _MET
        return _NOT_MET

    return check, fast


_COMPILERS: dict[str, Callable[[Criterion], Compiled]] = {
    "kind": _kind,
    "region": _region,
    "founded": _founded,
    "credential": _credential,
    "figure": _figure,
    "flag": _flag,
}


def register(kind: str, compiler: Callable[[Criterion], Compiled]) -> None:
    """Add a criterion type (``eligibility_records`` adds its four on import)."""
    _COMPILERS[kind] = compiler


def compile_criterion(criterion: Criterion) -> Compiled:
    """Return a function answering ``criterion`` for a firm; raise ``CriterionError``."""
    if not isinstance(criterion, Mapping):
        raise CriterionError("not_a_criterion")
    kind = str(criterion.get("type", ""))
    if kind in ("all", "any"):
        return _group(criterion, kind)
    if kind not in _COMPILERS:
        raise CriterionError("unknown_type", kind)
    return _COMPILERS[kind](criterion)


_OUTCOMES = {o.value: o for o in Outcome}


@dataclass(frozen=True)
class Policy:
    """A policy's compiled criteria (an implicit all-of over the list)."""

    id: int
    check: Check
    fast: Fast

    def explain(self, firm: Firm) -> Result:
        return self.check(firm)

    def verdict(self, firm: Firm) -> Outcome:
        return _OUTCOMES[self.fast(firm)]


def compile_policy(policy_id: int, criteria: Sequence[Criterion]) -> Policy:
    if not criteria:
        raise CriterionError("no_criteria")
    check, fast = _group({"type": "all", "items": list(criteria)}, "all")
    return Policy(policy_id, check, fast)


def evaluate(policies: Sequence[Policy], firms: Sequence[Firm]) -> dict[int, dict[int, Outcome]]:
    """Return ``{policy_id: {firm_id: outcome}}`` for every pair (the batch fast path)."""
    return {p.id: {f.id: p.verdict(f) for f in firms} for p in policies}


def validate(criteria: Any) -> list[str]:
    """Return the codes of what is wrong with ``criteria`` (a list), empty when usable."""
    if not isinstance(criteria, list) or not criteria:
        return ["no_criteria"]
    try:
        compile_policy(0, criteria)
    except CriterionError as error:
        return [error.code]
    return []


# The record criteria register themselves; imported last, when everything above exists.
from qiao.policies import eligibility_records  # noqa: E402, F401
