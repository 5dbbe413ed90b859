"""Qiao's input formats per language (``FORMAT_MODULE_PATH``), read before Django's own.

A form widget renders a date, datetime or time with the *first* input format of the active
language. Browsers accept only ISO 8601 in ``<input type="date">``, ``"datetime-local"`` and
``"time"`` (``2023-05-18``, ``2023-05-18T09:30``, ``09:30``) and silently drop anything else,
so a value rendered as Django's Chinese ``2023/05/18`` comes back empty and the save wipes the
date. Every language Qiao offers therefore lists ISO first; the other formats stay accepted
for text typed by hand. Display formats (``DATE_FORMAT``…) are Django's, unchanged.
``qiao/tests/test_form_roundtrip.py`` renders every form in every language and posts it back.
"""

ISO_DATE = "%Y-%m-%d"
# Minutes, no seconds: a datetime-local input steps by 60 s, and a value with seconds would
# fail the browser's own step check and block the form.
ISO_DATETIME = "%Y-%m-%dT%H:%M"
ISO_TIME = "%H:%M"


def iso_first(iso: str, formats: list[str]) -> list[str]:
    """Return the formats with ``iso`` first and no duplicate."""
    return [iso, *(f for f in formats if f != iso)]
