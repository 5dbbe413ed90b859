"""Full-text search over a model's ``search_document`` column on SQLite and PostgreSQL.

The document is a space-separated list of tokens made by ``qiao.core.text``; the database
only has to find rows holding every query term. SQLite keeps an FTS5 table in step with
the model's table by triggers, PostgreSQL a GIN index over the token array, so the same
query works on both and neither depends on the database's locale or word parser.
"""

from __future__ import annotations

from django.db import connection, migrations
from django.db.models import BooleanField, QuerySet
from django.db.models.expressions import RawSQL

from qiao.core.text import Term, bigram_terms, query_terms


def _sqlite_match(terms: list[Term]) -> str:
    return " AND ".join(f'"{t.text}"' + ("*" if t.prefix else "") for t in terms)


def _pg_tsquery(terms: list[Term]) -> str:
    return " & ".join(f"'{t.text}'" + (":*" if t.prefix else "") for t in terms)


def _filter_terms(queryset: QuerySet, terms: list[Term]) -> QuerySet:
    table = queryset.model._meta.db_table
    if connection.vendor == "sqlite":
        sql = f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s"
        return queryset.filter(pk__in=RawSQL(sql, [_sqlite_match(terms)]))
    sql = f'"{table}"."search_vector" @@ %s::tsquery'
    match = RawSQL(sql, [_pg_tsquery(terms)], output_field=BooleanField())
    return queryset.alias(search_match=match).filter(search_match=True)


def filter_by_search(queryset: QuerySet, query: str) -> QuerySet:
    """Return the rows of ``queryset`` whose search document matches ``query``.

    Words are tried first; when they find nothing, the query's CJK character bigrams are
    tried, which finds names that the segmenter cut differently from the query.
    """
    terms = query_terms(query)
    if not terms:
        return queryset if not query.strip() else queryset.none()
    matched = _filter_terms(queryset, terms)
    fallback = bigram_terms(query)
    if fallback == terms or matched.exists():
        return matched
    return _filter_terms(queryset, fallback)


def _create_triggers(cursor, table: str) -> None:
    fts = f"{table}_fts"
    cursor.execute(
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, search_document) VALUES (new.id, new.search_document); END"
    )
    cursor.execute(
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_document) "
        f"VALUES ('delete', old.id, old.search_document); END"
    )
    cursor.execute(
        f"CREATE TRIGGER {table}_au AFTER UPDATE OF search_document ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, search_document) "
        f"VALUES ('delete', old.id, old.search_document); "
        f"INSERT INTO {fts}(rowid, search_document) VALUES (new.id, new.search_document); END"
    )


def restore_search_triggers(table: str) -> migrations.RunPython:
    """Return the operation that puts back the FTS5 triggers of ``table`` on SQLite.

    SQLite can't add a NOT NULL column in place, so Django rebuilds the table for such an
    ``AddField`` (a ``version``, say) and the rebuilt table has lost its triggers; run this
    right after such an operation. It also rebuilds the FTS5 table, in case rows were
    written in between. PostgreSQL adds the column in place and needs nothing.
    """

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        with schema_editor.connection.cursor() as cursor:
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
            _create_triggers(cursor, table)
            cursor.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")

    return migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)


def _create_search_index(table: str):
    def forwards(apps, schema_editor):
        cursor = schema_editor.connection.cursor()
        if schema_editor.connection.vendor == "sqlite":
            fts = f"{table}_fts"
            cursor.execute(
                f"CREATE VIRTUAL TABLE {fts} USING fts5(search_document, "
                f"content='{table}', content_rowid='id')"
            )
            _create_triggers(cursor, table)
            cursor.execute(f"INSERT INTO {fts}({fts}) VALUES ('rebuild')")
        elif schema_editor.connection.vendor == "postgresql":
            cursor.execute(
                f"CREATE INDEX {table}_search_gin ON {table} USING gin "
                f"(array_to_tsvector(string_to_array(search_document, ' ')))"
            )

    def backwards(apps, schema_editor):
        cursor = schema_editor.connection.cursor()
        if schema_editor.connection.vendor == "sqlite":
            for suffix in ("ai", "ad", "au"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")
            cursor.execute(f"DROP TABLE IF EXISTS {table}_fts")
        elif schema_editor.connection.vendor == "postgresql":
            cursor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")

    return forwards, backwards


def _store_search_vector(table: str):
    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"DROP INDEX IF EXISTS {table}_search_gin")
            cursor.execute(
                f"ALTER TABLE {table} ADD COLUMN search_vector tsvector GENERATED ALWAYS AS "
                f"(array_to_tsvector(string_to_array(search_document, ' '))) STORED"
            )
            cursor.execute(f"CREATE INDEX {table}_search_gin ON {table} USING gin (search_vector)")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f"ALTER TABLE {table} DROP COLUMN search_vector")
            cursor.execute(
                f"CREATE INDEX {table}_search_gin ON {table} USING gin "
                f"(array_to_tsvector(string_to_array(search_document, ' ')))"
            )

    return forwards, backwards


def store_search_vector(table: str) -> migrations.RunPython:
    """Return the migration operation that stores the token vector on PostgreSQL.

    A GIN index over an expression finds rows fast, but each candidate row is rechecked
    by computing the expression again: a word found in half of 100,000 organisations cost
    0.5 s. A stored generated column (the model doesn't declare it; PostgreSQL fills it)
    makes the recheck a read. SQLite keeps its FTS5 table.
    """
    forwards, backwards = _store_search_vector(table)
    return migrations.RunPython(forwards, backwards, elidable=False)


def create_search_index(table: str) -> migrations.RunPython:
    """Return the migration operation that indexes ``table.search_document``."""
    forwards, backwards = _create_search_index(table)
    return migrations.RunPython(forwards, backwards, elidable=False)
