"""Conflict-of-interest rules between an expert and an application, from Qiao's graph.

Pure module: no Django import. Callers (``qiao.experts.graph``) turn directory relations,
agreements, introductions, projects and the expert's declarations into the plain values
below; ``find_conflicts`` returns every reason an expert may not review an application,
each explained in Chinese and English (``Conflict.text(lang)``).

Rules (each one a ``Conflict.code``):

``self``         the expert is one of the applicant people;
``same_org``     the expert works (or worked within the window) at an applicant organisation;
``affiliated``   the expert's organisation and an applicant organisation are affiliated
                 (affiliated hospital, part of), whatever the date;
``relation``     any other directory relation between them (partner, founder, member) that
                 was current within the window;
``agreement``    an agreement they both signed within the window;
``introduction`` an introduction between them within the window;
``project``      a project both took part in within the window;
``declared``     the expert declared an interest (board seat, shares, supervisor/student,
                 financial interest, other) in an applicant organisation or person.

"Within the window" means on or after ``today - years`` (``QIAO_CONFLICT_YEARS``, 3 by
default). An undated link counts as current. Results are sorted by rule, then by the
organisations involved, and contain each (code, expert org, applicant org) once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

__all__ = [
    "AFFILIATION_KINDS",
    "CODES",
    "Applicant",
    "Conflict",
    "Declaration",
    "Expert",
    "Graph",
    "Link",
    "find_conflicts",
    "window_start",
]

LinkKind = Literal["relation", "agreement", "introduction", "project"]
CODES = (
    "self",
    "same_org",
    "affiliated",
    "relation",
    "agreement",
    "introduction",
    "project",
    "declared",
)
#: Directory relation kinds that make two organisations one for conflict purposes.
AFFILIATION_KINDS = frozenset({"affiliated_hospital_of", "part_of"})

DECLARATION_LABELS: Mapping[str, tuple[str, str]] = {
    "board": ("董事或理事席位", "a board seat"),
    "shares": ("持股", "shares"),
    "supervisor": ("师生关系", "a supervisor/student tie"),
    "financial": ("经济利益", "a financial interest"),
    "other": ("其他利益关系", "another interest"),
}
RELATION_LABELS: Mapping[str, tuple[str, str]] = {
    "affiliated_hospital_of": ("附属医院", "affiliated hospital"),
    "part_of": ("隶属", "part of"),
    "member_of": ("成员", "member"),
    "located_in": ("入驻", "located in"),
    "founded_by": ("创办", "founded by"),
    "partner_of": ("合作伙伴", "partner"),
}

TEMPLATES: Mapping[str, tuple[str, str]] = {
    "self": ("专家本人是申请人。", "The expert is one of the applicants."),
    "same_org": (
        "专家所在机构「{expert_org}」即申请机构。",
        "The expert works at the applicant organisation {expert_org}.",
    ),
    "affiliated": (
        "专家所在机构「{expert_org}」与申请机构「{other_org}」存在{detail}关系。",
        "The expert's organisation {expert_org} and the applicant {other_org} are "
        "affiliated ({detail}).",
    ),
    "relation": (
        "专家所在机构「{expert_org}」与申请机构「{other_org}」{since}存在{detail}关系。",
        "The expert's organisation {expert_org} and the applicant {other_org} have a "
        "{detail} relation{since}.",
    ),
    "agreement": (
        "专家所在机构「{expert_org}」与申请机构「{other_org}」于{on}签订协议「{detail}」。",
        "The expert's organisation {expert_org} signed the agreement “{detail}” with the "
        "applicant {other_org} on {on}.",
    ),
    "introduction": (
        "专家所在机构「{expert_org}」与申请机构「{other_org}」于{on}有对接引荐「{detail}」。",
        "The expert's organisation {expert_org} and the applicant {other_org} were "
        "introduced on {on} (“{detail}”).",
    ),
    "project": (
        "专家所在机构「{expert_org}」与申请机构「{other_org}」共同参与项目「{detail}」（{on}）。",
        "The expert's organisation {expert_org} and the applicant {other_org} worked together "
        "on the project “{detail}” ({on}).",
    ),
    "declared": (
        "专家申报与「{other_org}」有{detail}。",
        "The expert declared {detail} in {other_org}.",
    ),
}


@dataclass(frozen=True, slots=True)
class Link:
    """A tie between two organisations: a relation, agreement, introduction or project.

    ``on`` is the latest date the tie was current (a relation's end, or None while it
    lasts; an agreement's signing; an introduction's last change; a project's last
    activity). ``detail`` is a relation kind code or the agreement/introduction/project
    title.
    """

    kind: LinkKind
    a: str
    b: str
    on: date | None = None
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Declaration:
    """An interest the expert declared in an organisation or a person."""

    kind: str
    org_id: str = ""
    person_id: str = ""
    note: str = ""


@dataclass(frozen=True, slots=True)
class Expert:
    """An expert: their person id, organisations (with when they left, if they did)."""

    id: str
    person_id: str
    orgs: Mapping[str, date | None] = field(default_factory=dict)
    declarations: tuple[Declaration, ...] = ()


@dataclass(frozen=True, slots=True)
class Applicant:
    """An application's organisations (applicant and partners) and people."""

    id: str
    org_ids: frozenset[str] = frozenset()
    person_ids: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Conflict:
    """One reason an expert may not review an application."""

    code: str
    expert_org: str = ""
    other_org: str = ""
    on: date | None = None
    detail: str = ""
    detail_en: str = ""

    def text(self, lang: str, names: Mapping[str, tuple[str, str]] | None = None) -> str:
        """Explain the conflict in Chinese (``lang`` starting "zh") or English.

        ``names`` maps organisation ids to (Chinese, English) names; ids stand in otherwise.
        """
        zh = lang.lower().startswith("zh")
        names = names or {}

        def name(org: str) -> str:
            pair = names.get(org)
            if pair is None:
                return org
            return pair[0] if zh or not pair[1] else pair[1]

        template = TEMPLATES[self.code][0 if zh else 1]
        on = self.on.isoformat() if self.on else ""
        if zh:
            since = f"（至{on}）" if on and self.code == "relation" else ""
        else:
            since = f" (until {on})" if on and self.code == "relation" else ""
        return template.format(
            expert_org=name(self.expert_org),
            other_org=name(self.other_org),
            on=on,
            since=since,
            detail=self.detail if zh or not self.detail_en else self.detail_en,
        )


