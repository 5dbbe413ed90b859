"""Planning searches without holding a lock, and refuses to store a plan whose inputs moved.

The first test runs real threads against a database that commits (PostgreSQL, or a SQLite
file in WAL mode with BEGIN IMMEDIATE, as in production): another writer changes the event
while the search runs and must not wait for it.
"""

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import connections
from django.utils import translation

from qiao.events import services
from qiao.events.models import Event, Meeting
from qiao.events.tests.factories import approved, make_event
from qiao.lab.tests.conftest import race_database  # noqa: F401  (a fixture)


def _accepted(sender, recipient):
    request = services.send_request(sender=sender, recipient=recipient, sent_by=sender.user)
    return services.answer_request(request=request, answered_by=recipient.user, accept=True)


def _search_that_runs(during, *, real=services.planning.schedule):
    """A stand-in for the search: calls ``during()`` mid-search, then searches for real."""

    def search(instance, time_limit, step_limit=None):
        during()
        return real(instance, time_limit=time_limit)

    return search


@pytest.mark.django_db(transaction=True)
def test_another_writer_is_not_blocked_while_the_search_runs(
    race_database,  # noqa: F811
    monkeypatch,
    operator,
    organisation,
):
    event = make_event(organiser_user=operator, organiser=organisation)
    a, b = approved(event, 2, approve_by=operator)
    _accepted(a, b)
    took: list[float] = []

    def write_the_event_row_from_another_connection():
        def write():
            try:
                started = time.monotonic()
                Event.objects.filter(pk=event.pk).update(title_en="Renamed while planning")
                took.append(time.monotonic() - started)
            finally:
                connections.close_all()

        writer = threading.Thread(target=write)
        writer.start()
        writer.join(timeout=3)  # SQLite's busy timeout is 5 s: a blocked writer is still waiting

    monkeypatch.setattr(
        services.planning,
        "schedule",
        _search_that_runs(write_the_event_row_from_another_connection),
    )

    stats = services.plan_meetings(event=event, planned_by=operator, time_limit=2)

    assert len(took) == 1 and took[0] < 1.0
    assert Event.objects.get(pk=event.pk).title_en == "Renamed while planning"
    assert stats["meetings"] == Meeting.objects.filter(event=event).count() == 1


@pytest.mark.django_db
def test_a_request_accepted_during_the_search_is_detected_and_nothing_stored(
    monkeypatch, event, operator
):
    a, b, c = approved(event, 3, approve_by=operator)
    _accepted(a, b)
    monkeypatch.setattr(services.planning, "schedule", _search_that_runs(lambda: _accepted(a, c)))

    with translation.override("en"), pytest.raises(ValidationError, match="plan again"):
        services.plan_meetings(event=event, planned_by=operator, time_limit=2)

    assert Meeting.objects.filter(event=event).count() == 0


@pytest.mark.django_db
def test_unchanged_inputs_are_planned_and_stored(event, operator):
    a, b, c = approved(event, 3, approve_by=operator)
    _accepted(a, b)
    _accepted(a, c)

    stats = services.plan_meetings(event=event, planned_by=operator, time_limit=2)

    assert stats["meetings"] == Meeting.objects.filter(event=event).count() == 2
