"""The extractor: organisations, then people, events and agreements, figures, relations.

Pure module (no Django import). Each stage is a module of this package; this one runs them
in order, because each later stage reads what the earlier ones found.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from qiao.intel import shapes
from qiao.intel.extract.events import find_events_and_agreements
from qiao.intel.extract.figures import find_figures
from qiao.intel.extract.model import Extraction, Gazetteer
from qiao.intel.extract.organisations import find_organisations
from qiao.intel.extract.people import find_people
from qiao.intel.extract.relations import find_relations

__all__ = ["extract"]


def extract(
    text: str,
    gazetteer: Gazetteer,
    published: date | None = None,
    *,
    tagger: Any = None,
    rules: bool = True,
) -> Extraction:
    """Return everything found in a cleaned article."""
    # 0. Bylines: media outlets and credited staff are never proposed.
    taken = bytearray(len(text))
    staff_spans, staff = shapes.bylines(text)
    for a, b in staff_spans:
        taken[a:b] = b"\x01" * (b - a)
    orgs, spans = find_organisations(text, gazetteer, taken, tagger=tagger, rules=rules)
    people = find_people(text, spans, taken, staff)
    events, agreements = find_events_and_agreements(text, orgs, spans, published)
    figures = find_figures(text)
    relations = find_relations(text, orgs, spans, agreements, gazetteer)
    return Extraction(list(orgs.values()), people, events, agreements, figures, relations)