@dataclass(slots=True)
class Graph:
    """Links indexed by organisation, for fast pairwise look-ups."""

    by_org: dict[str, list[Link]] = field(default_factory=dict)

    @classmethod
    def of(cls, links: Iterable[Link]) -> Graph:
        graph = cls()
        for link in links:
            if link.a == link.b:
                continue
            graph.by_org.setdefault(link.a, []).append(link)
            graph.by_org.setdefault(link.b, []).append(link)
        return graph

    def between(self, org: str, others: frozenset[str]) -> list[tuple[Link, str]]:
        """Return links from ``org`` to any of ``others``, with the other end."""
        found = []
        for link in self.by_org.get(org, ()):
            other = link.b if link.a == org else link.a
            if other in others:
                found.append((link, other))
        return found


def window_start(today: date, years: int) -> date:
    """Return the first day inside a window of ``years`` years ending ``today``."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def _recent(on: date | None, start: date) -> bool:
    return on is None or on >= start


def _link_conflict(link: Link, expert_org: str, other: str) -> Conflict | None:
    if link.kind == "relation":
        label = RELATION_LABELS.get(link.detail, (link.detail, link.detail))
        code = "affiliated" if link.detail in AFFILIATION_KINDS else "relation"
        return Conflict(code, expert_org, other, link.on, label[0], label[1])
    return Conflict(link.kind, expert_org, other, link.on, link.detail)


def find_conflicts(
    expert: Expert, applicant: Applicant, graph: Graph, *, today: date, years: int = 3
) -> list[Conflict]:
    """Return every conflict between the expert and the application (empty: may review)."""
    start = window_start(today, years)
    found: dict[tuple[str, str, str, str], Conflict] = {}

    def add(conflict: Conflict) -> None:
        key = (conflict.code, conflict.expert_org, conflict.other_org, conflict.detail)
        found.setdefault(key, conflict)

    if expert.person_id and expert.person_id in applicant.person_ids:
        add(Conflict("self"))
    for org, left_on in expert.orgs.items():
        if not _recent(left_on, start):
            continue
        if org in applicant.org_ids:
            add(Conflict("same_org", org, org, left_on))
        for link, other in graph.between(org, applicant.org_ids):
            # affiliation holds whatever the date; every other tie only inside the window
            timeless = link.kind == "relation" and link.detail in AFFILIATION_KINDS
            if timeless or _recent(link.on, start):
                conflict = _link_conflict(link, org, other)
                if conflict is not None:
                    add(conflict)
    for declaration in expert.declarations:
        hit_org = declaration.org_id and declaration.org_id in applicant.org_ids
        hit_person = declaration.person_id and declaration.person_id in applicant.person_ids
        if hit_org or hit_person:
            label = DECLARATION_LABELS.get(declaration.kind, DECLARATION_LABELS["other"])
            target = declaration.org_id if hit_org else declaration.person_id
            add(Conflict("declared", "", target, None, label[0], label[1]))
    order = {code: i for i, code in enumerate(CODES)}
    return sorted(
        found.values(), key=lambda c: (order[c.code], c.expert_org, c.other_org, c.detail)
    )
