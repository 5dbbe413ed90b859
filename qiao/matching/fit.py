"""Which kinds of listing fit which, and stage / round / amount helpers, as plain data.

Pure module (no Django import). The tables say how well a candidate of some kind answers
a need of some kind, from 1.0 (what the need asks for) down to 0.3 (can help, rarely the
answer). A kind missing from a need's row is incompatible: the engine never returns it,
so a financing need is not answered by a technology offer that shares its words.

The same tables answer the reverse question (an offer looking for needs, an organisation
looking for needs), so fit is symmetric by construction.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping

from qiao.core.text import normalise
from qiao.matching.glossary import Glossary

__all__ = [
    "LIFECYCLE_STAGES",
    "NEED_KINDS",
    "NEED_TO_OFFER",
    "NEED_TO_ORGANISATION",
    "OFFER_KINDS",
    "OFFER_TO_ORGANISATION",
    "OWNER_KIND_BONUS",
    "ROUNDS",
    "amount_fit",
    "kind_fit",
    "parse_amount",
    "split_stages",
]

NEED_KINDS = ("clinical", "technology", "service", "financing", "channel")
OFFER_KINDS = ("technology", "product", "service", "investment", "equipment")

# need kind → offer kind → fit.
NEED_TO_OFFER: Mapping[str, Mapping[str, float]] = {
    "clinical": {"technology": 1.0, "product": 1.0, "service": 0.3, "equipment": 0.3},
    "technology": {"technology": 1.0, "product": 0.6, "service": 0.4, "equipment": 0.3},
    "service": {"service": 1.0, "equipment": 1.0, "technology": 0.3, "product": 0.3},
    "financing": {"investment": 1.0},
    "channel": {"product": 1.0, "service": 0.7, "technology": 0.3},
}
# need kind → organisation_kind → fit.
NEED_TO_ORGANISATION: Mapping[str, Mapping[str, float]] = {
    "clinical": {"company": 1.0, "institute": 0.8, "university": 0.8, "platform": 0.4},
    "technology": {
        "university": 1.0,
        "institute": 1.0,
        "company": 0.6,
        "platform": 0.5,
        "hospital": 0.3,
    },
    "service": {
        "cro": 1.0,
        "cdmo": 1.0,
        "testing_lab": 1.0,
        "platform": 0.7,
        "hospital": 0.5,
        "institute": 0.5,
        "university": 0.3,
        "company": 0.3,
    },
    "financing": {"investor": 1.0, "park": 0.3, "government": 0.3, "platform": 0.3},
    "channel": {
        "company": 1.0,
        "hospital": 1.0,
        "platform": 1.0,
        "alliance": 0.7,
        "park": 0.5,
    },
}
# offer kind → organisation_kind → fit (an offer looking for takers among organisations).
OFFER_TO_ORGANISATION: Mapping[str, Mapping[str, float]] = {
    "technology": {"company": 1.0, "cdmo": 0.7, "investor": 0.5, "hospital": 0.4},
    "product": {"hospital": 1.0, "company": 0.5, "platform": 0.5, "alliance": 0.4},
    "service": {"company": 1.0, "university": 0.5, "institute": 0.5, "hospital": 0.5},
    "investment": {"company": 1.0},
    "equipment": {"company": 1.0, "university": 0.7, "institute": 0.7, "hospital": 0.5},
}
# Added (capped at 1.0) when an offer's owner is an organisation the need's row likes:
# a service offer from a CNAS testing lab fits a service need better than one from a
# trading company.
OWNER_KIND_BONUS = 0.25

LIFECYCLE_STAGES = (
    "idea",
    "concept",
    "proof_of_concept",
    "prototype",
    "type_testing",
    "clinical_trial",
    "registration",
    "production",
    "market",
)
# Financing rounds in order; glossary concepts "round_<code>" name them in text.
ROUNDS = ("seed", "angel", "pre_a", "a", "b", "c", "pre_ipo", "strategic")


def kind_fit(
    query_side: str,
    query_kind: str,
    candidate_side: str,
    candidate_kind: str,
    candidate_owner_kind: str = "",
    query_owner_kind: str = "",
) -> float:
    """Return how well a candidate's kind answers the query's, 0.0 meaning incompatible."""
    if query_side == "need" and candidate_side == "offer":
        return _need_offer(query_kind, candidate_kind, candidate_owner_kind)
    if query_side == "offer" and candidate_side == "need":
        return _need_offer(candidate_kind, query_kind, query_owner_kind)
    if query_side == "need" and candidate_side == "organisation":
        return NEED_TO_ORGANISATION.get(query_kind, {}).get(candidate_kind, 0.0)
    if query_side == "organisation" and candidate_side == "need":
        return NEED_TO_ORGANISATION.get(candidate_kind, {}).get(query_kind, 0.0)
    if query_side == "offer" and candidate_side == "organisation":
        return OFFER_TO_ORGANISATION.get(query_kind, {}).get(candidate_kind, 0.0)
    if query_side == "organisation" and candidate_side == "offer":
        return OFFER_TO_ORGANISATION.get(candidate_kind, {}).get(query_kind, 0.0)
    return 0.0


def _need_offer(need_kind: str, offer_kind: str, owner_kind: str) -> float:
    fit = NEED_TO_OFFER.get(need_kind, {}).get(offer_kind, 0.0)
    if fit and owner_kind in NEED_TO_ORGANISATION.get(need_kind, {}):
        fit = min(1.0, fit + OWNER_KIND_BONUS)
    return fit


def split_stages(
    stages: Iterable[str], glossary: Glossary | None
) -> tuple[frozenset[str], frozenset[str]]:
    """Split stage tags into (financing rounds, lifecycle stages), both as codes.

    Tags may be round codes ("a", "pre_a"), lifecycle codes ("clinical_trial") or text
    the glossary reads as a round ("A轮", "Series A", "天使轮").
    """
    rounds: set[str] = set()
    lifecycle: set[str] = set()
    for tag in stages:
        code = normalise(tag).strip().replace("-", "_").replace(" ", "_")
        if code.startswith("round_"):
            code = code[len("round_") :]
        if code.startswith("series_"):
            code = code[len("series_") :]
        if code in ROUNDS:
            rounds.add(code)
        elif code in LIFECYCLE_STAGES:
            lifecycle.add(code)
        elif glossary is not None:
            rounds.update(rounds_in(glossary.find(tag)))
    return frozenset(rounds), frozenset(lifecycle)


def rounds_in(found: Iterable[tuple[str, str]]) -> set[str]:
    """Return the round codes among glossary hits ``(concept, form)``."""
    return {c[len("round_") :] for c, _ in found if c.startswith("round_")} & set(ROUNDS)


_MAGNITUDE = {
    "亿": 1e8,
    "千万": 1e7,
    "百万": 1e6,
    "万": 1e4,
    "billion": 1e9,
    "bn": 1e9,
    "million": 1e6,
    "mn": 1e6,
    "m": 1e6,
}
_UNIT = r"(亿|千万|百万|万|billion|bn|million|mn|m)(?![a-z])"
_AMOUNT = re.compile(
    rf"(\d+(?:\.\d+)?)\s*(?:{_UNIT})?\s*(?:元|人民币|rmb)?\s*"
    rf"(?:[-–~至到]\s*(\d+(?:\.\d+)?)\s*)?{_UNIT}"
)
_USD = re.compile(r"美元|usd|us\$|\$")
USD_TO_CNY = 7.2


def parse_amount(text: str) -> tuple[float, float] | None:
    """Return the first money range in the text, in yuan ("500-2000万" → (5e6, 2e7))."""
    norm = normalise(text).replace(",", "")
    match = _AMOUNT.search(norm)
    if match is None:
        return None
    first, first_unit, second, last_unit = match.groups()
    factor = USD_TO_CNY if _USD.search(norm) else 1.0
    high_scale = _MAGNITUDE[last_unit]
    if second is None:
        value = float(first) * high_scale * factor
        return value, value
    low_scale = _MAGNITUDE[first_unit] if first_unit else high_scale
    low, high = float(first) * low_scale * factor, float(second) * high_scale * factor
    return min(low, high), max(low, high)


def amount_fit(need: tuple[float, float], ticket: tuple[float, float]) -> float:
    """Return 1.0 when ranges overlap, falling by order of magnitude apart to −0.5."""
    low = max(need[0], ticket[0])
    high = min(need[1], ticket[1])
    if low <= high:
        return 1.0
    gap = math.log10(max(low, 1.0) / max(high, 1.0))
    return max(-0.5, 1.0 - 1.5 * gap)
