"""Agreements and amounts over time and by kind, category, region and organisation kind."""

import datetime
from decimal import Decimal

import pytest

from qiao.directory.tests.factories import OrganisationFactory, make_member, term
from qiao.insights.selectors import get_agreement_stats
from qiao.pipeline import services as pipeline
from qiao.taxonomy.models import Vocabulary

pytestmark = pytest.mark.django_db


def _agreement(
    operator,
    parties,
    *,
    kind="joint_rd",
    signed_on,
    amount=None,
    currency="CNY",
    categories=(),
    confidential=False,
):
    return pipeline.create_agreement(
        created_by=operator,
        parties=[(o, "party") for o in parties],
        categories=[term(Vocabulary.DEVICE_CATEGORY, c) for c in categories],
        kind=kind,
        title_zh=f"协议{signed_on}",
        signed_on=signed_on,
        amount=amount,
        currency=currency,
        is_confidential=confidential,
    )


@pytest.fixture
def cluster(operator):
    hospital = OrganisationFactory(
        kind=term(Vocabulary.ORGANISATION_KIND, "hospital"), district="奉贤区"
    )
    company = OrganisationFactory(district="奉贤区")
    other_company = OrganisationFactory(district="嘉定区")
    _agreement(
        operator,
        [hospital, company],
        kind="clinical_base",
        signed_on=datetime.date(2024, 3, 17),
        amount=Decimal("1000000"),
        categories=["ivd"],
    )
    _agreement(
        operator,
        [company, other_company],
        signed_on=datetime.date(2024, 10, 16),
        amount=Decimal("2000000000"),
        categories=["ivd", "06"],
    )
    _agreement(
        operator,
        [hospital, other_company],
        signed_on=datetime.date(2025, 1, 5),
        amount=Decimal("500000"),
        currency="USD",
        confidential=True,
    )
    return hospital, company, other_company


def test_the_operator_sees_every_agreement_grouped(operator, cluster):
    stats = get_agreement_stats(viewer=operator)

    assert stats.total == 3
    assert stats.amount_cny == Decimal("2001000000.00")  # the USD agreement is left out
    assert [(r.period.year, r.kind, r.agreements) for r in stats.over_time] == [
        (2024, "clinical_base", 1),
        (2024, "joint_rd", 1),
        (2025, "joint_rd", 1),
    ]
    assert {r.key: r.agreements for r in stats.by_kind} == {"joint_rd": 2, "clinical_base": 1}
    assert {r.key: (r.agreements, r.amount_cny) for r in stats.by_category} == {
        "ivd": (2, Decimal("2001000000.00")),
        "06": (1, Decimal("2000000000.00")),
    }


def test_an_agreement_counts_once_per_group_however_many_parties_share_it(operator, cluster):
    stats = get_agreement_stats(viewer=operator)

    # The clinical base's two parties are both in Fengxian: one agreement, 1 million, not two.
    regions = {r.key: (r.agreements, r.amount_cny) for r in stats.by_region}
    assert regions["上海市 上海市 奉贤区"] == (3, Decimal("2001000000.00"))
    assert regions["上海市 上海市 嘉定区"] == (2, Decimal("2000000000.00"))
    kinds = {r.key: r.agreements for r in stats.by_organisation_kind}
    assert kinds == {"company": 3, "hospital": 2}


def test_periods_and_dates_narrow_the_figures(operator, cluster):
    by_month = get_agreement_stats(viewer=operator, period="month")
    assert [r.period for r in by_month.over_time][:2] == [
        datetime.date(2024, 3, 1),
        datetime.date(2024, 10, 1),
    ]
    later = get_agreement_stats(viewer=operator, since=datetime.date(2024, 6, 1))
    assert later.total == 2
    with pytest.raises(ValueError):
        get_agreement_stats(viewer=operator, period="week")


def test_a_member_sees_only_their_organisations_agreements(operator, cluster):
    hospital, company, other_company = cluster
    member = make_member(company)
    stats = get_agreement_stats(viewer=member)
    assert stats.total == 2  # not the confidential one between the hospital and the other firm
    assert {r.key for r in stats.by_region} == {"上海市 上海市 奉贤区", "上海市 上海市 嘉定区"}

    outsider = make_member(OrganisationFactory())
    assert get_agreement_stats(viewer=outsider).total == 0
    assert get_agreement_stats(viewer=outsider).by_region == []


def test_groups_follow_an_organisation_that_moves_and_a_corrected_agreement(
    operator, cluster, django_capture_on_commit_callbacks
):
    from qiao.directory import services as directory
    from qiao.pipeline.models import Agreement

    hospital, company, other_company = cluster
    with django_capture_on_commit_callbacks(execute=True):
        directory.update_organisation(
            organisation=other_company, by=None, data={"district": "奉贤区"}
        )
    regions = {r.key: r.agreements for r in get_agreement_stats(viewer=operator).by_region}
    assert regions == {"上海市 上海市 奉贤区": 3}  # every party is in Fengxian now

    base = Agreement.objects.get(kind="clinical_base")
    university = OrganisationFactory(
        kind=term(Vocabulary.ORGANISATION_KIND, "university"), district="杨浦区"
    )
    pipeline.request_agreement_change(  # an operator's word applies it at once
        agreement=base, requested_by=operator, parties=[(hospital, "host"), (university, "party")]
    )
    stats = get_agreement_stats(viewer=operator)
    assert {r.key: r.agreements for r in stats.by_region}["上海市 上海市 杨浦区"] == 1
    kinds = {r.key: r.agreements for r in stats.by_organisation_kind}
    assert kinds == {"company": 2, "hospital": 2, "university": 1}
