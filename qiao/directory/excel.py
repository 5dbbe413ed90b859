"""Excel workbooks of organisations and people: the import template, exports and the import.

One layout serves all three, so an export can be edited and uploaded again. The sheet and
column names are Chinese data (the cluster's staff fill the workbooks in); every message
about them is translated. An import checks every row before it writes anything, and then
writes everything in one transaction through the directory services, so a file with one
bad row changes nothing.
"""

from __future__ import annotations

import copy
import logging
import re
import tempfile
import unicodedata
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice, zip_longest
from typing import IO, Any

import openpyxl
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import EmailField, Prefetch, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from qiao.core import audit
from qiao.core.xlsx import append_row
from qiao.directory import services
from qiao.directory.models import Affiliation, Organisation, Person
from qiao.taxonomy.models import Term, Vocabulary

logger = logging.getLogger(__name__)

ORGANISATION_SHEET = "机构"
PEOPLE_SHEET = "人员"
INSTRUCTIONS_SHEET = "说明"
VALUES_SHEET = "可选值"

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
MAX_UNPACKED_BYTES = 200 * 1024 * 1024  # an .xlsx is a zip: refuse zip bombs before parsing
# Per sheet. Every row goes through the services inside one request, about 6 ms a row on
# SQLite, so 2000 rows stay well inside gunicorn's default 30 s worker timeout.
MAX_ROWS = 2000
FIRST_YEAR = 1800
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

YES, NO = "是", "否"
VISIBILITY_LABELS = {
    Organisation.Visibility.PUBLIC: "公开",
    Organisation.Visibility.MEMBERS: "仅会员",
}
_BOOLEANS = {
    YES: True,
    NO: False,
    "yes": True,
    "no": False,
    "y": True,
    "n": False,
    "true": True,
    "false": False,
    "1": True,
    "0": False,
}
_TAG_SEPARATORS = re.compile(r"[;；,，\n]+")
_ALIAS_SEPARATORS = re.compile(r"[;；\n]+")


@dataclass(frozen=True)
class Column:
    """A column of a data sheet: its Chinese header and the field (or vocabulary) it fills."""

    header: str
    field: str
    required: bool = False
    width: int = 14


ORGANISATION_COLUMNS = (
    Column("中文名称", "name_zh", required=True, width=34),
    Column("英文名称", "name_en", width=34),
    Column("中文简称", "short_name_zh"),
    Column("英文简称", "short_name_en"),
    Column("别名", "aliases", width=24),
    Column("类型", "kind", required=True),
    Column("省份", "province", width=10),
    Column("城市", "city", width=10),
    Column("区县", "district", width=10),
    Column("地址", "address", width=30),
    Column("网址", "website", width=28),
    Column("成立年份", "founded_year", width=10),
    Column("中文简介", "description_zh", width=40),
    Column("英文简介", "description_en", width=40),
    Column("器械类别", Vocabulary.DEVICE_CATEGORY, width=24),
    Column("技术领域", Vocabulary.TECHNOLOGY_AREA, width=24),
    Column("治疗领域", Vocabulary.THERAPEUTIC_AREA, width=24),
    Column("所处阶段", Vocabulary.LIFECYCLE_STAGE, width=16),
    Column("公开范围", "visibility", width=10),
)
PERSON_COLUMNS = (
    Column("姓名", "name_zh", required=True, width=12),
    Column("英文名", "name_en", width=20),
    Column("所属机构", "organisation", required=True, width=34),
    Column("职务", "title_zh", width=20),
    Column("专业领域", "expertise", width=34),
    Column("智库专家", "is_think_tank_expert", width=10),
    Column("邮箱", "email", width=28),
    Column("电话", "phone", width=18),
)
TAG_VOCABULARIES = (
    Vocabulary.DEVICE_CATEGORY,
    Vocabulary.TECHNOLOGY_AREA,
    Vocabulary.THERAPEUTIC_AREA,
    Vocabulary.LIFECYCLE_STAGE,
)
_SHEETS = {ORGANISATION_SHEET: ORGANISATION_COLUMNS, PEOPLE_SHEET: PERSON_COLUMNS}


class WorkbookError(Exception):
    """The upload can't be read as a workbook at all; the message is for the user."""


@dataclass(frozen=True)
class RowError:
    sheet: str
    row: int
    column: str
    message: str


@dataclass
class ImportSummary:
    organisations_created: int = 0
    organisations_updated: int = 0
    organisations_unchanged: int = 0
    people_created: int = 0
    people_updated: int = 0
    people_unchanged: int = 0
    parts_created: int = 0
    parts_updated: int = 0
    parts_unchanged: int = 0


