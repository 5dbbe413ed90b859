import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qiao.directory.models import Organisation
from qiao.intel.models import Article, Proposal
from qiao.intel.services import (
    UnreadableArticle,
    accept_proposal,
    decode,
    ingest_article,
    reject_proposal,
    set_auto_accept_threshold,
)
from qiao.intel.tests.conftest import SEEDS, needs_seeds
from qiao.pipeline.models import Agreement

ARTICLE = (
    "發布日期:2025-05-20 來源:醫械網\n"
    "5月18日,上海市奉賢區中心醫院與上海澜途醫療科技有限公司簽署合作協議,共建臨床研究基地,總投資3000萬元。\n"
    "澜途醫療董事長陳思齊出席。\n"
)


@pytest.mark.django_db
def test_ingest_stores_the_article_and_queues_proposals_without_writing(real_directory, operator):
    before = Organisation.objects.count()
    article, created = ingest_article(raw=ARTICLE, ingested_by=operator)
    assert created
    assert str(article.published_on) == "2025-05-20"
    assert article.source == "医械网"
    assert article.raw == ARTICLE
    kinds = set(article.proposals.values_list("kind", flat=True))
    assert {"organisation", "person", "event", "agreement", "figure"} <= kinds
    assert Organisation.objects.count() == before  # nothing written before review
    assert all(p.status == Proposal.Status.PENDING for p in article.proposals.all())
    hospital = article.proposals.get(kind="organisation", payload__name="上海市奉贤区中心医院")
    assert hospital.organisation == real_directory["上海市奉贤区中心医院"]
    # The span points at the original (traditional) text.
    assert ARTICLE[hospital.span_start : hospital.span_end] == "上海市奉賢區中心醫院"


@pytest.mark.django_db
def test_the_same_article_twice_is_stored_once(real_directory, operator):
    first, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    again, created = ingest_article(raw=ARTICLE + "\n\n", ingested_by=operator)
    assert not created and again == first
    assert Article.objects.count() == 1


@pytest.mark.django_db
def test_accepting_creates_the_new_organisation_and_the_agreement(real_directory, operator):
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    agreement_proposal = article.proposals.get(kind="agreement")
    with pytest.raises(ValidationError):
        accept_proposal(proposal=agreement_proposal, reviewer=operator)  # parties not accepted yet
    for p in article.proposals.filter(kind="organisation"):
        accept_proposal(proposal=p, reviewer=operator)
    company = Organisation.objects.get(name_zh="上海澜途医疗科技有限公司")
    assert company.kind.code == "company"
    assert company.short_name_zh == "澜途医疗"
    accepted = accept_proposal(proposal=agreement_proposal, reviewer=operator)
    agreement = Agreement.objects.get(pk=accepted.result_id)
    assert agreement.kind == "clinical_base"
    assert str(agreement.signed_on) == "2025-05-18"
    assert agreement.amount == 30_000_000
    assert {p.organisation for p in agreement.parties.all()} == {
        company,
        real_directory["上海市奉贤区中心医院"],
    }
    assert set(article.organisations.all()) == {company, real_directory["上海市奉贤区中心医院"]}
    assert list(company.news_articles.all()) == [article]


@pytest.mark.django_db
def test_an_edited_proposal_is_written_as_edited_and_a_rejected_one_not_at_all(
    real_directory, operator
):
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    proposal = article.proposals.get(kind="organisation", payload__name="上海澜途医疗科技有限公司")
    accept_proposal(
        proposal=proposal, reviewer=operator, payload={"name": "上海澜途医疗科技股份有限公司"}
    )
    assert Organisation.objects.filter(name_zh="上海澜途医疗科技股份有限公司").exists()
    assert not Organisation.objects.filter(name_zh="上海澜途医疗科技有限公司").exists()
    other = article.proposals.filter(kind="figure").first()
    reject_proposal(proposal=other, reviewer=operator)
    other.refresh_from_db()
    assert other.status == Proposal.Status.REJECTED
    with pytest.raises(ValidationError):
        accept_proposal(proposal=other, reviewer=operator)


