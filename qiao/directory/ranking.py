"""What the directory's search ranks by, computed when an organisation is indexed.

Pure functions over plain values (the service and the backfill migration both call them):

* the *parts* of the search document: ``name_document`` (names, short names, aliases and
  their pinyin) and ``tag_document`` (tags, capabilities, departments); the whole
  ``search_document`` still holds everything, description and region included;
* ``search_keys``: the exact keys of the names (part 0) and of the tags (part 1), so a
  query that *is* a name, short name, alias or its pinyin ("心玮", "xinwei", "HeartCare")
  ranks first, and one that is a tag's name ("神经介入") ranks above tags that only
  contain its words;
* ``search_boost``: a small static prominence score that orders organisations within a
  tier — products on the market, ties in the ecosystem, registrations, aliases.

The tiers come first (``qiao.core.search.rank_by_fields``): an exact name, a name hit, an
exact tag, a tag or capability hit, then the description; within a tier the boost, then
the name.
"""

from __future__ import annotations

from collections.abc import Iterable

from qiao.core.text import exact_keys, index_document

NAME_FIELDS = ("name_document", "tag_document")
KEYS_FIELD = "search_keys"

# Points for the furthest lifecycle stage an organisation is tagged with.
STAGE_POINTS = {
    "market": 3,
    "production": 2,
    "registration": 1,
    "clinical_trial": 1,
    "type_testing": 1,
}
MAX_RELATION_POINTS = 3


def name_document(names: Iterable[str]) -> str:
    return index_document(names=[n for n in names if n])


def tag_document(texts: Iterable[str]) -> str:
    return index_document(texts=[t for t in texts if t])


def search_keys(*, names: Iterable[str], tag_names: Iterable[str]) -> str:
    """Return " 0:key … 1:key " (names, then tags), the form ``rank_by_fields`` looks for."""
    keys = [f"0:{k}" for k in sorted(exact_keys(names))]
    keys += [f"1:{k}" for k in sorted(exact_keys(tag_names))]
    return " " + " ".join(keys) + " " if keys else ""


def search_boost(
    *, stages: Iterable[str], relations: int, has_credentials: bool, other_names: bool
) -> int:
    """Return the organisation's prominence: 0 to 8, higher first within a tier."""
    stage = max((STAGE_POINTS.get(code, 0) for code in stages), default=0)
    return stage + min(relations, MAX_RELATION_POINTS) + int(has_credentials) + int(other_names)
