"""The OpenAPI document Qiao publishes: unique schema names and documented error answers.

django-ninja builds one JSON schema per operation and merges their definitions by name, so
two enums both called ``Kind`` (``Event.Kind``, ``Proposal.Kind``) would silently overwrite
each other. Here a nested class is named by its whole qualified name (``EventKind``,
``ListingStatus``), a few module-level enums get a clearer name, and any name that would
still stand for two different schemas is recorded in ``collisions`` (a test keeps it empty).

Every operation also documents the uniform error body (``api_errors.py``) for the answers it
can give: 400 when it takes a JSON body, 401 when it needs a session, 403 for writes (CSRF), 404 when it names an object or
needs a role, 409 when it changes an existing object, 422 when it takes any input.
"""

from __future__ import annotations

import re
from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema
from ninja.schema import NinjaGenerateJsonSchema
from pydantic.json_schema import CoreModeRef, DefsRef

# Module-level classes whose own name says too little in a document that covers every app
# (several apps have a ``StatusIn``); the collision test names any new one to add here.
RENAMED = {
    "qiao.market.models.Kind": "qiao.market.models.ListingKind",
    "qiao.market.models.Side": "qiao.market.models.ListingSide",
    "qiao.market.schemas.StatusIn": "qiao.market.schemas.ListingStatusIn",
    "qiao.market.schemas.DecisionIn": "qiao.market.schemas.DisclosureDecisionIn",
    "qiao.pipeline.schemas.StatusIn": "qiao.pipeline.schemas.IntroductionStatusIn",
    "qiao.events.schemas.StatusIn": "qiao.events.schemas.EventStatusIn",
    "qiao.events.schemas.DecisionIn": "qiao.events.schemas.RegistrationDecisionIn",
    "qiao.lab.schemas.DecisionIn": "qiao.lab.schemas.BookingDecisionIn",
    "qiao.intel.schemas.DecisionIn": "qiao.intel.schemas.ProposalDecisionIn",
}

ERROR_SCHEMA_NAME = "Error"
ERROR_SCHEMA: dict[str, Any] = {
    "title": ERROR_SCHEMA_NAME,
    "type": "object",
    "description": "Every error answer: a sentence in the user's language, and for invalid "
    "data the messages of each field (`__all__` for the whole object).",
    "properties": {
        "detail": {"title": "Detail", "type": "string"},
        "errors": {
            "title": "Errors",
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
        },
        "version": {
            "title": "Version",
            "type": ["integer", "null"],
            "description": "409 only: the object's current version, to send with a retry.",
        },
    },
    "required": ["detail"],
}

ERROR_DESCRIPTIONS = {
    400: "The request body is not JSON, or the input holds a NUL byte, a lone surrogate or "
    "a date outside the years 1900–2100 (refused by the input guard).",
    401: "Not signed in.",
    403: "The CSRF token is missing or wrong, or the action is refused on an object the "
    "user may see.",
    404: "No such object, or one the user may not see (the same answer, so ids can't be "
    "probed); also for features of a role the user does not hold.",
    413: "The request body is larger than the limit.",
    409: "The object changed since the user read it (optimistic concurrency): nothing was saved.",
    422: "The input is not valid: `errors` names each field.",
}

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
TIME_OF_DAY = r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?)?$"
# Joins the parts of a nested qualified name: "models.Event.Kind" -> "models.EventKind".
_NESTED = re.compile(r"(?<=[A-Z0-9a-z_])\.(?=[A-Z])")


def qualified_core_ref(core_ref: str) -> str:
    """Rewrite a pydantic core ref so that its short name keeps the enclosing class."""
    parts = re.split(r"([\][,])", core_ref)
    rewritten = []
    for part in parts:
        path, sep, ident = part.rpartition(":")
        if not sep:
            rewritten.append(part)
            continue
        path = RENAMED.get(path, path)
        module, _, qualname = _split_module(path)
        rewritten.append(f"{module}.{_NESTED.sub('', qualname)}:{ident}" if module else part)
    return "".join(rewritten)


