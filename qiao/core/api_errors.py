"""Uniform JSON errors for the API: ``{"detail": …, "errors": {field: [messages]}}``."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from qiao.core.errors import Conflict
from qiao.core.limits import InputRejected


def validation_error_body(error: ValidationError) -> dict:
    if hasattr(error, "error_dict"):
        errors = {
            field: [str(m) for m in messages] for field, messages in error.message_dict.items()
        }
    else:
        errors = {"__all__": [str(m) for m in error.messages]}
    return {"detail": _("The data is not valid."), "errors": errors}


def register_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        # ninja's own refusals (a body that is not JSON, a failed CSRF check) in words.
        messages = {
            400: _("The request body is not valid JSON."),
            403: _("The security token is missing or out of date: reload the page and try again."),
        }
        detail = messages.get(exc.status_code, str(exc))
        if isinstance(exc, AuthorizationError):  # a refusal that says its own reason
            detail = str(exc)
        return api.create_response(request, {"detail": detail}, status=exc.status_code)

    @api.exception_handler(OverflowError)
    def on_overflow(request, exc):
        # An integer beyond what the database stores (SQLite: 2**63) can name no row and
        # fit no column: the input is wrong, not the server.
        body = {
            "detail": _("The data is not valid."),
            "errors": {"__all__": [_("A number is too large.")]},
        }
        return api.create_response(request, body, status=422)

    @api.exception_handler(ValidationError)
    def on_validation_error(request, exc):
        return api.create_response(request, validation_error_body(exc), status=422)

    @api.exception_handler(SchemaValidationError)
    def on_schema_error(request, exc):
        # Request bodies and query strings that don't fit the schema: same shape as a
        # model's ValidationError, keyed by the field's path ("amount", "tags.0").
        errors: dict[str, list[str]] = {}
        for error in exc.errors:
            location = [
                str(part)
                for part in error.get("loc", ())
                if part not in ("body", "query", "path", "payload", "filters")
            ]
            errors.setdefault(".".join(location) or "__all__", []).append(str(error.get("msg", "")))
        return api.create_response(
            request, {"detail": _("The data is not valid."), "errors": errors}, status=422
        )

    @api.exception_handler(Conflict)
    def on_conflict(request, exc):
        body = {
            "detail": exc.message,
            "errors": {"__all__": exc.changes_in_words()},
            "version": exc.current_version,
        }
        response = api.create_response(request, body, status=409)
        if exc.current_version is not None:
            response["ETag"] = etag(exc.current_version)
        return response

    @api.exception_handler(InputRejected)
    def on_input_rejected(request, exc):
        body = {"detail": exc.message, "errors": {exc.field: [exc.message]}}
        return api.create_response(request, body, status=exc.status)

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request, exc):
        return api.create_response(request, {"detail": _("You may not do this.")}, status=403)

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        return api.create_response(request, {"detail": _("Please sign in.")}, status=401)


def etag(version: int) -> str:
    return f'"{version}"'


def expected_version(request, body_version: int | None = None) -> int | None:
    """The version a client edited: the body's ``version``, else the ``If-Match`` header.

    ``If-Match: "3"`` (or ``W/"3"``) means version 3; a header that names no version is a
    422, so a typo can't turn into an unchecked overwrite.
    """
    if body_version is not None:
        return body_version
    header = request.headers.get("If-Match", "").strip()
    if not header or header == "*":
        return None
    text = header.removeprefix("W/").strip('"')
    if not text.isdigit() or not text.isascii():
        raise ValidationError({"version": [_("If-Match must name the version you edited.")]})
    return int(text)
