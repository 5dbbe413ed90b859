import pytest

from qiao.events.tests.factories import make_event


@pytest.fixture
def event(operator, organisation):
    """A published matchmaking session of ``organisation``: one afternoon, 4 slots × 2 tables."""
    return make_event(organiser_user=operator, organiser=organisation)


@pytest.fixture
def client_of():
    """``client_of(user)`` is a client signed in as ``user``; ``client_of(None)`` anonymous."""
    from django.test import Client

    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make
