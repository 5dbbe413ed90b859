"""The home's writes: the site profile (operators, audited, versioned) and the last visit."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from qiao.core.audit import AuditEntry, list_audit_entries
from qiao.core.errors import Conflict
from qiao.home import services
from qiao.home.models import HomeVisit, SiteProfile

pytestmark = pytest.mark.django_db

DATA = {
    "operator_name_zh": "嘉定区医疗器械创新集群",
    "operator_name_en": "Jiading Medical Device Cluster",
    "description_zh": "汇聚医院、企业与高校。",
    "description_en": "Hospitals, companies and universities in one place.",
}


def test_an_operator_writes_the_profile_and_each_change_is_audited(operator):
    profile = services.update_site_profile(by=operator, data=DATA)
    services.update_site_profile(
        by=operator, data={**DATA, "description_zh": "新的简介"}, version=profile.version
    )
    profile.refresh_from_db()
    entries = list(list_audit_entries(profile))
    assert (profile.description_zh, profile.version) == ("新的简介", 2)
    assert [e.action for e in entries] == [AuditEntry.Action.CREATED, AuditEntry.Action.CHANGED]
    assert entries[1].changes == {"description_zh": ["汇聚医院、企业与高校。", "新的简介"]}


def test_members_may_not_write_the_profile(member, org_admin):
    for user in (member, org_admin):
        with pytest.raises(PermissionDenied):
            services.update_site_profile(by=user, data=DATA)
    assert SiteProfile.objects.count() == 0


def test_a_stale_profile_save_is_a_conflict_and_changes_nothing(operator):
    profile = services.update_site_profile(by=operator, data=DATA)
    services.update_site_profile(by=operator, data={**DATA, "operator_name_zh": "甲"}, version=1)
    with pytest.raises(Conflict):
        services.update_site_profile(
            by=operator, data={**DATA, "operator_name_zh": "乙"}, version=1
        )
    profile.refresh_from_db()
    assert (profile.operator_name_zh, profile.version) == ("甲", 2)


def test_the_profile_page_is_for_operators_only(member, operator):
    client = Client()
    client.force_login(member)
    assert client.get("/home/site/").status_code == 404
    assert client.post("/home/site/", DATA).status_code == 404
    assert SiteProfile.objects.count() == 0


def test_an_operator_saves_the_profile_from_its_page(operator):
    client = Client()
    client.force_login(operator)
    response = client.post("/home/site/", DATA)
    assert response.status_code == 302 and response.url == "/"
    assert SiteProfile.objects.get().operator_name_en == "Jiading Medical Device Cluster"


def test_bad_input_is_refused_in_words_and_nothing_is_saved(operator):
    client = Client()
    client.force_login(operator)
    response = client.post(
        "/home/site/", {**DATA, "operator_name_zh": "", "description_zh": "长" * 2001}
    )
    errors = response.context["form"].errors
    assert response.status_code == 200
    assert set(errors) == {"operator_name_zh", "description_zh"}
    assert errors["operator_name_zh"] == ["此字段为必填项。"]
    assert SiteProfile.objects.count() == 0


def test_a_stale_form_answers_409_with_the_other_change(operator):
    client = Client()
    client.force_login(operator)
    services.update_site_profile(by=operator, data=DATA)
    services.update_site_profile(
        by=operator, data={**DATA, "description_zh": "别人改的"}, version=1
    )
    response = client.post("/home/site/", {**DATA, "description_zh": "我改的", "version": "1"})
    assert response.status_code == 409
    assert SiteProfile.objects.get().description_zh == "别人改的"


def test_the_first_visit_has_no_previous_visit_and_is_recorded_once(member):
    now = timezone.now()
    assert services.record_visit(by=member, now=now) is None
    visit = HomeVisit.objects.get(user=member)
    assert (visit.last_seen_at, visit.previous_seen_at) == (now, None)
    assert [e.action for e in list_audit_entries(visit)] == [AuditEntry.Action.CREATED]
    services.record_visit(by=member, now=now + datetime.timedelta(hours=2))
    assert list_audit_entries(visit).count() == 1  # later views move a read marker only


def test_a_new_visit_starts_after_the_gap_and_reloads_keep_the_previous_one(member):
    start = timezone.now() - datetime.timedelta(days=3)
    services.record_visit(by=member, now=start)
    later = start + datetime.timedelta(days=2)
    assert services.record_visit(by=member, now=later) == start
    # Reloading ten minutes later is the same visit: still "since" the visit before.
    assert services.record_visit(by=member, now=later + datetime.timedelta(minutes=10)) == start
    # An hour after the last page view is a new visit.
    again = later + datetime.timedelta(minutes=80)
    assert services.record_visit(by=member, now=again) == later + datetime.timedelta(minutes=10)


def test_nobody_records_a_visit_for_someone_else(member, org_admin):
    from qiao.core import policy

    assert policy.allows(member, "home.record_visit", org_admin) is False
    assert policy.allows(member, "home.record_visit", member) is True
