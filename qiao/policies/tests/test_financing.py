"""A financing need surfaces the policies that may fund it; a policy shows operators the
eligible firms looking for financing."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.market import services as market_services
from qiao.market.models import Kind, Listing, Side
from qiao.policies import services

pytestmark = pytest.mark.django_db


def test_financing_need_and_policy_find_each_other(
    operator, client, django_capture_on_commit_callbacks
):
    firm = OrganisationFactory(district="奉贤区")
    admin = make_member(firm, role=Membership.Role.ADMIN)
    outsider = make_member(OrganisationFactory(), role=Membership.Role.ADMIN)
    need = market_services.create_listing(
        created_by=admin, organisation=firm, side=Side.NEED, kind=Kind.FINANCING,
        title_zh="A轮融资 3000 万元",
    )  # fmt: skip
    Listing.objects.filter(pk=need.pk).update(status=Listing.Status.PUBLISHED)
    closes = timezone.localdate() + datetime.timedelta(days=30)
    here = [{"type": "region", "district": ["奉贤区"]}]
    with django_capture_on_commit_callbacks(execute=True):
        small, big, rent, elsewhere = (
            services.create_policy(
                by=operator,
                title_zh=title,
                issuer="奉贤区",
                level="district",
                benefit_kind=kind,
                amount=amount,
                closes_on=closes,
                criteria=criteria,
            )  # fmt: skip
            for title, kind, amount, criteria in (
                ("贷款贴息", "loan_interest", 200000, here),
                ("首台套奖励", "grant", 2000000, here),
                ("房租减免", "rent_relief", 900000, here),
                ("浦东补贴", "subsidy", 5000000, [{"type": "region", "district": ["浦东新区"]}]),
            )
        )
        for p in (small, big, rent, elsewhere):
            services.set_policy_status(by=operator, policy_obj=p, status="published")

    client.force_login(admin)
    page = client.get(reverse("market:listing_detail", args=[need.pk])).content.decode()
    assert 'data-testid="funding-policies"' in page
    # Funding kinds only, the firm's region only, the larger amount first.
    assert page.index("首台套奖励") < page.index("贷款贴息")
    assert "房租减免" not in page and "浦东补贴" not in page

    # The firm's own policy page for operators lists the need; a member sees no such list.
    page = client.get(reverse("policies:detail", args=[big.pk])).content.decode()
    assert 'data-testid="financing-needs"' not in page
    client.force_login(operator)
    page = client.get(reverse("policies:detail", args=[big.pk])).content.decode()
    assert 'data-testid="financing-needs"' in page and "A轮融资 3000 万元" in page
    page = client.get(reverse("policies:detail", args=[elsewhere.pk])).content.decode()
    assert "A轮融资 3000 万元" not in page
    page = client.get(reverse("policies:detail", args=[rent.pk])).content.decode()
    assert 'data-testid="financing-needs"' not in page

    # Another firm reading the published need does not see the firm's policy file.
    client.force_login(outsider)
    response = client.get(reverse("market:listing_detail", args=[need.pk]))
    assert 'data-testid="funding-policies"' not in response.content.decode()
