"""Reading an article: bytes to text, text or HTML to cleaned text, and what it says.

Pure of the database: the services store what these return.
"""

from datetime import date
from pathlib import Path

from django.utils.translation import gettext as _

from qiao.intel.clean import Cleaned, clean_text, html_metadata, html_to_text
from qiao.intel.dates import parse_iso
from qiao.intel.extract import Gazetteer, extract

MAX_BYTES = 5_000_000


class UnreadableArticle(ValueError):
    """A file or text that holds no article: empty, binary, or not UTF-8/GB18030."""


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<body" in head or "<p>" in head or "<div" in head


def decode(data: bytes, *, name: str = "") -> str:
    """Return the text of a file's bytes (UTF-8, else GB18030); raise UnreadableArticle."""
    if not data.strip():
        raise UnreadableArticle(_("%(name)s is empty.") % {"name": name or _("The text")})
    if len(data) > MAX_BYTES:
        raise UnreadableArticle(_("%(name)s is larger than 5 MB.") % {"name": name})
    if b"\x00" in data[:4096]:
        raise UnreadableArticle(_("%(name)s is not a text or HTML file.") % {"name": name})
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableArticle(_("%(name)s is neither UTF-8 nor GB18030 text.") % {"name": name})


def read_article_file(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableArticle(
            _("%(name)s cannot be read: %(error)s") % {"name": path, "error": exc.strerror}
        ) from exc
    return decode(data, name=str(path))


def prepare(raw: str) -> tuple[str, Cleaned, str | None, str]:
    """Return (original text, cleaned, publication date, title) of a text or HTML article."""
    published: str | None = None
    title = ""
    if looks_like_html(raw):
        original = html_to_text(raw)
        published, title = html_metadata(raw)
    else:
        original = raw
    cleaned = clean_text(original)
    if not cleaned.text.strip():
        raise UnreadableArticle(_("No article text was found."))
    if not title:
        title = cleaned.text.split("\n", 1)[0][:120]
    return original, cleaned, published or cleaned.published_on, title


def analyse(raw: str, *, gazetteer: Gazetteer, published_on: date | None = None):
    """Return (original text, cleaned, publication date, title, extraction)."""
    original, cleaned, published, title = prepare(raw)
    when = published_on or parse_iso(published)
    return original, cleaned, when, title, extract(cleaned.text, gazetteer, when)
