"""Checking rows before anything is written: parsing cells, model checks, plans per row."""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from qiao.directory.excel.layout import (
    _ALIAS_SEPARATORS,
    _BOOLEANS,
    _TAG_SEPARATORS,
    FIRST_YEAR,
    INSTRUCTIONS_SHEET,
    ORGANISATION_COLUMNS,
    ORGANISATION_SHEET,
    PERSON_COLUMNS,
    TAG_VOCABULARIES,
    VALUES_SHEET,
    VISIBILITY_LABELS,
    RowError,
)
from qiao.directory.excel.reading import _Row, _Sheet
from qiao.directory.models import Affiliation, Organisation, Person
from qiao.directory.validators import clean_credit_code
from qiao.taxonomy.models import Term, Vocabulary

CREDIT_CODE = "统一社会信用代码"

# --- Checking --------------------------------------------------------------------------


def _key(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip().casefold()


class _TermIndex:
    """Find a vocabulary's term by Chinese name, English name, code or unambiguous synonym."""

    def __init__(self, terms: Iterable[Term]):
        self._terms: dict[str, Term] = {}
        synonyms: dict[str, Term | None] = {}
        for term in terms:
            for name in (term.name_zh, term.name_en, term.code):
                self._terms.setdefault(_key(name), term)
            for synonym in term.synonym_list:
                known = synonyms.setdefault(_key(synonym), term)
                if known is not None and known.pk != term.pk:
                    synonyms[_key(synonym)] = None
        for name, term in synonyms.items():
            if term is not None:
                self._terms.setdefault(name, term)

    def find(self, text: str) -> Term | None:
        return self._terms.get(_key(text))


def _term_indexes() -> dict[str, _TermIndex]:
    grouped: dict[str, list[Term]] = {vocabulary: [] for vocabulary in Vocabulary.values}
    for term in Term.objects.order_by("-is_active", "position", "code"):
        grouped[term.vocabulary].append(term)
    return {vocabulary: _TermIndex(terms) for vocabulary, terms in grouped.items()}


def _parse_kind(text: str, indexes: dict[str, _TermIndex]) -> Term:
    kind = indexes[Vocabulary.ORGANISATION_KIND].find(text)
    if kind is None:
        raise ValidationError(
            _(
                "Unknown organisation kind “%(value)s”; use a name or code listed on sheet "
                "%(sheet)s."
            )
            % {"value": text, "sheet": INSTRUCTIONS_SHEET}
        )
    return kind


def _parse_tags(text: str, index: _TermIndex) -> list[Term]:
    terms: dict[int, Term] = {}
    unknown = []
    for part in filter(None, (p.strip() for p in _TAG_SEPARATORS.split(text))):
        term = index.find(part)
        if term is None:
            unknown.append(part)
        else:
            terms.setdefault(term.pk, term)
    if unknown:
        raise ValidationError(
            ngettext(
                "Unknown tag “%(values)s”; use a name or code listed on sheet %(sheet)s.",
                "Unknown tags “%(values)s”; use names or codes listed on sheet %(sheet)s.",
                len(unknown),
            )
            % {"values": "、".join(unknown), "sheet": VALUES_SHEET}
        )
    return list(terms.values())


def _parse_year(text: str) -> int:
    last = timezone.now().year
    digits = text.removesuffix("年").strip()
    if not digits.isdigit() or not FIRST_YEAR <= int(digits) <= last:
        raise ValidationError(
            _("Write the year as four digits, between %(first)s and %(last)s.")
            % {"first": FIRST_YEAR, "last": last}
        )
    return int(digits)


def _parse_website(text: str) -> str:
    return text if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE) else f"https://{text}"


def _parse_visibility(text: str) -> str:
    for value, label in VISIBILITY_LABELS.items():
        if _key(text) in {label, str(value), _key(str(value.label))}:
            return value
    raise ValidationError(_("Write 公开 (public) or 仅会员 (members only)."))


def _parse_boolean(text: str) -> bool:
    if _key(text) not in _BOOLEANS:
        raise ValidationError(_("Write 是 (yes) or 否 (no)."))
    return _BOOLEANS[_key(text)]


_ORGANISATION_PARSERS = {
    "aliases": lambda text, _indexes: "\n".join(
        filter(None, (a.strip() for a in _ALIAS_SEPARATORS.split(text)))
    ),
    "kind": _parse_kind,
    "founded_year": lambda text, _indexes: _parse_year(text),
    "website": lambda text, _indexes: _parse_website(text),
    "visibility": lambda text, _indexes: _parse_visibility(text),
    "credit_code": lambda text, _indexes: clean_credit_code(text),
}


