"""Input limits: the bounds every date, page number and string from a request must keep.

Out-of-range input is refused with ``InputRejected`` (a 400 with a message in the reader's
language, as HTML on pages and JSON in the API; ``qiao.core.input_guard`` and
``qiao.core.api_errors`` render it), never passed on to arithmetic or the database, where it
would overflow (``date(9999, 12, 31) + 7 days``), be refused by the driver (a NUL byte on
PostgreSQL) or fail to encode (a lone surrogate). docs/security/limits.md lists the limits.
"""

from __future__ import annotations

import datetime
import re
from typing import Annotated, Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pydantic import AfterValidator

# Every date Qiao stores or is asked about falls in these years. Wide enough for the oldest
# organisation founded and any plan ahead; narrow enough that a week or a month either side
# never leaves the calendar Python and the databases can represent.
MIN_YEAR = 1900
MAX_YEAR = 2100
# A page number past this is refused rather than turned into an offset the database
# cannot hold (SQLite's integers end at 2**63).
MAX_PAGE = 100_000

# A value that is wholly a date or a date and time (ISO, or with slashes as zh-hans writes
# it): its year is checked wherever it arrives, query string, form or JSON.
DATE_LIKE = re.compile(r"\s*(\d{4,})[-/](\d{1,2})[-/](\d{1,2})(?:[T ][\d:.+\-Z ]*)?\s*")

# A NUL byte, or half of a UTF-16 surrogate pair, which no UTF-8 text can hold.
FORBIDDEN_CHARACTERS = re.compile("[\x00\ud800-\udfff]")


class InputRejected(Exception):
    """Input outside Qiao's limits: answered 400 with ``message``, never a 500."""

    def __init__(self, message: str, *, field: str = "__all__", status: int = 400):
        super().__init__(message)
        self.message = message
        self.field = field
        self.status = status


def year_range_message() -> str:
    return _("Dates must lie between the years %(first)d and %(last)d.") % {
        "first": MIN_YEAR,
        "last": MAX_YEAR,
    }


def in_range(value: datetime.date | datetime.datetime) -> bool:
    return MIN_YEAR <= value.year <= MAX_YEAR


def check_date(value, *, field: str = "__all__"):
    """Return the date or datetime if its year is within the limits, else raise ValidationError."""
    if value is not None and not in_range(value):
        raise ValidationError({field: [year_range_message()]})
    return value


def validate_year(value) -> None:
    """Django validator (forms) for date and datetime fields."""
    if value is not None and not in_range(value):
        raise ValidationError(year_range_message(), code="year_range")


def _pydantic_year(value):
    if not in_range(value):
        # pydantic turns a ValueError into a 422 entry for the field.
        raise ValueError(year_range_message())
    return value


# Schema field types for the API: a date or datetime whose year is within the limits.
BoundedDate = Annotated[datetime.date, AfterValidator(_pydantic_year)]
BoundedDateTime = Annotated[datetime.datetime, AfterValidator(_pydantic_year)]


def parse_date_param(raw: str | None, *, default: datetime.date, name: str) -> datetime.date:
    """Read a ``?week=`` / ``?day=`` style parameter: absent → default, else a bounded date."""
    if raw is None or raw == "":
        return default
    try:
        day = datetime.date.fromisoformat(raw)
    except ValueError:
        raise InputRejected(
            _("“%(name)s” must be a date written as YYYY-MM-DD.") % {"name": name}, field=name
        ) from None
    if not in_range(day):
        raise InputRejected(year_range_message(), field=name)
    return day


def bounded_month(year: int, month: int) -> datetime.date | None:
    """Return the first day of the month, or None when it is not a month within the limits."""
    if not (MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12):
        return None
    return datetime.date(year, month, 1)


def parse_page(raw: Any) -> int:
    """Read a ``?page=`` parameter: absent → 1; otherwise a whole number in 1..MAX_PAGE.

    ``"last"`` is kept for Django's paginator; anything else is refused with a message.
    """
    if raw is None or raw == "":
        return 1
    text = str(raw).strip()
    if text.isascii() and text.isdigit() and len(text) <= 6 and 1 <= int(text) <= MAX_PAGE:
        return int(text)
    raise InputRejected(
        _("The page number must be a whole number from 1 to %(max)d.") % {"max": MAX_PAGE},
        field="page",
    )


def get_page(paginator, raw):
    """Django's ``Paginator.get_page`` with the page number checked first (pages use this)."""
    if raw == "last":
        return paginator.get_page(raw)
    return paginator.get_page(parse_page(raw))


def forbidden_character_message() -> str:
    return _(
        "The text contains a character that cannot be stored (a NUL byte or a lone surrogate)."
    )


def has_forbidden_characters(value: Any) -> bool:
    """True when a string anywhere in value (str, list, dict, nested) holds a forbidden character."""
    if isinstance(value, str):
        return FORBIDDEN_CHARACTERS.search(value) is not None
    if isinstance(value, dict):
        return any(
            has_forbidden_characters(k) or has_forbidden_characters(v) for k, v in value.items()
        )
    if isinstance(value, list | tuple):
        return any(has_forbidden_characters(v) for v in value)
    return False


def has_out_of_range_date(value: Any) -> bool:
    """True when a string anywhere in value is wholly a date whose year is outside the limits."""
    if isinstance(value, str):
        match = DATE_LIKE.fullmatch(value) if len(value) <= 40 else None
        return match is not None and not MIN_YEAR <= int(match.group(1)) <= MAX_YEAR
    if isinstance(value, dict):
        return any(has_out_of_range_date(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(has_out_of_range_date(v) for v in value)
    return False
