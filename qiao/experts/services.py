"""Writes of the think tank: appoint and change experts, declarations, opinions on needs."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from qiao.core import effects, policy, writes
from qiao.core.text import index_document
from qiao.directory.models import Person
from qiao.experts import policies  # noqa: F401  (registers the rules)
from qiao.experts.models import Declaration, Expert, Opinion
from qiao.market.models import Listing

__all__ = [
    "EXPERT_FIELDS",
    "OPINION_FIELDS",
    "appoint_expert",
    "declare_interest",
    "give_opinion",
    "update_expert",
]

EXPERT_FIELDS = frozenset(
    {
        "fields_zh",
        "fields_en",
        "terms",
        "title",
        "body",
        "term_start",
        "term_end",
        "status",
        "capacity",
        "letter_no",
    }
)
OPINION_FIELDS = frozenset({"verdict", "clinical_value", "feasibility", "suggestions", "shown"})


def expert_search_document(expert: Expert) -> str:
    person = expert.person
    orgs = [a.organisation for a in person.affiliations.select_related("organisation")]
    return index_document(
        names=[person.name_zh, person.name_en, *(o.name_zh for o in orgs)],
        texts=[expert.fields_zh, expert.fields_en, expert.title, expert.body, person.expertise,
               *(o.name_en for o in orgs), *(t.name_zh for t in expert.terms.all())],
    )  # fmt: skip


def _reindex(expert: Expert) -> None:
    expert.search_document = expert_search_document(expert)
    Expert.objects.filter(pk=expert.pk).update(search_document=expert.search_document)


@transaction.atomic
def appoint_expert(*, by, person: Person, **fields: Any) -> Expert:
    """Appoint a person to the pool for a term; marks the person as a think-tank expert."""
    policy.authorize(by, "experts.appoint_expert", person)
    expert = writes.create(
        Expert, actor=by, data=fields, allowed=EXPERT_FIELDS, fixed={"person": person}
    )
    if not person.is_think_tank_expert:
        writes.update(person, actor=by, data={"is_think_tank_expert": True},
                      allowed={"is_think_tank_expert"})  # fmt: skip
    _reindex(expert)
    effects.emit("expert_changed", expert_id=expert.pk)
    return expert


@transaction.atomic
def update_expert(*, expert: Expert, by, version: int | None = None, **fields: Any) -> Expert:
    """Change an expert's fields, appointment, status or availability (409 when stale)."""
    policy.authorize(by, "experts.change_expert", expert)
    if writes.update(expert, actor=by, data=fields, allowed=EXPERT_FIELDS, version=version):
        _reindex(expert)
        effects.emit("expert_changed", expert_id=expert.pk)
    return expert


@transaction.atomic
def declare_interest(*, expert: Expert, by, **fields: Any) -> Declaration:
    """Record an interest the expert declares (it excludes them from reviewing that party)."""
    policy.authorize(by, "experts.declare_interest", expert)
    return writes.create(
        Declaration,
        actor=by,
        data=fields,
        allowed={"kind", "organisation", "person", "note"},
        fixed={"expert": expert},
    )


@transaction.atomic
def give_opinion(*, expert: Expert, need: Listing, by, **fields: Any) -> Opinion:
    """Write (or rewrite) the expert's opinion on a clinical need."""
    policy.authorize(by, "experts.give_opinion", expert)
    existing = Opinion.objects.filter(expert=expert, need=need).first()
    if existing is not None:
        policy.authorize(by, "experts.change_opinion", existing)
        version = fields.pop("version", None)
        writes.update(existing, actor=by, data=fields, allowed=OPINION_FIELDS, version=version)
        return existing
    return writes.create(
        Opinion,
        actor=by,
        data=fields,
        allowed=OPINION_FIELDS,
        fixed={"expert": expert, "need": need, "created_by": by},
    )