def _model_errors(instance, fields: Iterable[str], headers: dict[str, str]) -> dict[str, str]:
    """Return the model's own field checks (lengths, URL, e-mail) as {header: message}."""
    checked = set(fields)
    exclude = [f.name for f in instance._meta.fields if f.name not in checked]
    try:
        instance.clean_fields(exclude=exclude)
    except ValidationError as error:
        return {
            headers.get(name, name): messages[0] for name, messages in error.message_dict.items()
        }
    return {}


def _as_errors(sheet: str, row: _Row, problems: dict[str, str], columns) -> list[RowError]:
    order = [c.header for c in columns]
    return [
        RowError(sheet, row.number, header, problems[header])
        for header in sorted(problems, key=lambda h: order.index(h) if h in order else 99)
    ]


@dataclass
class _OrganisationPlan:
    existing: Organisation | None
    fields: dict[str, Any]
    terms: dict[str, list[Term]]


def _plan_organisations(sheet: _Sheet) -> tuple[list[_OrganisationPlan], list[RowError]]:
    names = {row.values.get("中文名称", "") for row in sheet.rows}
    existing = {
        o.name_zh: o
        for o in Organisation.objects.filter(name_zh__in=names - {""})
        .select_related("kind")
        .prefetch_related("terms")
    }
    indexes = _term_indexes()
    headers = {c.field: c.header for c in ORGANISATION_COLUMNS}
    plans, errors, seen = [], [], {}
    holders = _credit_code_holders(sheet)
    codes_seen: dict[str, int] = {}
    for row in sheet.rows:
        plan, problems = _plan_organisation(row, existing=existing, indexes=indexes)
        name = plan.fields.get("name_zh", "")
        if name in seen:
            problems.setdefault(
                "中文名称", _("The same name is in row %(row)s.") % {"row": seen[name]}
            )
        seen.setdefault(name, row.number)
        if code := plan.fields.get("credit_code"):
            problems.update(_credit_code_problem(plan, code, holders, codes_seen, row.number))
        problems = (
            _model_errors(_candidate(plan), plan.fields.keys() - {"kind"}, headers) | problems
        )
        errors += _as_errors(sheet.title, row, problems, ORGANISATION_COLUMNS)
        plans.append(plan)
    return plans, errors


def _credit_code_holders(sheet: _Sheet) -> dict[str, Organisation]:
    """The stored organisations holding the codes the sheet names, by code (one query)."""
    codes = {clean_credit_code(row.values.get(CREDIT_CODE, "")) for row in sheet.rows} - {""}
    return {o.credit_code: o for o in Organisation.objects.filter(credit_code__in=codes)}


def _credit_code_problem(plan, code: str, holders, codes_seen, number: int) -> dict[str, str]:
    """A code is one organisation's: not two rows', not another stored organisation's."""
    if code in codes_seen:
        return {
            CREDIT_CODE: _("The same unified social credit code is in row %(row)s.")
            % {"row": codes_seen[code]}
        }
    codes_seen[code] = number
    holder = holders.get(code)
    if holder is not None and (plan.existing is None or holder.pk != plan.existing.pk):
        return {
            CREDIT_CODE: _("“%(other)s” already has this unified social credit code.")
            % {"other": holder.name_zh}
        }
    return {}


def _plan_organisation(row: _Row, *, existing, indexes) -> tuple[_OrganisationPlan, dict]:
    problems: dict[str, str] = {}
    fields: dict[str, Any] = {}
    terms: dict[str, list[Term]] = {}
    for column in ORGANISATION_COLUMNS:
        text = row.values.get(column.header, "")
        try:
            if not text:
                if column.required:
                    raise ValidationError(_("This value is required."))
            elif column.field in TAG_VOCABULARIES:
                terms[column.field] = _parse_tags(text, indexes[column.field])
            else:
                parse = _ORGANISATION_PARSERS.get(column.field, lambda text, _indexes: text)
                fields[column.field] = parse(text, indexes)
        except ValidationError as error:
            problems[column.header] = error.messages[0]
    plan = _OrganisationPlan(existing.get(fields.get("name_zh")), fields, terms)
    return plan, problems


def _candidate(plan: _OrganisationPlan) -> Organisation:
    candidate = copy.copy(plan.existing) if plan.existing else Organisation()
    for name, value in plan.fields.items():
        setattr(candidate, name, value)
    return candidate


@dataclass
class _PersonPlan:
    existing: Person | None
    fields: dict[str, Any]
    organisation_name: str
    organisation: Organisation | None  # None when the organisation comes from the file
    title_zh: str


