from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from qiao.attraction import selectors, services
from qiao.attraction.models import Lead
from qiao.attraction.tests.factories import accepted_agreement
from qiao.core.audit import AuditEntry

pytestmark = pytest.mark.django_db


def test_news_proposes_leads_for_non_members_once(operator, organisation, member):
    accepted_agreement([organisation.name_zh, "杭州新落户医疗科技有限公司"], title="完成B轮融资")
    accepted_agreement(["某医院", "某企业"], kind="clinical_base")
    made = services.propose_leads_from_news(by=operator)
    assert [(lead.name, lead.source, lead.planned_investment) for lead in made] == [
        ("杭州新落户医疗科技有限公司", "news", Decimal("5000.00"))
    ]
    assert made[0].source_note == "完成B轮融资"
    assert services.propose_leads_from_news(by=operator) == []


def test_landing_creates_the_directory_organisation_and_keeps_history(operator):
    lead = services.create_lead(
        by=operator, data={"name": "苏州落地医疗器械有限公司", "source": "event"}
    )
    services.move_lead(by=operator, lead=lead, stage=Lead.Stage.SIGNED)
    organisation = services.land_lead(by=operator, lead=lead)
    lead.refresh_from_db()
    assert (lead.stage, lead.organisation) == ("landed", organisation)
    assert organisation.name_zh == "苏州落地医疗器械有限公司"
    assert organisation.attraction_leads.get() == lead
    assert AuditEntry.objects.filter(object_id=lead.pk, content_type__model="lead").count() == 3


def test_leads_are_confidential_to_operators(client, member, org_admin):
    lead = services.create_lead(by=None, data={"name": "保密项目", "source": "broker"})
    with pytest.raises(PermissionDenied):
        services.create_lead(by=org_admin, data={"name": "x", "source": "broker"})
    client.force_login(member)
    for url in (
        reverse("attraction:lead_list"),
        reverse("attraction:lead_detail", args=[lead.pk]),
        reverse("attraction:weekly_report"),
    ):
        assert client.get(url).status_code == 404


def test_weekly_report_counts_the_funnel(operator, client):
    services.create_lead(
        by=operator, data={"name": "甲", "source": "event", "planned_investment": Decimal(100)}
    )
    lead = services.create_lead(by=operator, data={"name": "乙", "source": "news"})
    services.move_lead(by=operator, lead=lead, stage=Lead.Stage.NEGOTIATING)
    report = selectors.weekly_report(viewer=operator, today=timezone.localdate())
    assert [c for v, _l, c in report["funnel"] if v in ("lead", "negotiating")] == [1, 1]
    assert report["planned"] == Decimal(100)
    client.force_login(operator)
    response = client.get(reverse("attraction:weekly_report") + "?format=xlsx")
    assert response.status_code == 200 and response.content[:2] == b"PK"


def test_the_hosting_government_is_not_a_lead(operator):
    accepted_agreement(["嘉定区人民政府", "杭州新落户医疗科技有限公司"], kind="park_settlement")
    assert [lead.name for lead in services.propose_leads_from_news(by=operator)] == [
        "杭州新落户医疗科技有限公司"
    ]


def test_editing_a_lead_on_its_page_is_saved_and_audited(client, operator):
    lead = services.create_lead(by=operator, data={"name": "丙", "source": "event"})
    client.force_login(operator)
    response = client.post(
        reverse("attraction:lead_detail", args=[lead.pk]),
        {"action": "save", "name": "丙", "source": "broker", "floor_area": "1200",
         "version": lead.version},
    )  # fmt: skip
    assert response.status_code == 302
    lead.refresh_from_db()
    assert (lead.source, lead.floor_area) == ("broker", Decimal("1200.0"))
    assert AuditEntry.objects.filter(object_id=lead.pk, action="changed").count() == 1