@dataclass
class ImportResult:
    """Either ``errors`` (and nothing was saved) or the ``summary`` of what was saved."""

    errors: list[RowError] = field(default_factory=list)
    summary: ImportSummary = field(default_factory=ImportSummary)


# --- Writing ---------------------------------------------------------------------------


def build_template() -> IO[bytes]:
    """Return an empty import workbook (every data sheet, instructions, allowed values)."""
    from qiao.directory.excel_parts import PART_SHEETS

    empty: dict[str, Iterable[list[Any]]] = {ORGANISATION_SHEET: (), PEOPLE_SHEET: ()}
    return _write_workbook(empty | {sheet.title: () for sheet in PART_SHEETS})


def export_organisations() -> IO[bytes]:
    """Return every organisation and all its parts (credentials, capabilities, departments,
    relations, key figures, investment focus) in the import layout."""
    from qiao.directory.excel_parts import PART_SHEETS, export_rows

    sheets: dict[str, Iterable[list[Any]]] = {ORGANISATION_SHEET: _organisation_rows()}
    return _write_workbook(sheets | {sheet.title: export_rows(sheet) for sheet in PART_SHEETS})


def export_people() -> IO[bytes]:
    """Return every person with their primary affiliation in the import layout."""
    return _write_workbook({PEOPLE_SHEET: _person_rows()})


# The exports read plain values in chunks, not model instances with prefetches: at 100k
# rows building instances took as long as writing the file.
EXPORT_CHUNK = 2000


def _chunks(rows: Iterable[dict[str, Any]]) -> Iterator[list[dict[str, Any]]]:
    rows = iter(rows)
    while chunk := list(islice(rows, EXPORT_CHUNK)):
        yield chunk


def _organisation_rows() -> Iterator[list[Any]]:
    terms = {term.pk: term for term in Term.objects.all()}
    plain = [c.field for c in ORGANISATION_COLUMNS if c.field not in TAG_VOCABULARIES]
    organisations = (
        Organisation.objects.order_by("name_zh", "pk")
        .values("pk", "kind_id", *(name for name in plain if name != "kind"))
        .iterator(chunk_size=EXPORT_CHUNK)
    )
    for chunk in _chunks(organisations):
        tagged = Organisation.terms.through.objects.filter(
            organisation_id__in=[row["pk"] for row in chunk]
        ).values_list("organisation_id", "term_id")
        tags: dict[tuple[int, str], list[Term]] = defaultdict(list)
        for organisation_id, term_id in tagged:
            term = terms[term_id]
            tags[organisation_id, term.vocabulary].append(term)
        for row in chunk:
            row["kind"] = terms[row["kind_id"]].name_zh
            row["aliases"] = "；".join(filter(None, map(str.strip, row["aliases"].splitlines())))
            row["visibility"] = VISIBILITY_LABELS.get(row["visibility"], row["visibility"])
            for vocabulary in TAG_VOCABULARIES:
                chosen = sorted(tags[row["pk"], vocabulary], key=lambda t: (t.position, t.code))
                row[vocabulary] = "；".join(term.name_zh for term in chosen)
            yield [row[column.field] for column in ORGANISATION_COLUMNS]


def _person_rows() -> Iterator[list[Any]]:
    plain = [c.field for c in PERSON_COLUMNS if c.field not in ("organisation", "title_zh")]
    people = Person.objects.order_by("name_zh", "pk").values("pk", *plain)
    for chunk in _chunks(people.iterator(chunk_size=EXPORT_CHUNK)):
        primary: dict[int, tuple[str, str]] = {}
        affiliations = (
            Affiliation.objects.filter(person_id__in=[row["pk"] for row in chunk])
            .order_by("-is_primary", "pk")
            .values_list("person_id", "organisation__name_zh", "title_zh")
        )
        for person_id, organisation_name, title in affiliations:
            primary.setdefault(person_id, (organisation_name, title))
        for row in chunk:
            row["organisation"], row["title_zh"] = primary.get(row["pk"], ("", ""))
            row["is_think_tank_expert"] = YES if row["is_think_tank_expert"] else NO
            yield [row[column.field] for column in PERSON_COLUMNS]


def _write_workbook(sheets: dict[str, Iterable[list[Any]]]) -> IO[bytes]:
    workbook = openpyxl.Workbook(write_only=True)
    allowed = _allowed_values()
    for title, rows in sheets.items():
        _write_data_sheet(workbook, title=title, rows=rows, allowed=allowed)
    _write_instructions(workbook)
    _write_allowed_values(workbook, allowed)
    # A temporary file, not memory: a 100k-row export stays out of the worker's heap.
    output = tempfile.TemporaryFile()
    workbook.save(output)
    output.seek(0)
    return output


