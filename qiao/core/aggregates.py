"""Aggregates the ORM lacks, portable across Qiao's two databases.

``Median`` runs in the database on both: PostgreSQL has ``percentile_cont``; SQLite gets a
``MEDIAN`` aggregate registered on each new connection (``register_sqlite_functions``), so
dashboards never pull every row into Python to find a middle value.
"""

import statistics

from django.db.models import Aggregate, DurationField, FloatField


class Median(Aggregate):
    """The median of an expression: a number, or a duration (e.g. ``F("end") - F("start")``)."""

    function = "MEDIAN"
    name = "Median"
    allow_distinct = False

    def __init__(self, expression, output_field=None, **extra):
        super().__init__(expression, output_field=output_field, **extra)

    def _resolve_output_field(self):
        source = self.get_source_fields()[0]
        return DurationField() if isinstance(source, DurationField) else FloatField()

    def as_postgresql(self, compiler, connection, **extra_context):
        # Set on a copy, not passed as arguments: a FILTER clause wraps ``self.template``.
        clone = self.copy()
        clone.function = "PERCENTILE_CONT"
        clone.template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
        return clone.as_sql(compiler, connection, **extra_context)


class _SQLiteMedian:
    """SQLite's side of ``Median``: collects the group's values, returns their median."""

    def __init__(self):
        self.values = []

    def step(self, value):
        if value is not None:
            self.values.append(value)

    def finalize(self):
        return statistics.median(self.values) if self.values else None


def register_sqlite_functions(sender, connection, **kwargs):
    """``connection_created`` receiver: give each SQLite connection the MEDIAN aggregate."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate("MEDIAN", 1, _SQLiteMedian)
