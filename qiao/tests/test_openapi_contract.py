"""The published API contract: one name per schema, and every error answer documented."""

import json
import re

import pytest

from qiao.api import api
from qiao.core.openapi import qualified_core_ref
from qiao.events.models import Event
from qiao.intel.models import Proposal
from qiao.market.models import Listing

ERROR_REF = {"$ref": "#/components/schemas/Error"}


@pytest.fixture(scope="module")
def generated():
    return api.get_openapi_schema()


@pytest.fixture(scope="module")
def document(generated):
    return json.loads(json.dumps(generated))  # as served: status codes become strings


def operations(document):
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", method.upper(), path, operation


def enum_of(document, schema):
    ref = schema.get("$ref") or schema["allOf"][0]["$ref"]
    return document["components"]["schemas"][ref.rsplit("/", 1)[1]]


def test_no_two_schemas_share_a_name(generated):
    assert generated.collisions == {}


def test_nested_enums_are_named_with_their_class():
    assert (
        qualified_core_ref("qiao.events.models.Event.Kind:12") == "qiao.events.models.EventKind:12"
    )
    assert qualified_core_ref("qiao.market.models.Kind:7") == "qiao.market.models.ListingKind:7"
    assert (
        qualified_core_ref("ninja.pagination.Out[qiao.lab.models.Booking.Status:3]:4")
        == "ninja.pagination.Out[qiao.lab.models.BookingStatus:3]:4"
    )


def test_each_enum_documents_its_own_values(document):
    schemas = document["components"]["schemas"]
    event = schemas["EventOut"]["properties"]
    assert enum_of(document, event["kind"])["enum"] == list(Event.Kind.values)
    assert enum_of(document, event["status"])["enum"] == list(Event.Status.values)
    proposal = schemas["ProposalOut"]["properties"]
    assert enum_of(document, proposal["kind"])["enum"] == list(Proposal.Kind.values)
    listing = schemas["ListingDetailOut"]["properties"]
    assert enum_of(document, listing["status"])["enum"] == list(Listing.Status.values)


def test_every_signed_in_operation_documents_401(document):
    missing = [
        name
        for name, _method, _path, operation in operations(document)
        if operation.get("security")
        and operation["responses"].get("401", {}).get("content", {}).get("application/json")
        != {"schema": ERROR_REF}
    ]
    assert missing == []


def test_every_write_documents_403_and_422(document):
    missing = [
        (name, status)
        for name, method, _path, operation in operations(document)
        if method in {"POST", "PUT", "PATCH", "DELETE"}
        for status in ("403", "422")
        if status not in operation["responses"]
    ]
    assert missing == []


def test_operations_on_an_object_document_404_and_their_changes_409(document):
    missing = [
        (name, status)
        for name, method, path, operation in operations(document)
        if "{" in path
        for status in (("404", "409") if method in {"PUT", "PATCH", "DELETE"} else ("404",))
        if status not in operation["responses"]
    ]
    assert missing == []


def test_the_error_body_is_the_one_the_handlers_send(document):
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["detail"]
    assert set(error["properties"]) == {"detail", "errors", "version"}


@pytest.mark.django_db
def test_a_body_that_is_not_json_gets_a_documented_answer_in_words(client, operator, document):
    client.force_login(operator)
    response = client.post(
        "/api/directory/organisations/", data=b"\xff{", content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json() == {"detail": "请求内容不是有效的 JSON。"}
    assert "400" in document["paths"]["/api/directory/organisations/"]["post"]["responses"]


def test_a_time_of_day_is_documented_as_the_api_sends_it(document):
    closes_at = document["components"]["schemas"]["EquipmentDetailOut"]["properties"]["closes_at"]
    assert re.fullmatch(closes_at["pattern"], "20:00:00")
    assert "format" not in closes_at  # "time" would demand an offset the API never sends


@pytest.mark.django_db
def test_an_id_too_large_for_the_database_is_invalid_input_not_a_server_error(client, member):
    client.force_login(member)
    organisation_id = member.memberships.get().organisation_id
    body = {
        "kind": "strategic",
        "title_zh": "协议",
        "signed_on": "2026-05-18",
        "parties": [{"organisation_id": organisation_id}, {"organisation_id": 10**20}],
    }
    response = client.post(
        "/api/pipeline/agreements/", data=json.dumps(body), content_type="application/json"
    )
    # SQLite cannot hold the number ("数字过大。"); PostgreSQL finds no such organisation.
    assert response.status_code == 422
    assert response.json()["detail"] == "数据无效。"
