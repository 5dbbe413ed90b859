"""Fixtures for the browser tests: headless chromium driving pytest-django's live server.

The browser is Debian's chromium (``QIAO_CHROMIUM`` overrides the path), never one that
``playwright install`` downloads: the tests must run without internet. Without a chromium
the tests are skipped, unless ``QIAO_REQUIRE_BROWSER=1`` (set in CI) turns that into a failure.
"""

import os
from collections.abc import Callable, Iterator

import pytest
from django.db import transaction
from playwright.sync_api import expect, sync_playwright
from pytest_django.live_server_helper import LiveServer

from qiao.directory.tests.factories import PASSWORD
from qiao.taxonomy.loading import load_shipped_terms
from qiao.taxonomy.models import Term

# Playwright's sync API keeps an event loop running in the test thread, and Django refuses
# ORM calls from a thread with a running loop. The test thread only touches the database
# while the browser waits, so the check is a false alarm here. It has to hold for the whole
# process: pytest-django's flush after each test runs outside any fixture of this folder.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Short timeouts: every page is local, and a wait that runs out should fail the test fast.
ACTION_TIMEOUT_MS = 5_000
NAVIGATION_TIMEOUT_MS = 10_000


def chromium_path() -> str:
    return os.environ.get("QIAO_CHROMIUM") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser() -> Iterator:
    executable = chromium_path()
    if not os.access(executable, os.X_OK):
        reason = f"No chromium at {executable} (set QIAO_CHROMIUM to its path)."
        if os.environ.get("QIAO_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason} QIAO_REQUIRE_BROWSER=1 requires the browser tests to run.")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server():
    """Serve on 127.0.0.1: chromium may try ::1 first for "localhost"."""
    server = LiveServer("127.0.0.1")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def _restore_shipped_terms(django_db_setup, django_db_blocker):
    """Put the shipped vocabularies back once the last browser test has flushed the database.

    The terms come from a data migration; each transactional test ends with a flush, and
    with ``--reuse-db`` the next run would find no terms at all.
    """
    yield
    with django_db_blocker.unblock():
        _load_shipped_terms()


@pytest.fixture(autouse=True)
def _shipped_terms(_restore_shipped_terms, transactional_db):
    _load_shipped_terms()


def _load_shipped_terms() -> None:
    with transaction.atomic():
        load_shipped_terms(Term)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # These tests are about forms and sessions; PBKDF2 spends ~0.4 s on each hash on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def page(browser, live_server) -> Iterator:
    """A page in a fresh browser context (no cookies), in Chinese, at the live server.

    A JavaScript error on any page fails the test.
    """
    context = browser.new_context(
        base_url=live_server.url,
        locale="zh-CN",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(ACTION_TIMEOUT_MS)
    context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert errors == [], f"JavaScript errors on the page: {errors}"


@pytest.fixture
def sign_in(page) -> Callable:
    """Return a function that signs a user in through the real login form."""

    def sign_in(user, password: str = PASSWORD) -> None:
        page.goto("/accounts/login/")
        page.locator("input[name=username]").fill(user.email)
        page.locator("input[name=password]").fill(password)
        page.locator("main button[type=submit]").click()
        expect(page.locator(".who")).to_have_text(user.get_short_name())

    return sign_in
