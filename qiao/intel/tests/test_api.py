import pytest

from qiao.directory.models import Organisation
from qiao.intel.models import Article
from qiao.intel.tests.test_services import ARTICLE


@pytest.mark.django_db
def test_operator_ingests_reviews_and_members_read(client, real_directory, operator, member):
    client.force_login(operator)
    response = client.post(
        "/api/news/articles/", {"text": ARTICLE}, content_type="application/json"
    )
    assert response.status_code == 201
    body = response.json()
    assert body["published_on"] == "2025-05-20"
    proposal = next(
        p for p in body["proposals"] if p["payload"].get("name") == "上海澜途医疗科技有限公司"
    )
    assert (
        body["original_text"][proposal["span_start"] : proposal["span_end"]]
        == "上海澜途醫療科技有限公司"
    )
    again = client.post("/api/news/articles/", {"text": ARTICLE}, content_type="application/json")
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    decided = client.post(
        f"/api/news/proposals/{proposal['id']}/decision/",
        {"action": "accept", "payload": {"type": "company"}},
        content_type="application/json",
    )
    assert decided.status_code == 200 and decided.json()["status"] == "accepted"
    assert Organisation.objects.filter(
        pk=decided.json()["result_id"], name_zh="上海澜途医疗科技有限公司"
    ).exists()

    client.force_login(member)
    listed = client.get("/api/news/articles/", {"q": "澜途"})
    assert listed.status_code == 200 and listed.json()["count"] == 1
    assert (
        client.post(
            "/api/news/articles/", {"text": ARTICLE + "x"}, content_type="application/json"
        ).status_code
        == 404
    )
    assert (
        client.put(
            "/api/news/settings/threshold/", {"threshold": 0.5}, content_type="application/json"
        ).status_code
        == 404
    )
    client.logout()
    assert client.get("/api/news/articles/").status_code == 401


@pytest.mark.django_db
def test_empty_text_is_a_422_and_nothing_is_stored(client, real_directory, operator):
    client.force_login(operator)
    response = client.post("/api/news/articles/", {"text": "  "}, content_type="application/json")
    assert response.status_code == 422
    assert Article.objects.count() == 0
