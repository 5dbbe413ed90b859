"""Ties between the organisations of an article, in the directory's relation kinds.

Pure module (no Django import): affiliated hospitals (…附属…医院), organisations settling in
a park (入驻, 落户) and the two parties of an agreement (partners).
"""

from __future__ import annotations

import re

from qiao.intel.extract.events import _CLAUSE_END
from qiao.intel.extract.model import Agreement, Gazetteer, Organisation, Relation

__all__ = ["find_relations"]

_SETTLES = re.compile(r"落户|入驻|迁入")


def find_relations(
    text: str,
    orgs: dict[str, Organisation],
    spans: list[tuple[int, int, str]],
    agreements: list[Agreement],
    gazetteer: Gazetteer,
) -> list[Relation]:
    out: dict[tuple[str, str, str], Relation] = {}

    def add(source: str, kind: str, target: str, conf: float, start: int, end: int) -> None:
        if source != target and (source, kind, target) not in out:
            out[(source, kind, target)] = Relation(source, kind, target, conf, start, end)

    # 上海交通大学医学院附属瑞金医院 is an affiliated hospital of 上海交通大学医学院.
    for org in orgs.values():
        if "附属" not in org.name:
            continue
        parent_name = org.name.split("附属", 1)[0]
        parent = orgs.get(parent_name)
        entry = gazetteer.lookup(parent_name)
        target = parent.name if parent else (entry.name if entry else None)
        if target:
            first = min(org.mentions, key=lambda m: m.start)
            add(org.name, "affiliated_hospital_of", target, 0.8, first.start, first.end)
    # Organisations that settle in a park: "…入驻上海械谷", "落户医学园区".
    for m in _SETTLES.finditer(text):
        a, b = _clause_bounds(text, m.start())
        in_clause = [(s, e, n) for s, e, n in spans if s >= a and e <= b]
        parks = [(s, e, n) for s, e, n in in_clause if orgs[n].type == "park"]
        for s, e, park in parks:
            for s2, e2, name in in_clause:
                if name != park and orgs[name].type in ("company", "institute", "platform"):
                    add(name, "located_in", park, 0.55, min(s, s2), max(e, e2))
    # Two parties signing: partners.
    for ag in agreements:
        if len(ag.parties) == 2:
            add(ag.parties[0], "partner_of", ag.parties[1], 0.6, ag.start, ag.end)
    return list(out.values())


def _clause_bounds(text: str, pos: int) -> tuple[int, int]:
    start = pos
    while start > 0 and not _CLAUSE_END.match(text[start - 1]):
        start -= 1
    m = _CLAUSE_END.search(text, pos)
    return start, (m.start() if m else len(text))
