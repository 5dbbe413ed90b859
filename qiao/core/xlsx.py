"""The one way Qiao writes cells into an Excel export: text always stays text.

openpyxl stores any string that starts with "=" as a formula, so a name such as
``=HYPERLINK("http://evil","x")`` typed into a profile would run in the reader's Excel.
Text that a spreadsheet could take for a formula (OWASP's list: = + - @, a tab or a
carriage return, after any leading whitespace) is written as a text cell with Excel's
quote prefix, the stored form of a typed apostrophe: shown as typed, and still text when
the reader edits the cell. Characters that XML cannot carry are dropped rather than
failing the whole export.

Every export appends its rows with :func:`append_row` (or builds them with
:func:`cell`); ``qiao/core/tests/test_xlsx.py`` checks that no module calls
``sheet.append`` another way.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")


def looks_like_formula(text: str) -> bool:
    """Return whether a spreadsheet could read ``text`` as a formula."""
    return text.startswith(("\t", "\r", "\n")) or text.lstrip().startswith(FORMULA_STARTS)


def cell(sheet, value: Any) -> Any:
    """Return what to append for ``value`` in a write-only ``sheet``.

    Numbers, dates and ``None`` pass through; an empty string is not written at all (which
    halves a sparse export); text is cleaned and, where it could start a formula, becomes a
    text cell with the quote prefix. An existing cell is left as its writer styled it,
    unless its text could start a formula.
    """
    if isinstance(value, Cell):
        if isinstance(value.value, str) and looks_like_formula(value.value):
            _as_text(value)
        return value
    if isinstance(value, Promise):
        value = str(value)  # a lazy translation
    if not isinstance(value, str):
        return value
    value = ILLEGAL_CHARACTERS_RE.sub("", value)
    if not value:
        return None
    if not looks_like_formula(value):
        return value
    written = WriteOnlyCell(sheet, value=value)
    _as_text(written)
    return written


def append_row(sheet, values: Iterable[Any]) -> None:
    """Append one row of ``values`` to a write-only ``sheet``, each through :func:`cell`."""
    sheet.append([cell(sheet, value) for value in values])


def _as_text(written: Cell) -> None:
    written.value = ILLEGAL_CHARACTERS_RE.sub("", written.value)
    written.data_type = "s"
    written.quotePrefix = True