def _allowed_values() -> dict[str, list[str]]:
    """Return the drop-down values by column header, in the order of sheet 可选值."""
    terms = Term.objects.filter(is_active=True).order_by("vocabulary", "position", "code")
    by_vocabulary: dict[str, list[str]] = {}
    for term in terms:
        by_vocabulary.setdefault(term.vocabulary, []).append(term.name_zh)
    allowed = {"类型": by_vocabulary.get(Vocabulary.ORGANISATION_KIND, [])}
    for column in ORGANISATION_COLUMNS:
        if column.field in TAG_VOCABULARIES:
            allowed[column.header] = by_vocabulary.get(column.field, [])
    allowed["公开范围"] = list(VISIBILITY_LABELS.values())
    allowed["智库专家"] = [YES, NO]
    from qiao.directory.excel_parts import PART_SHEETS, allowed_values

    for sheet in PART_SHEETS:
        for header, values in allowed_values(sheet).items():
            allowed[f"{sheet.title}·{header}"] = values
    return allowed


def _columns(title: str) -> tuple[Column, ...]:
    from qiao.directory.excel_parts import SHEETS

    return _SHEETS[title] if title in _SHEETS else SHEETS[title].columns


def _sheet_titles() -> list[str]:
    from qiao.directory.excel_parts import SHEETS

    return [*_SHEETS, *SHEETS]


# Only single-valued columns get a drop-down: Excel's lists can't pick several tags.
_DROP_DOWNS = ("类型", "公开范围", "智库专家")


def _write_data_sheet(workbook, *, title: str, rows: Iterable[list[Any]], allowed) -> None:
    sheet = workbook.create_sheet(title)
    columns = _columns(title)
    sheet.freeze_panes = "A2"
    value_headers = list(allowed)
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        sheet.column_dimensions[letter].width = column.width
        # A part sheet's lists are on sheet 可选值 under "sheet·column".
        key = column.header if title in _SHEETS else f"{title}·{column.header}"
        if key in allowed and (title not in _SHEETS or key in _DROP_DOWNS):
            source = get_column_letter(value_headers.index(key) + 1)
            count = len(allowed[key]) + 1
            validation = DataValidation(
                type="list",
                formula1=f"'{VALUES_SHEET}'!${source}$2:${source}${count}",
                allow_blank=True,
            )
            validation.add(f"{letter}2:{letter}1048576")
            sheet.data_validations.append(validation)
    append_row(sheet, [_header_cell(sheet, column) for column in columns])
    for values in rows:
        append_row(sheet, values)


def _header_cell(sheet, column: Column) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=column.header + ("*" if column.required else ""))
    cell.font = Font(bold=True, color="B42318" if column.required else "000000")
    cell.fill = PatternFill("solid", fgColor="F0F4F8")
    return cell


def _write_instructions(workbook) -> None:
    sheet = workbook.create_sheet(INSTRUCTIONS_SHEET)
    sheet.column_dimensions["A"].width = 110
    wrap = Alignment(wrap_text=True, vertical="top")
    for line in _instruction_lines():
        cell = WriteOnlyCell(sheet, value=line)
        cell.alignment = wrap
        append_row(sheet, [cell])
    append_row(sheet, [])
    heading = WriteOnlyCell(
        sheet, value=_("Organisation kinds (类型): Chinese name, code, English name")
    )
    heading.font = Font(bold=True)
    append_row(sheet, [heading])
    kinds = Term.objects.filter(vocabulary=Vocabulary.ORGANISATION_KIND, is_active=True)
    for kind in kinds.order_by("position", "code"):
        append_row(sheet, [f"{kind.name_zh}    {kind.code}    {kind.name_en}"])


