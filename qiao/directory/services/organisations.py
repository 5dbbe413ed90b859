"""Write operations on organisations and their parts.

Every service takes the acting user (``by``; ``None`` is the system), asks one rule of
``directory/policies.py``, writes through ``qiao.core.writes`` with the fields it names, and
after the commit emits ``organisation_changed``: the matching index and the agreement
groups listen to that topic instead of watching ``updated_at``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from qiao.core import audit, effects, policy, writes
from qiao.core.text import index_document
from qiao.directory import (
    policies,  # noqa: F401  (registers the rules)
    ranking,
)
from qiao.directory.models import (
    Capability,
    Credential,
    Department,
    KeyFigure,
    Organisation,
    OrganisationNameKey,
    OrganisationRelation,
)
from qiao.directory.names import clean_lines, clean_name, name_key
from qiao.directory.services.versions import check_version, touch
from qiao.directory.validators import clean_credit_code
from qiao.taxonomy.models import Term, Vocabulary

FULL_NAMES = ("name_zh", "name_en")
SHORT_NAMES = ("short_name_zh", "short_name_en")
NAME_FIELDS = FULL_NAMES + SHORT_NAMES
ORGANISATION_FIELDS = frozenset(
    {
        "kind",
        *NAME_FIELDS,
        "aliases",
        "province",
        "city",
        "district",
        "address",
        "website",
        "founded_year",
        "description_zh",
        "description_en",
        "visibility",
        "terms",
        "credit_code",
    }
)
# The fields of each part a caller may set, and the organisation's name for its parts.
PART_FIELDS: dict[type[models.Model], frozenset[str]] = {
    Department: frozenset({"name_zh", "name_en", "key_specialty_level", "description"}),
    Capability: frozenset({"kind", "name_zh", "name_en", "technology_area", "description"}),
    Credential: frozenset(
        {"kind", "number", "title", "device_class", "category", "status", "issued_on"}
    ),
    KeyFigure: frozenset(
        {
            "label_zh",
            "label_en",
            "value",
            "unit_zh",
            "unit_en",
            "as_of",
            "position",
            "source",
            "counts",
        }
    ),
    OrganisationRelation: frozenset({"target", "kind", "started_on", "ended_on", "note"}),
}
PART_NAMES = {
    Department: "departments",
    Capability: "capabilities",
    Credential: "credentials",
    KeyFigure: "key_figures",
    OrganisationRelation: "relations_out",
}


def _names(organisation: Organisation) -> list[str]:
    return [
        organisation.name_zh,
        organisation.name_en,
        organisation.short_name_zh,
        organisation.short_name_en,
        *organisation.alias_list,
    ]


def organisation_search_document(
    organisation: Organisation,
    *,
    terms: Iterable[Term] = (),
    extra_texts: Iterable[str] = (),
) -> str:
    """Return the search tokens of an organisation, its tags and other related texts."""
    texts = [
        organisation.description_zh,
        organisation.description_en,
        organisation.province,
        organisation.city,
        organisation.district,
        *organisation.kind.search_texts(),
        *extra_texts,
    ]
    for term in terms:
        texts.extend(term.search_texts())
    return index_document(names=_names(organisation), texts=texts)


def set_search_fields(
    organisation: Organisation,
    *,
    terms: Iterable[Term] = (),
    part_names: Iterable[str] = (),
    relations: int = 0,
    has_credentials: bool = False,
) -> None:
    """Fill the organisation's search document, its ranked parts, keys and boost (unsaved).

    ``part_names`` are the names of its capabilities and departments: searched and ranked
    with the tags.
    """
    terms = list(terms)
    part_names = [n for n in part_names if n]
    tag_texts = [text for term in terms for text in term.search_texts()] + part_names
    names = _names(organisation)
    organisation.search_document = organisation_search_document(
        organisation, terms=terms, extra_texts=part_names
    )
    organisation.name_document = ranking.name_document(names)
    organisation.tag_document = ranking.tag_document(tag_texts)
    organisation.search_keys = ranking.search_keys(names=names, tag_names=tag_texts)
    organisation.search_boost = ranking.search_boost(
        stages=[t.code for t in terms if t.vocabulary == Vocabulary.LIFECYCLE_STAGE],
        relations=relations,
        has_credentials=has_credentials,
        other_names=bool(organisation.alias_list),
    )


SEARCH_FIELDS = ["search_document", "name_document", "tag_document", "search_keys", "search_boost"]


def reindex_organisation(*, organisation: Organisation) -> None:
    """Recompute the organisation's search fields (derived columns, not audited).

    Saved with ``updated_at``, so nothing that reads the row's age misses the change.
    """
    part_names = [
        text
        for capability in organisation.capabilities.all()
        for text in (capability.name_zh, capability.name_en)
    ]
    part_names += [d.name_zh for d in organisation.departments.all()]
    relations = OrganisationRelation.objects.filter(
        models.Q(source=organisation) | models.Q(target=organisation)
    ).count()
    set_search_fields(
        organisation,
        terms=organisation.terms.all(),
        part_names=part_names,
        relations=relations,
        has_credentials=organisation.credentials.exists(),
    )
    organisation.updated_at = timezone.now()
    organisation.save(update_fields=[*SEARCH_FIELDS, "updated_at"])


def _changed(organisation: Organisation) -> None:
    reindex_organisation(organisation=organisation)
    effects.emit("organisation_changed", organisation_id=organisation.pk)


# --- Names ---------------------------------------------------------------------------------


def _cleaned(data: Mapping[str, Any]) -> dict[str, Any]:
    data = dict(data)
    for name in NAME_FIELDS:
        if isinstance(data.get(name), str):
            data[name] = clean_name(data[name])
    if isinstance(data.get("aliases"), str):
        data["aliases"] = clean_lines(data["aliases"])
    if isinstance(data.get("credit_code"), str):
        data["credit_code"] = clean_credit_code(data["credit_code"])
    return data


def _check_credit_code(organisation: Organisation | None, code: str | None) -> None:
    """Refuse a credit code another organisation holds, on the field (not as a 500)."""
    if not code:
        return
    holders = Organisation.objects.filter(credit_code=code)
    if organisation is not None and organisation.pk:
        holders = holders.exclude(pk=organisation.pk)
    other = holders.first()
    if other is not None:
        raise ValidationError(
            {
                "credit_code": _("“%(other)s” already has this unified social credit code.")
                % {"other": other.name_zh}
            }
        )


def _collision(field_name: str, other: Organisation) -> ValidationError:
    return ValidationError(
        {
            field_name: _(
                "This name looks the same as that of “%(other)s” (ignoring invisible "
                "characters, full-width letters, traditional characters and look-alike "
                "letters). Choose a name that tells the two apart."
            )
            % {"other": other.name_zh}
        }
    )


def _check_names(organisation: Organisation | None, names: Mapping[str, str]) -> dict[str, str]:
    """Refuse names that look like another organisation's; return {field: key} checked.

    A full name may look like no other organisation's name, full or short; a short name
    may look like no other organisation's full name.
    """
    keys = {f: name_key(v) for f, v in names.items() if v}
    keys = {f: k for f, k in keys.items() if k}
    taken = OrganisationNameKey.objects.filter(key__in=keys.values()).select_related("organisation")
    if organisation is not None and organisation.pk:
        taken = taken.exclude(organisation=organisation)
    holders: dict[tuple[str, bool], Organisation] = {
        (row.key, row.is_full_name): row.organisation for row in taken
    }
    for field_name, key in keys.items():
        if field_name in FULL_NAMES:
            other = holders.get((key, True)) or holders.get((key, False))
        else:
            other = holders.get((key, True))
        if other is not None:
            raise _collision(field_name, other)
    return keys


def _store_name_keys(organisation: Organisation, checked: Mapping[str, str]) -> None:
    """Replace the organisation's keys; a full name's key taken meanwhile (a racing
    rename) is refused by the database's unique constraint."""
    OrganisationNameKey.objects.filter(organisation=organisation).delete()
    full = {name_key(getattr(organisation, f)) for f in FULL_NAMES} - {""}
    short = {name_key(getattr(organisation, f)) for f in SHORT_NAMES} - {""} - full
    for field_name, key in checked.items():
        if key not in full:
            continue
        try:
            with transaction.atomic():
                OrganisationNameKey.objects.get_or_create(organisation=organisation, key=key)
        except IntegrityError:
            holder = OrganisationNameKey.objects.select_related("organisation").get(
                key=key, is_full_name=True
            )
            raise _collision(field_name, holder.organisation) from None
    # Names that didn't change keep their key unless an older row already holds it.
    OrganisationNameKey.objects.bulk_create(
        [OrganisationNameKey(organisation=organisation, key=k) for k in full],
        ignore_conflicts=True,
    )
    OrganisationNameKey.objects.bulk_create(
        [OrganisationNameKey(organisation=organisation, key=k, is_full_name=False) for k in short]
    )


