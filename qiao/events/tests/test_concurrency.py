"""The last place of an event, approved by two organisers at once, goes to one of them.

Real concurrent transactions need a server database: on SQLite every writer takes the
whole database lock, so the race cannot happen there and the test is skipped.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from qiao.directory.models import Membership
from qiao.directory.tests.factories import make_member
from qiao.events import services
from qiao.events.models import Event, Registration
from qiao.events.tests.factories import make_event, make_participant
from qiao.taxonomy.loading import load_shipped_terms
from qiao.taxonomy.models import Term

# Decided before any fixture runs: a skipped transactional test would still flush the
# database (and the shipped vocabularies with it) on its way out.
pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite serialises all writers; the race needs PostgreSQL.",
)


@pytest.fixture(scope="module")
def _shipped_terms_back_afterwards(django_db_setup, django_db_blocker):
    """The test's closing flush empties the vocabularies; put them back for the tests after."""
    yield
    with django_db_blocker.unblock():
        load_shipped_terms(Term)


@pytest.fixture
def shipped_terms(_shipped_terms_back_afterwards, transactional_db):
    load_shipped_terms(Term)


@pytest.mark.usefixtures("shipped_terms")
def test_two_organisers_cannot_both_take_the_last_place(operator, organisation):
    event = make_event(organiser_user=operator, organiser=organisation, capacity=1)
    admin = make_member(organisation, role=Membership.Role.ADMIN)
    first, second = make_participant(event), make_participant(event)
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def approve(registration, by):
        try:
            barrier.wait()
            services.approve_registration(registration=registration, approved_by=by)
            outcomes.append("approved")
        except ValidationError:
            outcomes.append("full")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=approve, args=(first, operator)),
        threading.Thread(target=approve, args=(second, admin)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "full"]
    assert Event.objects.get(pk=event.pk).approved_count == 1
    assert Registration.objects.filter(event=event, status="approved").count() == 1


@pytest.mark.usefixtures("shipped_terms")
def test_of_two_organisers_saving_the_same_event_version_exactly_one_wins(operator, organisation):
    """Both loaded version 2 and save different fields: one is saved, the other is a
    Conflict (409), never a silent overwrite (issue 12, lost updates)."""
    from qiao.core.errors import Conflict

    event = make_event(organiser_user=operator, organiser=organisation)
    admin = make_member(organisation, role=Membership.Role.ADMIN)
    version = Event.objects.get(pk=event.pk).version
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def save(by, fields):
        try:
            mine = Event.objects.get(pk=event.pk)
            barrier.wait()
            services.update_event(event=mine, updated_by=by, version=version, **fields)
            outcomes.append("saved")
        except Conflict:
            outcomes.append("conflict")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(operator, {"venue_zh": "张江"})),
        threading.Thread(target=save, args=(admin, {"title_zh": "并发标题"})),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict", "saved"]
    saved = Event.objects.get(pk=event.pk)
    assert saved.version == version + 1
    assert (saved.venue_zh == "张江") != (saved.title_zh == "并发标题")
