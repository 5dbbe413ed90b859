"""Directory services: one policy rule each, every write audited, organisation_changed after
commit from every path (service, page, API, import)."""

import json

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.utils import timezone

from qiao.core import effects
from qiao.core.audit import AuditEntry, list_audit_entries
from qiao.core.policy import rule_names
from qiao.directory import services
from qiao.directory.models import (
    Capability,
    Credential,
    Department,
    Invitation,
    KeyFigure,
    Membership,
    Organisation,
    OrganisationRelation,
)
from qiao.directory.tests.factories import PersonFactory, term

pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    """The organisation ids ``organisation_changed`` was emitted for, after commit."""
    seen: list[int] = []

    def handler(*, organisation_id):
        seen.append(organisation_id)

    effects.subscribe("organisation_changed", handler)
    yield seen
    effects._handlers["organisation_changed"].remove(handler)


def test_every_directory_noun_has_a_rule():
    names = {n for n in rule_names() if n.startswith("directory.")}
    assert names == {
        "directory.create_organisation",
        "directory.create_visitor_organisation",
        "directory.change_organisation",
        "directory.change_department",
        "directory.change_capability",
        "directory.change_credential",
        "directory.change_keyfigure",
        "directory.change_organisationrelation",
        "directory.create_person",
        "directory.change_person",
        "directory.change_affiliation",
        "directory.invite_member",
        "directory.add_member",
        "directory.accept_invitation",
        "directory.change_investorfocus",
    }


def test_services_refuse_a_member_and_another_organisations_admin(
    organisation, other_organisation, member, org_admin
):
    capability = services.add_part(
        organisation=organisation,
        by=org_admin,
        model=Capability,
        data={"kind": "platform", "name_zh": "CT平台"},
    )
    calls = [
        lambda by: services.update_organisation(
            organisation=organisation, by=by, data={"name_en": "X"}
        ),
        lambda by: services.add_part(
            organisation=organisation, by=by, model=Department, data={"name_zh": "检验科"}
        ),
        lambda by: services.change_part(part=capability, by=by, data={"name_zh": "MRI平台"}),
        lambda by: services.remove_part(part=capability, by=by),
        lambda by: services.invite_member(
            organisation=organisation,
            by=by,
            email="new@example.org",
            role="member",
            base_url="http://testserver",
        ),
        lambda by: services.create_organisation(
            by=by, data={"kind": term("organisation_kind", "company"), "name_zh": "新公司"}
        ),
    ]
    other_admin = Membership.objects.create(
        user=member.__class__.objects.create_user(email="o@example.org", password="x"),
        organisation=other_organisation,
        role=Membership.Role.ADMIN,
    ).user
    for call in calls:
        for by in (member, other_admin):
            with pytest.raises(PermissionDenied):
                call(by)
    organisation.refresh_from_db()
    assert organisation.name_en != "X"
    assert list(organisation.capabilities.values_list("name_zh", flat=True)) == ["CT平台"]
    assert not Invitation.objects.exists()


def test_each_service_writes_its_audit_entry(organisation, org_admin, operator):
    def entries() -> int:
        return AuditEntry.objects.count()

    start = entries()
    created = services.create_organisation(
        by=operator, data={"kind": term("organisation_kind", "hospital"), "name_zh": "审计医院"}
    )
    assert entries() == start + 1
    services.update_organisation(organisation=organisation, by=org_admin, data={"city": "苏州市"})
    assert entries() == start + 2
    parts = {
        Department: {"name_zh": "检验科"},
        Capability: {"kind": "service", "name_zh": "检测服务"},
        Credential: {"kind": "patent", "title": "一种导管"},
        KeyFigure: {"label_zh": "专利", "value": 78},
        OrganisationRelation: {"kind": "partner_of", "target": created},
    }
    for model, data in parts.items():
        part = services.add_part(organisation=organisation, by=org_admin, model=model, data=data)
        services.remove_part(part=part, by=org_admin)
    assert entries() == start + 2 + 2 * len(parts)
    person = services.create_person(
        by=org_admin, data={"name_zh": "李审计"}, affiliations=[{"organisation": organisation}]
    )
    assert entries() == start + 2 + 2 * len(parts) + 2  # the person, and their affiliation
    services.update_person(person=person, by=org_admin, data={"phone": "021-64360001"})
    invitation = services.invite_member(
        organisation=organisation,
        by=org_admin,
        email="Invitee@Example.org",
        role="member",
        base_url="http://testserver",
    )
    before_accept = entries()
    user = services.accept_invitation(
        invitation=invitation, full_name="新成员", password="Qiao-pw-2026!x"
    )
    # The account, the membership, the invitation's acceptance, and the account's person
    # in the directory with its affiliation.
    assert entries() == before_accept + 5
    membership = Membership.objects.get(user=user, organisation=organisation)
    assert [e.action for e in list_audit_entries(membership)] == ["created"]
    assert [e.actor for e in list_audit_entries(invitation)] == [org_admin, user]
    actions = [e.action for e in list_audit_entries(organisation)]
    assert actions.count("added") == len(parts)
    assert actions.count("removed") == len(parts)


