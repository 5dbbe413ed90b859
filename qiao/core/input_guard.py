"""The input guard: every request's size and text checked before a view sees it.

- A body larger than Qiao accepts answers 413 (``DATA_UPLOAD_MAX_MEMORY_SIZE`` for JSON and
  forms, ``QIAO_MAX_REQUEST_MB`` for uploads), read from ``Content-Length`` before anything
  is read, and from Django's own ``RequestDataTooBig`` for bodies sent without one.
- A NUL byte or a lone surrogate in the query string, a form field or a JSON body answers
  400: rejected, not stripped, because silently changing what someone typed is worse than
  saying why it cannot be stored. (Uploaded files are binary and not inspected here.)
- A value that is wholly a date (``2024-05-18``, ``2024/05/18``, with or without a time)
  whose year lies outside ``MIN_YEAR``..``MAX_YEAR`` answers 400 wherever it arrives: dates
  that far out overflow date arithmetic in any form, page or API operation.
- ``InputRejected`` raised by any view answers 400 with its message.

Answers are JSON (``{"detail": …, "errors": {…}}``) under ``/api/`` and a page elsewhere,
in the reader's language (this runs after LocaleMiddleware).
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from qiao.core.limits import (
    InputRejected,
    forbidden_character_message,
    has_forbidden_characters,
    has_out_of_range_date,
    year_range_message,
)

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def rejection(request, message: str, *, status: int, field: str = "__all__"):
    """Answer ``status`` with ``message``: JSON in the API, a page elsewhere."""
    if _is_api(request):
        body = {"detail": message, "errors": {field: [message]}}
        return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    return render(request, "core/input_rejected.html", {"message": message}, status=status)


def _too_large_message() -> str:
    return _("The request is too large for Qiao to accept.")


def _limit_for(request) -> int:
    if request.content_type == "multipart/form-data":
        return settings.QIAO_MAX_REQUEST_MB * 1024 * 1024
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _values(request) -> list:
    """The query string's values and the body's (form fields or JSON), files left out."""
    values: list = [dict(request.GET.lists())]
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return values
    if request.content_type in FORM_TYPES:
        values.append(dict(request.POST.lists()))
    elif request.content_type == "application/json" and request.body:
        try:
            values.append(json.loads(request.body))
        except ValueError:
            pass  # not JSON: the API's own parser answers 422
    return values


def _problem(request) -> str | None:
    values = _values(request)
    if has_forbidden_characters(values):
        return forbidden_character_message()
    if has_out_of_range_date(values):
        return year_range_message()
    return None


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _declared_length(request) > _limit_for(request):
            return rejection(request, _too_large_message(), status=413)
        try:
            problem = _problem(request)
        except RequestDataTooBig:
            return rejection(request, _too_large_message(), status=413)
        if problem is not None:
            return rejection(request, problem, status=400)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, InputRejected):
            return rejection(
                request, exception.message, status=exception.status, field=exception.field
            )
        if isinstance(exception, RequestDataTooBig):
            return rejection(request, _too_large_message(), status=413)
        return None
