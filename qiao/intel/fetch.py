"""Fetch a news page by URL, with a timeout and a size limit.

Tests replace ``_open`` with a recorded page; nothing here is called by the test suite
against the network.
"""

import urllib.request
from urllib.parse import urlsplit

from django.utils.translation import gettext as _

from qiao.intel.services import MAX_BYTES, UnreadableArticle, decode

TIMEOUT_SECONDS = 15
USER_AGENT = "Qiao news reader (+https://github.com/)"


def _open(request: urllib.request.Request, timeout: float):
    return urllib.request.urlopen(request, timeout=timeout)  # noqa: S310 (http/https checked)


def fetch_url(url: str, *, timeout: float = TIMEOUT_SECONDS) -> str:
    """Return the text of the page at ``url``; raise UnreadableArticle with a reason."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise UnreadableArticle(_("Only http and https addresses can be fetched."))
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
    try:
        with _open(request, timeout) as response:
            data = response.read(MAX_BYTES + 1)
    except OSError as exc:  # URLError, HTTPError and timeouts are all OSErrors
        raise UnreadableArticle(
            _("The page could not be fetched: %(reason)s") % {"reason": getattr(exc, "reason", exc)}
        ) from exc
    return decode(data, name=url)
