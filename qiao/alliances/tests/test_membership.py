"""An alliance year: apply, approve, pay, notices 60/30/7 days before expiry (each once),
no silent renewal, lapse; renewal by payment; annual check; pages and who sees them."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from qiao.alliances import services
from qiao.alliances.models import AllianceMembership, RenewalNotice
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member

pytestmark = pytest.mark.django_db
D = datetime.date
NEW_YEAR = D(2026, 1, 1)


@pytest.fixture
def alliance():
    return OrganisationFactory(
        name_zh="嘉定生物医药产业创新联盟", name_en="Jiading Biomedical Alliance"
    )


@pytest.fixture
def secretary(alliance):
    return make_member(alliance, role=Membership.Role.ADMIN)


@pytest.fixture
def tier(alliance, secretary):
    return services.create_tier(alliance=alliance, by=secretary, name_zh="理事单位",
                                annual_fee=Decimal("50000"), benefits="工作组席位")  # fmt: skip


@pytest.fixture
def company():
    return OrganisationFactory(name_zh="博杰医疗")


@pytest.fixture
def boss(company):
    return make_member(company, role=Membership.Role.ADMIN)


def _active(tier, company, boss, secretary, paid_on=NEW_YEAR):
    membership = services.apply_for_membership(member=company, tier=tier, by=boss)
    services.decide_membership(membership=membership, approve=True, by=secretary)
    services.record_payment(membership=membership, by=secretary, invoice_no="FP-001",
                            amount=Decimal("50000"), paid_on=paid_on)  # fmt: skip
    membership.refresh_from_db()
    return membership


def test_apply_approve_pay(tier, company, boss, secretary, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.apply_for_membership(member=company, tier=tier, by=boss)
    assert "博杰医疗" in secretary.notifications.get().title_in("zh-hans")
    with pytest.raises(ValidationError):
        services.record_payment(membership=membership, by=secretary, invoice_no="1",
                                amount=Decimal("1"), paid_on=D(2026, 1, 1))  # fmt: skip
    with pytest.raises(PermissionDenied):
        services.decide_membership(membership=membership, approve=True, by=boss)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide_membership(membership=membership, approve=True, by=secretary)
    assert "approved your membership" in boss.notifications.latest("id").title_in("en")
    with pytest.raises(ValidationError):
        services.record_payment(membership=membership, by=secretary, invoice_no=" ",
                                amount=Decimal("50000"), paid_on=D(2026, 1, 1))  # fmt: skip
    services.record_payment(membership=membership, by=secretary, invoice_no="FP-001",
                            amount=Decimal("50000"), paid_on=D(2026, 3, 15))  # fmt: skip
    membership.refresh_from_db()
    assert membership.status == AllianceMembership.Status.ACTIVE
    assert (membership.starts_on, membership.ends_on) == (D(2026, 3, 15), D(2027, 3, 14))


def test_applying_twice_or_for_someone_else_is_refused(tier, company, boss, other_organisation):
    services.apply_for_membership(member=company, tier=tier, by=boss)
    with pytest.raises(ValidationError):
        services.apply_for_membership(member=company, tier=tier, by=boss)
    with pytest.raises(PermissionDenied):
        services.apply_for_membership(member=other_organisation, tier=tier, by=boss)


def test_renewal_notices_60_30_7_days_before_each_once_then_lapse(
    tier, company, boss, secretary, django_capture_on_commit_callbacks
):
    membership = _active(tier, company, boss, secretary)  # paid until 2026-12-31

    def run(day):
        with django_capture_on_commit_callbacks(execute=True):
            return services.send_renewal_notices(today=day)

    assert run(D(2026, 10, 31)) == {"sent": 0, "lapsed": 0}  # 61 days before
    assert run(D(2026, 11, 1)) == {"sent": 1, "lapsed": 0}  # 60 days before
    assert run(D(2026, 11, 1)) == {"sent": 0, "lapsed": 0}  # idempotent
    assert run(D(2026, 11, 15)) == {"sent": 0, "lapsed": 0}
    assert run(D(2026, 12, 1)) == {"sent": 1, "lapsed": 0}  # 30 days
    assert run(D(2026, 12, 26)) == {"sent": 1, "lapsed": 0}  # missed the 7th day: 5 left
    titles = [n.title_in("zh-hans") for n in boss.notifications.order_by("id")
              if "2026-12-31" in n.title_in("en")]  # fmt: skip
    assert len(titles) == 3
    english = boss.notifications.order_by("id").last().title_in("en")
    assert "(in 5 days)" in english and "does not renew by itself" in english
    assert RenewalNotice.objects.filter(membership=membership).count() == 3
    membership.refresh_from_db()
    assert membership.status == AllianceMembership.Status.ACTIVE  # never renewed silently
    assert run(D(2027, 1, 1)) == {"sent": 0, "lapsed": 1}
    membership.refresh_from_db()
    assert membership.status == AllianceMembership.Status.LAPSED
    assert "lapsed" in boss.notifications.latest("id").title_in("en")


def test_a_payment_renews_for_the_next_year_and_notices_start_again(tier, company, boss, secretary):
    membership = _active(tier, company, boss, secretary)
    services.send_renewal_notices(today=D(2026, 12, 1))
    services.record_payment(membership=membership, by=secretary, invoice_no="FP-002",
                            amount=Decimal("50000"), paid_on=D(2026, 12, 10))  # fmt: skip
    membership.refresh_from_db()
    assert membership.ends_on == D(2027, 12, 31)
    assert services.send_renewal_notices(today=D(2026, 12, 26)) == {"sent": 0, "lapsed": 0}
    assert services.send_renewal_notices(today=D(2027, 11, 1))["sent"] == 1


def test_the_command_runs(tier, company, boss, secretary, capsys):
    _active(tier, company, boss, secretary, paid_on=D(2020, 1, 1))
    call_command("send_renewal_notices")
    assert "lapsed: 1" in capsys.readouterr().out


def test_annual_check_once_a_year(tier, company, boss, secretary):
    membership = _active(tier, company, boss, secretary)
    services.record_annual_check(membership=membership, by=secretary, year=2026, passed=True)
    with pytest.raises(ValidationError):
        services.record_annual_check(membership=membership, by=secretary, year=2026, passed=False)


def test_pages_certificate_and_value(client, tier, company, boss, secretary, member):
    membership = _active(tier, company, boss, secretary)
    client.force_login(boss)
    page = client.get(f"/alliances/{membership.pk}/").content.decode()
    assert "2026-12-31" in page
    cert = client.get(f"/alliances/{membership.pk}/certificate/").content.decode()
    assert "会员证书" in cert and "博杰医疗" in cert and "理事单位" in cert
    assert client.get(f"/alliances/{membership.pk}/value/?year=2026").status_code == 200
    client.force_login(member)  # a member of an unrelated organisation
    assert client.get(f"/alliances/{membership.pk}/").status_code == 404
    assert client.post(f"/alliances/{membership.pk}/act/", {"action": "approve"}).status_code == 404


def test_payment_form_refuses_bad_input_without_saving(client, tier, company, boss, secretary):
    membership = _active(tier, company, boss, secretary)
    client.force_login(secretary)
    response = client.post(f"/alliances/{membership.pk}/act/",
                           {"action": "payment", "invoice_no": "X", "amount": "abc", "paid_on": "2026-12-01"})  # fmt: skip
    assert response.status_code == 302
    assert membership.payments.count() == 1
