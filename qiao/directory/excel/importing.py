"""The import: check every row, then save everything in one transaction, or nothing."""

from __future__ import annotations

from collections import Counter
from contextlib import contextmanager
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import EmailField
from django.utils.translation import gettext as _

from qiao.core import audit
from qiao.directory import services
from qiao.directory.excel.checking import (
    _OrganisationPlan,
    _PersonPlan,
    _plan_organisations,
    _plan_people,
)
from qiao.directory.excel.layout import (
    _SHEETS,
    ORGANISATION_SHEET,
    PEOPLE_SHEET,
    ImportResult,
    ImportSummary,
    RowError,
    WorkbookError,
)
from qiao.directory.excel.reading import _read_workbook, _Sheet
from qiao.directory.models import Organisation, Person

# --- Importing -------------------------------------------------------------------------


class _RowFailed(Exception):
    def __init__(self, error: RowError):
        self.error = error


def import_workbook(*, upload, by=None, on_stage=None) -> ImportResult:
    """Check every row of the uploaded workbook; save all of it only if no row has an error.

    ``by`` is the operator importing (``None``: the system), recorded on every row written.

    Raises WorkbookError when the upload is too big, not a workbook, or has no data.
    ``on_stage(stage, rows)`` is told "checking" and then "saving" (background imports show
    it); a saved import is audited as one entry with its counts, in the same transaction.
    """
    on_stage = on_stage or (lambda stage, rows: None)
    sheets = _read_workbook(upload)
    if not any(sheet.rows for sheet in sheets.values()):
        raise WorkbookError(
            _("The workbook has no rows to import on sheet %(organisations)s or %(people)s.")
            % {"organisations": ORGANISATION_SHEET, "people": PEOPLE_SHEET}
        )
    from qiao.directory import excel_parts

    empty = _Sheet(title="")
    organisation_sheet = sheets.get(ORGANISATION_SHEET, empty)
    people_sheet = sheets.get(PEOPLE_SHEET, empty)
    on_stage("checking", len(organisation_sheet.rows) + len(people_sheet.rows))
    errors = organisation_sheet.errors + people_sheet.errors
    organisation_plans: list[_OrganisationPlan] = []
    person_plans: list[_PersonPlan] = []
    if not organisation_sheet.errors:
        organisation_plans, row_errors = _plan_organisations(organisation_sheet)
        errors += row_errors
    in_file = {row.values.get("中文名称", "") for row in organisation_sheet.rows} - {""}
    if not people_sheet.errors:
        person_plans, row_errors = _plan_people(people_sheet, organisations_in_file=in_file)
        errors += row_errors
    part_sheets = {t: s for t, s in sheets.items() if t not in _SHEETS}
    errors += [error for s in part_sheets.values() for error in s.errors]
    part_plans, row_errors = excel_parts.plan_parts(
        {t: s for t, s in part_sheets.items() if not s.errors}, organisations_in_file=in_file
    )
    errors += row_errors
    if errors:
        return ImportResult(errors=errors)
    rows = {
        ORGANISATION_SHEET: [row.number for row in organisation_sheet.rows],
        PEOPLE_SHEET: [row.number for row in people_sheet.rows],
    }
    on_stage("saving", len(organisation_plans) + len(person_plans) + len(part_plans))
    try:
        with transaction.atomic():
            summary = _apply(organisation_plans, person_plans, rows=rows, by=by, parts=part_plans)
            audit.record_import(model=Organisation, actor=by, counts=vars(summary))
    except _RowFailed as failure:
        return ImportResult(errors=[failure.error])
    return ImportResult(summary=summary)


def _apply(organisation_plans, person_plans, *, rows, by, parts=()) -> ImportSummary:
    counts: Counter[str] = Counter()
    saved: dict[str, Organisation] = {}
    for number, plan in zip(rows[ORGANISATION_SHEET], organisation_plans, strict=True):
        with _reported(ORGANISATION_SHEET, number):
            organisation, outcome = _save_organisation(plan, by)
        saved[organisation.name_zh] = organisation
        counts[f"organisations_{outcome}"] += 1
    for number, plan in zip(rows[PEOPLE_SHEET], person_plans, strict=True):
        organisation = saved.get(plan.organisation_name, plan.organisation)
        with _reported(PEOPLE_SHEET, number):
            counts[f"people_{_save_person(plan, organisation, by)}"] += 1
    if parts:
        from qiao.directory.excel_parts import save_part

        named = {p.owner_name for p in parts} | {
            p.fields["target"] for p in parts if "target" in p.fields
        }
        stored = Organisation.objects.filter(name_zh__in=named - saved.keys())
        organisations = {o.name_zh: o for o in stored} | saved
        for part in parts:
            with _reported(part.sheet.title, part.row):
                counts[f"parts_{save_part(part, organisations, by)}"] += 1
    return ImportSummary(**counts)


@contextmanager
def _reported(sheet: str, row: int):
    """Turn a ValidationError the checks missed (e.g. a concurrent edit) into a row error."""
    try:
        yield
    except ValidationError as error:
        raise _RowFailed(RowError(sheet, row, "", "; ".join(error.messages))) from error


def _differs(instance, name: str, value: Any) -> bool:
    model_field = instance._meta.get_field(name)
    current = getattr(instance, model_field.attname)
    if model_field.is_relation:
        return current != value.pk
    if isinstance(model_field, EmailField):
        return current.lower() != value.lower()  # people are matched by address, any case
    return current != value


def _save_organisation(plan: _OrganisationPlan, by) -> tuple[Organisation, str]:
    tagged = [term for terms in plan.terms.values() for term in terms]
    if plan.existing is None:
        data = {**plan.fields, "terms": tagged}
        return services.create_organisation(by=by, data=data), "created"
    organisation = plan.existing
    changes = {n: v for n, v in plan.fields.items() if _differs(organisation, n, v)}
    current = list(organisation.terms.all())
    wanted = [t for t in current if t.vocabulary not in plan.terms] + tagged
    terms = wanted if {t.pk for t in wanted} != {t.pk for t in current} else None
    if not changes and terms is None:
        return organisation, "unchanged"
    if terms is not None:
        changes["terms"] = terms
    services.update_organisation(organisation=organisation, by=by, data=changes)
    return organisation, "updated"


def _save_person(plan: _PersonPlan, organisation: Organisation | None, by) -> str:
    person = plan.existing or Person()
    changes = {n: v for n, v in plan.fields.items() if not plan.existing or _differs(person, n, v)}
    affiliations = _affiliations(plan, organisation)
    if plan.existing and not changes and affiliations is None:
        return "unchanged"
    if plan.existing is None:
        services.create_person(by=by, data=changes, affiliations=affiliations or ())
    else:
        services.update_person(person=person, by=by, data=changes, affiliations=affiliations)
    return "updated" if plan.existing else "created"


def _affiliations(plan: _PersonPlan, organisation: Organisation | None) -> list[dict] | None:
    """Return the person's affiliations with the row's one added or retitled; None if same."""
    if organisation is None:
        return None
    current = [
        {"organisation": a.organisation, "title_zh": a.title_zh, "title_en": a.title_en}
        for a in (plan.existing.affiliations.all() if plan.existing else ())
    ]
    entry = next((a for a in current if a["organisation"].pk == organisation.pk), None)
    if entry is None:
        current.append({"organisation": organisation, "title_zh": plan.title_zh})
    elif plan.title_zh and entry["title_zh"] != plan.title_zh:
        entry["title_zh"] = plan.title_zh
    else:
        return None
    return current
