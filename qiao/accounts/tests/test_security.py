"""Sign-in throttling per account and per address, password reset, and safe `next`."""

import re

import pytest
from django.core import mail
from django.test import Client, override_settings

from qiao.directory.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "Bridge-to-2027-clinic"


def sign_in(client: Client, email: str, password: str, **extra):
    return client.post("/accounts/login/", {"username": email, "password": password}, **extra)


# --- Throttling -----------------------------------------------------------------------------


@override_settings(QIAO_TRUSTED_PROXIES=1, QIAO_TRUSTED_PROXY_IPS=["127.0.0.1"])
@pytest.mark.parametrize("remote", ["198.51.100.7", "127.0.0.1"])
def test_a_new_forwarded_address_per_try_does_not_escape_the_account_lock(remote):
    """Directly at the app server or through the proxy, the account locks after five."""
    UserFactory(email="target@example.org")
    client = Client(REMOTE_ADDR=remote)
    for attempt in range(5):
        sign_in(
            client, "target@example.org", "guess-1", HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}"
        )
    response = sign_in(client, "target@example.org", PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_changing_the_case_of_the_address_does_not_reset_the_count():
    UserFactory(email="target@example.org")
    client = Client()
    for variant in ("target@example.org", "Target@example.org", "TARGET@example.org"):
        sign_in(client, variant, "guess-1")
        sign_in(client, variant.swapcase(), "guess-2")
    assert sign_in(client, "target@example.org", PASSWORD).status_code == 429


@override_settings(QIAO_LOGIN_ADDRESS_FAILURE_LIMIT=8)
def test_one_address_guessing_many_accounts_is_locked_at_the_address_limit():
    users = [UserFactory(email=f"u{i}@example.org") for i in range(9)]
    client = Client(REMOTE_ADDR="198.51.100.20")
    for user in users[:8]:
        sign_in(client, user.email, "guess-1")
    assert sign_in(client, users[8].email, PASSWORD).status_code == 429
    # Another address is not affected.
    assert sign_in(Client(REMOTE_ADDR="198.51.100.21"), users[8].email, PASSWORD).status_code == 302


# --- Password reset -------------------------------------------------------------------------


def request_reset(client: Client, email: str, **extra):
    return client.post("/accounts/password/reset/", {"email": email}, **extra)


def reset_link(message) -> str:
    return re.search(r"https?://\S+(/accounts/password/reset/\S+/)", message.body).group(1)


def test_the_sign_in_page_links_to_the_reset():
    page = Client().get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/reset/"' in page and "忘记密码？" in page


@pytest.mark.parametrize(
    ("language", "subject"), [("zh-hans", "重置您的桥平台密码"), ("en", "Reset your Qiao password")]
)
def test_a_reset_e_mail_comes_in_the_users_language_and_its_link_sets_a_password(
    language, subject, settings
):
    settings.QIAO_BASE_URL = "https://qiao.example.org"
    user = UserFactory(email="doctor@example.org", language=language)
    client = Client()
    response = request_reset(client, "Doctor@Example.org", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302 and response.url == "/accounts/password/reset/done/"
    (message,) = mail.outbox
    assert (message.subject, message.to) == (subject, ["doctor@example.org"])
    assert "https://qiao.example.org/accounts/password/reset/" in message.body
    form_page = client.get(reset_link(message), follow=True)
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert done.url == "/accounts/password/reset/complete/"
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert client.get(reset_link(message), follow=True).context["validlink"] is False


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail():
    UserFactory(email="doctor@example.org")
    known = request_reset(Client(), "doctor@example.org")
    unknown = request_reset(Client(), "nobody@example.org")
    assert (known.status_code, known.url) == (unknown.status_code, unknown.url)
    done = Client().get(unknown.url).content.decode()
    assert "如果该地址属于某个账号" in done
    assert [m.to for m in mail.outbox] == [["doctor@example.org"]]


def test_the_link_is_built_from_the_configured_address_not_the_host_header(settings):
    settings.QIAO_BASE_URL = "https://qiao.example.org"
    settings.ALLOWED_HOSTS = ["*"]
    UserFactory(email="doctor@example.org")
    request_reset(Client(), "doctor@example.org", HTTP_HOST="evil.example")
    assert "evil.example" not in mail.outbox[0].body


@override_settings(QIAO_PASSWORD_RESETS_PER_EMAIL=3, QIAO_PASSWORD_RESETS_PER_IP=10)
def test_reset_requests_are_throttled_per_address_and_per_client_without_telling():
    UserFactory(email="doctor@example.org")
    for attempt in range(5):
        response = request_reset(Client(REMOTE_ADDR=f"198.51.100.{attempt}"), "doctor@example.org")
        assert response.url == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 3
    others = [UserFactory(email=f"u{i}@example.org") for i in range(12)]
    client = Client(REMOTE_ADDR="203.0.113.5")
    for user in others:
        assert request_reset(client, user.email).url == "/accounts/password/reset/done/"
    assert len(mail.outbox) == 3 + 10


# --- Redirect targets -----------------------------------------------------------------------


@pytest.mark.parametrize("target", ["https://evil.example", "//evil.example", "/\\evil.example"])
def test_sign_in_and_out_do_not_follow_an_off_site_next(target):
    UserFactory(email="doctor@example.org")
    client = Client()
    response = client.post(
        f"/accounts/login/?next={target}", {"username": "doctor@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302 and response.url == "/"
    response = client.post("/accounts/logout/", {"next": target})
    assert response.status_code == 302 and "evil" not in response.url


def test_the_language_switch_does_not_follow_an_off_site_next():
    response = Client().post("/i18n/setlang/", {"language": "en", "next": "https://evil.example"})
    assert response.status_code == 302 and "evil" not in response.url


# --- Settings -------------------------------------------------------------------------------


def test_the_old_proxy_count_setting_stops_start_up(tmp_path):
    """A deployment still saying QIAO_TRUSTED_PROXIES=1 would otherwise trust no proxy."""
    from qiao.tests.test_settings import run_manage

    result = run_manage("check", env={"QIAO_TRUSTED_PROXIES": "1"}, var_dir=tmp_path)
    assert result.returncode != 0
    assert "QIAO_TRUSTED_PROXY_IPS" in result.stderr


def test_production_trusts_a_local_proxy_only_by_default(tmp_path):
    from qiao.tests.test_settings import run_manage

    env = {"QIAO_ENV": "production", "QIAO_SECRET_KEY": "x" * 60, "QIAO_ALLOWED_HOSTS": "q.example"}
    result = run_manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.QIAO_TRUSTED_PROXY_IPS)",
        env=env,
        var_dir=tmp_path,
    )
    assert result.stdout.strip().splitlines()[-1] == "['127.0.0.1', '::1']", result.stderr
