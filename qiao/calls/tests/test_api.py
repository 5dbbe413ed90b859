"""The calls and experts API: ranking and the pool for operators only."""

import pytest
from django.utils import timezone

from qiao.calls import services
from qiao.calls.models import Call
from qiao.experts.tests.factories import make_expert

pytestmark = pytest.mark.django_db


def test_ranking_and_pool_are_the_operators(client, operator, member):
    today = timezone.localdate()
    call = services.create_call(by=operator, kind=Call.Kind.AWARD, title_zh="创新奖",
                                opens_on=today, closes_on=today)  # fmt: skip
    services.add_criterion(call=call, by=operator, name_zh="创新性", weight=1)
    services.move_phase(call=call, phase=Call.Phase.OPEN, by=operator)
    make_expert(fields="影像")
    client.force_login(member)
    assert [c["title_zh"] for c in client.get("/api/calls/").json()["items"]] == ["创新奖"]
    assert client.get(f"/api/calls/{call.pk}/ranking").status_code == 404
    assert client.get("/api/experts/").status_code == 404
    client.force_login(operator)
    assert client.get(f"/api/calls/{call.pk}/ranking").json() == []
    assert client.get("/api/experts/", {"q": "影像"}).json()["count"] == 1


def test_ranking_exports_to_excel_for_operators(client, operator, member):
    from io import BytesIO

    from openpyxl import load_workbook

    today = timezone.localdate()
    call = services.create_call(by=operator, kind=Call.Kind.AWARD, title_zh="创新奖",
                                opens_on=today, closes_on=today)  # fmt: skip
    services.add_criterion(call=call, by=operator, name_zh="创新性", weight=1)
    client.force_login(member)
    assert client.get(f"/calls/{call.pk}/ranking.xlsx").status_code == 404
    client.force_login(operator)
    response = client.get(f"/calls/{call.pk}/ranking.xlsx")
    book = load_workbook(BytesIO(response.content))
    assert len(book.sheetnames) == 2
    assert [c.value for c in next(book.worksheets[1].iter_rows())][-1] == "创新性"
