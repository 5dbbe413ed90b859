"""Write operations on people and their affiliations.

A person may belong to several organisations. ``update_person`` changes their own fields
only for an editor who governs them (``directory.change_person``) and replaces only the
affiliations at organisations the editor runs: another organisation's affiliation is never
added, retitled or removed by this organisation's admin.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction

from qiao.core import effects, policy, writes
from qiao.core.text import index_document
from qiao.directory import policies
from qiao.directory.models import Affiliation, Person
from qiao.directory.services.versions import check_version, touch

PERSON_FIELDS = frozenset(
    {"name_zh", "name_en", "expertise", "is_think_tank_expert", "email", "phone", "expertise_terms"}
)
TITLE_FIELDS = frozenset({"title_zh", "title_en"})


def person_search_document(
    person: Person, *, organisation_names: Iterable[str] = (), titles: Iterable[str] = ()
) -> str:
    return index_document(
        names=[person.name_zh, person.name_en],
        texts=[person.expertise, *organisation_names, *titles],
    )


def reindex_person(*, person: Person) -> None:
    """Recompute the person's search document (a derived column, not audited)."""
    affiliations = list(person.affiliations.select_related("organisation"))
    person.search_document = person_search_document(
        person,
        organisation_names=[
            n for a in affiliations for n in (a.organisation.name_zh, a.organisation.short_name_zh)
        ],
        titles=[t for a in affiliations for t in (a.title_zh, a.title_en)],
    )
    person.save(update_fields=["search_document", "updated_at"])


def _differs(person: Person, name: str, value: Any) -> bool:
    if name == "expertise_terms":
        current = {t.pk for t in person.expertise_terms.all()} if person.pk else set()
        return current != {t.pk for t in value}
    return getattr(person, name) != value


@transaction.atomic
def create_person(
    *, by, data: Mapping[str, Any], affiliations: Iterable[Mapping[str, Any]] = ()
) -> Person:
    """Create a person with their affiliations.

    Each affiliation is ``{"organisation": Organisation, "title_zh": …, "title_en": …}``.
    An admin may only create people affiliated with organisations they run (and at least
    one), so the person they create is one they may edit.
    """
    policy.authorize(by, "directory.create_person")
    person = writes.create(Person, actor=by, data=data, allowed=PERSON_FIELDS)
    for record, organisation in _replace_affiliations(person, by, list(affiliations)):
        record(person, actor=by, part=organisation, field="affiliations")
    policy.authorize(by, "directory.change_person", person)
    reindex_person(person=person)
    effects.emit("person_changed", person_id=person.pk)
    return person


@transaction.atomic
def update_person(
    *,
    person: Person,
    by,
    data: Mapping[str, Any],
    affiliations: Iterable[Mapping[str, Any]] | None = None,
    version: int | None = None,
) -> Person:
    """Change the person's own fields and, if given, their affiliations with the
    organisations ``by`` runs (the others stay as they are). Return the person."""
    check_version(person, version)
    data = {name: value for name, value in data.items() if _differs(person, name, value)}
    if data:
        policy.authorize(by, "directory.change_person", person)
    changes = writes.update(person, actor=by, data=data, allowed=PERSON_FIELDS, version=version)
    done = []
    if affiliations is not None:
        done = _replace_affiliations(person, by, list(affiliations))
        if done and not changes:
            touch(person)
        for record, organisation in done:
            record(person, actor=by, part=organisation, field="affiliations")
    if changes or done:
        reindex_person(person=person)
        effects.emit("person_changed", person_id=person.pk)
    return person


def _replace_affiliations(person: Person, by, wanted: list[Mapping[str, Any]]):
    """Make the person's affiliations at organisations ``by`` runs exactly ``wanted``.

    Return what happened as (writes.record_added/record_removed, organisation) pairs for
    the caller to record once the person's version has moved; title changes are audited on
    the affiliation itself.
    """
    current = {a.organisation_id: a for a in person.affiliations.select_related("organisation")}
    governed = {pk for pk in current if policies.runs(by, pk)}
    by_organisation = {a["organisation"].pk: a for a in wanted}
    done: list[tuple[Any, Any]] = []
    for organisation_id in governed - set(by_organisation):
        affiliation = current.pop(organisation_id)
        policy.authorize(by, "directory.change_affiliation", affiliation)
        affiliation.delete()
        done.append((writes.record_removed, affiliation.organisation))
    for organisation_id, item in by_organisation.items():
        titles = {name: item.get(name) or "" for name in TITLE_FIELDS}
        affiliation = current.get(organisation_id)
        if affiliation is None:
            affiliation = Affiliation(
                person=person, organisation=item["organisation"], is_primary=not current, **titles
            )
            policy.authorize(by, "directory.change_affiliation", affiliation)
            affiliation.full_clean()
            affiliation.save()
            current[organisation_id] = affiliation
            done.append((writes.record_added, affiliation.organisation))
        else:
            policy.authorize(by, "directory.change_affiliation", affiliation)
            if writes.update(affiliation, actor=by, data=titles, allowed=TITLE_FIELDS):
                done.append((_noop, affiliation.organisation))
    sets_all = set(current) == set(by_organisation)
    _keep_one_primary(current, by, next(iter(by_organisation), None) if sets_all else None)
    return done


def _noop(*args, **kwargs) -> None:
    """A title change: already audited on the affiliation, but it still moves the version."""


def _keep_one_primary(current: dict[int, Affiliation], by, first: int | None) -> None:
    """Exactly one primary affiliation: ``first`` when the editor set them all, else the
    existing primary, else the oldest."""
    if not current:
        return
    if first is None:
        primaries = [pk for pk, a in current.items() if a.is_primary]
        first = primaries[0] if primaries else min(current, key=lambda pk: current[pk].pk)
    for organisation_id, affiliation in current.items():
        wanted = organisation_id == first
        if affiliation.is_primary != wanted:
            writes.update(
                affiliation, actor=by, data={"is_primary": wanted}, allowed={"is_primary"}
            )
