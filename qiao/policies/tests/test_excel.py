import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from qiao.core.audit import AuditEntry
from qiao.core.xlsx import append_row
from qiao.policies.excel import COLUMNS, template_workbook
from qiao.policies.models import Policy

pytestmark = pytest.mark.django_db


def _upload(rows):
    workbook = template_workbook()
    sheet = workbook.active
    sheet.delete_rows(2)
    for row in rows:
        append_row(sheet, row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "policies.xlsx"
    return buffer


GOOD = ["首证奖励", "", "", "奉贤区经委", "区级", "奖励", "500000", "2026-01-01", "2026-12-31",
        "", "", "", "", '[{"type": "region", "district": ["奉贤区"]}]']  # fmt: skip


def test_template_has_chinese_headers(operator, client):
    client.force_login(operator)
    response = client.get(reverse("policies:import_template"))
    headers = [c.value for c in next(load_workbook(io.BytesIO(response.content)).active.rows)]
    assert headers == [h for _, h in COLUMNS] and headers[0] == "政策名称"


def test_import_is_all_or_nothing_with_row_errors(operator, client):
    client.force_login(operator)
    bad = list(GOOD)
    bad[4], bad[13] = "宇宙级", '[{"type": "nope"}]'
    response = client.post(reverse("policies:import"), {"file": _upload([GOOD, bad])})
    page = response.content.decode()
    assert response.status_code == 200 and Policy.objects.count() == 0
    assert 'data-testid="import-errors"' in page and "3" in page

    response = client.post(reverse("policies:import"), {"file": _upload([GOOD, GOOD])})
    assert response.status_code == 302
    assert list(Policy.objects.values_list("level", "status")) == [("district", "draft")] * 2
    assert AuditEntry.objects.filter(action=AuditEntry.Action.IMPORTED).count() == 1


def test_not_an_excel_file_is_a_clear_error(operator, client):
    client.force_login(operator)
    upload = io.BytesIO(b"not excel")
    upload.name = "x.xlsx"
    response = client.post(reverse("policies:import"), {"file": upload})
    assert response.status_code == 200 and Policy.objects.count() == 0


def test_export_and_import_are_operator_only(member, client):
    client.force_login(member)
    assert client.get(reverse("policies:export")).status_code == 404
    assert client.get(reverse("policies:import")).status_code == 404
