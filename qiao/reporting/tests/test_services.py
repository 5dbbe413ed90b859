import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from qiao.core.audit import AuditEntry
from qiao.directory.models import Credential
from qiao.reporting import services
from qiao.reporting.models import Entry, Figure, Submission
from qiao.reporting.tests.factories import add_figure, indicator, open_campaign

pytestmark = pytest.mark.django_db


def _entry(submission, code) -> Entry:
    return submission.entries.get(indicator__code=code)


def test_catalogue_is_seeded_with_the_issue_list():
    assert indicator("revenue").unit_zh == "万元"
    assert indicator("patents_granted").derived_from == "patents_granted"


def test_campaign_prefills_from_last_period_and_records(operator, organisation):
    add_figure(organisation, "revenue", "2026Q2", "1200")
    Credential.objects.create(
        organisation=organisation, kind="patent", title="一种导管", status="granted"
    )
    Credential.objects.create(
        organisation=organisation, kind="patent", title="一种支架", status="applied"
    )
    campaign = open_campaign(operator, [organisation], codes=("revenue", "patents_granted"))
    submission = campaign.submissions.get()
    assert _entry(submission, "revenue").value == Decimal("1200")
    assert _entry(submission, "revenue").previous == Decimal("1200")
    assert _entry(submission, "patents_granted").suggested == Decimal("1")
    assert AuditEntry.objects.filter(action="imported", changes__entries=2).count() == 1


def test_only_operators_open_campaigns(member, organisation):
    with pytest.raises(PermissionDenied):
        open_campaign(member, [organisation])


def test_jump_needs_an_explanation_before_sign_off(operator, org_admin, organisation):
    add_figure(organisation, "revenue", "2026Q2", "1000")
    submission = open_campaign(operator, [organisation], codes=("revenue",)).submissions.get()
    entry = _entry(submission, "revenue")
    services.save_entries(
        by=org_admin, submission=submission, values={entry.pk: (Decimal("3000"), "")}
    )
    entry.refresh_from_db()
    assert entry.is_jump is True
    with pytest.raises(ValidationError) as caught:
        services.sign_off_submission(by=org_admin, submission=submission)
    assert caught.value.messages == ["营业收入：与上期相比变动超过 50%，请填写说明。"]
    services.save_entries(
        by=org_admin, submission=submission, values={entry.pk: (Decimal("3000"), "新产品上市")}
    )
    services.sign_off_submission(by=org_admin, submission=submission)
    submission.refresh_from_db()
    assert submission.status == Submission.Status.SIGNED
    assert submission.signed_by == org_admin


def test_member_fills_but_only_admin_signs(operator, member, organisation):
    submission = open_campaign(operator, [organisation], codes=("employees",)).submissions.get()
    entry = _entry(submission, "employees")
    services.save_entries(by=member, submission=submission, values={entry.pk: (Decimal("40"), "")})
    with pytest.raises(PermissionDenied):
        services.sign_off_submission(by=member, submission=submission)


def test_other_firm_cannot_fill(operator, organisation, other_organisation):
    from qiao.directory.tests.factories import make_member

    stranger = make_member(other_organisation, role="admin")
    submission = open_campaign(operator, [organisation]).submissions.get()
    with pytest.raises(PermissionDenied):
        services.save_entries(by=stranger, submission=submission, values={})


def test_accepting_stores_figures_and_returning_reopens(operator, org_admin, organisation):
    submission = open_campaign(operator, [organisation], codes=("employees",)).submissions.get()
    entry = _entry(submission, "employees")
    services.save_entries(
        by=org_admin, submission=submission, values={entry.pk: (Decimal("40"), "")}
    )
    services.sign_off_submission(by=org_admin, submission=submission)
    services.return_submission(by=operator, submission=submission, reason="人数请核对")
    assert submission.status == Submission.Status.RETURNED
    services.save_entries(
        by=org_admin, submission=submission, values={entry.pk: (Decimal("42"), "")}
    )
    services.sign_off_submission(by=org_admin, submission=submission)
    services.accept_submission(by=operator, submission=submission)
    figure = Figure.objects.get(organisation=organisation, period="2026Q3")
    assert (figure.value, figure.source) == (Decimal("42.00"), "reported")
    with pytest.raises(ValidationError):
        services.save_entries(by=org_admin, submission=submission, values={})


def test_unsigned_form_cannot_be_accepted(operator, organisation):
    submission = open_campaign(operator, [organisation]).submissions.get()
    with pytest.raises(ValidationError):
        services.accept_submission(by=operator, submission=submission)


def test_notices_reach_admins_and_operators(
    operator, org_admin, organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submission = open_campaign(operator, [organisation], codes=("employees",)).submissions.get()
    told = org_admin.notifications.get()
    assert told.title_in("zh-hans") == "2026Q3 的统计数据截止日期为 2026-10-15：2026Q3 集群季报"
    assert told.title_in("en") == "Statistics for 2026Q3 are due on 2026-10-15: 2026Q3 集群季报"
    entry = _entry(submission, "employees")
    with django_capture_on_commit_callbacks(execute=True):
        services.save_entries(
            by=org_admin, submission=submission, values={entry.pk: (Decimal("9"), "")}
        )
        services.sign_off_submission(by=org_admin, submission=submission)
    assert (
        operator.notifications.get().title_in("en").endswith("signed off its statistics for 2026Q3")
    )


def test_reminders_go_once_before_and_once_after(
    operator, org_admin, organisation, django_capture_on_commit_callbacks
):
    open_campaign(operator, [organisation])
    org_admin.notifications.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(today=datetime.date(2026, 10, 1)) == 0
        assert services.send_reminders(today=datetime.date(2026, 10, 13)) == 1
        assert services.send_reminders(today=datetime.date(2026, 10, 14)) == 0
        assert services.send_reminders(today=datetime.date(2026, 10, 16)) == 1
    titles = sorted(n.title_in("en") for n in org_admin.notifications.all())
    assert titles == [
        "Overdue: statistics for 2026Q3 were due on 2026-10-15",
        "Reminder: statistics for 2026Q3 are due on 2026-10-15",
    ]


def test_key_figures_migrate_onto_indicators(organisation):
    from importlib import import_module

    from django.apps import apps

    from qiao.directory.models import KeyFigure

    KeyFigure.objects.create(
        organisation=organisation, label_zh="年营收", value=Decimal("2.5"), unit_zh="亿元",
        as_of=datetime.date(2024, 12, 31), source="2024年报",
    )  # fmt: skip
    KeyFigure.objects.create(organisation=organisation, label_zh="合作医院", value=8, unit_zh="家")
    migration = import_module("qiao.reporting.migrations.0002_seed_indicators_and_key_figures")
    migration.seed(apps, None)
    figure = Figure.objects.get(organisation=organisation)
    assert (figure.indicator.code, figure.period, figure.value) == (
        "revenue",
        "2024",
        Decimal("25000.00"),
    )
    assert figure.note == "关键数据：年营收（2024年报）"
