"""Reading a news page by URL: operators only, in the background, through the guard."""

import pytest
from django.urls import reverse
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from qiao.core import outbound
from qiao.core.tests.pages import serve
from qiao.intel import fetch
from qiao.intel.models import Article, ArticleFetch
from qiao.intel.tests.conftest import RECORDED

pytestmark = pytest.mark.django_db
IMMEDIATE_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
API = "/api/news/articles/"


@pytest.fixture
def no_fetch(monkeypatch):
    """Record every attempt to fetch; none should happen."""
    calls = []
    monkeypatch.setattr(outbound, "fetch", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(outbound, "resolve", lambda *a: calls.append(a) or ["127.0.0.1"])
    return calls


def test_a_member_gets_404_and_nothing_is_fetched_or_stored(
    client, member, no_fetch, django_capture_on_commit_callbacks
):
    client.force_login(member)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            API, {"url": "http://127.0.0.1:5432/"}, content_type="application/json"
        )
        page = client.post(reverse("intel:article_ingest"), {"url": "http://127.0.0.1:5432/"})
    assert (response.status_code, page.status_code) == (404, 404)
    assert no_fetch == [] and callbacks == []
    assert ArticleFetch.objects.count() == 0 and DBTaskResult.objects.count() == 0


def test_an_operator_gets_202_and_the_fetch_is_queued_not_run(
    client, operator, no_fetch, django_capture_on_commit_callbacks
):
    client.force_login(operator)
    url = "https://news.example.com/2025/05/ruijin.html"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            API, {"url": url, "source": "医械网"}, content_type="application/json"
        )
    assert response.status_code == 202
    body = response.json()
    assert (body["status"], body["url"], body["article_id"]) == ("queued", url, None)
    assert no_fetch == []
    task = DBTaskResult.objects.get()
    assert task.task_path == "qiao.intel.tasks.fetch_article"
    assert task.args_kwargs == {"args": [], "kwargs": {"fetch_id": body["id"]}}
    polled = client.get(f"/api/news/fetches/{body['id']}/")
    assert polled.status_code == 200 and polled.json()["status"] == "queued"


def test_a_refused_scheme_or_port_is_a_422_at_once(client, operator, no_fetch):
    client.force_login(operator)
    for url in ("file:///etc/passwd", "http://news.example.com:5432/"):
        response = client.post(
            API, {"url": url}, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 422
        assert response.json()["errors"]["url"] == ["The address is not allowed."]
    assert ArticleFetch.objects.count() == 0 and no_fetch == []


def test_members_cannot_poll_a_fetch(client, operator, member):
    job = ArticleFetch.objects.create(url="https://news.example.com/", requested_by=operator)
    client.force_login(member)
    assert client.get(f"/api/news/fetches/{job.pk}/").status_code == 404
    assert client.get(reverse("intel:fetch_status", args=[job.pk])).status_code == 404


@pytest.fixture
def news_site(settings, monkeypatch):
    """news.example.com served from 127.0.0.1, which the guard is told to allow."""
    settings.TASKS = IMMEDIATE_TASKS
    settings.QIAO_FETCH_ALLOWED_HOSTS = ["127.0.0.1/32"]
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["127.0.0.1"])
    html = (RECORDED / "news_page.html").read_bytes()
    routes = {
        "/2025/05/ruijin.html": (200, {"Content-Type": "text/html"}, html),
        "/moved": (302, {"Location": "http://10.0.0.1/"}, b""),
    }
    with serve(routes) as (port, seen):
        settings.QIAO_FETCH_ALLOWED_PORTS = [port]
        yield port, seen


def test_the_page_fetches_in_the_background_and_leads_to_the_review(
    client, real_directory, operator, news_site, django_capture_on_commit_callbacks
):
    port, seen = news_site
    url = f"http://news.example.com:{port}/2025/05/ruijin.html"
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("intel:article_ingest"), {"url": url})
    job = ArticleFetch.objects.get()
    assert response.url == reverse("intel:fetch_status", args=[job.pk])
    assert seen == [("/2025/05/ruijin.html", f"news.example.com:{port}")]
    article = Article.objects.get()
    assert (job.status, job.article_id, article.url) == ("done", article.pk, url)
    assert str(article.published_on) == "2025-05-19"
    assert "订阅我们的邮件" not in article.cleaned_text  # page furniture left out
    names = set(
        article.proposals.filter(kind="organisation").values_list("payload__name", flat=True)
    )
    assert "上海交通大学医学院附属瑞金医院" in names
    polled = client.get(response.url, HTTP_HX_REQUEST="true")
    assert polled["HX-Redirect"] == reverse("intel:article_review", args=[article.pk])


def test_a_redirect_to_a_private_address_fails_in_words(
    client, operator, news_site, django_capture_on_commit_callbacks
):
    port, _seen = news_site
    client.force_login(operator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            API, {"url": f"http://news.example.com:{port}/moved"}, content_type="application/json"
        )
    job = ArticleFetch.objects.get(pk=response.json()["id"])
    assert (job.status, job.error) == ("failed", "not_allowed")
    polled = client.get(f"/api/news/fetches/{job.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert polled["message"] == "The address is not allowed."
    page = client.get(reverse("intel:fetch_status", args=[job.pk])).content.decode()
    assert "该地址不允许抓取。" in page and "10.0.0.1" not in page
    assert Article.objects.count() == 0


def test_a_closed_port_is_reported_without_socket_details(settings, operator, monkeypatch):
    settings.QIAO_FETCH_ALLOWED_HOSTS = ["127.0.0.1/32"]
    with serve({}) as (port, _seen):
        pass  # the port is closed again when the fetch runs
    settings.QIAO_FETCH_ALLOWED_PORTS = [port]
    job = ArticleFetch.objects.create(url=f"http://127.0.0.1:{port}/", requested_by=operator)
    fetch.run_article_fetch(fetch_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == ("failed", "unreachable")
    with translation.override("en"):
        assert fetch.reason(job.error) == "The page could not be fetched."
    assert fetch.run_article_fetch(fetch_id=job.pk) is None  # claimed once only


def test_a_requester_who_lost_the_operator_role_fetches_nothing(member, no_fetch):
    job = ArticleFetch.objects.create(url="https://news.example.com/", requested_by=member)
    fetch.run_article_fetch(fetch_id=job.pk)
    job.refresh_from_db()
    assert (job.status, job.error, no_fetch) == ("failed", "not_allowed", [])