# --- Organisations -------------------------------------------------------------------------


@transaction.atomic
def create_organisation(*, by, data: Mapping[str, Any]) -> Organisation:
    """Create an organisation (``data["terms"]`` are its tags); refuse look-alike names."""
    policy.authorize(by, "directory.create_organisation")
    data = _cleaned(data)
    _check_credit_code(None, data.get("credit_code"))
    checked = _check_names(None, {f: data.get(f, "") for f in NAME_FIELDS})
    organisation = writes.create(Organisation, actor=by, data=data, allowed=ORGANISATION_FIELDS)
    _store_name_keys(organisation, checked)
    _changed(organisation)
    return organisation


# What anyone running an organisation may record about an outside one they serve.
VISITOR_FIELDS = frozenset({"kind", "name_zh", "name_en", "city"})


@transaction.atomic
def create_visitor_organisation(*, by, data: Mapping[str, Any]) -> Organisation:
    """Record an outside organisation an admin serves (a shared lab's walk-in customer).

    Visible to members only, with the few fields the admin knows; look-alike names of an
    existing organisation are refused as for any organisation, so it is found, not doubled.
    """
    policy.authorize(by, "directory.create_visitor_organisation")
    data = _cleaned(data)
    checked = _check_names(None, {f: data.get(f, "") for f in NAME_FIELDS})
    organisation = writes.create(
        Organisation,
        actor=by,
        data=data,
        allowed=VISITOR_FIELDS,
        fixed={"visibility": Organisation.Visibility.MEMBERS},
    )
    _store_name_keys(organisation, checked)
    _changed(organisation)
    return organisation


