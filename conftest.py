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


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    # A reused test database may have been flushed by an earlier run's transactional tests,
    # which empties what the data migrations loaded; put it back once per session.
    from qiao.tests.shipped import restore_shipped_rows

    with django_db_blocker.unblock():
        restore_shipped_rows()


@pytest.fixture(autouse=True)
def _shipped_rows(request):
    # Transactional tests end with a flush of every table, the shipped rows included; with
    # several test processes an ordinary test may come after one (``qiao/tests/shipped.py``).
    # A test may be transactional, or use the database, by its marker alone.
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    transactional = (marker is not None and marker.kwargs.get("transaction", False)) or bool(
        {"transactional_db", "live_server"} & names
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    elif marker is not None or "db" in names:
        request.getfixturevalue("db")
    else:
        return
    from qiao.tests.shipped import restore_shipped_rows

    restore_shipped_rows()


@pytest.fixture(autouse=True)
def _fresh_matching_index():
    """Each test builds the in-process matching index from its own rows, not an earlier one's."""
    from qiao.matching.services import reset_index

    reset_index()
    yield
    reset_index()


@pytest.fixture(autouse=True)
def _fresh_cache(settings, request):
    """Each test gets an empty in-memory cache, so no figures cached by an earlier test are
    read back. (test_cache.py checks the real database cache on both databases.)"""
    settings.CACHES = {
        alias: {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"{alias}-{request.node.nodeid}",
        }
        for alias in ("default", "insights", "search")
    }
