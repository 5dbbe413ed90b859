"""The funnel counts only what the viewer may see: the cluster for operators, their own
organisations for members."""

import datetime
from datetime import timedelta
from io import BytesIO

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.insights.selectors import get_funnel
from qiao.market.models import Kind, Listing
from qiao.market.tests.factories import make_listing
from qiao.matching.models import Match
from qiao.pipeline import services as pipeline
from qiao.pipeline.models import Introduction

pytestmark = pytest.mark.django_db


@pytest.fixture
def cluster(operator, organisation, other_organisation):
    need = make_listing(organisation=organisation, kind=Kind.CLINICAL, title_zh="需求")
    offer = make_listing(organisation=other_organisation, title_zh="技术")
    third = OrganisationFactory()
    make_listing(organisation=third, title_zh="别家的技术")
    make_listing(organisation=organisation, title_zh="草稿", status=Listing.Status.DRAFT)
    match = Match.objects.create(listing=need, counterpart_listing=offer, score=1, rank=1)
    introduction = pipeline.propose_introduction_from_match(match=match, broker=operator)
    Listing.objects.filter(pk__in=[need.pk, offer.pk]).update(
        published_at=timezone.now() - timedelta(days=10)
    )
    for status in ("accepted", "meeting_held", "negotiating", "agreement_signed"):
        pipeline.change_introduction_status(
            introduction=introduction, status=status, changed_by=operator
        )
    four_days_ago = timezone.now() - timedelta(days=4)
    Introduction.objects.filter(pk=introduction.pk).update(created_at=four_days_ago)
    Listing.objects.filter(pk__in=[need.pk, offer.pk]).update(first_introduced_at=four_days_ago)
    pipeline.create_agreement(
        created_by=operator,
        parties=[(organisation, "party"), (other_organisation, "party")],
        kind="joint_rd",
        title_zh="保密的联合研发",
        signed_on=datetime.date(2026, 5, 1),
        amount=1_000_000,
        is_confidential=True,
    )
    return third


def test_the_operator_sees_the_whole_cluster(operator, cluster):
    funnel = get_funnel(viewer=operator)

    assert (funnel.needs, funnel.offers, funnel.matches) == (1, 2, 1)
    assert (funnel.introductions, funnel.agreements_signed) == (1, 1)
    assert funnel.introduction_rate == 1.0
    assert funnel.signing_rate == 1.0
    assert funnel.median_days_to_introduction == pytest.approx(6, abs=0.1)
    assert funnel.median_days_to_signing == pytest.approx(4, abs=0.1)
    assert funnel.agreements_by_kind == {"joint_rd": 1}
    assert funnel.amounts_by_currency == {"CNY": 1_000_000.0}


def test_a_member_sees_their_organisation_only(member, cluster):
    funnel = get_funnel(viewer=member)

    assert (funnel.needs, funnel.offers, funnel.matches, funnel.introductions) == (1, 0, 1, 1)
    assert funnel.agreements_by_kind == {"joint_rd": 1}


def test_a_third_organisation_counts_no_confidential_agreement(cluster):
    outsider = make_member(cluster)

    funnel = get_funnel(viewer=outsider)

    assert (funnel.needs, funnel.offers, funnel.introductions) == (0, 1, 0)
    assert funnel.agreements_by_kind == {}
    assert funnel.amounts_by_currency == {}


def test_the_dashboard_exports_a_sheet_per_table(operator, cluster):
    client = Client()
    client.force_login(operator)

    page = client.get("/insights/")
    export = client.get("/insights/export.xlsx")
    api = client.get("/api/insights/funnel")

    workbook = load_workbook(BytesIO(export.content))
    assert page.status_code == 200
    assert len(workbook.sheetnames) == 5  # funnel, by status, by kind, amounts, projects
    assert api.json()["agreements_signed"] == 1


def test_anonymous_visitors_are_sent_to_sign_in(cluster):
    assert Client().get("/insights/").status_code == 302
    assert Client().get("/api/insights/funnel").status_code == 401
