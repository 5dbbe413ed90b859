"""Inbox API: your own notifications only."""

import json

import pytest
from django.test import Client

from qiao.directory.tests.factories import UserFactory
from qiao.inbox import services
from qiao.inbox.models import Notification

pytestmark = pytest.mark.django_db


def notify(user, title_zh: str) -> Notification:
    return services.notify(
        recipients=[user],
        kind=Notification.Kind.DISCLOSURE_REQUESTED,
        title_zh=title_zh,
        title_en=f"EN {title_zh}",
        url="/market/3/",
    )[0]


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_list_returns_only_my_notifications():
    me, someone = UserFactory(), UserFactory()
    mine = notify(me, "我的")
    notify(someone, "别人的")
    body = client_of(me).get("/api/inbox/notifications/").json()
    assert body["count"] == 1
    assert body["items"][0] == {
        "id": mine.pk,
        "kind": "disclosure_requested",
        "title_zh": "我的",
        "title_en": "EN 我的",
        "title": "我的",
        "count": 1,
        "url": "/market/3/",
        "created_at": body["items"][0]["created_at"],
        "read_at": None,
    }


def test_unread_filter_and_mark_read():
    me = UserFactory()
    first, second = notify(me, "一"), notify(me, "二")
    client = client_of(me)
    marked = client.post(
        "/api/inbox/notifications/read",
        data=json.dumps({"ids": [first.pk]}),
        content_type="application/json",
    )
    assert marked.json() == {"marked": 1}
    unread = client.get("/api/inbox/notifications/", {"unread": "true"}).json()
    assert [n["id"] for n in unread["items"]] == [second.pk]
    everything = client.post(
        "/api/inbox/notifications/read", data=json.dumps({}), content_type="application/json"
    )
    assert everything.json() == {"marked": 1}
    assert client.get("/api/inbox/notifications/", {"unread": "true"}).json()["count"] == 0


def test_cannot_mark_someone_elses_notification_read():
    me, someone = UserFactory(), UserFactory()
    theirs = notify(someone, "别人的")
    response = client_of(me).post(
        "/api/inbox/notifications/read",
        data=json.dumps({"ids": [theirs.pk]}),
        content_type="application/json",
    )
    assert response.json() == {"marked": 0}
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_anonymous_gets_401():
    assert Client().get("/api/inbox/notifications/").status_code == 401
    response = Client().post(
        "/api/inbox/notifications/read", data="{}", content_type="application/json"
    )
    assert response.status_code == 401
