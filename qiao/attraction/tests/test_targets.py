import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from qiao.attraction import services, targets
from qiao.attraction.models import STAGE_DAYS, Lead
from qiao.core.audit import AuditEntry
from qiao.inbox.models import Notification

pytestmark = pytest.mark.django_db


def test_a_new_lead_gets_a_target_date_per_stage_ahead(operator, member):
    today = timezone.localdate()
    lead = services.create_lead(by=operator, data={"name": "甲", "source": "event"})
    dates = {t.stage: t.due_on for t in lead.targets.all()}
    assert list(dates) == list(STAGE_DAYS)
    assert dates["assessment"] == today + datetime.timedelta(days=3)
    assert dates["negotiating"] == today + datetime.timedelta(days=33)
    signed = services.create_lead(
        by=operator, data={"name": "乙", "source": "event"}, stage="signed"
    )
    assert set(signed.targets.values_list("stage", flat=True)) == {
        "landed", "construction", "production", "capital_arrived",
    }  # fmt: skip
    # Operators change them (audited); others may not.
    changed = targets.set_stage_targets(
        by=operator, lead=lead, dates={"signed": datetime.date(2027, 3, 1), "production": None}
    )
    assert changed == 2
    assert lead.targets.get(stage="signed").due_on == datetime.date(2027, 3, 1)
    assert not lead.targets.filter(stage="production").exists()
    assert AuditEntry.objects.filter(content_type__model="stagetarget").count() == 2
    with pytest.raises(PermissionDenied):
        targets.set_stage_targets(by=member, lead=lead, dates={"signed": None})


def test_an_overdue_lead_is_flagged_and_its_owner_told_once(
    client, operator, django_capture_on_commit_callbacks
):
    lead = services.create_lead(
        by=operator, data={"name": "逾期项目", "source": "broker", "owner": operator}
    )
    services.create_lead(by=operator, data={"name": "无主项目", "source": "broker"})
    later = timezone.localdate() + datetime.timedelta(days=10)  # assessment was due in 3
    assert targets.overdue_target(lead, later).stage == "assessment"
    with django_capture_on_commit_callbacks(execute=True):
        assert targets.notify_overdue(today=later) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert targets.notify_overdue(today=later) == 0  # once
    notice = Notification.objects.get(recipient=operator)
    assert notice.notice == "attraction.lead_overdue" and notice.params["lead"] == "逾期项目"
    # Reaching the stage clears the flag; a moved date is told again when it passes.
    services.move_lead(by=operator, lead=lead, stage=Lead.Stage.NEGOTIATING)
    lead.refresh_from_db()
    assert targets.overdue_target(lead, later) is None
    targets.set_stage_targets(
        by=operator, lead=lead, dates={"signed": later - datetime.timedelta(days=1)}
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert targets.notify_overdue(today=later) == 1
    # The pipeline page flags it today too, once its date is in the past.
    targets.set_stage_targets(by=operator, lead=lead, dates={"signed": datetime.date(2020, 1, 1)})
    client.force_login(operator)
    page = client.get(reverse("attraction:lead_list")).content.decode()
    assert page.count('data-testid="overdue-lead"') == 1 and "2020-01-01" in page
    weekly = client.get(reverse("attraction:weekly_report"))
    assert [lead for lead, _late in weekly.context["report"]["overdue"]] == [lead]
    assert client.get(reverse("attraction:weekly_report") + "?format=xlsx").status_code == 200
    response = client.post(
        reverse("attraction:lead_detail", args=[lead.pk]),
        {"action": "targets", "signed": "not a date"},
    )
    assert response.status_code == 200 and 'data-testid="lead-overdue"' in response.content.decode()
