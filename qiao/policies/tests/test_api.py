import datetime

import pytest

from qiao.directory.models import Credential, Membership
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.policies import services

pytestmark = pytest.mark.django_db


def test_eligibility_api_gives_reasons_in_both_languages_and_hides_other_firms(operator, client):
    firm = OrganisationFactory(district="奉贤区")
    admin = make_member(firm, role=Membership.Role.ADMIN)
    certificate = Credential.objects.create(
        organisation=firm, kind="registration", device_class="III", number="国械注准1",
        title="x", issued_on=datetime.date(2026, 3, 2),
    )  # fmt: skip
    policy = services.create_policy(
        by=operator, title_zh="首证奖励", issuer="区经委", level="district",
        criteria=[{"type": "region", "district": ["奉贤区"]},
                  {"type": "credential", "classes": ["III"], "first": True}],
    )  # fmt: skip
    services.set_policy_status(by=operator, policy_obj=policy, status="published")
    client.force_login(admin)
    body = client.get(f"/api/policies/{policy.pk}/eligibility/{firm.pk}").json()
    assert body["outcome"] == "met"
    proof = body["criteria"][1]["proof"]
    assert proof == [{"kind": "credential", "id": certificate.pk, "label": "国械注准1"}]
    assert "奉贤区" in body["criteria"][0]["sentence_zh"]
    assert "registered in" in body["criteria"][0]["sentence_en"]

    response = client.put(f"/api/policies/{policy.pk}/applications/{firm.pk}",
                          {"status": "approved", "amount_received": "500000"},
                          content_type="application/json")  # fmt: skip
    assert response.status_code == 200 and response.json()["status"] == "approved"

    stranger = make_member(OrganisationFactory())
    client.force_login(stranger)
    assert client.get(f"/api/policies/{policy.pk}/eligibility/{firm.pk}").status_code == 404
    assert client.get("/api/policies/applications/").json() == []
