import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qiao.directory.tests.factories import make_member
from qiao.reporting import services
from qiao.reporting.tests.factories import add_figure, open_campaign

pytestmark = pytest.mark.django_db


def _accepted(operator, org_admin, organisation, value="40"):
    campaign = open_campaign(operator, [organisation], codes=("employees",))
    submission = campaign.submissions.get()
    entry = submission.entries.get()
    services.save_entries(
        by=org_admin, submission=submission, values={entry.pk: (Decimal(value), "")}
    )
    services.sign_off_submission(by=org_admin, submission=submission)
    services.accept_submission(by=operator, submission=submission)
    return campaign


def test_firm_forms_are_confidential(client, operator, member, organisation, other_organisation):
    campaign = open_campaign(operator, [organisation, other_organisation])
    own = campaign.submissions.get(organisation=organisation)
    other = campaign.submissions.get(organisation=other_organisation)
    client.force_login(member)
    assert client.get(reverse("reporting:submission_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("reporting:submission_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("reporting:campaign_detail", args=[campaign.pk])).status_code == 404
    assert client.get(reverse("reporting:campaign_export", args=[campaign.pk])).status_code == 404
    assert client.get(f"/api/reporting/forms/{other.pk}").status_code == 404
    assert client.get(f"/api/reporting/forms/{own.pk}").json()["period"] == "2026Q3"


def test_admin_fills_and_signs_on_the_page(client, operator, org_admin, organisation):
    add_figure(organisation, "employees", "2026Q2", "10")
    submission = open_campaign(operator, [organisation], codes=("employees",)).submissions.get()
    entry = submission.entries.get()
    client.force_login(org_admin)
    url = reverse("reporting:submission_detail", args=[submission.pk])
    response = client.post(url, {"action": "sign", f"value_{entry.pk}": "abc", "version": "1"})
    assert response.status_code == 200
    response = client.post(url, {"action": "sign", f"value_{entry.pk}": "30", "version": "1"})
    assert response.status_code == 200  # a jump of 200 % without an explanation
    submission.refresh_from_db()
    assert submission.status == "draft"
    response = client.post(
        url,
        {"action": "sign", f"value_{entry.pk}": "30", f"explanation_{entry.pk}": "扩产招聘",
         "version": str(submission.version)},
    )  # fmt: skip
    assert response.status_code == 302
    submission.refresh_from_db()
    assert submission.status == "signed"


def test_excel_has_stable_headers_and_totals_only_by_default(
    client, operator, org_admin, organisation
):
    campaign = _accepted(operator, org_admin, organisation)
    client.force_login(operator)
    response = client.get(reverse("reporting:campaign_export", args=[campaign.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["汇总"]
    rows = list(book.active.iter_rows(values_only=True))
    assert [row[0] for row in rows[:4]] == ["报表标题", "集群", "统计期间", "单位"]
    assert rows[6][0] == "employees" and rows[6][3] == 40
    assert organisation.name_zh not in str(rows)
    with_firms = client.get(reverse("reporting:campaign_export", args=[campaign.pk]) + "?firms=1")
    firms = load_workbook(io.BytesIO(with_firms.content)).worksheets[1]
    assert organisation.name_zh in str(list(firms.iter_rows(values_only=True)))


def test_pdf_report(client, operator, org_admin, organisation):
    campaign = _accepted(operator, org_admin, organisation)
    client.force_login(operator)
    response = client.get(reverse("reporting:campaign_report_pdf", args=[campaign.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    page = client.get(reverse("reporting:campaign_report", args=[campaign.pk]))
    assert organisation.name_zh in page.content.decode()  # top firms


def test_other_admin_cannot_sign_by_post(client, operator, organisation, other_organisation):
    submission = open_campaign(operator, [organisation]).submissions.get()
    stranger = make_member(other_organisation, role="admin")
    client.force_login(stranger)
    url = reverse("reporting:submission_detail", args=[submission.pk])
    assert client.post(url, {"action": "accept"}).status_code == 404
