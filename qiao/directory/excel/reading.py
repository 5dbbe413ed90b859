"""Reading an upload: size and zip checks, then each sheet's rows as text by header."""

from __future__ import annotations

import logging
import zipfile
from dataclasses import dataclass, field
from typing import Any

import openpyxl
from django.utils.translation import gettext as _

from qiao.directory.excel.layout import (
    MAX_ROWS,
    MAX_UNPACKED_BYTES,
    MAX_UPLOAD_BYTES,
    NO,
    YES,
    RowError,
    WorkbookError,
    _columns,
    _sheet_titles,
)

logger = logging.getLogger("qiao.directory.excel")


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
