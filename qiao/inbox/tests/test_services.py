"""The inbox's write side: notify, mark read, and the e-mail digests."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from qiao.accounts.models import DigestFrequency
from qiao.directory.tests.factories import UserFactory
from qiao.inbox import services
from qiao.inbox.models import Notification

pytestmark = pytest.mark.django_db

TITLE_ZH = "《床旁检测》有 2 个新的匹配"
TITLE_EN = "2 new matches for “Bedside assay”"


def notify(*users, title_zh=TITLE_ZH, title_en=TITLE_EN, url="/market/1/#matches"):
    return services.notify(
        recipients=users,
        kind=Notification.Kind.NEW_MATCHES,
        title_zh=title_zh,
        title_en=title_en,
        url=url,
    )


# notify and mark_read


def test_notify_puts_one_notification_in_each_active_recipients_inbox():
    alice, bob = UserFactory(), UserFactory()
    inactive = UserFactory(is_active=False)
    created = notify(alice, bob, alice, inactive)
    assert len(created) == 2
    assert sorted(n.recipient_id for n in Notification.objects.all()) == sorted([alice.pk, bob.pk])
    assert alice.notifications.get().title_en == TITLE_EN


def test_notify_cuts_titles_to_the_column_length():
    user = UserFactory()
    notify(user, title_zh="长" * 400, title_en="x" * 400)
    notification = user.notifications.get()
    assert (len(notification.title_zh), len(notification.title_en)) == (300, 300)


def test_mark_read_marks_only_the_recipients_own_notifications():
    alice, bob = UserFactory(), UserFactory()
    first, second = notify(alice)[0], notify(alice)[0]
    theirs = notify(bob)[0]
    assert services.mark_read(recipient=alice, notification_ids=[first.pk, theirs.pk]) == 1
    assert services.mark_read(recipient=alice) == 1
    assert services.mark_read(recipient=alice) == 0
    read = {n.pk: n.read_at is not None for n in Notification.objects.all()}
    assert read == {first.pk: True, second.pk: True, theirs.pk: False}


# Digests


@pytest.fixture
def daily_zh(db):
    return UserFactory(digest_frequency=DigestFrequency.DAILY, language="zh-hans")


@pytest.fixture
def daily_en(db):
    return UserFactory(digest_frequency=DigestFrequency.DAILY, language="en")


@pytest.fixture
def weekly(db):
    return UserFactory(digest_frequency=DigestFrequency.WEEKLY)


@pytest.fixture
def never(db):
    return UserFactory(digest_frequency=DigestFrequency.NEVER)


def test_daily_digest_sends_one_email_per_user_in_their_language(
    daily_zh, daily_en, mailoutbox, settings
):
    settings.QIAO_BASE_URL = "https://qiao.example.org"
    notify(daily_zh, daily_en)
    notify(
        daily_zh,
        daily_en,
        title_zh="平台建议 甲 与 乙 对接",
        title_en="Qiao proposes an introduction",
    )
    assert services.send_digests(frequency=DigestFrequency.DAILY) == 2
    by_recipient = {mail.to[0]: mail for mail in mailoutbox}
    assert sorted(by_recipient) == sorted([daily_zh.email, daily_en.email])
    chinese, english = by_recipient[daily_zh.email], by_recipient[daily_en.email]
    assert chinese.subject == "桥平台：2 条新通知"
    assert english.subject == "Qiao: 2 new notifications"
    assert TITLE_ZH in chinese.body
    assert "平台建议 甲 与 乙 对接" in chinese.body
    assert TITLE_EN not in chinese.body
    assert TITLE_EN in english.body
    assert TITLE_ZH not in english.body
    assert "https://qiao.example.org/market/1/#matches" in english.body
    assert "https://qiao.example.org/inbox/" in english.body


def test_second_run_sends_nothing(daily_zh, mailoutbox):
    notify(daily_zh)
    now = timezone.now()
    services.send_digests(frequency=DigestFrequency.DAILY, now=now)
    assert services.send_digests(frequency=DigestFrequency.DAILY, now=now) == 0
    assert len(mailoutbox) == 1
    assert list(daily_zh.notifications.values_list("emailed_at", flat=True)) == [now]


def test_notifications_arriving_after_a_digest_wait_for_the_next_day(daily_zh, mailoutbox):
    notify(daily_zh)
    now = timezone.now()
    services.send_digests(frequency=DigestFrequency.DAILY, now=now)
    notify(daily_zh, title_zh="新的一条", title_en="A new one")
    later_today = now + timedelta(hours=3)
    tomorrow = now + timedelta(days=1)
    assert services.send_digests(frequency=DigestFrequency.DAILY, now=later_today) == 0
    assert services.send_digests(frequency=DigestFrequency.DAILY, now=tomorrow) == 1
    assert len(mailoutbox) == 2
    assert "新的一条" in mailoutbox[1].body
    assert TITLE_ZH not in mailoutbox[1].body


def test_daily_run_skips_weekly_and_never_users(daily_zh, weekly, never, mailoutbox):
    notify(daily_zh, weekly, never)
    assert services.send_digests(frequency=DigestFrequency.DAILY) == 1
    assert [mail.to for mail in mailoutbox] == [[daily_zh.email]]
    assert weekly.notifications.get().emailed_at is None


def test_weekly_run_mails_weekly_users_only(daily_zh, weekly, never, mailoutbox):
    notify(daily_zh, weekly, never)
    assert services.send_digests(frequency=DigestFrequency.WEEKLY) == 1
    assert [mail.to for mail in mailoutbox] == [[weekly.email]]


def test_never_users_get_no_digest_at_all(never, mailoutbox):
    notify(never)
    assert services.send_digests(frequency=DigestFrequency.DAILY) == 0
    assert services.send_digests(frequency=DigestFrequency.WEEKLY) == 0
    assert mailoutbox == []


def test_read_notifications_are_not_emailed(daily_zh, mailoutbox):
    notify(daily_zh)
    services.mark_read(recipient=daily_zh)
    assert services.send_digests(frequency=DigestFrequency.DAILY) == 0
    assert mailoutbox == []


def test_inactive_users_get_no_digest(daily_zh, mailoutbox):
    notify(daily_zh)
    daily_zh.is_active = False
    daily_zh.save(update_fields=["is_active"])
    assert services.send_digests(frequency=DigestFrequency.DAILY) == 0
    assert mailoutbox == []


def test_send_digests_command_prints_the_number_sent(daily_zh, weekly, mailoutbox, capsys):
    notify(daily_zh, weekly)
    call_command("send_digests")
    call_command("send_digests", "--frequency", "weekly")
    assert capsys.readouterr().out.split() == ["1", "1"]
    assert len(mailoutbox) == 2
