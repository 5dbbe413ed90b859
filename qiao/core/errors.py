"""Exceptions the write path raises and the pages and the API answer in words."""

from __future__ import annotations

from django.utils.translation import gettext as _


class Conflict(Exception):
    """Somebody else changed the object since the caller read it (HTTP 409).

    ``entries`` are the audit entries written since the version the caller had, so a page or
    the API can show what the other person changed; ``current_version`` is the version to
    send with a retry.
    """

    def __init__(self, *, instance=None, entries=(), current_version: int | None = None):
        self.instance = instance
        self.entries = list(entries)
        self.current_version = current_version
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return _(
            "Someone else changed this while you were editing it. Your changes were not "
            "saved: review their change below, then make yours again."
        )

    def changes_in_words(self) -> list[str]:
        """The other person's changes as sentences in the active language."""
        from qiao.core.audit import describe_entry

        return [sentence for entry in self.entries for sentence in describe_entry(entry)]