@transaction.atomic
def update_organisation(
    *, organisation: Organisation, by, data: Mapping[str, Any], version: int | None = None
) -> dict:
    """Change the given fields (tags as ``terms``); return {field: (before, after)}.

    A stale ``version`` is a ``Conflict``; a name that looks like another organisation's is
    a ``ValidationError`` on that field.
    """
    policy.authorize(by, "directory.change_organisation", organisation)
    data = _cleaned(data)
    if "credit_code" in data:
        _check_credit_code(organisation, data["credit_code"])
    renamed = {f: data[f] for f in NAME_FIELDS if f in data and data[f] != getattr(organisation, f)}
    checked = _check_names(organisation, renamed) if renamed else {}
    changes = writes.update(
        organisation, actor=by, data=data, allowed=ORGANISATION_FIELDS, version=version
    )
    if renamed:
        _store_name_keys(organisation, checked)
    if changes:
        _changed(organisation)
    return changes


# --- Parts ---------------------------------------------------------------------------------


def _owner_field(model) -> str:
    return "source" if model is OrganisationRelation else "organisation"


def _owner(part) -> Organisation:
    return getattr(part, _owner_field(type(part)))


def _rule(model) -> str:
    return f"directory.change_{model._meta.model_name}"


def _add(organisation: Organisation, by, model, data: Mapping[str, Any]):
    unknown = set(data) - PART_FIELDS[model]
    if unknown:
        raise TypeError(f"These fields may not be set here: {', '.join(sorted(unknown))}")
    part = model(**{_owner_field(model): organisation}, **data)
    policy.authorize(by, _rule(model), part)
    part.full_clean()
    part.save()
    _reindex_other_end(part)
    return part


