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