def _split_module(path: str) -> tuple[str, str, str]:
    # Modules are lower case, classes capitalised (PEP 8): the qualname starts at the
    # first capitalised dotted part.
    pieces = path.split(".")
    for index, piece in enumerate(pieces):
        if piece[:1].isupper():
            return ".".join(pieces[:index]), ".", ".".join(pieces[index:])
    return "", "", path


class QiaoGenerateJsonSchema(NinjaGenerateJsonSchema):
    def get_defs_ref(self, core_mode_ref: CoreModeRef) -> DefsRef:
        core_ref, mode = core_mode_ref
        return super().get_defs_ref((qualified_core_ref(core_ref), mode))

    def time_schema(self, schema: Any) -> dict[str, Any]:
        # JSON Schema's "time" format is RFC 3339's full-time, which needs an offset; a time
        # of day without one ("08:00:00", what Qiao sends and reads) would not conform.
        return {"type": "string", "pattern": TIME_OF_DAY, "examples": ["08:30:00"]}


class _Named:
    """A schema model seen through Qiao's JSON schema generator (ninja hard-codes its own)."""

    def __init__(self, model: Any) -> None:
        self._model = model

    def __getattr__(self, name: str) -> Any:
        return getattr(self._model, name)

    def model_json_schema(self, **kwargs: Any) -> dict[str, Any]:
        kwargs["schema_generator"] = QiaoGenerateJsonSchema
        return self._model.model_json_schema(**kwargs)


class QiaoOpenAPISchema(OpenAPISchema):
    def __init__(self, api: NinjaAPI, path_prefix: str) -> None:
        self.collisions: dict[str, list[dict]] = {}
        super().__init__(api, path_prefix)
        self.schemas[ERROR_SCHEMA_NAME] = ERROR_SCHEMA

    def _extract_parameters(self, model: Any) -> list[dict[str, Any]]:
        return super()._extract_parameters(_Named(model))

    def _create_schema_from_model(self, model: Any, *args: Any, **kwargs: Any) -> Any:
        return super()._create_schema_from_model(_Named(model), *args, **kwargs)

    def add_schema_definitions(self, definitions: dict) -> None:
        for name, definition in definitions.items():
            known = self.schemas.get(name)
            if known is not None and known != definition:
                self.collisions.setdefault(name, [known]).append(definition)
        super().add_schema_definitions(definitions)

    def responses(self, operation: Any) -> dict[int, dict[str, Any]]:
        result = super().responses(operation)
        for status in error_statuses(operation):
            result.setdefault(
                status,
                {
                    "description": ERROR_DESCRIPTIONS[status],
                    "content": {
                        self.api.renderer.media_type: {
                            "schema": {"$ref": f"#/components/schemas/{ERROR_SCHEMA_NAME}"}
                        }
                    },
                },
            )
        return dict(sorted(result.items()))


def error_statuses(operation: Any) -> list[int]:
    """The error answers an operation can give, from its method, parameters and auth."""
    methods = {method.upper() for method in operation.methods}
    writes = bool(methods - SAFE_METHODS)
    sources = {model.__ninja_param_source__ for model in operation.models}
    names_object = "path" in sources
    statuses = []
    if sources:
        statuses.append(400)
    if "body" in sources:
        statuses.append(413)
    if operation.auth_callbacks:
        statuses.append(401)
    if writes:
        statuses.append(403)
    if names_object or operation.auth_callbacks:
        statuses.append(404)
    if names_object and writes:
        statuses.append(409)
    if sources:
        statuses.append(422)
    return statuses


class QiaoAPI(NinjaAPI):
    """The project's NinjaAPI: its OpenAPI document is a ``QiaoOpenAPISchema``."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict | None = None
    ) -> QiaoOpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return QiaoOpenAPISchema(self, path_prefix)
