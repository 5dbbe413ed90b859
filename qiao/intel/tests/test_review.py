"""Reviewing proposals: checked edits, duplicates, missed organisations, what accepting writes."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from qiao.devtools.demo_cluster import REAL_ORGANISATIONS
from qiao.devtools.demo_pipeline import AGREEMENTS
from qiao.directory.models import KeyFigure, Membership, Organisation, Person
from qiao.directory.tests.factories import make_member
from qiao.intel.models import Article, KeyFigureSource, NewsEvent, Proposal
from qiao.intel.services import (
    DuplicateAgreement,
    accept_proposal,
    add_organisation_from_text,
    ingest_article,
)
from qiao.intel.tests.conftest import SEEDS, needs_seeds
from qiao.pipeline.models import Agreement
from qiao.pipeline.services.agreements import create_agreement

# 星衡医疗 has no legal-form suffix and is not in the directory: the reading misses it.
ARTICLE = (
    "发布日期:2025-06-12 来源:医械网\n"
    "奉贤签约共建临床研究基地\n"
    "6月10日,上海市奉贤区中心医院与星衡医疗签署合作协议,共建临床研究基地。"
    "签约仪式在奉贤区中心医院举行。\n"
    "星衡医疗总经理林晓雯表示,基地将聚焦微创介入器械。\n"
    "上海市奉贤区中心医院已申请专利78项。\n"
)
HOSPITAL = "上海市奉贤区中心医院"


def _one(article: Article, kind: str) -> Proposal:
    return article.proposals.get(kind=kind)


@pytest.mark.django_db
def test_a_bad_edit_is_refused_by_field_and_nothing_is_stored(real_directory, operator):
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    event = _one(article, "event")
    with pytest.raises(ValidationError) as caught:
        accept_proposal(
            proposal=event, reviewer=operator, payload={"kind": "banana", "date": "2025-13-45"}
        )
    errors = caught.value.message_dict
    assert set(errors) == {"kind", "date"}
    assert "banana" in errors["kind"][0] and "签约仪式" in errors["kind"][0]
    assert "2025-13-45" in errors["date"][0]
    event.refresh_from_db()
    assert event.status == Proposal.Status.PENDING and event.payload["kind"] == "signing"
    assert not NewsEvent.objects.exists()
    with pytest.raises(ValidationError) as caught:
        accept_proposal(proposal=event, reviewer=operator, payload={"colour": "red"})
    assert list(caught.value.message_dict) == ["colour"]


@pytest.mark.django_db
def test_the_api_edit_path_answers_422_with_messages_in_the_request_language(
    real_directory, operator
):
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    agreement = _one(article, "agreement")
    client = Client()
    client.force_login(operator)
    url = f"/api/news/proposals/{agreement.pk}/decision/"
    body = {"action": "accept", "payload": {"kind": "banana", "date": "2025-13-45", "count": -1}}

    english = client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="en")
    chinese = client.post(url, body, content_type="application/json", HTTP_ACCEPT_LANGUAGE="zh")

    assert english.status_code == 422 and chinese.status_code == 422
    assert set(english.json()["errors"]) == {"kind", "date", "count", "parties"}
    assert "is not a date" in english.json()["errors"]["date"][0]
    assert "不是日期" in chinese.json()["errors"]["date"][0]
    assert not Agreement.objects.exists()


@pytest.mark.django_db
def test_the_review_page_refuses_a_bad_form_with_translated_messages(real_directory, operator):
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    event = _one(article, "event")
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    client.force_login(operator)
    prefix = f"p{event.pk}"

    page = client.get(f"/news/{article.pk}/").content.decode()
    response = client.post(
        f"/news/proposals/{event.pk}/",
        {"action": "accept", f"{prefix}-kind": "banana", f"{prefix}-date": "2025-13-45"},
        HTTP_HX_REQUEST="true",
    )

    # Kinds are shown by their names, not as codes or JSON.
    assert "签约仪式 · 2025-06-10" in page and "临床研究基地" in page
    assert ">signing" not in page and '"kind":' not in page and "clinical_base<" not in page
    text = response.content.decode()
    assert "banana 不是可选项" in text and "请输入有效日期" in text
    assert 'data-status="pending"' in text
    assert not NewsEvent.objects.exists()


@needs_seeds
@pytest.mark.django_db
@pytest.mark.parametrize("answer", ["merge", "keep"])
def test_the_seed_clinical_base_agreement_is_found_already_recorded(
    real_directory, operator, answer
):
    names = {s.key: s.name_zh for s in REAL_ORGANISATIONS}
    spec = AGREEMENTS[0]
    assert spec.kind == "clinical_base"
    existing = create_agreement(
        created_by=operator,
        parties=[(real_directory[names[key]], role) for key, role in spec.parties],
        kind=spec.kind,
        title_zh=spec.title_zh,
        signed_on=spec.signed_on,
    )
    seed = SEEDS / "000_0702e7ec01e653e6.txt"
    article, _ = ingest_article(
        raw=seed.read_text(encoding="utf-8"),
        ingested_by=operator,
        published_on=datetime.date(2024, 3, 20),
    )
    proposal = article.proposals.get(kind="agreement")

    with pytest.raises(DuplicateAgreement) as caught:
        accept_proposal(proposal=proposal, reviewer=operator)
    assert caught.value.agreement == existing
    assert "duplicate" in caught.value.message_dict
    assert Agreement.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING

    accepted = accept_proposal(proposal=proposal, reviewer=operator, on_duplicate=answer)

    if answer == "merge":
        assert Agreement.objects.count() == 1
        assert accepted.result_id == existing.pk
        assert list(existing.news_articles.all()) == [article]
    else:
        assert Agreement.objects.count() == 2
        assert accepted.result_id != existing.pk
    assert set(article.organisations.values_list("name_zh", flat=True)) >= {
        "上海市奉贤区中心医院",
        "上海伯杰医疗科技股份有限公司",
    }


@pytest.mark.django_db
def test_an_agreement_a_fortnight_apart_or_of_another_kind_is_not_a_duplicate(
    real_directory, operator
):
    hospital = real_directory[HOSPITAL]
    bojie = real_directory["上海伯杰医疗科技股份有限公司"]
    for kind, day in (("clinical_base", datetime.date(2025, 5, 25)), ("joint_rd", None)):
        create_agreement(
            created_by=operator,
            parties=[(hospital, "party"), (bojie, "party")],
            kind=kind,
            title_zh="旧协议",
            signed_on=day or datetime.date(2025, 6, 10),
        )
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    proposal = _one(article, "agreement")
    accept_proposal(
        proposal=proposal, reviewer=operator, payload={"parties": [HOSPITAL, "伯杰医疗"]}
    )
    assert Agreement.objects.count() == 3


@pytest.mark.django_db
def test_a_missed_party_added_from_the_text_lets_the_agreement_be_accepted(
    real_directory, operator
):
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    agreement = _one(article, "agreement")
    assert agreement.payload["parties"] == [HOSPITAL]
    start = ARTICLE.index("星衡医疗")

    added = add_organisation_from_text(
        article=article,
        reviewer=operator,
        name="星衡医疗",
        type="company",
        start=start,
        end=start + 4,
    )

    assert added.status == Proposal.Status.ACCEPTED
    assert (added.span_start, added.span_end) == (start, start + 4)
    company = Organisation.objects.get(name_zh="星衡医疗")
    assert company.kind.code == "company" and added.organisation == company
    with pytest.raises(ValidationError) as caught:
        accept_proposal(proposal=agreement, reviewer=operator)
    assert "parties" in caught.value.message_dict  # one party is not an agreement
    accepted = accept_proposal(
        proposal=agreement, reviewer=operator, payload={"parties": [HOSPITAL, "星衡医疗"]}
    )
    signed = Agreement.objects.get(pk=accepted.result_id)
    assert {p.organisation for p in signed.parties.all()} == {company, real_directory[HOSPITAL]}
    assert signed.signed_on == datetime.date(2025, 6, 10) and signed.kind == "clinical_base"
    assert list(signed.news_articles.all()) == [article]


@pytest.mark.django_db
def test_a_person_needs_an_organisation_or_an_explicit_none(real_directory, operator):
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    person = _one(article, "person")
    assert person.payload["organisation"] is None
    with pytest.raises(ValidationError) as caught:
        accept_proposal(proposal=person, reviewer=operator)
    assert list(caught.value.message_dict) == ["organisation"]
    assert not Person.objects.exists()

    add_organisation_from_text(article=article, reviewer=operator, name="星衡医疗")
    accept_proposal(proposal=person, reviewer=operator, payload={"organisation": "星衡医疗"})
    lin = Person.objects.get(name_zh="林晓雯")
    assert [(a.organisation.name_zh, a.title_zh) for a in lin.affiliations.all()] == [
        ("星衡医疗", "总经理")
    ]


@pytest.mark.django_db
def test_a_person_with_no_organisation_said_explicitly_is_recorded_alone(real_directory, operator):
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    accept_proposal(
        proposal=_one(article, "person"), reviewer=operator, payload={"no_organisation": True}
    )
    assert Person.objects.get(name_zh="林晓雯").affiliations.count() == 0


@pytest.mark.django_db
def test_accepted_events_and_figures_are_written_with_article_and_date(
    real_directory, operator, django_capture_on_commit_callbacks
):
    hospital = real_directory[HOSPITAL]
    admin = make_member(hospital, role=Membership.Role.ADMIN, language="en")
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    add_organisation_from_text(article=article, reviewer=operator, name="星衡医疗")

    event = accept_proposal(
        proposal=_one(article, "event"),
        reviewer=operator,
        payload={"participants": [HOSPITAL, "星衡医疗"]},
    )
    with django_capture_on_commit_callbacks(execute=True):
        figure = accept_proposal(
            proposal=_one(article, "figure"),
            reviewer=operator,
            payload={"organisation": HOSPITAL, "about": "专利申请"},
        )

    recorded = NewsEvent.objects.get(pk=event.result_id)
    assert (recorded.kind, recorded.held_on, recorded.place) == (
        "signing",
        datetime.date(2025, 6, 10),
        "奉贤区中心医院",
    )
    assert {o.name_zh for o in recorded.organisations.all()} == {HOSPITAL, "星衡医疗"}
    assert list(hospital.news_events.all()) == [recorded]
    key = KeyFigure.objects.get(pk=figure.result_id)
    assert (key.organisation, key.label_zh, key.value, key.unit_zh, key.as_of) == (
        hospital,
        "专利申请",
        78,
        "项",
        datetime.date(2025, 6, 12),
    )
    assert KeyFigureSource.objects.get(key_figure=key).article == article
    notice = admin.notifications.get()
    assert (
        notice.title_in("zh-hans")
        == "上海市奉贤区中心医院有 1 项关键数据取自新闻，最新：专利申请 78项"
    )
    assert notice.title_in("en").startswith("A key figure of")

    profile = Client()
    profile.force_login(operator)
    page = profile.get(f"/directory/organisations/{hospital.pk}/").content.decode()
    assert "专利申请" in page and "签约仪式" in page and "2025-06-10" in page


@pytest.mark.django_db
def test_the_parties_admins_hear_of_an_agreement_from_the_news(
    real_directory, operator, django_capture_on_commit_callbacks
):
    hospital = real_directory[HOSPITAL]
    admin = make_member(hospital, role=Membership.Role.ADMIN)
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    add_organisation_from_text(article=article, reviewer=operator, name="星衡医疗")
    with django_capture_on_commit_callbacks(execute=True):
        accept_proposal(
            proposal=_one(article, "agreement"),
            reviewer=operator,
            payload={"parties": [HOSPITAL, "星衡医疗"]},
        )
    notice = admin.notifications.get()
    assert notice.title_in("zh-hans").startswith(
        "上海市奉贤区中心医院有 1 项协议已根据新闻登记，最新："
    )
    assert notice.title_in("en").startswith("An agreement of")
    assert operator.notifications.count() == 0


@pytest.mark.django_db
def test_the_lookup_finds_an_organisation_by_any_of_its_names(real_directory, operator, member):
    client = Client()
    client.force_login(operator)
    by_short = client.get("/news/lookup/", {"p1-parties": "伯杰"}).content.decode()
    by_alias = client.get("/news/lookup/", {"q": "区卫健委"}).content.decode()
    assert '<option value="上海伯杰医疗科技股份有限公司">' in by_short
    assert "上海市奉贤区卫生健康委员会" in by_alias
    client.force_login(member)
    assert client.get("/news/lookup/", {"q": "伯杰"}).status_code == 404


@pytest.mark.django_db
def test_adding_from_the_page_reports_and_stores_nothing_on_a_bad_name(real_directory, operator):
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    client = Client()
    client.force_login(operator)
    before = article.proposals.count()
    response = client.post(
        f"/news/{article.pk}/organisations/", {"add-name": "   ", "add-type": "company"}
    )
    assert response.status_code == 302
    assert article.proposals.count() == before
    response = client.post(
        f"/news/{article.pk}/organisations/",
        {"add-name": "星衡医疗", "add-type": "company", "add-start": "0", "add-end": "4"},
        follow=True,
    )
    assert "星衡医疗" in response.content.decode()
    added = article.proposals.get(payload__name="星衡医疗")
    assert ARTICLE[added.span_start : added.span_end] == "星衡医疗"  # not the bad offsets


@pytest.mark.django_db
def test_the_api_adds_a_missed_organisation_and_refuses_a_bad_type(real_directory, operator):
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    client = Client()
    client.force_login(operator)
    url = f"/api/news/articles/{article.pk}/organisations/"
    bad = client.post(url, {"name": "星衡医疗", "type": "banana"}, content_type="application/json")
    good = client.post(
        url, {"name": "星衡医疗", "type": "company"}, content_type="application/json"
    )
    assert bad.status_code == 422 and "type" in bad.json()["errors"]
    assert good.status_code == 201
    assert good.json()["status"] == "accepted"
    assert good.json()["result_id"] == Organisation.objects.get(name_zh="星衡医疗").pk
