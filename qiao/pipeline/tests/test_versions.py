"""No lost updates in the pipeline: two people edit the same agreement, project or
introduction; the second save is a 409 showing the first one's change, in Chinese, and
overwrites nothing (forms and API)."""

import datetime
import json
import threading

import pytest
from django.db import connection
from django.test import Client

from qiao.core.errors import Conflict
from qiao.directory.models import Membership
from qiao.directory.tests.factories import make_member
from qiao.market.tests.factories import make_listing
from qiao.matching.models import Match
from qiao.pipeline import services
from qiao.pipeline.models import Agreement, Introduction, Project
from qiao.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db

ZH = {"HTTP_ACCEPT_LANGUAGE": "zh-hans"}


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def agreement(operator, organisation, other_organisation):
    return services.create_agreement(
        created_by=operator,
        parties=[(organisation, "party"), (other_organisation, "host")],
        kind="clinical_base",
        title_zh="临床研究基地",
        signed_on=datetime.date(2024, 3, 17),
    )


@pytest.fixture
def project(operator, organisation):
    return services.create_project(
        created_by=operator,
        organisation=organisation,
        stage=Term.objects.get(vocabulary=Vocabulary.LIFECYCLE_STAGE, code="prototype"),
        entered_on=datetime.date(2024, 5, 1),
        name_zh="床旁检测仪",
    )


@pytest.fixture
def introduction(operator, organisation, other_organisation):
    need = make_listing(organisation=organisation, kind="clinical", title_zh="脓毒症快速检测")
    offer = make_listing(organisation=other_organisation, title_zh="等温扩增检测")
    match = Match.objects.create(listing=need, counterpart_listing=offer, score=0.8, rank=1)
    return services.propose_introduction_from_match(match=match, broker=operator)


def agreement_form(title, version):
    return {
        "kind": "clinical_base",
        "title_zh": title,
        "signed_on": "2024-03-17",
        "currency": "CNY",
        "version": str(version),
    }


def test_the_second_of_two_agreement_edits_is_a_409_showing_the_first(
    agreement, org_admin, other_organisation
):
    first, second = client_of(org_admin), client_of(make_member(other_organisation, "admin"))
    url = f"/pipeline/agreements/{agreement.pk}/edit/"
    first.get(url), second.get(url)  # both load version 1

    saved = first.post(url, agreement_form("甲改的标题", 1))
    stale = second.post(url, agreement_form("乙改的标题", 1), **ZH)

    assert saved.status_code == 302
    assert stale.status_code == 409
    html = stale.content.decode()
    assert "将中文标题从“临床研究基地”改为“甲改的标题”" in html
    assert "您的修改尚未保存" in html
    assert Agreement.objects.get(pk=agreement.pk).title_zh == "甲改的标题"


def test_a_stale_agreement_put_is_a_409_with_the_other_change(agreement, org_admin, operator):
    url = f"/api/pipeline/agreements/{agreement.pk}"
    body = {"kind": "clinical_base", "title_zh": "甲改的标题", "signed_on": "2024-03-17"}
    first = client_of(operator).put(url, json.dumps({**body, "version": 1}), "application/json")
    stale = client_of(org_admin).put(
        url,
        json.dumps({**body, "title_zh": "乙改的标题"}),
        "application/json",
        headers={"If-Match": '"1"', "Accept-Language": "zh-hans"},
    )

    assert (first.status_code, first["ETag"]) == (200, '"2"')
    assert stale.status_code == 409
    assert stale["ETag"] == '"2"'
    assert any("甲改的标题" in s for s in stale.json()["errors"]["__all__"])
    assert Agreement.objects.get(pk=agreement.pk).title_zh == "甲改的标题"


def test_the_second_of_two_project_edits_is_a_409_form_and_api(project, member, operator):
    url = f"/pipeline/projects/{project.pk}/edit/"
    assert client_of(operator).post(url, {"name_zh": "一代", "version": "1"}).status_code == 302
    stale = client_of(member).post(url, {"name_zh": "二代", "version": "1"}, **ZH)
    api = client_of(member).put(
        f"/api/pipeline/projects/{project.pk}",
        json.dumps({"name_zh": "三代", "version": 1}),
        "application/json",
    )

    assert stale.status_code == 409
    assert "“一代”" in stale.content.decode()
    assert api.status_code == 409
    assert Project.objects.get(pk=project.pk).name_zh == "一代"


def test_a_stale_next_action_or_status_change_is_a_409(introduction, member, operator):
    url = f"/pipeline/introductions/{introduction.pk}/"
    assert (
        client_of(operator).post(url + "next-action/", {"next_action": "寄样", "version": "1"})
    ).status_code == 302
    stale = client_of(member).post(
        url + "next-action/", {"next_action": "开会", "version": "1"}, **ZH
    )
    api = client_of(member).post(
        f"/api/pipeline/introductions/{introduction.pk}/status",
        json.dumps({"status": "dropped", "reason": "不合适", "version": 1}),
        "application/json",
    )

    assert stale.status_code == 409
    assert "“寄样”" in stale.content.decode()
    assert api.status_code == 409
    introduction.refresh_from_db()
    assert (introduction.next_action, introduction.status) == ("寄样", Introduction.Status.PROPOSED)


@pytest.mark.django_db(transaction=True)
def test_of_two_concurrent_agreement_saves_exactly_one_wins(
    operator, organisation, other_organisation
):
    """Two admins who loaded the same version both save: one succeeds, one gets a conflict."""
    if connection.vendor == "sqlite" and connection.settings_dict["NAME"].startswith(
        "file:memorydb"
    ):
        pytest.skip("in-memory SQLite is one connection; PostgreSQL runs this")
    agreement = services.create_agreement(
        created_by=operator,
        parties=[(organisation, "party"), (other_organisation, "host")],
        kind="clinical_base",
        title_zh="临床研究基地",
        signed_on=datetime.date(2024, 3, 17),
    )
    admins = [make_member(o, Membership.Role.ADMIN) for o in (organisation, other_organisation)]
    results = []
    barrier = threading.Barrier(2)

    def save(user, title):
        from django.db import connections

        try:
            mine = Agreement.objects.get(pk=agreement.pk)
            barrier.wait()
            services.update_agreement(agreement=mine, updated_by=user, title_zh=title, version=1)
            results.append("saved")
        except Conflict:
            results.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(user, title))
        for user, title in zip(admins, ("并发甲", "并发乙"), strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["conflict", "saved"]
    agreement.refresh_from_db()
    assert agreement.version == 2
