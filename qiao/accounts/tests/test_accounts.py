import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client

from qiao.directory.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client: Client, email: str, password: str):
    return client.post("/accounts/login/", {"username": email, "password": password})


def test_sign_in_by_email_is_case_insensitive():
    UserFactory(email="doctor@example.org")
    client = Client()
    response = sign_in(client, "Doctor@Example.org", PASSWORD)
    assert response.status_code == 302
    assert client.get("/directory/").context["user"].email == "doctor@example.org"


def test_wrong_password_is_refused_with_a_message():
    UserFactory(email="doctor@example.org")
    response = sign_in(Client(), "doctor@example.org", "wrong-password-1")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["电子邮箱、手机号或密码不正确。"]


def test_repeated_failures_lock_the_account_even_with_the_right_password():
    UserFactory(email="target@example.org")
    client = Client()
    for _attempt in range(5):
        sign_in(client, "target@example.org", "guess-number-1")
    response = sign_in(client, "target@example.org", PASSWORD)
    assert response.status_code == 429
    assert "15" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_account_not_global():
    UserFactory(email="target@example.org")
    UserFactory(email="other@example.org")
    client = Client()
    for _attempt in range(5):
        sign_in(client, "target@example.org", "guess-number-1")
    assert sign_in(client, "other@example.org", PASSWORD).status_code == 302


@pytest.mark.parametrize("password", ["short1A", "1234567890123", "abcdefghijkl", "password123"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_strong_password_passes():
    assert validate_password("Bridge-to-2026-clinic") is None


def test_sign_out_needs_post():
    client = Client()
    client.force_login(UserFactory())
    assert client.get("/accounts/logout/").status_code == 405
    assert client.post("/accounts/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change(django_user_model):
    user = UserFactory()
    client = Client()
    client.force_login(user)
    response = client.post(
        "/accounts/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "New-bridge-2026",
            "new_password2": "New-bridge-2026",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("New-bridge-2026") is True
