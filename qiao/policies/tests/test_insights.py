"""Policy money delivered: granted and paid amounts by year, policy and district."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.policies import services

pytestmark = pytest.mark.django_db
D = datetime.date


def test_money_granted_and_paid_by_year_policy_and_district(operator, client):
    policy = services.create_policy(by=operator, title_zh="首证奖励", issuer="奉贤区经委",
                                    level="district", amount=500000)  # fmt: skip
    fengxian = OrganisationFactory(district="奉贤区")
    jiading = OrganisationFactory(district="嘉定区")
    admin = make_member(fengxian, role=Membership.Role.ADMIN)
    # Granted in 2025, paid in 2026; the other firm granted and paid in 2026; one rejected.
    services.record_application(
        by=admin, policy_obj=policy, organisation=fengxian, status="approved",
        applied_on=D(2025, 6, 1), decided_on=D(2025, 11, 20), amount_granted=Decimal("500000"),
        amount_received=Decimal("500000"), paid_on=D(2026, 2, 3),
    )  # fmt: skip
    services.record_application(
        by=operator, policy_obj=policy, organisation=jiading, status="approved",
        decided_on=D(2026, 3, 1), amount_granted=Decimal("300000"),
        amount_received=Decimal("150000"), paid_on=D(2026, 4, 1),
    )  # fmt: skip
    services.record_application(by=operator, policy_obj=policy, status="rejected",
                                organisation=OrganisationFactory(district="奉贤区"))  # fmt: skip
    # A granted amount on an application not approved is refused in words.
    with pytest.raises(ValidationError):
        services.record_application(by=operator, policy_obj=policy, status="applied",
                                    organisation=OrganisationFactory(),
                                    amount_granted=Decimal("1"))  # fmt: skip

    client.force_login(admin)
    assert client.get(reverse("policies:insights")).status_code in (403, 404)
    assert client.get(reverse("policies:insights_export")).status_code in (403, 404)

    client.force_login(operator)
    response = client.get(reverse("policies:insights"))
    figures = response.context["figures"]
    by_year = {year: (d.granted, d.paid, d.firm_count) for year, d in figures.by_year}
    assert by_year == {
        2026: (Decimal("300000"), Decimal("650000"), 2),
        2025: (Decimal("500000"), Decimal("0"), 1),
    }
    by_district = {(y, district): (d.granted, d.paid) for y, district, d in figures.by_district}
    assert by_district[2026, "奉贤区"] == (Decimal("0"), Decimal("500000"))
    assert by_district[2026, "嘉定区"] == (Decimal("300000"), Decimal("150000"))
    assert "首证奖励" in response.content.decode()

    content = client.get(reverse("policies:insights_export")).content
    workbook = load_workbook(filename=io.BytesIO(content))
    rows = list(workbook.worksheets[0].values)
    assert rows[1][:5] == (2026, "首证奖励", "奉贤区经委", 300000, 650000)
