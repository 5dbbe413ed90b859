"""News intelligence on the one write path: operator rules, audit of every write, effects."""

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from qiao.core import effects
from qiao.core.audit import describe_entry, list_audit_entries
from qiao.intel import fetch, selectors
from qiao.intel.models import ArticleFetch, IntelSettings, Proposal
from qiao.intel.services import (
    accept_proposal,
    ingest_article,
    reject_proposal,
    set_auto_accept_threshold,
)
from qiao.intel.tests.test_services import ARTICLE

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(real_directory, operator):
    stored, _created = ingest_article(raw=ARTICLE, ingested_by=operator)
    return stored


def sentences(entries) -> list[str]:
    return [sentence for entry in entries for sentence in describe_entry(entry)]


def test_a_member_may_not_reject_a_proposal_or_ask_for_a_fetch(article, member, no_fetch):
    proposal = article.proposals.first()

    with pytest.raises(PermissionDenied):
        reject_proposal(proposal=proposal, reviewer=member)
    with pytest.raises(PermissionDenied):
        fetch.request_article_fetch(url="https://news.example.com/", requested_by=member)

    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.PENDING
    assert not ArticleFetch.objects.exists()


def test_storing_an_article_is_audited_with_its_proposals_and_heard_after_commit(
    real_directory, operator, django_capture_on_commit_callbacks
):
    heard = []
    handler = effects.subscribe("article_changed", lambda **payload: heard.append(payload))
    try:
        with django_capture_on_commit_callbacks(execute=True):
            article, _created = ingest_article(raw=ARTICLE, ingested_by=operator)
            assert heard == []
    finally:
        effects._handlers["article_changed"].remove(handler)

    assert heard == [{"article_id": article.pk}]
    entry = list_audit_entries(article).get()
    assert (entry.action, entry.actor) == ("created", operator)
    assert entry.changes == {}


def test_accepting_records_the_decision_and_the_organisation_linked(article, operator):
    proposal = article.proposals.get(kind="organisation", payload__name="上海澜途医疗科技有限公司")

    accept_proposal(
        proposal=proposal, reviewer=operator, payload={"name": "上海澜途医疗科技股份有限公司"}
    )

    entry = list_audit_entries(proposal).get()
    assert entry.actor == operator
    assert entry.changes["status"] == ["pending", "accepted"]
    assert "上海澜途医疗科技股份有限公司" in entry.changes["payload"][1]
    added = list_audit_entries(article).filter(action="added").get()
    assert added.changes == {"organisations": ["", "上海澜途医疗科技股份有限公司"]}


def test_rejecting_is_audited_and_writes_nothing_else(article, operator):
    proposal = article.proposals.filter(kind="figure").first()

    reject_proposal(proposal=proposal, reviewer=operator)

    entry = list_audit_entries(proposal).get()
    assert entry.changes == {"status": ["pending", "rejected"]}
    assert entry.note == proposal.label == "3000万元"
    assert not list_audit_entries(article).filter(action="added").exists()


def test_each_threshold_is_kept_with_who_set_it(operator):
    set_auto_accept_threshold(threshold=0.9, user=operator)
    set_auto_accept_threshold(threshold=0.95, user=operator)
    set_auto_accept_threshold(threshold=0.95, user=operator)  # no change, no entry

    row = IntelSettings.objects.get()
    assert [e.action for e in list_audit_entries(row)] == ["created", "changed"]
    assert list_audit_entries(row).last().changes == {"auto_accept_threshold": ["0.9", "0.95"]}


def test_a_fetch_request_and_its_outcome_are_in_its_trail(member, operator, no_fetch):
    job = fetch.request_article_fetch(url="https://news.example.com/a", requested_by=operator)
    ArticleFetch.objects.filter(pk=job.pk).update(requested_by=member)  # lost the role since

    fetch.run_article_fetch(fetch_id=job.pk)

    entries = list(list_audit_entries(job))
    assert [(e.action, e.actor) for e in entries] == [("created", operator), ("changed", None)]
    assert entries[1].changes == {
        "status": ["running", "failed"],
        "error": ["", "not_allowed"],
    }


def test_operators_read_an_article_s_history_in_sentences_members_do_not(
    client, article, operator, member
):
    proposal = article.proposals.filter(kind="figure").first()
    reject_proposal(proposal=proposal, reviewer=operator)

    client.force_login(operator)
    with translation.override("zh-hans"):
        page = client.get(f"/news/{article.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans")
        pending = str(Proposal.Status.PENDING.label)
        rejected = str(Proposal.Status.REJECTED.label)
        expected = sentences(selectors.list_article_history(article))
    client.force_login(member)
    members_page = client.get(f"/news/{article.pk}/").content.decode()

    html = page.content.decode()
    assert 'data-testid="audit-trail"' in html
    assert f"将状态从“{pending}”改为“{rejected}”" in html
    assert f"备注：{proposal.label}" in expected  # which proposal, in words
    assert all(sentence in html for sentence in expected)
    assert 'data-testid="audit-trail"' not in members_page


@pytest.fixture
def no_fetch(monkeypatch):
    from qiao.core import outbound

    calls = []
    monkeypatch.setattr(outbound, "fetch", lambda *a, **k: calls.append(a))
    monkeypatch.setattr(outbound, "resolve", lambda *a: calls.append(a) or ["127.0.0.1"])
    return calls
