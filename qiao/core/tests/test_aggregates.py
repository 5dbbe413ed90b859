"""Median runs in the database on both SQLite and PostgreSQL, per group and over durations."""

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db.models import DurationField, ExpressionWrapper, F, Q, Value

from qiao.core.aggregates import Median
from qiao.core.audit import AuditEntry

START = datetime(2026, 1, 1, tzinfo=UTC)


@pytest.fixture
def entries(db):
    content_type = ContentType.objects.get_for_model(AuditEntry)
    rows = [("created", 1, 0), ("created", 3, 2), ("created", 10, 30), ("changed", 4, 5)]
    for action, object_id, hours in rows:
        AuditEntry.objects.create(
            content_type=content_type,
            object_id=object_id,
            at=START + timedelta(hours=hours),
            action=action,
        )


def test_median_of_numbers_overall_and_per_group(entries):
    assert AuditEntry.objects.aggregate(m=Median("object_id"))["m"] == pytest.approx(3.5)
    per_action = dict(AuditEntry.objects.values_list("action").annotate(m=Median("object_id")))
    assert per_action == {"created": pytest.approx(3), "changed": pytest.approx(4)}


def test_median_of_durations(entries):
    since_start = ExpressionWrapper(F("at") - Value(START), output_field=DurationField())
    result = AuditEntry.objects.filter(action="created").aggregate(m=Median(since_start))["m"]
    assert result == timedelta(hours=2)


def test_median_with_a_filter_and_of_nothing(entries):
    assert AuditEntry.objects.aggregate(m=Median("object_id", filter=Q(object_id__gt=3)))[
        "m"
    ] == pytest.approx(7)
    assert AuditEntry.objects.filter(action="none").aggregate(m=Median("object_id"))["m"] is None
