"""Bilingual glossary: find domain concepts in free text, whatever words name them.

Pure module (no Django import). A ``Glossary`` maps concept ids to surface forms in any
language or script ("ivd" ← "IVD", "体外诊断", "體外診斷", "in vitro diagnostics").

* ``Glossary.from_lines(lines)`` / ``load_glossary(path)`` read the TSV format described
  at the top of ``data/glossary.tsv``.
* ``load_taxonomy_terms(path)`` reads ``qiao/taxonomy/data/terms.json`` into a glossary
  whose concept ids are taxonomy codes ("device_category:22"), so taxonomy tags can be
  inferred from text the same way.
* ``Glossary.find(text)`` returns the concepts found in the text with the form that named
  them. Matching works on units: every CJK character is a unit and every Latin word or
  number is a unit, after ``qiao.core.text.normalise`` (NFKC, traditional → simplified,
  lowercase). A form matches where its units occur consecutively, so Latin forms match
  whole words only and CJK forms match inside longer Chinese runs without relying on word
  segmentation.

Guarantees: matching is deterministic; a concept is reported at most once per place
(a form contained in a longer match of the same concept is not counted again); forms of
a single CJK character are ignored because they match too much.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from itertools import compress
from pathlib import Path

from qiao.core.text import normalise

__all__ = [
    "DEFAULT_GLOSSARY_PATH",
    "DEFAULT_TAXONOMY_PATH",
    "INFERRED_VOCABULARIES",
    "Glossary",
    "default_glossary",
    "default_taxonomy",
    "load_glossary",
    "load_taxonomy_terms",
    "units",
]

DEFAULT_GLOSSARY_PATH = Path(__file__).resolve().parent / "data" / "glossary.tsv"
DEFAULT_TAXONOMY_PATH = Path(__file__).resolve().parent.parent / "taxonomy" / "data" / "terms.json"
# Vocabularies whose codes describe what a listing is about. organisation_kind and
# lifecycle_stage are left out: their synonyms ("公司", "市场", "注册") occur in almost
# every listing and would tag everything.
INFERRED_VOCABULARIES = ("device_category", "technology_area", "therapeutic_area")

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_UNIT = re.compile(rf"[{_CJK}]|[a-z]+|[0-9]+")
_CONCEPT_ID = re.compile(r"^[a-z0-9_]+$")

_Entry = tuple[tuple[str, ...], str, str]  # (units, concept id, display form)


@lru_cache(maxsize=50_000)
def _units_of_normalised(text: str) -> tuple[str, ...]:
    return tuple(_UNIT.findall(text))


def units(text: str) -> tuple[str, ...]:
    """Return the matching units of ``text``: CJK characters, Latin words and numbers."""
    return _units_of_normalised(normalise(text))


class Glossary:
    """Concept ids and their surface forms, with a matcher over normalised text."""

    __slots__ = ("_concepts", "_single", "_pairs")

    def __init__(self, concepts: Mapping[str, Iterable[str]]) -> None:
        self._concepts: dict[str, tuple[str, ...]] = {}
        # One-unit forms are found by their unit, longer ones by their first two units,
        # so a common first character (医, 生) doesn't make every position expensive.
        single: dict[str, list[_Entry]] = {}
        pairs: dict[tuple[str, str], list[_Entry]] = {}
        seen: set[tuple[tuple[str, ...], str]] = set()
        for concept, forms in concepts.items():
            kept: list[str] = []
            for form in forms:
                form = form.strip()
                key = units(form)
                if not key or (len(key) == 1 and len(key[0]) == 1):
                    continue
                kept.append(form)
                if (key, concept) in seen:
                    continue
                seen.add((key, concept))
                if len(key) == 1:
                    single.setdefault(key[0], []).append((key, concept, form))
                else:
                    pairs.setdefault((key[0], key[1]), []).append((key, concept, form))
            if kept:
                self._concepts[concept] = tuple(kept)
        self._single = {unit: tuple(entries) for unit, entries in single.items()}
        self._pairs = {
            pair: tuple(sorted(entries, key=lambda e: -len(e[0])))
            for pair, entries in pairs.items()
        }

    @classmethod
    def from_lines(cls, lines: Iterable[str]) -> Glossary:
        """Parse glossary TSV lines; raise ValueError naming the line number when bad."""
        concepts: dict[str, list[str]] = {}
        for number, raw in enumerate(lines, start=1):
            line = raw.rstrip("\r\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            concept, sep, forms = line.partition("\t")
            concept = concept.strip()
            if not sep or not _CONCEPT_ID.match(concept):
                raise ValueError(f"glossary line {number}: expected 'concept_id<TAB>forms'")
            parsed = [form.strip() for form in forms.split("|") if form.strip()]
            if not parsed:
                raise ValueError(f"glossary line {number}: concept {concept!r} has no forms")
            concepts.setdefault(concept, []).extend(parsed)
        return cls(concepts)

    def __len__(self) -> int:
        return len(self._concepts)

    def __contains__(self, concept: object) -> bool:
        return concept in self._concepts

    @property
    def concept_ids(self) -> tuple[str, ...]:
        return tuple(self._concepts)

    def surfaces(self, concept: str) -> tuple[str, ...]:
        """Return the surface forms of ``concept`` as written in the source data."""
        return self._concepts.get(concept, ())

    def find(self, text: str) -> list[tuple[str, str]]:
        """Return ``(concept, form)`` for every concept occurrence in ``text``, in order."""
        return self.find_units(units(text))

    def find_units(self, seq: tuple[str, ...]) -> list[tuple[str, str]]:
        """Return concept occurrences in an already computed unit sequence."""
        hits: list[tuple[int, int, str, str]] = []  # (start, end, concept, form)
        single, pairs = self._single, self._pairs
        n = len(seq)
        # compress/map run in C: only positions where some form can start are visited.
        for i in compress(range(n), map(single.__contains__, seq)):
            hits.extend((i, i + 1, concept, form) for _key, concept, form in single[seq[i]])
        bigrams = list(zip(seq, seq[1:], strict=False))
        for i in compress(range(n - 1), map(pairs.__contains__, bigrams)):
            for key, concept, form in pairs[bigrams[i]]:
                end = i + len(key)
                if end <= n and (end == i + 2 or seq[i:end] == key):
                    hits.append((i, end, concept, form))
        hits.sort(key=lambda h: (h[0], -h[1]))
        found: list[tuple[str, str]] = []
        covered: dict[str, int] = {}  # concept -> end of its last match
        for _start, end, concept, form in hits:
            if covered.get(concept, -1) < end:
                covered[concept] = end
                found.append((concept, form))
        return found

    @classmethod
    def combined(cls, parts: Mapping[str, Glossary]) -> Glossary:
        """Return one glossary whose concept ids are ``"<part>:<id>"``, to match in one pass."""
        return cls(
            {
                f"{name}:{concept}": part.surfaces(concept)
                for name, part in parts.items()
                for concept in part.concept_ids
            }
        )

    def concepts_in(self, text: str) -> dict[str, str]:
        """Return each concept found in ``text`` with the first form that named it."""
        result: dict[str, str] = {}
        for concept, form in self.find(text):
            result.setdefault(concept, form)
        return result

    def expand(self, text: str) -> set[str]:
        """Return every surface form of every concept found in ``text``."""
        return {form for concept in self.concepts_in(text) for form in self.surfaces(concept)}


def load_glossary(path: str | Path) -> Glossary:
    """Read a glossary TSV file (format in ``data/glossary.tsv``)."""
    with open(path, encoding="utf-8") as handle:
        return Glossary.from_lines(handle)


@lru_cache(maxsize=1)
def default_glossary() -> Glossary:
    """Return the glossary shipped in ``qiao/matching/data/glossary.tsv``."""
    return load_glossary(DEFAULT_GLOSSARY_PATH)


@lru_cache(maxsize=1)
def default_taxonomy() -> Glossary:
    """Return the taxonomy glossary of ``qiao/taxonomy/data/terms.json``."""
    return load_taxonomy_terms(DEFAULT_TAXONOMY_PATH)


def load_taxonomy_terms(
    path: str | Path = DEFAULT_TAXONOMY_PATH,
    *,
    vocabularies: Iterable[str] = INFERRED_VOCABULARIES,
) -> Glossary:
    """Read taxonomy terms JSON into a glossary with "vocabulary:code" concept ids.

    The file maps a vocabulary name to rows ``[code, zh label, en label, synonyms]`` with
    synonyms separated by newlines (``qiao/taxonomy/data/terms.json``).
    """
    with open(path, encoding="utf-8") as handle:
        data = json.load(handle)
    return taxonomy_glossary(data, vocabularies=vocabularies)


def taxonomy_glossary(
    data: Mapping[str, Iterable[Iterable[str]]],
    *,
    vocabularies: Iterable[str] = INFERRED_VOCABULARIES,
) -> Glossary:
    """Build the taxonomy glossary from already parsed terms data."""
    concepts: dict[str, list[str]] = {}
    for vocabulary in vocabularies:
        for row in data.get(vocabulary, ()):
            code, zh, en, synonyms = (list(row) + ["", "", "", ""])[:4]
            forms = [zh, en, *synonyms.split("\n")]
            concepts[f"{vocabulary}:{code}"] = [form for form in forms if form.strip()]
    return Glossary(concepts)


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def in_language(glossary: Glossary, evidence: str, english: bool) -> str:
    """Return a synonym reason's evidence ("PCR=荧光定量PCR") in the viewer's language.

    Each side is a surface form of one glossary concept. Chinese viewers get the side
    written in Chinese if there is one, else the concept's first Chinese form; English
    viewers the side without Chinese, else the concept's first form without Chinese.
    Evidence naming no known concept is returned as it is.
    """
    sides = [s for s in evidence.split("=") if s]
    wanted = [s for s in sides if _has_cjk(s) != english]
    if wanted:
        return wanted[0]
    for side in sides:
        for concept in glossary.concepts_in(side):
            forms = [f for f in glossary.surfaces(concept) if _has_cjk(f) != english]
            if forms:
                return forms[0]
    return evidence
