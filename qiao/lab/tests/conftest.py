"""Lab test fixtures: people in and outside the owner organisation, a real database for races."""

import sqlite3
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import translation

from qiao.directory.models import Membership
from qiao.directory.tests.factories import UserFactory, make_member


@pytest.fixture
def other_member(other_organisation):
    """A start-up member: belongs to another organisation than the instrument's owner."""
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
    def make(user) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def race_database(transactional_db, tmp_path):
    """Make every thread's connection reach one real database that commits.

    On PostgreSQL the test database already is one. SQLite's test database lives in shared
    memory, where a waiting writer fails at once instead of queueing on the busy timeout,
    unlike the WAL file SQLite runs on in production; so the test database is copied to a
    file and every connection of this test, in any thread, opens that file instead.
    """
    if connection.vendor != "sqlite" or not connection.is_in_memory_db():
        yield
        return
    path = tmp_path / "race.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    # The same connection object stays in place (Django and pytest-django hold on to it);
    # only its underlying SQLite connection is swapped for one to the file, and back. The
    # in-memory database lives on through the connection kept aside.
    memory_connection = connection.connection
    settings_dict = connections.settings["default"]  # the dict the connection reads, too
    memory_name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    connection.connection = None
    try:
        yield
    finally:
        if connection.connection is not None:
            connection.connection.close()
        settings_dict["NAME"] = memory_name
        connection.connection = memory_connection


@pytest.fixture
def run_concurrently() -> Callable:
    """``run_concurrently(fn, args_list)`` runs fn(*args) in one thread each, all at once.

    Every thread opens its own database connection and closes it when done; the results
    come back in the order of ``args_list``.
    """
    import threading

    def run(fn, args_list):
        barrier = threading.Barrier(len(args_list))

        def one(args):
            try:
                barrier.wait()
                with translation.override("en"):
                    return fn(*args)
            finally:
                connections.close_all()

        with ThreadPoolExecutor(max_workers=len(args_list)) as pool:
            return list(pool.map(one, args_list))

    return run
