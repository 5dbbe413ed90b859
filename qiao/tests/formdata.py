"""What a browser would submit for a rendered HTML form: a test helper, no Django needed.

``submission(html)`` reads the controls of a form the way a browser's form submission does
(HTML Living Standard, "constructing the entry list"): unchecked boxes and unselected options
send nothing, a single select with nothing selected sends its first option, disabled
controls and file inputs without a file send nothing, textarea newlines are sent as CRLF.
Above all it applies the browser's *value sanitization*: an ``<input type="date">`` whose
value is not ``YYYY-MM-DD`` is emptied, as are malformed datetime-local, time and number
values. That is how Chinese dates rendered as ``2023/05/18`` silently became empty.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

_NUMBER = re.compile(r"-?(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?")
_DATE = re.compile(r"(\d{4,})-(\d\d)-(\d\d)")
_TIME = re.compile(r"(\d\d):(\d\d)(?::(\d\d)(?:\.(\d{1,3}))?)?")
_NO_VALUE_TYPES = {"submit", "image", "reset", "button", "file"}


def _valid_date(text: str) -> bool:
    match = _DATE.fullmatch(text)
    if not match:
        return False
    try:
        datetime.date(*(int(part) for part in match.groups()))
    except ValueError:
        return False
    return True


def _valid_time(text: str) -> bool:
    match = _TIME.fullmatch(text)
    return bool(match) and int(match[1]) < 24 and int(match[2]) < 60 and int(match[3] or 0) < 60


def _normalized_datetime(text: str) -> str:
    """A valid local date and time string, normalized ("T", no ``:00`` seconds), or ""."""
    parts = re.split(r"[T ]", text, maxsplit=1)
    if len(parts) != 2 or not _valid_date(parts[0]) or not _valid_time(parts[1]):
        return ""
    time = parts[1]
    if re.fullmatch(r"\d\d:\d\d:00(\.0+)?", time):
        time = time[:5]
    return f"{parts[0]}T{time}"


def sanitize(input_type: str, value: str) -> str:
    """Return what the browser keeps of ``value`` in an ``<input type=input_type>``."""
    if input_type in {"text", "search", "tel", "password"}:
        return value.replace("\r", "").replace("\n", "")
    if input_type in {"email", "url"}:
        return value.replace("\r", "").replace("\n", "").strip(" \t\f")
    if input_type in {"number", "range"}:
        return value if _NUMBER.fullmatch(value) else ""
    if input_type == "date":
        return value if _valid_date(value) else ""
    if input_type == "datetime-local":
        return _normalized_datetime(value)
    if input_type == "time":
        return value if _valid_time(value) else ""
    return value


@dataclass
class _Select:
    name: str
    multiple: bool
    size: int
    options: list[tuple[str, bool, bool]] = field(default_factory=list)  # value, selected, off

    def values(self) -> list[str]:
        chosen = [value for value, selected, _off in self.options if selected]
        if self.multiple:
            return chosen
        if chosen:
            return chosen[-1:]
        first = [value for value, _selected, off in self.options if not off]
        return first[:1] if self.size <= 1 else []


@dataclass
class ParsedForm:
    attrs: dict[str, str]
    entries: list[tuple[str, str]] = field(default_factory=list)
    submitters: list[tuple[str, str]] = field(default_factory=list)

    def data(self, submitter: tuple[str, str] | None = None) -> dict[str, list[str]]:
        """The entry list as ``{name: [values]}``, with the submitter (default: the first)."""
        result: dict[str, list[str]] = {}
        chosen = submitter or (self.submitters[0] if self.submitters else None)
        for name, value in [*self.entries, *([chosen] if chosen and chosen[0] else [])]:
            result.setdefault(name, []).append(value)
        return result


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[ParsedForm] = []
        self.loose = ParsedForm(attrs={})  # controls outside any <form>
        self.current: ParsedForm | None = None
        self.select: _Select | None = None
        self.option: dict | None = None
        self.textarea: dict | None = None

    @property
    def target(self) -> ParsedForm:
        return self.current or self.loose

    def handle_starttag(self, tag, attrs):
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self.current = ParsedForm(attrs=a)
            self.forms.append(self.current)
        elif tag == "input":
            self._input(a)
        elif tag == "button":
            if a.get("type", "submit").lower() == "submit" and "disabled" not in a:
                self.target.submitters.append((a.get("name", ""), a.get("value", "")))
        elif tag == "select":
            self.select = _Select(
                name=a.get("name", "") if "disabled" not in a else "",
                multiple="multiple" in a,
                size=int(a.get("size") or (4 if "multiple" in a else 1)),
            )
        elif tag == "option" and self.select is not None:
            self._close_option()
            self.option = {"attrs": a, "text": ""}
        elif tag == "textarea":
            self.textarea = {"attrs": a, "text": ""}

    def handle_endtag(self, tag):
        if tag == "form":
            self.current = None
        elif tag == "option":
            self._close_option()
        elif tag == "select" and self.select is not None:
            self._close_option()
            if self.select.name:
                self.target.entries += [(self.select.name, v) for v in self.select.values()]
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            a, text = self.textarea["attrs"], self.textarea["text"]
            # The parser drops one newline right after <textarea>; submission sends CRLF.
            text = text[1:] if text.startswith("\n") else text
            text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\r\n")
            if a.get("name") and "disabled" not in a:
                self.target.entries.append((a["name"], text))
            self.textarea = None

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea["text"] += data
        elif self.option is not None:
            self.option["text"] += data

    def _close_option(self):
        if self.option is None or self.select is None:
            return
        a = self.option["attrs"]
        value = a["value"] if "value" in a else " ".join(self.option["text"].split())
        self.select.options.append((value, "selected" in a, "disabled" in a))
        self.option = None

    def _input(self, a):
        kind = a.get("type", "text").lower()
        name = a.get("name", "")
        if kind in {"submit", "image"} and "disabled" not in a:
            self.target.submitters.append((name, a.get("value", "")))
        if not name or "disabled" in a or kind in _NO_VALUE_TYPES:
            return
        if kind in {"checkbox", "radio"}:
            if "checked" in a:
                self.target.entries.append((name, a.get("value", "on")))
            return
        self.target.entries.append((name, sanitize(kind, a.get("value", ""))))


def parse_forms(html: str) -> list[ParsedForm]:
    """Every ``<form>`` of the page; controls outside any form make one more, last."""
    parser = _FormParser()
    parser.feed(html)
    parser.close()
    return [*parser.forms, *([parser.loose] if parser.loose.entries or not parser.forms else [])]


def submission(
    html: str, *, having: str | None = None, submitter: tuple[str, str] | None = None
) -> dict[str, list[str]]:
    """What submitting the first form of ``html`` that has a control named ``having`` sends.

    ``submitter=("name", "value")`` picks the button pressed (default: the first).
    """
    for form in parse_forms(html):
        names = {name for name, _value in form.entries}
        if having is None or having in names:
            return form.data(submitter)
    raise AssertionError(f"No form on the page has a control named {having!r}.")
