"""The committed OpenAPI document is the API's contract: a change must show up in review.

Refresh it with `make openapi-snapshot` when the change is intended.
"""

import json
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.test import Client

SNAPSHOT = Path(__file__).parent / "snapshots" / "openapi.json"


def test_openapi_matches_the_committed_snapshot():
    out = StringIO()
    call_command("export_openapi", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(SNAPSHOT.read_text(encoding="utf-8")), (
        "The API changed: run `make openapi-snapshot` and commit the result if intended."
    )


def test_docs_page_is_served_without_internet_assets():
    response = Client().get("/api/docs")
    body = response.content.decode()
    assert response.status_code == 200
    assert "cdn." not in body and "unpkg" not in body
