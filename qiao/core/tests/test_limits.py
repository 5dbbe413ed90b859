"""Input limits: odd input anywhere answers 4xx with a message in the reader's language.

Run on SQLite and PostgreSQL alike (NUL bytes reach PostgreSQL's driver only if let through).
"""

import datetime
import json

import pytest
from django.test import Client

from qiao.core import limits

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def signed_in(operator):
    client = Client()
    client.force_login(operator)
    return client


@pytest.mark.parametrize(
    "raw,expected", [(None, 1), ("", 1), ("1", 1), ("7", 7), (str(limits.MAX_PAGE), 100_000)]
)
def test_page_numbers_within_the_limit_are_read(raw, expected):
    assert limits.parse_page(raw) == expected


@pytest.mark.parametrize("raw", ["0", "-1", "abc", "1.5", "99999999999999999999", "１", "100001"])
def test_page_numbers_outside_the_limit_are_refused(raw):
    with pytest.raises(limits.InputRejected):
        limits.parse_page(raw)


def test_date_parameter_is_bounded():
    today = datetime.date(2026, 5, 18)
    assert limits.parse_date_param(None, default=today, name="week") == today
    assert limits.parse_date_param("2100-12-31", default=today, name="week").year == 2100
    for raw in ("9999-12-31", "0001-01-01", "1899-12-31", "2026-13-01", "soon"):
        with pytest.raises(limits.InputRejected):
            limits.parse_date_param(raw, default=today, name="week")


@pytest.mark.parametrize(
    "value,found",
    [
        ("2024-05-18", False),
        ("9999-12-31", True),
        ("0001-01-01T00:00:00+08:00", True),
        ("9999/12/31", True),
        ("born 0001-01-01, says the legend", False),  # only a value that is wholly a date
        ({"a": ["x", {"b": "10000-01-01"}]}, True),
    ],
)
def test_out_of_range_dates_are_found_wherever_they_sit(value, found):
    assert limits.has_out_of_range_date(value) is found


def test_huge_page_number_in_the_api_answers_422_json_not_500(client):
    response = client.get("/api/directory/organisations/?page=99999999999999999999", **EN)

    assert response.status_code == 422
    assert response["Content-Type"].startswith("application/json")
    assert "page" in response.json()["errors"]


def test_huge_page_number_on_a_page_answers_400_in_chinese(client):
    response = client.get("/directory/?page=99999999999999999999", **ZH)

    assert response.status_code == 400
    assert "页码必须是" in response.content.decode()


def test_api_body_over_the_limit_answers_413_json(signed_in, settings):
    body = json.dumps({"name_zh": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)})

    response = signed_in.post("/api/market/listings/", body, content_type="application/json", **EN)

    assert response.status_code == 413
    assert response.json()["detail"] == "The request is too large for Qiao to accept."


def test_form_body_over_the_limit_answers_413_page(signed_in, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000

    response = signed_in.post("/directory/organisations/new/", {"name_zh": "x" * 2000}, **ZH)

    assert response.status_code == 413
    assert "请求过大" in response.content.decode()


def test_lone_surrogate_in_json_answers_400(signed_in):
    response = signed_in.post(
        "/api/events/", '{"title_zh": "\\ud800"}', content_type="application/json", **EN
    )

    assert response.status_code == 400
    assert "lone surrogate" in response.json()["detail"]


@pytest.mark.parametrize(
    "url", ["/directory/?q=%00", "/lab/?q=a%00b", "/api/directory/organisations/?q=%00"]
)
def test_nul_byte_in_a_query_string_answers_400(client, url):
    response = client.get(url, **EN)

    assert response.status_code == 400
    assert b"NUL" in response.content


def test_nul_byte_in_a_form_field_answers_400_and_saves_nothing(signed_in):
    from qiao.directory.models import Organisation

    before = Organisation.objects.count()
    response = signed_in.post("/directory/organisations/new/", {"name_zh": "伯杰\x00医疗"}, **ZH)

    assert response.status_code == 400
    assert Organisation.objects.count() == before


def test_nul_byte_in_json_answers_400(signed_in):
    response = signed_in.post(
        "/api/events/", '{"title_zh": "a\\u0000b"}', content_type="application/json", **EN
    )

    assert response.status_code == 400


def test_out_of_range_date_in_a_form_answers_400_in_chinese(signed_in):
    response = signed_in.post("/events/new/", {"starts_on": "0001-01-01"}, **ZH)

    assert response.status_code == 400
    assert "1900" in response.content.decode()
