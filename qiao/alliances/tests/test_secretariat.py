"""The secretariat's pages: tiers added and edited through the services (saved unchanged in
Chinese or English nothing is written), dues and churn per year and tier with its Excel,
the members' Excel, the certificate as PDF and the read API; others get 404."""

import datetime
from decimal import Decimal
from io import BytesIO

import pytest
from django.core.management import call_command
from django.utils import timezone
from openpyxl import load_workbook

from qiao.alliances import services
from qiao.alliances.dues import Due, Period, churn_table, dues_table
from qiao.alliances.models import Tier
from qiao.alliances.tests.factories import make_active, make_alliance, make_tier
from qiao.core.audit import AuditEntry
from qiao.tests.test_edit_pages_roundtrip import assert_saved, client_for, resubmit, snapshot

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_a_tier_saved_unchanged_writes_nothing_and_a_change_is_audited(member, language):
    alliance, secretary = make_alliance()
    tier = make_tier(alliance, secretary, name_en="Council member", benefits="工作组席位\n年会发言",
                     event_request_quota=20, lab_discount_percent=15)  # fmt: skip
    before, entries = snapshot([tier]), AuditEntry.objects.count()
    client = client_for(secretary, language)
    url = f"/alliances/tiers/{tier.pk}/edit/"

    data, response = resubmit(client, url, having="annual_fee")

    assert_saved(response, data)
    assert snapshot([tier]) == before and AuditEntry.objects.count() == entries
    data["lab_discount_percent"] = ["120"]  # refused with a message, nothing saved
    assert client.post(url, data).status_code == 200
    data["lab_discount_percent"] = ["25"]
    assert_saved(client.post(url, data), data)
    assert Tier.objects.get(pk=tier.pk).lab_discount_percent == 25
    assert AuditEntry.objects.count() == entries + 1
    assert client_for(member, language).get(url).status_code == 404


def test_dues_and_churn_arithmetic():
    today = D(2026, 6, 1)
    periods = [
        Period(1, "理事", Decimal("50000"), D(2024, 1, 1), D(2024, 12, 31)),
        Period(1, "理事", Decimal("50000"), D(2025, 1, 1), D(2025, 12, 31)),  # renewed
        Period(2, "会员", Decimal("20000"), D(2025, 3, 1), D(2026, 2, 28)),  # lapsed
        Period(3, "会员", Decimal("20000"), D(2025, 9, 1), D(2026, 8, 31)),  # pending
    ]
    dues = [
        Due(1, "理事", Decimal("50000"), D(2026, 1, 1)),  # active, next year unpaid: overdue
        Due(3, "会员", Decimal("20000"), D(2026, 9, 1)),  # not yet due
        Due(4, "会员", Decimal("20000"), D(2026, 5, 25), first=True),  # within the grace
    ]
    rows = {(r.year, r.tier): r for r in dues_table(periods, dues, today)}
    assert rows[(2026, "理事")].overdue == Decimal("50000") and rows[(2026, "理事")].paid == 0
    assert rows[(2026, "会员")].open == Decimal("40000")
    assert rows[(2025, "会员")].paid == Decimal("40000")
    assert rows[(2025, "理事")].expected == Decimal("50000")
    churn = {r.year: r for r in churn_table(periods, today, active=frozenset({1, 3}))}
    assert (churn[2024].joined, churn[2024].renewed, churn[2024].churn_rate) == (1, 1, 0.0)
    assert (churn[2025].joined, churn[2025].ending, churn[2025].pending) == (2, 1, 1)
    assert (churn[2026].lapsed, churn[2026].pending, churn[2026].churn_rate) == (1, 1, 1.0)


def test_secretariat_page_excel_certificate_pdf_and_api(client, member):
    alliance, secretary = make_alliance()
    council = make_tier(alliance, secretary)
    plain = make_tier(alliance, secretary, name_zh="会员单位", annual_fee=Decimal("20000"))
    start = timezone.localdate() - datetime.timedelta(days=400)
    staying, boss = make_active(council, secretary, paid_on=start)
    services.record_payment(
        membership=staying, by=secretary, invoice_no="FP-R", amount=Decimal("50000"), paid_on=start
    )  # renewed, paid early
    leaving, _ = make_active(plain, secretary, paid_on=start)
    call_command("send_renewal_notices")  # the unpaid one lapses
    leaving.refresh_from_db()
    staying.refresh_from_db()
    assert (leaving.status, staying.status) == ("lapsed", "active")

    client.force_login(secretary)
    added = client.post(f"/alliances/alliance/{alliance.pk}/", {"name_zh": "观察员单位",
                        "annual_fee": "5000", "lab_discount_percent": "0",
                        "event_registration": "normal", "lab_voucher_yuan": "0"})  # fmt: skip
    assert added.status_code == 302 and alliance.tiers.filter(name_zh="观察员单位").exists()
    page = client.get(f"/alliances/alliance/{alliance.pk}/").content.decode()
    assert "会员单位" in page and "理事单位" in page and "50%" in page  # 1 renewed, 1 lapsed
    assert client.get("/alliances/").content.decode().count(f"/alliances/alliance/{alliance.pk}/")
    book = load_workbook(
        BytesIO(client.get(f"/alliances/alliance/{alliance.pk}/dues.xlsx").content)
    )
    assert len(book.sheetnames) == 2
    dues = [[c.value for c in row] for row in book.worksheets[0].iter_rows()][1:]
    assert [start.year, "理事单位", 50000, 50000, 0, 0, 1] in dues
    book = load_workbook(
        BytesIO(client.get(f"/alliances/alliance/{alliance.pk}/members.xlsx").content)
    )
    names = [row[0].value for row in book.worksheets[0].iter_rows()][1:]
    assert sorted(names) == sorted([staying.member.name_zh, leaving.member.name_zh])

    members = client.get(f"/api/alliances/{alliance.pk}/members").json()
    assert members["count"] == 2
    assert {m["tier"] for m in members["items"]} == {"理事单位", "会员单位"}
    tiers = client.get(f"/api/alliances/{alliance.pk}/tiers").json()
    assert [t["name_zh"] for t in tiers] == ["观察员单位", "会员单位", "理事单位"]
    payments = client.get(f"/api/alliances/{alliance.pk}/payments").json()
    assert payments["count"] == 3 and "FP-R" in {p["invoice_no"] for p in payments["items"]}

    client.force_login(boss)
    pdf = client.get(f"/alliances/{staying.pk}/certificate.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(f"/alliances/{leaving.pk}/certificate.pdf").status_code == 404

    client.force_login(member)  # an unrelated organisation's member
    for url in (f"/alliances/alliance/{alliance.pk}/", f"/alliances/alliance/{alliance.pk}/dues.xlsx",
                f"/alliances/alliance/{alliance.pk}/members.xlsx",
                f"/api/alliances/{alliance.pk}/members", f"/api/alliances/{alliance.pk}/payments",
                f"/api/alliances/{alliance.pk}/tiers"):  # fmt: skip
        assert client.get(url).status_code == 404, url
    client.force_login(boss)  # a member, not the secretariat
    assert client.get(f"/api/alliances/{alliance.pk}/members").status_code == 404
