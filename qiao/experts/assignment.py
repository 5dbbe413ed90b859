"""Propose reviewers for a call's applications: by fit, balanced load, never a conflict.

Pure module: no Django import (``qiao.matching.scoring`` and ``qiao.experts.conflicts``
only). ``propose`` indexes the experts' fields with the matching engine, ranks experts for
each application's text, drops every expert with a conflict (kept, with the reasons, in
``Proposal.excluded``), then fills review slots round by round: in each round the
application with the fewest eligible experts left picks first, and takes the expert with
the best ``fit - balance * load / capacity`` who still has capacity. When text evidence
finds too few experts, the least loaded eligible experts fill the remaining slots (fit 0).

Deterministic for the same inputs (ties broken by id).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

from qiao.experts.conflicts import Applicant, Conflict, Expert, Graph, find_conflicts
from qiao.matching.glossary import Glossary
from qiao.matching.scoring import Engine, Listing, Weights

__all__ = ["Application", "Pick", "Proposal", "Reviewer", "expert_engine", "propose"]


@dataclass(frozen=True, slots=True)
class Reviewer:
    """An expert as assignment sees them: facts for conflicts, fields, capacity."""

    facts: Expert
    fields: str
    categories: frozenset[str] = frozenset()
    capacity: int = 10
    load: int = 0


@dataclass(frozen=True, slots=True)
class Application:
    """An application: facts for conflicts and the text to match experts on."""

    facts: Applicant
    title: str
    text: str = ""
    categories: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Pick:
    """A proposed reviewer with the fit score and the terms that made it."""

    expert_id: str
    fit: float
    terms: tuple[str, ...] = ()


@dataclass(slots=True)
class Proposal:
    """Picks per application, conflicts found, and slots nobody could fill."""

    picks: dict[str, list[Pick]] = field(default_factory=dict)
    excluded: dict[str, dict[str, list[Conflict]]] = field(default_factory=dict)
    unfilled: dict[str, int] = field(default_factory=dict)
    load: dict[str, int] = field(default_factory=dict)


def expert_engine(glossary: Glossary | None = None, taxonomy: Glossary | None = None) -> Engine:
    """Return the matching engine tuned for text fit only (no kind, stage or region)."""
    weights = replace(
        Weights(),
        kind_fit=0.0,
        stage_fit=0.0,
        region=0.0,
        investment_fit=0.0,
        recent=0.0,
        capability=0.0,
        credential=0.0,
        kind_filter=False,
    )
    return Engine(glossary, weights, taxonomy=taxonomy)


def _listing(reviewer: Reviewer) -> Listing:
    facts = reviewer.facts
    return Listing(
        id=facts.id,
        side="offer",
        kind="expert",
        title=reviewer.fields,
        owner_id="expert:" + facts.id,
        categories=reviewer.categories,
    )


def _query(application: Application) -> Listing:
    return Listing(
        id="application:" + application.facts.id,
        side="need",
        kind="application",
        title=application.title,
        text=application.text,
        owner_id="application:" + application.facts.id,
        categories=application.categories,
    )


def propose(
    applications: Sequence[Application],
    reviewers: Sequence[Reviewer],
    graph: Graph,
    *,
    today: date,
    per_application: int = 3,
    years: int = 3,
    balance: float = 0.5,
    depth: int = 40,
    engine: Engine | None = None,
) -> Proposal:
    """Return reviewers proposed for each application (see the module docstring)."""
    engine = engine or expert_engine()
    by_id = {r.facts.id: r for r in reviewers}
    index = engine.index(_listing(r) for r in reviewers)
    proposal = Proposal(load={r.facts.id: r.load for r in reviewers})
    ranked: dict[str, list[Pick]] = {}
    for app in applications:
        app_id = app.facts.id
        matches = index.rank(_query(app), k=max(depth, per_application * 4))
        top = max((m.score for m in matches), default=1.0) or 1.0
        picks = []
        for m in matches:
            terms = tuple(t for reason in m.reasons for t in reason.terms)[:6]
            picks.append(Pick(m.id, round(m.score / top, 4), terms))
        ranked[app_id] = _eligible(app, picks, by_id, graph, today, years, proposal)
        proposal.picks[app_id] = []
    for _round in range(per_application):
        order = sorted(applications, key=lambda a: (len(ranked[a.facts.id]), a.facts.id))
        for app in order:
            _take(app, ranked, by_id, reviewers, graph, today, years, balance, proposal)
    for app in applications:
        missing = per_application - len(proposal.picks[app.facts.id])
        if missing:
            proposal.unfilled[app.facts.id] = missing
    return proposal


def _eligible(
    app: Application,
    picks: list[Pick],
    by_id: dict[str, Reviewer],
    graph: Graph,
    today: date,
    years: int,
    proposal: Proposal,
) -> list[Pick]:
    kept = []
    for pick in picks:
        conflicts = find_conflicts(
            by_id[pick.expert_id].facts, app.facts, graph, today=today, years=years
        )
        if conflicts:
            proposal.excluded.setdefault(app.facts.id, {})[pick.expert_id] = conflicts
        else:
            kept.append(pick)
    return kept


def _take(
    app: Application,
    ranked: dict[str, list[Pick]],
    by_id: dict[str, Reviewer],
    reviewers: Sequence[Reviewer],
    graph: Graph,
    today: date,
    years: int,
    balance: float,
    proposal: Proposal,
) -> None:
    app_id = app.facts.id
    chosen = {p.expert_id for p in proposal.picks[app_id]}

    def free(expert_id: str) -> bool:
        return expert_id not in chosen and proposal.load[expert_id] < by_id[expert_id].capacity

    def value(pick: Pick) -> tuple[float, str]:
        reviewer = by_id[pick.expert_id]
        penalty = balance * proposal.load[pick.expert_id] / max(reviewer.capacity, 1)
        return (-(pick.fit - penalty), pick.expert_id)

    options = [p for p in ranked[app_id] if free(p.expert_id)]
    best = (
        min(options, key=value)
        if options
        else _fallback(app, chosen, by_id, reviewers, graph, today, years, proposal)
    )
    if best is None:
        return
    proposal.picks[app_id].append(best)
    proposal.load[best.expert_id] += 1
    ranked[app_id] = [p for p in ranked[app_id] if p.expert_id != best.expert_id]


def _fallback(
    app: Application,
    chosen: set[str],
    by_id: dict[str, Reviewer],
    reviewers: Sequence[Reviewer],
    graph: Graph,
    today: date,
    years: int,
    proposal: Proposal,
) -> Pick | None:
    """Return the least loaded eligible expert without text evidence, if any."""
    excluded = proposal.excluded.get(app.facts.id, {})
    spare = sorted(
        (r for r in reviewers if r.facts.id not in chosen and r.facts.id not in excluded),
        key=lambda r: (proposal.load[r.facts.id] / max(r.capacity, 1), r.facts.id),
    )
    for reviewer in spare:
        if proposal.load[reviewer.facts.id] >= reviewer.capacity:
            continue
        conflicts = find_conflicts(reviewer.facts, app.facts, graph, today=today, years=years)
        if conflicts:
            proposal.excluded.setdefault(app.facts.id, {})[reviewer.facts.id] = conflicts
            continue
        return Pick(reviewer.facts.id, 0.0)
    return None
