"""Cached figures: shared within a scope, never across scopes, stale after a change made
through Qiao, and kept in the database cache that every app server shares."""

import datetime

import pytest
from django.core.cache import cache
from django.test import Client

from qiao.directory.tests.factories import OrganisationFactory, make_member
from qiao.insights.cache import cached, scope_key
from qiao.pipeline import services as pipeline

pytestmark = pytest.mark.django_db


def _agreement(operator, a, b, title):
    return pipeline.create_agreement(
        created_by=operator,
        parties=[(a, "party"), (b, "party")],
        kind="joint_rd",
        title_zh=title,
        signed_on=datetime.date(2025, 1, 1),
    )


def _total(user) -> int:
    client = Client()
    client.force_login(user)
    return client.get("/insights/agreements/").context["dashboard"].tables[0].rows[0][0]


def test_figures_are_shared_within_a_scope_and_never_across(
    operator, member, organisation, other_organisation
):
    calls = []
    first = cached("x", member, {"a": 1}, lambda: calls.append(1) or "figures")
    again = cached("x", make_member(organisation), {"a": 1}, lambda: calls.append(1) or "other")
    assert (first, again, len(calls)) == ("figures", "figures", 1)  # same organisations
    outsider = make_member(other_organisation)
    assert cached("x", outsider, {"a": 1}, lambda: "theirs") == "theirs"
    assert cached("x", operator, {"a": 1}, lambda: "cluster") == "cluster"
    assert cached("x", member, {"a": 2}, lambda: "filtered") == "filtered"
    assert scope_key(operator) == "cluster"


def test_a_change_through_qiao_shows_once_committed(
    operator, organisation, other_organisation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _agreement(operator, organisation, other_organisation, "第一份")
    assert _total(operator) == 1
    with django_capture_on_commit_callbacks(execute=True) as bumps:
        _agreement(operator, organisation, other_organisation, "第二份")
    assert len(bumps) == 1  # the agreement, its parties and its audit entry: one bump
    assert _total(operator) == 2


def test_a_change_rolled_back_bumps_nothing(operator, organisation):
    from django.core.exceptions import ValidationError

    version = cache.get("insights:version")
    with pytest.raises(ValidationError):  # one party only: refused after nothing was kept
        pipeline.create_agreement(
            created_by=operator,
            parties=[(organisation, "party")],
            kind="joint_rd",
            title_zh="不成立",
            signed_on=datetime.date(2025, 1, 1),
        )
    assert cache.get("insights:version") == version


def test_caching_can_be_turned_off(settings, operator):
    settings.QIAO_INSIGHTS_CACHE_SECONDS = 0
    assert cached("x", operator, {}, lambda: 1) == 1
    assert cached("x", operator, {}, lambda: 2) == 2


def test_the_version_is_shared_through_the_database_cache_table(
    settings, operator, organisation, django_capture_on_commit_callbacks
):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "qiao_cache",
        },
    }
    with django_capture_on_commit_callbacks(execute=True):
        _agreement(operator, organisation, OrganisationFactory(), "第一份")
    assert _total(operator) == 1
    assert "insights:version" in _keys()  # the version is shared through the database
    with django_capture_on_commit_callbacks(execute=True):
        _agreement(operator, organisation, OrganisationFactory(), "第二份")
    assert _total(operator) == 2
    cache.clear()


def _keys():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM qiao_cache")
        return [row[0].split(":", 2)[-1] for row in cursor.fetchall()]
