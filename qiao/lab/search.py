"""Catalogue search with the matching glossary: "qPCR" finds a 荧光定量PCR仪.

``expand_with_glossary`` is the ``expand=`` of ``qiao.core.search.filter_by_search``: the
part of a query that names a glossary concept (``qiao/matching/data/glossary.tsv``)
becomes one group whose alternatives are every surface form of that concept, so qPCR,
荧光定量PCR, real-time PCR and PCR find each other, and 流式细胞仪 finds a 流式细胞分析仪
(through the form 流式细胞). The rest of the query must still match word by word.
"""

from __future__ import annotations

from functools import lru_cache

from qiao.core.text import Term, query_terms
from qiao.matching.glossary import default_glossary

MAX_FORMS = 40  # per concept: a guard against a runaway glossary line


@lru_cache(maxsize=512)
def _alternatives(concept: str) -> tuple[tuple[Term, ...], ...]:
    forms = default_glossary().surfaces(concept)[:MAX_FORMS]
    found = {tuple(query_terms(form)) for form in forms}
    return tuple(sorted((alt for alt in found if alt), key=lambda alt: [t.text for t in alt]))


def expand_with_glossary(query: str, terms: list[Term]) -> list[list[list[Term]]]:
    """Return the query's groups: one per glossary concept it names, one per other term."""
    groups: list[list[list[Term]]] = []
    covered: set[Term] = set()
    for concept, form in default_glossary().find(query):
        named = set(query_terms(form))
        if not named or named <= covered:
            continue
        alternatives = [list(alt) for alt in _alternatives(concept)]
        if alternatives:
            groups.append(alternatives)
            covered |= named
    groups += [[[term]] for term in terms if term not in covered]
    return groups
