"""The period-on-period check: a value that moves by more than the indicator's threshold
against the last period must be explained before the form is signed off.

Pure: no Django import; values are Decimals or None.
"""

from __future__ import annotations

from decimal import Decimal


def is_jump(previous: Decimal | None, value: Decimal | None, threshold_percent: int) -> bool:
    """Return whether ``value`` moved more than ``threshold_percent`` from ``previous``.

    Nothing to compare (either missing) is no jump; from zero, any non-zero value is one.
    """
    if previous is None or value is None:
        return False
    if previous == 0:
        return value != 0
    change = abs(value - previous) / abs(previous) * 100
    return change > threshold_percent