def test_an_accepted_or_expired_invitation_cannot_be_accepted_again(organisation, org_admin):
    invitation = services.invite_member(
        organisation=organisation,
        by=org_admin,
        email="twice@example.org",
        role="admin",
        base_url="http://testserver",
    )
    services.accept_invitation(invitation=invitation, full_name="甲", password="Qiao-pw-2026!x")
    with pytest.raises(PermissionDenied):
        services.accept_invitation(invitation=invitation, full_name="甲", password="")
    expired = services.invite_member(
        organisation=organisation,
        by=org_admin,
        email="late@example.org",
        role="admin",
        base_url="http://testserver",
    )
    Invitation.objects.filter(pk=expired.pk).update(expires_at=timezone.now())
    with pytest.raises(PermissionDenied):
        services.accept_invitation(invitation=expired, full_name="乙", password="Qiao-pw-2026!x")
    assert Membership.objects.filter(organisation=organisation, role="admin").count() == 2


def test_a_capability_added_through_the_api_is_heard_and_moves_updated_at(
    organisation, org_admin, heard, django_capture_on_commit_callbacks
):
    """Regression: the API's capability went in with .update(), so updated_at stayed and
    the live matching index never saw it."""
    Organisation.objects.filter(pk=organisation.pk).update(
        updated_at=timezone.now() - timezone.timedelta(days=1)
    )
    before = Organisation.objects.get(pk=organisation.pk).updated_at
    client = Client()
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/api/directory/organisations/{organisation.pk}/capabilities/",
            json.dumps({"kind": "platform", "name_zh": "手术机器人平台"}),
            content_type="application/json",
        )
    assert response.status_code == 201
    assert heard == [organisation.pk]
    assert Organisation.objects.get(pk=organisation.pk).updated_at > before


@pytest.mark.parametrize(
    "change",
    [
        {"kind": "hospital"},
        {"province": "江苏省"},
        {"district": "闵行区"},
        {"visibility": "members"},
        {"tags": ["device_category:22"]},
    ],
)
def test_every_field_matching_reads_is_heard_from_the_api(
    organisation, org_admin, heard, django_capture_on_commit_callbacks, change
):
    client = Client()
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.patch(
            f"/api/directory/organisations/{organisation.pk}",
            json.dumps(change),
            content_type="application/json",
        )
    assert response.status_code == 200
    assert heard == [organisation.pk]


def test_credential_removed_and_page_edit_and_import_are_heard(
    organisation, org_admin, operator, heard, django_capture_on_commit_callbacks
):
    credential = services.add_part(
        organisation=organisation,
        by=org_admin,
        model=Credential,
        data={"kind": "registration", "title": "导管", "device_class": "II"},
    )
    heard.clear()
    client = Client()
    client.force_login(org_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.delete(
            f"/api/directory/organisations/{organisation.pk}/credentials/{credential.pk}"
        )
    assert response.status_code == 204
    assert heard == [organisation.pk]
    assert [e.action for e in list_audit_entries(organisation)][-1] == "removed"

    from qiao.directory.tests.test_views import form_data

    heard.clear()
    organisation.refresh_from_db()
    data = form_data(name_zh=organisation.name_zh, province="浙江省", version=organisation.version)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/directory/organisations/{organisation.pk}/edit/", data)
    assert response.status_code == 302
    assert heard == [organisation.pk]


def test_a_rolled_back_change_is_not_heard(organisation, org_admin, heard):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        services.update_organisation(
            organisation=organisation, by=org_admin, data={"province": "江苏省"}
        )
        raise RuntimeError
    assert heard == []


def test_membership_is_made_through_the_service_when_an_invitation_is_accepted(
    organisation, org_admin, heard, django_capture_on_commit_callbacks
):
    invitation = services.invite_member(
        organisation=organisation,
        by=org_admin,
        email="heard@example.org",
        role="member",
        base_url="http://testserver",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_invitation(invitation=invitation, full_name="丙", password="Qiao-pw-2026!x")
    assert heard == [organisation.pk]


def test_views_and_api_write_nothing_themselves():
    """The directory's pages and API call services; none saves or deletes a row."""
    from pathlib import Path

    here = Path(__file__).resolve().parent.parent
    for name in ("views.py", "api.py", "views_excel.py"):
        text = (here / name).read_text()
        for call in (".save(", ".delete()", "objects.create(", ").update(", "update_or_create("):
            assert call not in text, f"{name} calls {call}"


def test_person_factory_still_builds_through_the_service(organisation):
    person = PersonFactory(organisation=organisation)
    assert person.version == 1
    assert list(list_audit_entries(person).values_list("action", flat=True)) == [
        "created",
        "added",
    ]
