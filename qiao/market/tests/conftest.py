"""Viewers from outside the owning organisation, and signed-in clients for any user."""

import pytest
from django.test import Client

from qiao.directory.models import Membership
from qiao.directory.tests.factories import UserFactory, make_member


@pytest.fixture
def other_member(other_organisation):
    return make_member(other_organisation, role=Membership.Role.MEMBER)


@pytest.fixture
def other_admin(other_organisation):
    return make_member(other_organisation, role=Membership.Role.ADMIN)


@pytest.fixture
def outsider(db):
    """Signed in, but a member of no organisation."""
    return UserFactory()


@pytest.fixture
def client_of():
    """``client_of(user)`` is a client signed in as ``user``; ``client_of(None)`` anonymous."""

    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
