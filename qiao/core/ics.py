"""Text for iCalendar files (RFC 5545), written with the icalendar library.

The library escapes backslashes, commas, semicolons and line breaks and folds long lines;
what it is given is first made plain: every line break (CRLF, a bare CR, the Unicode line
separators) becomes one LF, which the library writes as the escape ``\\n``, and other
control characters, which RFC 5545 does not allow in TEXT, are dropped. A title can then
never end a content line and start a property or a component of its own.
"""

from __future__ import annotations

import re

from icalendar import vText

_BREAKS = re.compile(r"\r\n|[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
_CONTROLS = re.compile(r"[\x00-\x08\x0e-\x1b\x1f\x7f]")


def ics_text(value: object) -> vText:
    """Return ``value`` as one TEXT value for the icalendar library to escape.

    Typed explicitly: the library escapes only the properties it knows as TEXT, and writes
    an unknown one such as X-WR-CALNAME as given, bare carriage returns included.
    """
    return vText(_CONTROLS.sub("", _BREAKS.sub("\n", str(value))))
