"""Notices: defined once in gettext, read in the reader's language, folded, sent after commit."""

import pytest
from django.core import mail
from django.db import transaction
from django.utils.translation import ngettext_lazy

from qiao.accounts.models import DigestFrequency
from qiao.directory.tests.factories import OrganisationFactory, UserFactory
from qiao.inbox import notices
from qiao.inbox.models import Notification

pytestmark = pytest.mark.django_db

NEW_MATCHES = notices.define(
    "tests.new_matches",
    kind=Notification.Kind.NEW_MATCHES,
    text=ngettext_lazy(
        "%(count)d new match for “%(listing)s”", "%(count)d new matches for “%(listing)s”", "count"
    ),
)
LISTING = notices.both("床旁检测", "Bedside assay")


def send(users, about="listing:1", **params):
    notices.send(
        NEW_MATCHES,
        recipients=users,
        params={"listing": LISTING, **params},
        url="/market/1/",
        about=about,
    )


def test_a_notice_reads_in_each_readers_language(django_capture_on_commit_callbacks):
    zh, en = UserFactory(language="zh-hans"), UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        send([zh, en])
    assert zh.notifications.get().title_in(zh.language) == "1 new match for “床旁检测”" or (
        "床旁检测" in zh.notifications.get().title_in("zh-hans")
    )
    assert en.notifications.get().title_in("en") == "1 new match for “Bedside assay”"


def test_repeated_notices_about_one_object_fold_into_one_line(django_capture_on_commit_callbacks):
    user = UserFactory(language="en")
    for _ in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            send([user])
    notification = user.notifications.get()
    assert notification.count == 3
    assert notification.title_in("en") == "3 new matches for “Bedside assay”"


def test_a_read_notice_is_not_folded_into(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
    user.notifications.update(read_at="2026-01-01T00:00:00Z")
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
    assert user.notifications.count() == 2


def test_different_objects_are_separate_lines(django_capture_on_commit_callbacks):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        send([user], about="listing:1")
        send([user], about="listing:2")
    assert user.notifications.count() == 2


def test_nothing_is_sent_when_the_transaction_rolls_back():
    user = UserFactory()
    with pytest.raises(RuntimeError), transaction.atomic():
        send([user])
        raise RuntimeError
    assert not Notification.objects.exists()


def test_inactive_and_excluded_users_are_not_told(django_capture_on_commit_callbacks):
    actor, other, gone = UserFactory(), UserFactory(), UserFactory(is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        notices.send(
            NEW_MATCHES,
            recipients=[actor, other, gone, other],
            params={"listing": LISTING},
            exclude=[actor],
        )
    assert list(Notification.objects.values_list("recipient", flat=True)) == [other.pk]


def test_each_notice_at_once_is_emailed_once_in_the_readers_language(
    django_capture_on_commit_callbacks,
):
    user = UserFactory(language="en", digest_frequency=DigestFrequency.IMMEDIATE)
    daily = UserFactory(digest_frequency=DigestFrequency.DAILY)
    with django_capture_on_commit_callbacks(execute=True):
        send([user, daily])
    with django_capture_on_commit_callbacks(execute=True):
        send([user, daily])  # folds: no second e-mail
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    assert "Bedside assay" in mail.outbox[0].subject
    assert user.notifications.get().emailed_at is not None


def test_admins_of_and_members_of(django_capture_on_commit_callbacks):
    from qiao.directory.models import Membership

    organisation = OrganisationFactory()
    admin, member = UserFactory(), UserFactory()
    Membership.objects.create(user=admin, organisation=organisation, role=Membership.Role.ADMIN)
    Membership.objects.create(user=member, organisation=organisation)
    assert list(notices.admins_of(organisation.pk)) == [admin]
    assert set(notices.members_of(organisation.pk)) == {admin, member}


def test_switching_the_page_language_changes_the_persons_language(client):
    user = UserFactory(language="zh-hans")
    client.force_login(user)
    client.post("/i18n/setlang/", {"language": "en", "next": "/inbox/"})
    user.refresh_from_db()
    assert user.language == "en"


def test_inbox_page_shows_the_title_in_the_page_language(
    client, django_capture_on_commit_callbacks
):
    user = UserFactory(language="en")
    with django_capture_on_commit_callbacks(execute=True):
        send([user])
        send([user])
    client.force_login(user)
    page = client.get("/inbox/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "2 new matches for “Bedside assay”" in page


def test_signing_in_applies_the_persons_language_or_the_one_just_chosen(client):
    from django.conf import settings

    user = UserFactory(language="en")
    user.set_password("a-long-pass-phrase")
    user.save()
    response = client.post(
        "/accounts/login/", {"username": user.email, "password": "a-long-pass-phrase"}
    )
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    client.logout()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "zh-hans"
    client.post("/accounts/login/", {"username": user.email, "password": "a-long-pass-phrase"})
    user.refresh_from_db()
    assert user.language == "zh-hans"
