"""Every member's account is linked to its person in the directory, created if need be."""

import pytest

from qiao.core.audit import list_audit_entries
from qiao.directory import services
from qiao.directory.models import Affiliation, Membership, Person
from qiao.directory.tests.factories import OrganisationFactory, PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_joining_links_the_account_to_its_person_once(organisation, org_admin, operator):
    invitation = services.invite_member(
        organisation=organisation,
        by=org_admin,
        email="Li.Na@Hospital.example.cn",
        role="member",
        base_url="http://testserver",
    )
    user = services.accept_invitation(
        invitation=invitation, full_name="李娜", password="Qiao-pw-2026!x"
    )

    person = Person.objects.get(user=user)
    assert (person.name_zh, person.email) == ("李娜", "li.na@hospital.example.cn")
    assert [a.organisation for a in person.affiliations.all()] == [organisation]
    assert "李娜" in person.search_document  # findable in the directory at once
    assert [(e.action, e.actor) for e in list_audit_entries(person)] == [
        ("created", user),
        ("added", user),
    ]

    # Joining a second organisation adds an affiliation to the same person, not a new one.
    other = OrganisationFactory()
    services.add_member(organisation=other, user=user, role="member", by=operator)
    services.add_member(organisation=other, user=user, role="admin", by=operator)
    assert Person.objects.filter(user=user).count() == 1
    primary = {a.organisation: a.is_primary for a in Affiliation.objects.filter(person=person)}
    assert primary == {organisation: True, other: False}


def test_an_unlinked_person_with_the_accounts_address_is_linked_not_duplicated(
    organisation, operator
):
    listed = PersonFactory(
        name_zh="王主任", email="wang@hospital.example.cn", organisation=organisation
    )
    user = UserFactory(email="WANG@hospital.example.cn", full_name="王 主任")

    services.add_member(organisation=organisation, user=user, role="member", by=operator)

    listed.refresh_from_db()
    assert listed.user == user
    assert listed.name_zh == "王主任"  # the directory's record is kept as it was
    assert Person.objects.count() == 1
    assert Membership.objects.filter(user=user, organisation=organisation).exists()
