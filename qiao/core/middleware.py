"""Project-wide middleware of the write path."""

from __future__ import annotations

from django.shortcuts import render

from qiao.core.errors import Conflict


class ConflictMiddleware:
    """A ``Conflict`` no view caught becomes a 409 page saying what the other person changed.

    Views with a form catch it themselves and show it on the form (``show_conflict``); this
    is the answer for the rest (buttons, htmx actions), never a 500.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Conflict):
            return None
        return render(
            request,
            "core/conflict.html",
            {"conflict": exception, "changes": exception.changes_in_words()},
            status=409,
        )
