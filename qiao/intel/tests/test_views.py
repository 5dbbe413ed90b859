import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from qiao.directory.models import Organisation
from qiao.intel.models import Article, Proposal
from qiao.intel.services import ingest_article
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
    prefix = f"p{proposal.pk}"
    response = client.post(
        reverse("intel:proposal_decide", args=[proposal.pk]),
        {
            "action": "accept",
            f"{prefix}-name": "上海澜途医疗科技有限公司",
            f"{prefix}-type": "company",
            f"{prefix}-aliases": "澜途医疗",
        },
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
def test_a_bad_edit_says_why_and_writes_nothing(client, real_directory, operator):
    client.force_login(operator)
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    proposal = article.proposals.get(kind="organisation", payload__name="上海澜途医疗科技有限公司")
    prefix = f"p{proposal.pk}"
    response = client.post(
        reverse("intel:proposal_decide", args=[proposal.pk]),
        {"action": "accept", f"{prefix}-name": " ", f"{prefix}-type": "banana"},
        HTTP_HX_REQUEST="true",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    page = response.content.decode()
    assert "This field is required." in page
    assert "Select a valid choice. banana is not one of the available choices." in page
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
