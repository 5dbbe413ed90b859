import hashlib
import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from qiao.accounts import tokens
from qiao.accounts.models import ApiToken
from qiao.core.audit import AuditEntry
from qiao.directory.models import Organisation
from qiao.directory.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

NOTIFICATIONS = "/api/inbox/notifications/"
MARK_READ = "/api/inbox/notifications/read"


def bearer(secret: str) -> Client:
    # enforce_csrf_checks: another system has no CSRF token, and must not need one.
    return Client(enforce_csrf_checks=True, headers={"Authorization": f"Bearer {secret}"})


def test_the_page_shows_the_secret_once_and_stores_only_its_hash(client, member):
    client.force_login(member)
    response = client.post("/accounts/tokens/", {"name": "园区 OA", "scope": "read", "days": "30"})
    secret = response.context["secret"]
    assert secret.startswith("qiao_") and secret in response.content.decode()
    assert response["Cache-Control"] == "no-store"
    token = ApiToken.objects.get()
    assert token.digest == hashlib.sha256(secret.encode()).hexdigest()
    assert secret not in json.dumps(list(ApiToken.objects.values_list("prefix", "name")))
    assert secret not in client.get("/accounts/tokens/").content.decode()
    created = AuditEntry.objects.get(
        content_type__model="apitoken", object_id=token.pk, action="created"
    )
    assert created.actor == member


def test_a_read_token_reads_as_its_owner_and_may_not_write(member):
    _token, secret = tokens.create_token(by=member, name="script", scope="read", days=30)
    assert bearer(secret).get(NOTIFICATIONS).status_code == 200
    refused = bearer(secret).post(MARK_READ, json.dumps({}), content_type="application/json")
    assert refused.status_code == 403
    assert refused.json()["detail"] == "此 API 令牌只能读取。"


def test_a_write_token_writes_without_a_csrf_token(member):
    token, secret = tokens.create_token(by=member, name="OA", scope="write", days=30)
    response = bearer(secret).post(MARK_READ, json.dumps({}), content_type="application/json")
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_token_has_its_owners_permissions_on_open_operations_too(member):
    hidden = OrganisationFactory(visibility=Organisation.Visibility.MEMBERS)
    _token, secret = tokens.create_token(by=member, name="OA", scope="read", days=30)
    anonymous = {o["id"] for o in Client().get("/api/directory/organisations/").json()["items"]}
    as_member = {
        o["id"] for o in bearer(secret).get("/api/directory/organisations/").json()["items"]
    }
    assert hidden.pk not in anonymous
    assert hidden.pk in as_member


def test_revoked_expired_and_unknown_tokens_are_401(member):
    token, secret = tokens.create_token(by=member, name="OA", scope="write", days=30)
    tokens.revoke_token(by=member, token=token)
    assert bearer(secret).get(NOTIFICATIONS).status_code == 401
    assert (
        AuditEntry.objects.filter(
            content_type__model="apitoken", object_id=token.pk, action="changed"
        ).count()
        == 1
    )
    old, old_secret = tokens.create_token(by=member, name="old", scope="read", days=30)
    ApiToken.objects.filter(pk=old.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    assert bearer(old_secret).get(NOTIFICATIONS).status_code == 401
    assert bearer("qiao_" + "x" * 43).get("/api/directory/organisations/").status_code == 401
    assert Client().get(NOTIFICATIONS).status_code == 401


def test_only_the_owner_revokes_a_token(client, member):
    token, _secret = tokens.create_token(by=member, name="OA", scope="read", days=30)
    client.force_login(UserFactory())
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 404
    client.force_login(member)
    assert client.post(f"/accounts/tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_deactivated_owners_token_stops_working(member):
    _token, secret = tokens.create_token(by=member, name="OA", scope="read", days=30)
    member.is_active = False
    member.save(update_fields=["is_active"])
    assert bearer(secret).get(NOTIFICATIONS).status_code == 401


def test_session_sign_in_still_needs_csrf_for_writes(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.get(NOTIFICATIONS).status_code == 200
    response = client.post(MARK_READ, json.dumps({}), content_type="application/json")
    assert response.status_code == 403


def test_the_openapi_document_names_the_bearer_scheme():
    from qiao.api import api

    schema = api.get_openapi_schema()
    assert schema["components"]["securitySchemes"]["BearerToken"] == {
        "type": "http",
        "scheme": "bearer",
    }