def _reindex_other_end(part, *more_ids: int) -> None:
    """A relation counts for both ends' search boost: recompute the target's too (and a
    former target's). Derived columns only; the target's own trail is untouched."""
    if not isinstance(part, OrganisationRelation):
        return
    ids = {pk for pk in (part.target_id, *more_ids) if pk}
    for other in Organisation.objects.select_related("kind").filter(pk__in=ids):
        reindex_organisation(organisation=other)


def _record_added(organisation, by, part) -> None:
    writes.record_added(organisation, actor=by, part=part, field=PART_NAMES[type(part)])


def _change(part, by, data: Mapping[str, Any]) -> bool:
    policy.authorize(by, _rule(type(part)), part)
    before = str(part)
    old_target = getattr(part, "target_id", None)
    changes = writes.update(part, actor=by, data=data, allowed=PART_FIELDS[type(part)])
    part._qiao_before = before
    if changes:
        _reindex_other_end(part, old_target)
    return bool(changes)


def _record_changed(organisation, by, part) -> None:
    audit.record_change(
        instance=organisation,
        actor=by,
        action=audit.AuditEntry.Action.CHANGED,
        changes={PART_NAMES[type(part)]: (part._qiao_before, str(part))},
    )


def _remove(part, by) -> None:
    policy.authorize(by, _rule(type(part)), part)
    part.delete()
    _reindex_other_end(part)


def _record_removed(organisation, by, part) -> None:
    writes.record_removed(organisation, actor=by, part=part, field=PART_NAMES[type(part)])


@transaction.atomic
def add_part(*, organisation: Organisation, by, model, data: Mapping[str, Any]):
    """Add a department, capability, credential, key figure or relation (as its source)."""
    part = _add(organisation, by, model, data)
    touch(organisation)
    _record_added(organisation, by, part)
    _changed(organisation)
    return part


@transaction.atomic
def change_part(*, part, by, data: Mapping[str, Any]):
    """Change named fields of a part; the organisation's version moves with it."""
    if _change(part, by, data):
        organisation = _owner(part)
        touch(organisation)
        _record_changed(organisation, by, part)
        _changed(organisation)
    return part


@transaction.atomic
def remove_part(*, part, by) -> None:
    """Remove a part, recorded on its organisation's trail."""
    organisation = _owner(part)
    _remove(part, by)
    touch(organisation)
    _record_removed(organisation, by, part)
    _changed(organisation)


@dataclass
class PartEdit:
    """One row of a profile form: a new part (``part`` None) or named changes to one."""

    model: type[models.Model]
    data: dict[str, Any]
    part: models.Model | None = None


@dataclass
class ProfileChanges:
    edits: list[PartEdit] = field(default_factory=list)
    removed: list[models.Model] = field(default_factory=list)


@transaction.atomic
def save_organisation_profile(
    *,
    by,
    data: Mapping[str, Any],
    parts: ProfileChanges,
    organisation: Organisation | None = None,
    version: int | None = None,
) -> Organisation:
    """Create or update an organisation and its parts in one transaction (the edit page)."""
    if organisation is None:
        organisation = create_organisation(by=by, data=data)
        fresh = True
    else:
        fresh = False
        check_version(organisation, version)
        changed = bool(update_organisation(organisation=organisation, by=by, data=data))
    done: list[tuple[Any, Any]] = []
    for part in parts.removed:
        _remove(_own(organisation, part), by)
        done.append((_record_removed, part))
    for edit in parts.edits:
        if edit.part is None:
            done.append((_record_added, _add(organisation, by, edit.model, edit.data)))
        else:
            part = _own(organisation, edit.part)
            if _change(part, by, edit.data):
                done.append((_record_changed, part))
    if done:
        if not fresh and not changed:
            touch(organisation)
        for record, part in done:
            record(organisation, by, part)
        _changed(organisation)
    return organisation


def _own(organisation: Organisation, part):
    """The stored part, fetched again: a form's instance already holds the posted values."""
    model = type(part)
    return model._base_manager.get(pk=part.pk, **{_owner_field(model): organisation})
