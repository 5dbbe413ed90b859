"""The issue's "done when" scenarios, end to end through services, effects and pages."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from qiao.directory.models import Credential, KeyFigure, Membership
from qiao.directory.services import add_part
from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.policies import services
from qiao.policies.models import Eligibility

pytestmark = pytest.mark.django_db

FIRST_CLASS_III = [
    {"type": "kind", "in": ["company"]},
    {"type": "region", "district": ["奉贤区"]},
    {"type": "credential", "kind": "registration", "classes": ["III"], "first": True,
     "since": "2026-01-01"},
]  # fmt: skip


def _deadline():
    return timezone.localdate() + datetime.timedelta(days=60)


@pytest.fixture
def fengxian_firm():
    return OrganisationFactory(district="奉贤区")


@pytest.fixture
def admin(fengxian_firm):
    return make_member(fengxian_firm, role=Membership.Role.ADMIN, language="zh-hans")


def _policy(operator, criteria, **fields):
    return services.create_policy(
        by=operator, title_zh="奉贤区首张三类医疗器械注册证奖励",
        title_en="Fengxian reward for a first class III registration certificate",
        issuer="奉贤区经济委员会", level="district", amount=500000, closes_on=_deadline(),
        criteria=criteria, **fields,
    )  # fmt: skip


def test_first_class_three_certificate_earns_the_district_reward(
    operator, fengxian_firm, admin, client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        certificate = add_part(
            organisation=fengxian_firm, by=admin, model=Credential,
            data={"kind": "registration", "device_class": "III", "number": "国械注准20263010001",
                  "title": "一次性使用血液透析器", "issued_on": datetime.date(2026, 3, 2)},
        )  # fmt: skip
        policy = _policy(operator, FIRST_CLASS_III)
    row = Eligibility.objects.get(policy=policy, organisation=fengxian_firm)
    assert row.outcome == Eligibility.Outcome.MET
    assert admin.notifications.count() == 0  # a draft tells nobody

    with django_capture_on_commit_callbacks(execute=True):
        services.set_policy_status(by=operator, policy_obj=policy, status="published")
    notice = admin.notifications.get()
    assert "奉贤区首张三类医疗器械注册证奖励" in notice.title_in("zh-hans")
    assert "Fengxian reward" in notice.title_in("en")

    client.force_login(admin)
    page = client.get(reverse("policies:firm", args=[fengxian_firm.pk])).content.decode()
    assert "奉贤区首张三类医疗器械注册证奖励" in page
    assert certificate.number in page  # the certificate is the proof, linked to the profile
    profile = reverse("directory:organisation_detail", args=[fengxian_firm.pk])
    assert f'<a href="{profile}">' in page.split(certificate.number)[0].rsplit("proof", 1)[-1]
    assert 'data-outcome="met"' in page and 'data-outcome="not_met"' not in page


def test_an_earlier_class_three_certificate_is_not_a_first(operator, fengxian_firm, admin):
    for day, number in ((datetime.date(2019, 5, 1), "old"), (datetime.date(2026, 3, 2), "new")):
        add_part(organisation=fengxian_firm, by=admin, model=Credential,
                 data={"kind": "registration", "device_class": "III", "number": number,
                       "title": "x", "issued_on": day})  # fmt: skip
    policy = _policy(operator, FIRST_CLASS_III)
    from qiao.policies.recompute import recompute

    recompute([policy], [fengxian_firm])
    row = Eligibility.objects.get(policy=policy, organisation=fengxian_firm)
    assert row.outcome == Eligibility.Outcome.NOT_MET


def test_firms_elsewhere_are_not_told(operator, django_capture_on_commit_callbacks):
    elsewhere = OrganisationFactory(district="浦东新区")
    other_admin = make_member(elsewhere, role=Membership.Role.ADMIN)
    Credential.objects.create(organisation=elsewhere, kind="registration", device_class="III",
                              title="x", issued_on=datetime.date(2026, 3, 2))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        policy = _policy(operator, FIRST_CLASS_III)
        services.set_policy_status(by=operator, policy_obj=policy, status="published")
    assert other_admin.notifications.count() == 0
    row = Eligibility.objects.get(policy=policy, organisation=elsewhere)
    assert row.outcome == Eligibility.Outcome.NOT_MET


def test_unknown_headcount_becomes_a_profile_prompt_then_qualifies(
    operator, fengxian_firm, admin, client, django_capture_on_commit_callbacks
):
    criteria = [{"type": "figure", "name": "headcount", "op": "<=", "value": 500}]
    with django_capture_on_commit_callbacks(execute=True):
        policy = _policy(operator, criteria)
        services.set_policy_status(by=operator, policy_obj=policy, status="published")
    row = Eligibility.objects.get(policy=policy, organisation=fengxian_firm)
    assert (row.outcome, row.missing) == ("unknown", ["figure:headcount"])
    assert admin.notifications.count() == 0

    client.force_login(admin)
    page = client.get(reverse("policies:firm", args=[fengxian_firm.pk])).content.decode()
    assert 'data-testid="profile-prompts"' in page
    assert "员工人数" in page or "headcount" in page

    with django_capture_on_commit_callbacks(execute=True):
        add_part(organisation=fengxian_firm, by=admin, model=KeyFigure,
                 data={"label_zh": "员工人数", "value": 120})  # fmt: skip
    row.refresh_from_db()
    assert row.outcome == Eligibility.Outcome.MET
    assert admin.notifications.count() == 1  # newly qualifies


def test_a_deadline_reaches_the_firms_calendar(
    operator, fengxian_firm, admin, client, django_capture_on_commit_callbacks
):
    Credential.objects.create(organisation=fengxian_firm, kind="registration",
                              device_class="III", title="x",
                              issued_on=datetime.date(2026, 3, 2))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        policy = _policy(operator, FIRST_CLASS_III)
        services.set_policy_status(by=operator, policy_obj=policy, status="published")
    token = services.feed_token_for(admin).token
    body = client.get(reverse("policies:feed", args=[token])).content.decode()
    assert f"DTSTART;VALUE=DATE:{_deadline():%Y%m%d}" in body
    assert "奉贤区首张三类医疗器械注册证奖励" in body
    assert client.get(reverse("policies:feed", args=["wrong"])).status_code == 404


def test_other_firms_and_strangers_get_404(operator, fengxian_firm, client):
    stranger = make_member(OrganisationFactory())
    client.force_login(stranger)
    assert client.get(reverse("policies:firm", args=[fengxian_firm.pk])).status_code == 404
    draft = _policy(operator, FIRST_CLASS_III)
    assert client.get(reverse("policies:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("policies:create")).status_code == 404


def test_operator_sees_eligible_firms_that_have_not_applied(
    operator, fengxian_firm, admin, client, django_capture_on_commit_callbacks
):
    Credential.objects.create(organisation=fengxian_firm, kind="registration",
                              device_class="III", title="x",
                              issued_on=datetime.date(2026, 3, 2))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        policy = _policy(operator, FIRST_CLASS_III)
        services.set_policy_status(by=operator, policy_obj=policy, status="published")
    client.force_login(operator)
    url = reverse("policies:detail", args=[policy.pk])
    assert fengxian_firm.name_zh in client.get(url).content.decode()
    services.record_application(by=admin, policy_obj=policy, organisation=fengxian_firm,
                                status="approved", amount_received=500000)  # fmt: skip
    from qiao.policies.selectors import eligible_not_applied

    assert list(eligible_not_applied(policy)) == []


def test_bad_criteria_are_refused_in_the_form(operator, client):
    client.force_login(operator)
    response = client.post(reverse("policies:create"), {
        "title_zh": "x", "issuer": "y", "level": "park", "benefit_kind": "grant",
        "criteria": '[{"type": "nonsense"}]',
    })  # fmt: skip
    assert response.status_code == 200
    assert "unknown_type" in response.content.decode()


def test_profile_shows_qualifying_policies_to_members_only(
    operator, fengxian_firm, admin, client, django_capture_on_commit_callbacks
):
    Credential.objects.create(organisation=fengxian_firm, kind="registration",
                              device_class="III", title="x",
                              issued_on=datetime.date(2026, 3, 2))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        policy = _policy(operator, FIRST_CLASS_III)
        services.set_policy_status(by=operator, policy_obj=policy, status="published")
    url = reverse("directory:organisation_detail", args=[fengxian_firm.pk])
    client.force_login(admin)
    page = client.get(url).content.decode()
    assert 'data-testid="profile-policies"' in page and policy.title_zh in page
    client.force_login(make_member(OrganisationFactory()))
    page = client.get(url).content.decode()
    assert 'data-testid="profile-policies"' not in page and policy.title_zh not in page


def test_admin_answers_a_flag_prompt_and_the_firm_qualifies(
    operator, fengxian_firm, admin, member, client, django_capture_on_commit_callbacks
):
    criteria = [{"type": "flag", "name": "high_tech"}]
    with django_capture_on_commit_callbacks(execute=True):
        policy = _policy(operator, criteria)
        services.set_policy_status(by=operator, policy_obj=policy, status="published")
    row = Eligibility.objects.get(policy=policy, organisation=fengxian_firm)
    assert row.missing == ["flag:high_tech"]
    url = reverse("policies:firm_flag", args=[fengxian_firm.pk])
    client.force_login(make_member(fengxian_firm))  # a plain member may not
    assert client.post(url, {"name": "high_tech", "held": "yes"}).status_code == 404
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"name": "high_tech", "held": "yes", "expires_on": "2028-12-31"})
    row.refresh_from_db()
    assert row.outcome == Eligibility.Outcome.MET


def test_a_policy_change_queues_the_recompute_and_the_task_computes(
    operator, fengxian_firm, admin, client, settings, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    from qiao.policies.tasks import recompute_policy

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    Credential.objects.create(organisation=fengxian_firm, kind="registration", device_class="III",
                              title="x", issued_on=datetime.date(2026, 3, 2))  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        policy = _policy(operator, FIRST_CLASS_III)
        client.force_login(operator)
        response = client.post(
            reverse("policies:status", args=[policy.pk]), {"status": "published"}
        )
    assert response.status_code == 302
    # The request only queued work: nothing computed, nobody told yet.
    assert not Eligibility.objects.filter(policy=policy).exists()
    assert admin.notifications.count() == 0
    queued = DBTaskResult.objects.filter(task_path="qiao.policies.tasks.recompute_policy")
    assert [t.args_kwargs["kwargs"] for t in queued] == [
        {"policy_id": policy.pk, "published": False},
        {"policy_id": policy.pk, "published": True},
    ]

    # What the worker runs: the task computes and tells the firm once.
    with django_capture_on_commit_callbacks(execute=True):
        assert recompute_policy.call(policy_id=policy.pk, published=True) == 1
    row = Eligibility.objects.get(policy=policy, organisation=fengxian_firm)
    assert row.outcome == Eligibility.Outcome.MET
    assert admin.notifications.count() == 1


def test_an_edit_on_the_page_is_saved_and_audited(operator, client):
    """编辑页保存的修改真的写入（表单不得先改掉服务要比较的对象）。"""
    import json

    from qiao.core.audit import AuditEntry
    from qiao.policies.forms import PolicyForm

    reward = _policy(operator, [{"type": "region", "district": ["奉贤区"]}])
    form = PolicyForm(instance=reward)
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value is False:
            continue
        if isinstance(value, list | dict):
            value = json.dumps(value, ensure_ascii=False)
        data[name] = "on" if value is True else str(value)
    data["title_zh"] = "奉贤区首张三类证奖励（修订）"
    client.force_login(operator)
    response = client.post(reverse("policies:edit", args=[reward.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    reward.refresh_from_db()
    assert reward.title_zh == "奉贤区首张三类证奖励（修订）"
    entry = AuditEntry.objects.filter(object_id=reward.pk).order_by("-at", "-id").first()
    assert "title_zh" in entry.changes and entry.actor == operator