def _plan_people(sheet: _Sheet, *, organisations_in_file: set[str]):
    values = [row.values for row in sheet.rows]
    named = {v.get("所属机构", "") for v in values} - {""}
    organisations = _find_organisations(named, organisations_in_file=organisations_in_file)
    known = organisations_in_file | organisations.keys()
    by_email, by_name = _find_people(values, organisations)
    headers = {c.field: c.header for c in PERSON_COLUMNS}
    plans, errors, seen = [], [], {}
    for row in sheet.rows:
        problems: dict[str, str] = {}
        fields = _parse_person_fields(row, problems)
        email, name = fields.get("email", "").lower(), fields.get("name_zh", "")
        organisation_name = row.values.get("所属机构", "")
        organisation = organisations.get(organisation_name)
        existing = _existing_person(email, name, organisation, by_email, by_name)
        if not organisation_name and existing is None:
            problems.setdefault("所属机构", _("This value is required."))
        elif organisation_name and organisation_name not in known:
            problems["所属机构"] = _(
                "No organisation named “%(value)s” in Qiao or on sheet %(sheet)s."
            ) % {"value": organisation_name, "sheet": ORGANISATION_SHEET}
        key = ("email", email) if email else ("name", name, organisation_name)
        if key in seen:
            problems.setdefault(
                "邮箱" if email else "姓名",
                _("The same person is in row %(row)s.") % {"row": seen[key]},
            )
        seen.setdefault(key, row.number)
        title = row.values.get("职务", "")
        problems = _person_model_errors(existing, fields, title, headers) | problems
        errors += _as_errors(sheet.title, row, problems, PERSON_COLUMNS)
        plans.append(_PersonPlan(existing, fields, organisation_name, organisation, title))
    return plans, errors


def _person_model_errors(existing, fields, title: str, headers) -> dict[str, str]:
    candidate = copy.copy(existing) if existing else Person()
    for name, value in fields.items():
        setattr(candidate, name, value)
    title_errors = _model_errors(Affiliation(title_zh=title), ["title_zh"], headers)
    return title_errors | _model_errors(candidate, fields, headers)


def _existing_person(email, name, organisation, by_email, by_name) -> Person | None:
    """Return the person a row is about: by e-mail, else by name at the organisation."""
    if email and email in by_email:
        return by_email[email]
    person = by_name.get((name, organisation.pk)) if organisation else None
    if person is not None and person.email and email:
        return None  # two namesakes at one organisation, told apart by their e-mail
    return person


def _parse_person_fields(row: _Row, problems: dict[str, str]) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    for column in PERSON_COLUMNS:
        text = row.values.get(column.header, "")
        if column.field in ("organisation", "title_zh"):
            continue
        if not text:
            if column.required:
                problems[column.header] = _("This value is required.")
        elif column.field == "is_think_tank_expert":
            try:
                fields[column.field] = _parse_boolean(text)
            except ValidationError as error:
                problems[column.header] = error.messages[0]
        else:
            fields[column.field] = text
    return fields


def _find_organisations(names: set[str], *, organisations_in_file: set[str]):
    """Return stored organisations by the name a person row gives.

    The 中文名称 counts first; a name that is neither that nor on sheet 机构 may also be a
    unique short or English name.
    """
    found = {o.name_zh: o for o in Organisation.objects.filter(name_zh__in=names)}
    for name in names - found.keys() - organisations_in_file:
        matches = list(
            Organisation.objects.filter(Q(short_name_zh=name) | Q(name_en__iexact=name))[:2]
        )
        if len(matches) == 1:
            found[name] = matches[0]
    return found


def _find_people(values: list[dict[str, str]], organisations: dict[str, Organisation]):
    """Return existing people by lowercased e-mail and by (name, organisation id)."""
    affiliations = Affiliation.objects.select_related("organisation")
    people = Person.objects.prefetch_related(Prefetch("affiliations", queryset=affiliations))
    emails = {v.get("邮箱", "").lower() for v in values} - {""}
    by_email: dict[str, Person] = {}
    for person in (
        people.alias(email_key=Lower("email")).filter(email_key__in=emails).order_by("id")
    ):
        by_email.setdefault(person.email.lower(), person)
    names = {v.get("姓名", "") for v in values} - {""}
    pairs = list(
        Affiliation.objects.filter(
            person__name_zh__in=names, organisation__in=list(organisations.values())
        ).values_list("person_id", "person__name_zh", "organisation_id")
    )
    matched = {p.pk: p for p in people.filter(pk__in={pk for pk, _name, _org in pairs})}
    by_name: dict[tuple[str, int], Person] = {}
    for person_id, name, organisation_id in sorted(pairs):
        by_name.setdefault((name, organisation_id), matched[person_id])
    return by_email, by_name
