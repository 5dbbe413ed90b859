"""E-mails after commit: the recipient of a request, the sender of an answer, participants
when meetings are announced; each in the reader's language, messages only to their side."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from qiao.events import services
from qiao.events.tests.factories import approved
from qiao.events.tests.helpers import BUDGET

pytestmark = pytest.mark.django_db


def test_request_and_answer_mails(event, operator, django_capture_on_commit_callbacks):
    a, b, c = approved(event, 3, approve_by=operator)
    b.user.language = "en"
    b.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        request = services.send_request(sender=a, recipient=b, sent_by=a.user, message="机密报价")
    assert [m.to for m in mail.outbox] == [[b.user.email]]
    assert "asks you for a meeting" in mail.outbox[0].body
    assert "机密报价" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_request(
            request=request, answered_by=b.user, accept=False, reason="时间不合"
        )
    answer = mail.outbox[1]
    assert answer.to == [a.user.email]
    assert "谢绝了您的约见请求" in answer.body  # a reads Chinese, b English
    assert "时间不合" in answer.body
    assert all(c.user.email not in m.to for m in mail.outbox)


def test_refused_request_sends_nothing(event, operator, django_capture_on_commit_callbacks):
    a, b = approved(event, 2, approve_by=operator)
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        services.send_request(sender=a, recipient=a, sent_by=a.user)
    assert mail.outbox == []


def test_announcing_mails_each_participant_their_agenda(
    event, operator, django_capture_on_commit_callbacks
):
    a, b, c, d = approved(event, 4, approve_by=operator)
    for x, y in ((a, b), (c, d), (a, c)):
        request = services.send_request(sender=x, recipient=y, sent_by=x.user)
        services.answer_request(request=request, answered_by=y.user, accept=True)
    services.plan_meetings(event=event, planned_by=operator, **BUDGET)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.announce_meetings(event=event, announced_by=operator)
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert set(by_recipient) == {r.user.email for r in (a, b, c, d)}
    assert by_recipient[a.user.email].count("号桌") == 2
    assert by_recipient[b.user.email].count("号桌") == 1


def test_request_and_answer_notices_in_both_languages(
    event, operator, django_capture_on_commit_callbacks
):
    a, b = approved(event, 2, approve_by=operator)
    with django_capture_on_commit_callbacks(execute=True):
        request = services.send_request(sender=a, recipient=b, sent_by=a.user, message="机密报价")
    asked = b.user.notifications.get()
    name = a.user.get_full_name()
    assert asked.title_in("en") == (
        f"{name} ({a.organisation.name_en}) asks you for a meeting at {event.title_en}"
    )
    assert asked.title_in("zh-hans") == (
        f"您在{event.title_zh}收到 1 个约见请求（最新：{name}，{a.organisation.name_zh}）"
    )
    assert "机密报价" not in asked.title_in("zh-hans")  # the message stays in the request
    assert not a.user.notifications.exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_request(
            request=request, answered_by=b.user, accept=False, reason="时间不合"
        )
    answered = a.user.notifications.get()
    assert answered.title_in("zh-hans") == (
        f"{b.user.get_full_name()}（{b.organisation.name_zh}）谢绝了您的约见请求：时间不合"
    )
    assert answered.title_in("en").endswith("declined your meeting request: 时间不合")
