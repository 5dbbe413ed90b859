"""Schemathesis over every API operation: no server error, every answer as documented.

Each operation gets generated requests (valid and invalid input, a fixed seed, a bounded
number of examples) as an anonymous visitor, a member and an operator, sent in-process to
the WSGI application with a real session cookie and CSRF token. Every answer must be a non-5xx
status the operation documents, with the documented content type and body schema.
docs/security/apici.md explains how to run it with more examples.
"""

from __future__ import annotations

import json
import os

import pytest
import schemathesis
from django.conf import settings
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings
from schemathesis.checks import not_a_server_error
from schemathesis.config import SchemathesisConfig
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from qiao.api import api

# QIAO_FUZZ_EXAMPLES raises the bound for a longer run (docs/security/apici.md).
EXAMPLES = int(os.environ.get("QIAO_FUZZ_EXAMPLES", "12"))
SEED = int(os.environ.get("QIAO_FUZZ_SEED", "20261203"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]

# Known server errors another part of issue 12 ("input limits": a guard middleware answers
# 400 for NUL bytes) fixes, by database and operation: listed operations are not run there
# (xfail). Remove the entries when that fix lands; the run must then pass without them.
NUL_ON_POSTGRESQL = "a NUL byte in the query string reaches PostgreSQL (DataError, 500)"
# Empty since the input guard (qiao/core/input_guard.py) refuses NUL bytes for every request.
KNOWN_INPUT_LIMIT_ERRORS: dict[tuple[str, str], str] = {}

config = SchemathesisConfig.from_dict(
    {
        "seed": SEED,
        "suppress-health-check": ["all"],
        "generation": {"max-examples": EXAMPLES, "deterministic": True, "database": "none"},
        "phases": {"coverage": {"enabled": False}, "stateful": {"enabled": False}},
    }
)
schema = schemathesis.openapi.from_dict(
    json.loads(json.dumps(api.get_openapi_schema())), config=config
)
application = get_wsgi_application()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """The WSGI handler closes the database connection after each request, which would end
    the test's transaction on PostgreSQL; Django's test client suspends that the same way."""
    for signal in (request_started, request_finished):
        signal.disconnect(close_old_connections)
    yield
    for signal in (request_started, request_finished):
        signal.connect(close_old_connections)


@pytest.fixture
def known_ids(db, organisation, operator):
    """A few real rows, so that half the generated ids name an existing object."""
    from qiao.events.tests.factories import make_event
    from qiao.lab.tests.factories import make_equipment
    from qiao.market.tests.factories import make_listing

    listing = make_listing(organisation=organisation, by=operator)
    event = make_event(organiser_user=operator, organiser=organisation)
    equipment = make_equipment(organisation=organisation, by=operator)
    return {
        "organisation_id": organisation.pk,
        "listing_id": listing.pk,
        "event_id": event.pk,
        "equipment_id": equipment.pk,
    }


def aim_at_known_rows(case, known_ids: dict[str, int]) -> None:
    # Deterministic: an even generated id is replaced by the known row's id.
    for name, value in (case.path_parameters or {}).items():
        if name in known_ids and isinstance(value, int) and value % 2 == 0:
            case.path_parameters[name] = known_ids[name]


@pytest.fixture
def signed_in(request, db):
    """Headers and cookies of a session for the test's role (nothing for anonymous)."""
    role = request.param
    if role == "anonymous":
        return {}
    user = request.getfixturevalue(role)
    client = Client()
    client.force_login(user)
    token = _get_new_csrf_string()
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {
        "headers": {"X-CSRFToken": token},
        "cookies": {settings.SESSION_COOKIE_NAME: session, settings.CSRF_COOKIE_NAME: token},
    }


@pytest.mark.django_db
@pytest.mark.parametrize("signed_in", ["anonymous", "member", "operator"], indirect=True)
@schema.parametrize()
@hypothesis_settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_api_answers_as_documented(case, signed_in, known_ids):
    known = KNOWN_INPUT_LIMIT_ERRORS.get((connection.vendor, f"{case.method.upper()} {case.path}"))
    if known:
        pytest.xfail(known)
    aim_at_known_rows(case, known_ids)
    if signed_in and case.headers:
        # The bearer scheme makes schemathesis send made-up tokens, which are 401 by design
        # (accounts/tests/test_tokens.py); signed-in runs test the session.
        case.headers = {k: v for k, v in case.headers.items() if k.lower() != "authorization"}
    response = case.call_and_validate(app=application, checks=CHECKS, **signed_in)
    if signed_in:  # the session and the CSRF token were accepted
        assert response.status_code != 401
        assert "CSRF" not in response.text
