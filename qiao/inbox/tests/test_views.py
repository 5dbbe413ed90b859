"""The inbox page, opening a notification and the digest preferences."""

import pytest
from django.test import Client

from qiao.accounts.models import DigestFrequency
from qiao.directory.tests.factories import UserFactory
from qiao.inbox import services
from qiao.inbox.models import Notification

pytestmark = pytest.mark.django_db


def notify(user, title_zh: str, url: str = "/market/7/") -> Notification:
    return services.notify(
        recipients=[user],
        kind=Notification.Kind.NEW_MATCHES,
        title_zh=title_zh,
        title_en=f"EN {title_zh}",
        url=url,
    )[0]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_inbox_lists_only_my_notifications():
    me, someone = UserFactory(), UserFactory()
    notify(me, "我的通知")
    notify(someone, "别人的通知")
    response = client_of(me).get("/inbox/")
    assert response.status_code == 200
    assert [n.title_zh for n in response.context["page"].object_list] == ["我的通知"]
    assert "我的通知" in response.content.decode()
    assert "别人的通知" not in response.content.decode()


def test_inbox_shows_english_titles_to_english_readers():
    me = UserFactory()
    notify(me, "我的通知")
    response = client_of(me).get("/inbox/", HTTP_ACCEPT_LANGUAGE="en")
    assert "EN 我的通知" in response.content.decode()


def test_inbox_needs_sign_in():
    assert Client().get("/inbox/").status_code == 302


def test_opening_a_notification_marks_it_read_and_follows_its_link():
    me = UserFactory()
    notification = notify(me, "我的通知", url="/market/7/#matches")
    response = client_of(me).post(f"/inbox/{notification.pk}/open/")
    assert response.status_code == 302
    assert response.url == "/market/7/#matches"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_opening_someone_elses_notification_does_nothing():
    me, someone = UserFactory(), UserFactory()
    theirs = notify(someone, "别人的通知")
    response = client_of(me).post(f"/inbox/{theirs.pk}/open/")
    assert response.status_code == 302
    assert response.url == "/inbox/"
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_marks_only_mine():
    me, someone = UserFactory(), UserFactory()
    mine, theirs = notify(me, "甲"), notify(someone, "乙")
    client_of(me).post("/inbox/read/")
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None
    assert theirs.read_at is None


def test_preferences_form_saves_frequency_and_language():
    me = UserFactory()
    response = client_of(me).post(
        "/inbox/preferences/", {"digest_frequency": "weekly", "language": "en"}
    )
    assert response.status_code == 302
    me.refresh_from_db()
    assert (me.digest_frequency, me.language) == (DigestFrequency.WEEKLY, "en")


def test_preferences_form_refuses_unknown_choices():
    me = UserFactory(digest_frequency=DigestFrequency.DAILY, language="zh-hans")
    client_of(me).post("/inbox/preferences/", {"digest_frequency": "hourly", "language": "fr"})
    me.refresh_from_db()
    assert (me.digest_frequency, me.language) == (DigestFrequency.DAILY, "zh-hans")


def test_inbox_form_starts_from_the_saved_preferences():
    me = UserFactory(digest_frequency=DigestFrequency.NEVER, language="en")
    form = client_of(me).get("/inbox/").context["form"]
    assert form.initial == {"digest_frequency": "never", "language": "en"}
