"""Dates in Chinese news text, resolved against the publication date.

Pure module (no Django import). "2023年4月10日", "2023-04-11", "3月17日", "16日",
"11月16至18日", "今年7月", "2019年10月" become ISO strings: YYYY-MM-DD when the day is
known, YYYY-MM when only the month is, and ``None`` when the year cannot be known (no year
in the text and no publication date).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

_N = r"(\d{1,4}|[零〇一二三四五六七八九十]{1,3})"
DATE = re.compile(
    r"(?P<iso>(?P<iy>(?:19|20)\d{2})[-/.](?P<im>\d{1,2})[-/.](?P<id>\d{1,2}))"
    r"|(?P<rel>今年|去年|明年)?(?:(?P<y>(?:19|20)\d{2})年)?(?:(?P<m>\d{1,2})月)(?:(?P<d>\d{1,2})日?(?:[至到\-~—](?:\d{1,2}月)?\d{1,2})?日)?"
    r"|(?<![\d月年号])(?P<od>\d{1,2})日(?![\d])"
)
_DIGITS = str.maketrans("〇一二三四五六七八九", "0123456789")


@dataclass(frozen=True)
class FoundDate:
    start: int
    end: int
    text: str
    value: str | None  # YYYY-MM-DD, YYYY-MM or None


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def resolve(match: re.Match[str], published: date | None) -> str | None:
    """Return the ISO value of a DATE match, or None when the year is unknown."""
    if match["iso"]:
        found = _valid(int(match["iy"]), int(match["im"]), int(match["id"]))
        return found.isoformat() if found else None
    if match["od"]:
        if published is None:
            return None
        day = int(match["od"])
        found = _valid(published.year, published.month, day)
        if found is None or found > published + timedelta(days=1):
            previous = published.replace(day=1) - timedelta(days=1)
            found = _valid(previous.year, previous.month, day)
        return found.isoformat() if found else None
    month = int(match["m"])
    if not 1 <= month <= 12:
        return None
    if match["y"]:
        year = int(match["y"])
    elif published is not None:
        year = published.year
        if match["rel"] == "去年":
            year -= 1
        elif match["rel"] == "明年":
            year += 1
        elif match["rel"] is None and match["d"]:
            # "12月12日" read in a January article is last December.
            candidate = _valid(year, month, int(match["d"]))
            if candidate and candidate > published + timedelta(days=60):
                year -= 1
    else:
        return None
    if match["d"]:
        found = _valid(year, month, int(match["d"]))
        return found.isoformat() if found else None
    return f"{year:04d}-{month:02d}"


def find_dates(text: str, published: date | None) -> list[FoundDate]:
    """Return every date mention in ``text`` with its resolved value."""
    out = []
    for m in DATE.finditer(text):
        if not m.group(0):
            continue
        out.append(FoundDate(m.start(), m.end(), m.group(0), resolve(m, published)))
    return out


def parse_iso(value: str | None) -> date | None:
    """Return the date of "YYYY-MM-DD" (or of its first 10 characters), else None."""
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None
