"""This year's lab vouchers: each paid-up member of a tier with an allowance gets one,
recorded through the lab (audited, by the secretary), told after commit; run again it issues
nothing new; lapsed members, tiers without an allowance and other people get nothing."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from qiao.alliances.models import VoucherIssue
from qiao.alliances.tests.factories import make_active, make_alliance, make_tier
from qiao.alliances.vouchers import issue_vouchers
from qiao.core.audit import AuditEntry
from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.lab.models import Voucher

pytestmark = pytest.mark.django_db


def test_this_years_vouchers_are_issued_once_to_paid_up_members(
    django_capture_on_commit_callbacks,
):
    alliance, secretary = make_alliance()
    council = make_tier(alliance, secretary, lab_voucher_yuan=Decimal("20000"))
    plain = make_tier(alliance, secretary, name_zh="会员单位", annual_fee=Decimal("20000"))
    member, boss = make_active(council, secretary)
    lapsed, _ = make_active(council, secretary)
    lapsed.ends_on = timezone.localdate() - datetime.timedelta(days=1)
    lapsed.save(update_fields=["ends_on"])
    make_active(plain, secretary)  # no allowance
    outsider = make_member(OrganisationFactory(), role=Membership.Role.ADMIN)
    with pytest.raises(PermissionDenied):
        issue_vouchers(alliance=alliance, by=outsider)
    entries = AuditEntry.objects.count()

    with django_capture_on_commit_callbacks(execute=True):
        assert issue_vouchers(alliance=alliance, by=secretary) == 1

    voucher = Voucher.objects.get()
    year = timezone.localdate().year
    assert (voucher.organisation_id, voucher.amount, voucher.balance) == (
        member.member_id, Decimal("20000.00"), Decimal("20000.00"),
    )  # fmt: skip
    assert voucher.granted_by == secretary and voucher.share_percent == 100
    assert voucher.valid_until == datetime.date(year, 12, 31)
    assert VoucherIssue.objects.get().voucher == voucher
    assert AuditEntry.objects.count() > entries
    assert AuditEntry.objects.filter(object_id=voucher.pk, actor=secretary).exists()
    assert "20,000" in boss.notifications.latest("id").title_in("en")
    # run again (page or service): nothing new
    assert issue_vouchers(alliance=alliance, by=secretary) == 0
    client = Client()
    client.force_login(secretary)
    page = client.get(f"/alliances/alliance/{alliance.pk}/")
    assert b'data-testid="issue-vouchers"' not in page.content
    response = client.post(f"/alliances/alliance/{alliance.pk}/vouchers/")
    assert response.status_code == 302 and Voucher.objects.count() == 1
    # a new member of the year is issued theirs from the page; others get 404
    make_active(council, secretary)
    page = client.get(f"/alliances/alliance/{alliance.pk}/")
    assert b'data-testid="issue-vouchers"' in page.content
    client.post(f"/alliances/alliance/{alliance.pk}/vouchers/")
    assert Voucher.objects.count() == 2
    stranger = Client()
    stranger.force_login(outsider)
    assert stranger.post(f"/alliances/alliance/{alliance.pk}/vouchers/").status_code == 404
