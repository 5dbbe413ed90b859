"""Excel workbooks of organisations and people: the import template, exports and the import.

One layout serves all three, so an export can be edited and uploaded again. The sheet and
column names are Chinese data (the cluster's staff fill the workbooks in); every message
about them is translated. An import checks every row before it writes anything, and then
writes everything in one transaction through the directory services, so a file with one
bad row changes nothing.

The package's modules: ``layout`` (sheets, columns, results), ``writing`` (template and
exports), ``reading`` (the upload's sheets), ``checking`` (every row before any write) and
``importing`` (the one transaction). The parts of an organisation have their own sheets in
``qiao.directory.excel_parts``. Import from ``qiao.directory.excel``.
"""

from qiao.directory.excel.checking import _as_errors, _key, _parse_tags, _TermIndex
from qiao.directory.excel.importing import import_workbook
from qiao.directory.excel.layout import (
    CONTENT_TYPE,
    INSTRUCTIONS_SHEET,
    MAX_ROWS,
    MAX_UPLOAD_BYTES,
    ORGANISATION_COLUMNS,
    ORGANISATION_SHEET,
    PEOPLE_SHEET,
    PERSON_COLUMNS,
    TAG_VOCABULARIES,
    VALUES_SHEET,
    Column,
    ImportResult,
    ImportSummary,
    RowError,
    WorkbookError,
)
from qiao.directory.excel.reading import _Row, _Sheet, check_upload
from qiao.directory.excel.writing import build_template, export_organisations, export_people

__all__ = [
    "CONTENT_TYPE",
    "INSTRUCTIONS_SHEET",
    "MAX_ROWS",
    "MAX_UPLOAD_BYTES",
    "ORGANISATION_COLUMNS",
    "ORGANISATION_SHEET",
    "PEOPLE_SHEET",
    "PERSON_COLUMNS",
    "TAG_VOCABULARIES",
    "VALUES_SHEET",
    "Column",
    "ImportResult",
    "ImportSummary",
    "RowError",
    "WorkbookError",
    "_Row",
    "_Sheet",
    "_TermIndex",
    "_as_errors",
    "_key",
    "_parse_tags",
    "build_template",
    "check_upload",
    "export_organisations",
    "export_people",
    "import_workbook",
]
