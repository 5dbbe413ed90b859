"""Writing workbooks: the import template and the exports, in the import layout."""

from __future__ import annotations

import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from itertools import islice, zip_longest
from typing import IO, Any

import openpyxl
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from qiao.core.xlsx import append_row
from qiao.directory.excel.layout import (
    _SHEETS,
    INSTRUCTIONS_SHEET,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    NO,
    ORGANISATION_COLUMNS,
    ORGANISATION_SHEET,
    PEOPLE_SHEET,
    PERSON_COLUMNS,
    TAG_VOCABULARIES,
    VALUES_SHEET,
    VISIBILITY_LABELS,
    YES,
    Column,
    _columns,
)
from qiao.directory.models import Affiliation, Organisation, Person
from qiao.taxonomy.models import Term, Vocabulary

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
            "统一社会信用代码: the 18 characters on the business licence (GB 32100, check digit "
            "verified); two organisations may not share one."
        ),
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
