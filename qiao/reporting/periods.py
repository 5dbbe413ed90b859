"""Reporting periods as text: a year ("2026") or a quarter ("2026Q3").

Pure: no Django import. ``previous`` gives the period a figure is compared with (the quarter
or year before), ``year_ago`` the same period a year earlier (growth in reports).
"""

from __future__ import annotations

import re

_PERIOD = re.compile(r"^(\d{4})(?:Q([1-4]))?$")


def parse(period: str) -> tuple[int, int | None]:
    """Return (year, quarter or None); raise ValueError for anything else."""
    found = _PERIOD.match(period or "")
    if not found:
        raise ValueError(f"Not a period: {period!r}")
    year, quarter = found.groups()
    return int(year), int(quarter) if quarter else None


def previous(period: str) -> str:
    year, quarter = parse(period)
    if quarter is None:
        return str(year - 1)
    if quarter == 1:
        return f"{year - 1}Q4"
    return f"{year}Q{quarter - 1}"


def year_ago(period: str) -> str:
    year, quarter = parse(period)
    return f"{year - 1}Q{quarter}" if quarter else str(year - 1)