@pytest.mark.django_db
def test_only_operators_ingest_and_review(real_directory, operator, member):
    with pytest.raises(PermissionDenied):
        ingest_article(raw=ARTICLE, ingested_by=member)
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    with pytest.raises(PermissionDenied):
        accept_proposal(proposal=article.proposals.first(), reviewer=member)
    with pytest.raises(PermissionDenied):
        set_auto_accept_threshold(threshold=0.5, user=member)


@pytest.mark.django_db
def test_the_threshold_accepts_confident_proposals_automatically(real_directory, operator):
    set_auto_accept_threshold(threshold=0.9, user=operator)
    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    statuses = {
        p.payload.get("name"): p.status for p in article.proposals.filter(kind="organisation")
    }
    assert statuses["上海市奉贤区中心医院"] == Proposal.Status.ACCEPTED  # gazetteer, 0.95
    assert statuses["上海澜途医疗科技有限公司"] == Proposal.Status.PENDING  # rule, 0.85
    assert not Organisation.objects.filter(name_zh="上海澜途医疗科技有限公司").exists()
    with pytest.raises(ValidationError):
        set_auto_accept_threshold(threshold=1.5, user=operator)


def test_unreadable_input_is_reported():
    with pytest.raises(UnreadableArticle):
        decode(b"   \n", name="a.txt")
    with pytest.raises(UnreadableArticle):
        decode(b"\x89PNG\x00\x00\x00", name="a.png")
    assert decode("伯杰医疗".encode("gb18030"), name="gbk.txt") == "伯杰医疗"


@needs_seeds
@pytest.mark.django_db
def test_the_seed_articles_go_through_the_queue_into_the_directory(real_directory, operator):
    for path in sorted(SEEDS.glob("*.txt")):
        ingest_article(raw=path.read_text(encoding="utf-8"), ingested_by=operator, source=path.name)
    assert Article.objects.count() == 5
    for p in Proposal.objects.filter(kind="organisation"):
        accept_proposal(proposal=p, reviewer=operator)
    bojie = real_directory["上海伯杰医疗科技股份有限公司"]
    assert bojie.news_articles.count() == 1
    # The outlet of a byline (深圳商报记者…) is not proposed, so not created (issue 15).
    assert not Organisation.objects.filter(name_zh="深圳商报").exists()
    # Accept the seed-000 agreement: the clinical research base, dated from the edit.
    proposal = Proposal.objects.get(kind="agreement", article__source__startswith="000")
    accepted = accept_proposal(proposal=proposal, reviewer=operator, payload={"date": "2021-03-17"})
    agreement = Agreement.objects.get(pk=accepted.result_id)
    assert agreement.kind == "clinical_base"
    assert {p.organisation.name_zh for p in agreement.parties.all()} == {
        "上海市奉贤区中心医院",
        "上海伯杰医疗科技股份有限公司",
    }
    jiading = Proposal.objects.filter(kind="agreement", article__source__startswith="003")
    assert sorted(p.payload["count"] for p in jiading) == [3, 24]


@pytest.mark.django_db
def test_accepting_people_and_relations_writes_them_through_the_directory(real_directory, operator):
    from qiao.directory.models import OrganisationRelation, Person

    article, _ = ingest_article(raw=ARTICLE, ingested_by=operator)
    person = article.proposals.get(kind="person", payload__name="陈思齐")
    relation = article.proposals.get(kind="relation")
    assert relation.payload == {
        "source": "上海市奉贤区中心医院",
        "kind": "partner_of",
        "target": "上海澜途医疗科技有限公司",
    }
    with pytest.raises(ValidationError):
        accept_proposal(proposal=person, reviewer=operator)  # the company is not accepted yet
    for p in article.proposals.filter(kind="organisation"):
        accept_proposal(proposal=p, reviewer=operator)
    accept_proposal(proposal=person, reviewer=operator)
    company = Organisation.objects.get(name_zh="上海澜途医疗科技有限公司")
    chen = Person.objects.get(name_zh="陈思齐")
    assert [(a.organisation, a.title_zh) for a in chen.affiliations.all()] == [(company, "董事长")]
    accept_proposal(proposal=relation, reviewer=operator)
    assert OrganisationRelation.objects.filter(
        source=real_directory["上海市奉贤区中心医院"], target=company, kind="partner_of"
    ).exists()
