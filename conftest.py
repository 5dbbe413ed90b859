"""Project-wide fixtures: the four roles of the permission matrix and their organisations."""

import pytest

from qiao.directory.models import Membership
from qiao.directory.tests.factories import OrganisationFactory, UserFactory, make_member


@pytest.fixture
def organisation(db):
    return OrganisationFactory()


@pytest.fixture
def other_organisation(db):
    return OrganisationFactory()


@pytest.fixture
def operator(db):
    return UserFactory(is_operator=True, is_staff=True)


@pytest.fixture
def org_admin(organisation):
    return make_member(organisation, role=Membership.Role.ADMIN)


@pytest.fixture
def member(organisation):
    return make_member(organisation, role=Membership.Role.MEMBER)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # PBKDF2's deliberate slowness is for attackers, not for a test suite.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
