"""Precision, recall and F1 per field of news extractions against gold annotations.

Pure module (no Django import). Gold and predictions are dictionaries in the
``extract_news --format json`` shape. How an item counts as found:

* organisations: the predicted name or one of its aliases is the gold name or a gold alias;
* people: same name;
* events: same kind and same date (both null counts as the same);
* agreements: same amount and count, and a shared party (or no parties on either side);
* figures: same value and unit.

Stricter fields, so that a lenient match cannot hide a wrong answer:

* organisations (name): the predicted *name* is the gold name or a gold alias (a mention
  linked to the wrong directory organisation fails here while its alias still matches);
* organisations (type): same organisation and same type (investors typed as investors);
* people (title, org): same name, one title contains the other, same organisation;
* agreements (whole): same kind, date, amount, count and the same set of parties;
* figures (subject): same value and unit, and one subject contains the other.

Each gold item is matched at most once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

FIELDS = ("organisations", "people", "events", "agreements", "figures")
Item = dict[str, Any]


@dataclass
class Score:
    true_positives: int = 0
    predicted: int = 0
    gold: int = 0

    @property
    def precision(self) -> float:
        return self.true_positives / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _org_names(item: Item) -> set[str]:
    return {item.get("name") or "", *(item.get("aliases") or [])} - {""}


def _same_org(pred: Item, gold: Item) -> bool:
    return bool(_org_names(pred) & _org_names(gold))


def _same_person(pred: Item, gold: Item) -> bool:
    return bool(pred.get("name") == gold.get("name"))


def _same_event(pred: Item, gold: Item) -> bool:
    return pred.get("kind") == gold.get("kind") and pred.get("date") == gold.get("date")


def _same_agreement(pred: Item, gold: Item) -> bool:
    if pred.get("amount_cny") != gold.get("amount_cny") or pred.get("count") != gold.get("count"):
        return False
    p, g = set(pred.get("parties") or []), set(gold.get("parties") or [])
    return bool(p & g) or not (p or g)


def _same_figure(pred: Item, gold: Item) -> bool:
    try:
        same_value = float(pred.get("value")) == float(gold.get("value"))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return same_value and pred.get("unit") == gold.get("unit")


def _same_person_title_org(pred: Item, gold: Item) -> bool:
    """Stricter: same name, one title contains the other, same organisation (or both none)."""
    if pred.get("name") != gold.get("name"):
        return False
    pt, gt = pred.get("title") or "", gold.get("title") or ""
    if (pt or gt) and not (pt and gt and (pt in gt or gt in pt)):
        return False
    return bool(pred.get("organisation") == gold.get("organisation"))


def _same_org_name(pred: Item, gold: Item) -> bool:
    return bool(pred.get("name") in _org_names(gold))


def _same_org_type(pred: Item, gold: Item) -> bool:
    return _same_org(pred, gold) and pred.get("type") == gold.get("type")


def _same_whole_agreement(pred: Item, gold: Item) -> bool:
    return (
        _same_agreement(pred, gold)
        and pred.get("kind") == gold.get("kind")
        and pred.get("date") == gold.get("date")
        and set(pred.get("parties") or []) == set(gold.get("parties") or [])
    )


def _same_figure_subject(pred: Item, gold: Item) -> bool:
    pa, ga = pred.get("about") or "", gold.get("about") or ""
    return _same_figure(pred, gold) and bool(pa and ga and (pa in ga or ga in pa))


MATCHERS: dict[str, Callable[[Item, Item], bool]] = {
    "organisations": _same_org,
    "people": _same_person,
    "events": _same_event,
    "agreements": _same_agreement,
    "figures": _same_figure,
    "organisations (name)": _same_org_name,
    "organisations (type)": _same_org_type,
    "people (title, org)": _same_person_title_org,
    "agreements (whole)": _same_whole_agreement,
    "figures (subject)": _same_figure_subject,
}
SOURCE_FIELD = {
    "organisations (name)": "organisations",
    "organisations (type)": "organisations",
    "people (title, org)": "people",
    "agreements (whole)": "agreements",
    "figures (subject)": "figures",
}


def score_field(field: str, predicted: list[Item], gold: list[Item]) -> Score:
    """Score one field of one article; each gold item is matched at most once."""
    same = MATCHERS[field]
    free = list(range(len(gold)))
    hits = 0
    for pred in predicted:
        for k in free:
            if same(pred, gold[k]):
                free.remove(k)
                hits += 1
                break
    return Score(hits, len(predicted), len(gold))


def score(pairs: Iterable[tuple[dict[str, list[Item]], dict[str, list[Item]]]]) -> dict[str, Score]:
    """Return the micro-averaged score per field over (predicted, gold) article pairs."""
    totals = {f: Score() for f in MATCHERS}
    for predicted, gold in pairs:
        for f in MATCHERS:
            key = SOURCE_FIELD.get(f, f)
            s = score_field(f, predicted.get(key) or [], gold.get(key) or [])
            totals[f].true_positives += s.true_positives
            totals[f].predicted += s.predicted
            totals[f].gold += s.gold
    return totals


def jieba_baseline(text: str) -> dict[str, list[Item]]:
    """The baseline: jieba's part-of-speech tags, nt → organisations, nr → people."""
    import jieba.posseg

    orgs: dict[str, Item] = {}
    people: dict[str, Item] = {}
    for word, flag in jieba.posseg.cut(text):
        if flag == "nt" and len(word) >= 2:
            orgs.setdefault(word, {"name": word, "type": "other", "aliases": []})
        elif flag == "nr" and 2 <= len(word) <= 4:
            people.setdefault(word, {"name": word, "title": "", "organisation": None})
    return {
        "organisations": list(orgs.values()),
        "people": list(people.values()),
        "events": [],
        "agreements": [],
        "figures": [],
    }
