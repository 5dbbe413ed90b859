import pytest
from axes.models import AccessAttempt

from qiao.directory.tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_sign_in_with_the_phone_number_in_any_common_form(client):
    UserFactory(phone="+8613912345678")
    for typed in ("13912345678", "139 1234 5678", "+86 139-1234-5678"):
        response = client.post("/accounts/login/", {"username": typed, "password": PASSWORD})
        assert response.status_code == 302, typed
        client.logout()


def test_wrong_passwords_by_phone_count_for_one_account_and_lock_it(client, settings):
    settings.QIAO_LOGIN_FAILURE_LIMIT = 3
    UserFactory(phone="+8613912345678")
    for typed in ("13912345678", "139 1234 5678", "+8613912345678"):
        client.post("/accounts/login/", {"username": typed, "password": "wrong-1"})
    assert set(AccessAttempt.objects.values_list("username", flat=True)) == {"+8613912345678"}
    locked = client.post("/accounts/login/", {"username": "13912345678", "password": PASSWORD})
    assert locked.status_code == 429
