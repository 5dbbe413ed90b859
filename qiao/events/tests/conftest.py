import pytest

from qiao.events.tests.factories import make_event


@pytest.fixture
def event(operator, organisation):
    """A published matchmaking session of ``organisation``: one afternoon, 4 slots × 2 tables."""
    return make_event(organiser_user=operator, organiser=organisation)
