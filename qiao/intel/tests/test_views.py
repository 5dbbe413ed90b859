import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from qiao.directory.models import Organisation
from qiao.intel import fetch
from qiao.intel.models import Article, Proposal
from qiao.intel.services import ingest_article
from qiao.intel.tests.conftest import RECORDED
from qiao.intel.tests.test_services import ARTICLE


@pytest.mark.django_db
def test_an_operator_pastes_an_article_and_accepts_a_proposal(client, real_directory, operator):
    client.force_login(operator)
    response = client.post(reverse("intel:article_ingest"), {"text": ARTICLE, "source": "医械网"})
    article = Article.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "intel:article_review", args=[article.pk]
    )
    page = client.get(response.url).content.decode()
    assert "<mark" in page and "上海市奉賢區中心醫院</mark>" in page  # highlighted in the original
    proposal = article.proposals.get(kind="organisation", payload__name="上海澜途医疗科技有限公司")
    response = client.post(
        reverse("intel:proposal_decide", args=[proposal.pk]),
        {"action": "accept"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert 'data-status="accepted"' in response.content.decode()
    company = Organisation.objects.get(name_zh="上海澜途医疗科技有限公司")
    profile = client.get(
        reverse("directory:organisation_detail", args=[company.pk])
    ).content.decode()
    assert reverse("intel:article_review", args=[article.pk]) in profile


@pytest.mark.django_db
def test_edit_with_bad_json_says_why_and_writes_nothing(client, real_directory, operator):
    client.force_login(operator)
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    proposal = article.proposals.get(kind="organisation", payload__name="上海澜途医疗科技有限公司")
    response = client.post(
        reverse("intel:proposal_decide", args=[proposal.pk]),
        {"action": "edit", "payload": "{name:"},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "not valid JSON" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING
    assert not Organisation.objects.filter(name_zh__contains="澜途").exists()


@pytest.mark.django_db
def test_members_read_but_do_not_ingest_or_review(client, real_directory, operator, member):
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    client.force_login(member)
    assert client.get(reverse("intel:article_list")).status_code == 200
    page = client.get(reverse("intel:article_review", args=[article.pk])).content.decode()
    assert 'name="action"' not in page
    assert client.get(reverse("intel:article_ingest")).status_code == 404
    proposal = article.proposals.first()
    assert (
        client.post(
            reverse("intel:proposal_decide", args=[proposal.pk]), {"action": "accept"}
        ).status_code
        == 404
    )
    client.logout()
    assert client.get(reverse("intel:article_list")).status_code == 302


@pytest.mark.django_db
def test_search_finds_articles_in_either_script(client, real_directory, operator):
    ingest_article(raw=ARTICLE, ingested_by=operator)
    client.force_login(operator)
    assert (
        "奉贤" in client.get(reverse("intel:article_list"), {"q": "奉賢 中心醫院"}).content.decode()
    )
    assert (
        'data-testid="articles"'
        in client.get(reverse("intel:article_list"), {"q": "不存在的词"}).content.decode()
    )
    assert (
        "奉贤区中心医院"
        not in client.get(reverse("intel:article_list"), {"q": "不存在的词"}).content.decode()
    )


@pytest.mark.django_db
def test_an_empty_upload_is_refused_in_the_users_language(client, real_directory, operator):
    client.force_login(operator)
    upload = SimpleUploadedFile("empty.txt", b"   ")
    response = client.post(
        reverse("intel:article_ingest"), {"file": upload}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "empty.txt is empty" in response.content.decode()
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_url_is_fetched_and_its_main_text_read(client, real_directory, operator, monkeypatch):
    html = (RECORDED / "news_page.html").read_bytes()

    class Response:
        def __init__(self, data):
            self.data = data

        def read(self, limit):
            return self.data[:limit]

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            return False

    seen = {}

    def recorded(request, timeout):
        seen["url"], seen["timeout"] = request.full_url, timeout
        return Response(html)

    monkeypatch.setattr(fetch, "_open", recorded)
    client.force_login(operator)
    url = "https://news.example.com/2025/05/ruijin.html"
    response = client.post(reverse("intel:article_ingest"), {"url": url})
    assert response.status_code == 302
    assert seen == {"url": url, "timeout": fetch.TIMEOUT_SECONDS}
    article = Article.objects.get()
    assert article.url == url
    assert str(article.published_on) == "2025-05-19"
    assert "订阅我们的邮件" not in article.cleaned_text  # page furniture left out
    names = set(
        article.proposals.filter(kind="organisation").values_list("payload__name", flat=True)
    )
    assert "上海交通大学医学院附属瑞金医院" in names


def test_a_failing_fetch_is_a_clear_message(monkeypatch):
    def broken(request, timeout):
        raise TimeoutError("timed out")

    monkeypatch.setattr(fetch, "_open", broken)
    with translation.override("en"):
        with pytest.raises(fetch.UnreadableArticle, match="could not be fetched: timed out"):
            fetch.fetch_url("https://news.example.com/x")
        with pytest.raises(fetch.UnreadableArticle, match="http"):
            fetch.fetch_url("file:///etc/passwd")
    with translation.override("zh-hans"):
        with pytest.raises(fetch.UnreadableArticle, match="无法抓取该网页"):
            fetch.fetch_url("https://news.example.com/x")


@pytest.mark.django_db
def test_several_files_at_once_and_a_bad_one_does_not_stop_the_rest(
    client, real_directory, operator
):
    client.force_login(operator)
    files = [
        SimpleUploadedFile("a.txt", ARTICLE.encode("utf-8")),
        SimpleUploadedFile("broken.txt", b"\x00\x01binary"),
        SimpleUploadedFile(
            "b.html",
            b"<html><body><article><p>"
            + "12月12日,深圳市医学会与南方科技大学签署战略合作协议,双方将联合培养医工交叉人才,首期投入一千万元。".encode(
                "gb18030"
            )
            + b"</p></article></body></html>",
        ),
    ]
    response = client.post(
        reverse("intel:article_ingest"), {"file": files}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )
    page = response.content.decode()
    assert "broken.txt is not a text or HTML file" in page
    assert Article.objects.count() == 2
    html = Article.objects.get(source="b.html")
    assert html.raw.startswith("<html>") and "深圳市医学会" in html.original_text