def _instruction_lines() -> list[str]:
    names = {"organisations": ORGANISATION_SHEET, "people": PEOPLE_SHEET, "values": VALUES_SHEET}
    return [
        _("How to fill in this workbook"),
        _(
            "Sheet %(organisations)s lists organisations and sheet %(people)s lists people. "
            "Either sheet may be left out."
        )
        % names,
        _(
            "Columns marked * are required. Keep the header row as it is; columns may be in any "
            "order and other columns are ignored."
        ),
        _(
            "An organisation is matched by 中文名称: an existing one is updated, a new one is "
            "created. A person is matched by 邮箱 when it is given, otherwise by 姓名 and 所属机构."
        ),
        _("Blank cells leave the stored value unchanged when a record is updated."),
        _("类型: one organisation kind, by its Chinese name or code (see the list below)."),
        _(
            "器械类别, 技术领域, 治疗领域, 所处阶段: one or more tags by Chinese name or code, "
            "separated by ；, ;, ， or , (allowed values on sheet %(values)s)."
        )
        % names,
        _("别名: several aliases separated by ； or ;."),
        _(
            "公开范围: 公开 (public) or 仅会员 (members only); a new organisation is public when "
            "this is blank. 智库专家: 是 (yes) or 否 (no)."
        ),
        _(
            "成立年份: a four-digit year, e.g. 2015. 网址: a web address; https:// is added when "
            "missing."
        ),
        _(
            "所属机构: the 中文名称 of an organisation already in Qiao or on sheet "
            "%(organisations)s of this workbook. A person's other affiliations are kept."
        )
        % names,
        _(
            "At most %(rows)s rows per sheet and %(megabytes)s MB per file. If any row has an "
            "error, nothing is saved."
        )
        % {"rows": MAX_ROWS, "megabytes": MAX_UPLOAD_BYTES // (1024 * 1024)},
        *_part_instructions(),
    ]


def _part_instructions() -> list[str]:
    from qiao.directory.excel_parts import instruction_lines

    return instruction_lines()


def _write_allowed_values(workbook, allowed: dict[str, list[str]]) -> None:
    sheet = workbook.create_sheet(VALUES_SHEET)
    for index in range(1, len(allowed) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 24
    append_row(sheet, [_header_cell(sheet, Column(header, "")) for header in allowed])
    for values in zip_longest(*allowed.values(), fillvalue=None):
        append_row(sheet, values)


# --- Reading ---------------------------------------------------------------------------


@dataclass
class _Row:
    number: int
    values: dict[str, str]


@dataclass
class _Sheet:
    title: str
    rows: list[_Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _not_xlsx() -> str:
    return _(
        "The file can't be read as an .xlsx workbook. Save it as an Excel workbook (.xlsx) "
        "and upload it again."
    )


def check_upload(upload) -> None:
    """Refuse, with WorkbookError, a file too large, not named .xlsx, not a zip, or a zip
    bomb; cheap enough for the request that receives the upload."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise WorkbookError(
            _("The file is larger than %(megabytes)s MB. Split it into several files.")
            % {"megabytes": MAX_UPLOAD_BYTES // (1024 * 1024)}
        )
    if not (upload.name or "").lower().endswith(".xlsx"):
        raise WorkbookError(_not_xlsx())
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise WorkbookError(_not_xlsx()) from error
    finally:
        upload.seek(0)
    if unpacked > MAX_UNPACKED_BYTES:
        raise WorkbookError(_("The workbook is too large once unpacked."))


def _read_workbook(upload) -> dict[str, _Sheet]:
    check_upload(upload)
    not_xlsx = _not_xlsx()
    try:
        upload.seek(0)
        workbook = openpyxl.load_workbook(upload, read_only=True, data_only=True)
        try:
            return {
                title: _read_sheet(workbook[title])
                for title in _sheet_titles()
                if title in workbook.sheetnames
            }
        finally:
            workbook.close()
    except WorkbookError:
        raise
    # A damaged file can fail anywhere in zipfile, openpyxl or the XML parser, with
    # many exception types; to the user they all mean the same thing.
    except Exception as error:
        logger.info("directory.excel.unreadable", exc_info=True, extra={"upload": upload.name})
        raise WorkbookError(not_xlsx) from error


def _read_sheet(worksheet) -> _Sheet:
    sheet = _Sheet(title=worksheet.title)
    columns = _columns(worksheet.title)
    rows = worksheet.iter_rows(values_only=True)
    positions: dict[str, int] = {}
    for index, value in enumerate(next(rows, ())):
        positions.setdefault(_text(value).rstrip("*＊ "), index)
    for column in columns:
        if column.required and column.header not in positions:
            message = _("This required column is missing from the header row.")
            sheet.errors.append(RowError(sheet.title, 1, column.header, message))
    wanted = {c.header: positions[c.header] for c in columns if c.header in positions}
    for number, cells in enumerate(rows, start=2):
        values = {h: _text(cells[i]) if i < len(cells) else "" for h, i in wanted.items()}
        if not any(values.values()):
            continue
        if len(sheet.rows) == MAX_ROWS:
            raise WorkbookError(
                _("Sheet %(sheet)s has more than %(rows)s rows. Split it into several files.")
                % {"sheet": sheet.title, "rows": MAX_ROWS}
            )
        sheet.rows.append(_Row(number, values))
    return sheet


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
    for row in sheet.rows:
        plan, problems = _plan_organisation(row, existing=existing, indexes=indexes)
        name = plan.fields.get("name_zh", "")
        if name in seen:
            problems.setdefault(
                "中文名称", _("The same name is in row %(row)s.") % {"row": seen[name]}
            )
        seen.setdefault(name, row.number)
        problems = (
            _model_errors(_candidate(plan), plan.fields.keys() - {"kind"}, headers) | problems
        )
        errors += _as_errors(sheet.title, row, problems, ORGANISATION_COLUMNS)
        plans.append(plan)
    return plans, errors


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
