"""What the extractor works with and returns: the gazetteer and the items it finds.

Pure module (no Django import). :class:`Gazetteer` is built from the directory by
``qiao.intel.gazetteer``; every item carries a confidence and its span in the cleaned text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from qiao.intel.extract.names import _PLACE_RE

__all__ = [
    "Agreement",
    "Event",
    "Extraction",
    "Figure",
    "Gazetteer",
    "GazetteerEntry",
    "Mention",
    "Organisation",
    "Person",
    "Relation",
]


@dataclass(frozen=True)
class GazetteerEntry:
    """One directory organisation: its canonical name, type and every name it goes by."""

    key: str  # e.g. the directory id, as text
    name: str
    type: str
    names: tuple[str, ...]


@dataclass
class Gazetteer:
    """Surface form (simplified) → entry, for longest-match lookup."""

    entries: dict[str, GazetteerEntry] = field(default_factory=dict)
    forms: dict[str, str] = field(default_factory=dict)  # surface form → entry key
    by_first: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def build(cls, entries: Iterable[GazetteerEntry]) -> Gazetteer:
        g = cls()
        for entry in entries:
            g.entries[entry.key] = entry
            for form in (entry.name, *entry.names):
                form = form.strip()
                if len(form) < 2 or form in g.forms:
                    continue
                g.forms[form] = entry.key
        for form in g.forms:
            g.by_first.setdefault(form[:2], []).append(form)
        for forms in g.by_first.values():
            forms.sort(key=len, reverse=True)
        return g

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Return non-overlapping (start, end, entry key) matches, longest first."""
        out = []
        i = 0
        n = len(text)
        while i < n - 1:
            forms = self.by_first.get(text[i : i + 2])
            hit = None
            if forms:
                for form in forms:
                    if text.startswith(form, i):
                        hit = form
                        break
            if hit is None:
                i += 1
                continue
            out.append((i, i + len(hit), self.forms[hit]))
            i += len(hit)
        return out

    def lookup(self, name: str) -> GazetteerEntry | None:
        """Return the entry a name denotes, trying the name without place prefixes too."""
        key = self.forms.get(name)
        if key is None:
            stripped = _PLACE_RE.sub("", name)
            if stripped != name and len(stripped) >= 2:
                key = self.forms.get(stripped)
                place = name[: len(name) - len(stripped)]
                if key is None and place.rstrip("市") in ("上海", "深圳"):
                    key = self.forms.get(place.rstrip("市") + "市" + stripped)
        return self.entries.get(key) if key else None


@dataclass
class Mention:
    start: int
    end: int
    text: str


@dataclass
class Organisation:
    name: str
    type: str
    aliases: list[str]
    confidence: float
    mentions: list[Mention]
    entry_key: str | None = None  # the directory organisation it links to


@dataclass
class Person:
    name: str
    title: str
    organisation: str | None
    confidence: float
    start: int
    end: int


@dataclass
class Event:
    kind: str
    date: str | None
    place: str | None
    participants: list[str]
    confidence: float
    start: int
    end: int
    name: str = ""


@dataclass
class Agreement:
    parties: list[str]
    kind: str
    date: str | None
    amount_cny: int | float | None
    count: int | None
    confidence: float
    start: int
    end: int
    roles: dict[str, str] = field(default_factory=dict)  # party → recipient, lead, follower


@dataclass
class Figure:
    text: str
    value: int | float
    unit: str
    about: str
    confidence: float
    start: int
    end: int


@dataclass
class Relation:
    """A tie between two organisations, read as "source <kind> target" (directory kinds)."""

    source: str
    kind: str
    target: str
    confidence: float
    start: int
    end: int


@dataclass
class Extraction:
    organisations: list[Organisation]
    people: list[Person]
    events: list[Event]
    agreements: list[Agreement]
    figures: list[Figure]
    relations: list[Relation] = field(default_factory=list)

    def as_cli(self) -> dict[str, Any]:
        """Return the dictionary the ``extract_news --format json`` command prints."""
        return {
            "organisations": [
                {"name": o.name, "type": o.type, "aliases": o.aliases} for o in self.organisations
            ],
            "people": [
                {"name": p.name, "title": p.title, "organisation": p.organisation}
                for p in self.people
            ],
            "events": [
                {"kind": e.kind, "date": e.date, "place": e.place, "participants": e.participants}
                for e in self.events
            ],
            "agreements": [
                {
                    "parties": a.parties,
                    "kind": a.kind,
                    "date": a.date,
                    "amount_cny": a.amount_cny,
                    "count": a.count,
                    **({"roles": a.roles} if a.roles else {}),
                }
                for a in self.agreements
            ],
            "figures": [
                {"text": f.text, "value": f.value, "unit": f.unit, "about": f.about}
                for f in self.figures
            ],
        }
