"""Full-text search over a model's ``search_document`` column on SQLite and PostgreSQL.

The document is a space-separated list of tokens made by ``qiao.core.text``; the database
only has to find rows holding every query term. SQLite keeps an FTS5 table in step with
the model's table by triggers, PostgreSQL a GIN index over the token array, so the same
query works on both and neither depends on the database's locale or word parser.

A query is a list of *groups* that must all match; a group is a list of alternatives, any
of which may match; an alternative is a list of terms that must all match. A plain query
has one single-term alternative per group; a glossary turns "qPCR" into one group whose
alternatives are "qpcr", "荧光 定量 pcr", "real time pcr"… (``expand=`` below).

Ranking (``rank_by_fields``): a table may also keep parts of its document in their own
columns (names, tags), indexed beside it (``create_field_search_index``), and a column of
exact keys. A matched row's ``search_tier`` is the first part that holds the whole query:
0 = an exact key of part 0 (the whole name), 1 = every term in part 0, 2 = an exact key of
part 1, 3 = every term in part 1 … and 2 × parts for a match elsewhere in the document.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db import connection, migrations
from django.db.models import BooleanField, IntegerField, QuerySet
from django.db.models.expressions import RawSQL

from qiao.core.text import Term, bigram_terms, exact_key, query_terms

Alternative = Sequence[Term]
Group = Sequence[Alternative]
Groups = Sequence[Group]
Expander = Callable[[str, list[Term]], Groups]


def _plain(terms: Sequence[Term]) -> list[list[list[Term]]]:
    return [[[term]] for term in terms]


def _sqlite_term(t: Term) -> str:
    return f'"{t.text}"' + ("*" if t.prefix else "")


def _pg_term(t: Term) -> str:
    return f"'{t.text}'" + (":*" if t.prefix else "")


def _compile(groups: Groups, term: Callable[[Term], str], conj: str, disj: str) -> str:
    def alternative(alt: Alternative) -> str:
        return "(" + conj.join(term(t) for t in alt) + ")"

    return conj.join("(" + disj.join(alternative(a) for a in group) + ")" for group in groups)


def _sqlite_match(groups: Groups) -> str:
    return _compile(groups, _sqlite_term, " AND ", " OR ")


def _pg_tsquery(groups: Groups) -> str:
    return _compile(groups, _pg_term, " & ", " | ")


def _vector_column(field: str) -> str:
    return field.removesuffix("_document") + "_vector"


def _filter_groups(queryset: QuerySet, groups: Groups) -> QuerySet:
    table = queryset.model._meta.db_table
    if connection.vendor == "sqlite":
        sql = f"SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s"
        return queryset.filter(pk__in=RawSQL(sql, [_sqlite_match(groups)]))
    sql = f'"{table}"."search_vector" @@ %s::tsquery'
    match = RawSQL(sql, [_pg_tsquery(groups)], output_field=BooleanField())
    return queryset.alias(search_match=match).filter(search_match=True)


def resolve_query(
    queryset: QuerySet, query: str, *, expand: Expander | None = None
) -> Groups | None:
    """Return the groups that ``query`` searches ``queryset`` with, or None for "no query".

    Words are tried first; when they find nothing, the query's CJK character bigrams are
    tried, which finds names that the segmenter cut differently from the query. An empty
    list means the query has no searchable word (it then matches nothing).
    """
    terms = query_terms(query)
    if not terms:
        return None if not query.strip() else []
    groups = expand(query, terms) if expand else _plain(terms)
    fallback = bigram_terms(query)
    if fallback == terms or _filter_groups(queryset, groups).exists():
        return groups
    return _plain(fallback)


def filter_by_search(queryset: QuerySet, query: str, *, expand: Expander | None = None) -> QuerySet:
    """Return the rows of ``queryset`` whose search document matches ``query``.

    ``expand(query, terms)`` may return groups with alternatives (a glossary's synonyms)
    instead of one group per term.
    """
    groups = resolve_query(queryset, query, expand=expand)
    if groups is None:
        return queryset
    if not groups:
        return queryset.none()
    return _filter_groups(queryset, groups)


def _field_hit(table: str, field: str, groups: Groups) -> tuple[str, list[str]]:
    if connection.vendor == "sqlite":
        sql = f'"{table}"."id" IN (SELECT rowid FROM {table}_fts WHERE {table}_fts MATCH %s)'
        return sql, [f"{{{field}}} : ({_sqlite_match(groups)})"]
    return f'"{table}"."{_vector_column(field)}" @@ %s::tsquery', [_pg_tsquery(groups)]


def _key_hit(table: str, keys: str, index: int, key: str) -> tuple[str, list[str]]:
    if connection.vendor == "sqlite":
        return f'instr("{table}"."{keys}", %s) > 0', [f" {index}:{key} "]
    lexeme = f"{index}:{key}".replace("'", "''")
    return f'"{table}"."{keys}_vector" @@ %s::tsquery', [f"'{lexeme}'"]


def rank_by_fields(
    queryset: QuerySet,
    query: str,
    *,
    fields: Sequence[str],
    keys: str,
    expand: Expander | None = None,
) -> QuerySet:
    """Return the rows matching ``query``, annotated with their ``search_tier``.

    ``fields`` are the columns holding parts of the document, most telling first (names,
    then tags), each indexed by ``create_field_search_index``; ``keys`` is the column of
    exact keys, " 0:key 0:key 1:key " (``qiao.core.text.exact_key`` of each name, each tag).
    Without a query every row has tier 0.
    """
    groups = resolve_query(queryset, query, expand=expand)
    if groups is None:
        return queryset.annotate(search_tier=RawSQL("0", [], output_field=IntegerField()))
    if not groups:
        return queryset.none()
    table = queryset.model._meta.db_table
    key = exact_key(query)
    whens: list[str] = []
    params: list[str] = []
    for index, field in enumerate(fields):
        for tier, (sql, args) in (
            (2 * index, _key_hit(table, keys, index, key) if key else ("", [])),
            (2 * index + 1, _field_hit(table, field, groups)),
        ):
            if sql:
                whens.append(f"WHEN {sql} THEN {tier}")
                params += args
    tier_sql = f"CASE {' '.join(whens)} ELSE {2 * len(fields)} END"
    tier = RawSQL(tier_sql, params, output_field=IntegerField())
    return _filter_groups(queryset, groups).annotate(search_tier=tier)


def ranked_ids(
    queryset: QuerySet,
    query: str,
    *,
    fields: Sequence[str],
    keys: str,
    order_by: Sequence[str],
    limit: int,
    expand: Expander | None = None,
) -> list[int] | None:
    """Return the first ``limit`` ids of ``rank_by_fields(…).order_by("search_tier",
    *order_by)``, or None without a query.

    The tiers are read one after the other, each with a LIMIT of what is still missing,
    and a tier is read only when the tiers above it held fewer rows than ``limit`` (so all
    of them are known and excluded by id). A query that matches 40,000 rows thus reads a
    few hundred of them in the order of an index instead of ranking every match: the
    per-row ``CASE`` of ``rank_by_fields`` cost 0.3–0.9 s for the broad searches of issue
    13 on PostgreSQL with 100,000 organisations.

    SQLite keeps the one ranked query: each of its tier queries would read the whole
    FTS5 match list again, which made the tiers slower there (医疗器械 0.48 s against 0.35 s).
    """
    if connection.vendor == "sqlite":
        if not query_terms(query):
            return None if not query.strip() else []
        ranked = rank_by_fields(queryset, query, fields=fields, keys=keys, expand=expand)
        rows = ranked.order_by("search_tier", *order_by).values_list("pk", "search_tier")
        return [row[0] for row in rows[:limit]]
    groups = resolve_query(queryset, query, expand=expand)
    if groups is None:
        return None
    if not groups:
        return []
    table = queryset.model._meta.db_table
    key = exact_key(query)
    tiers: list[tuple[str, list[str]]] = []
    for index, field in enumerate(fields):
        if key:
            tiers.append(_key_hit(table, keys, index, key))
        tiers.append(_field_hit(table, field, groups))
    tiers.append(("", []))  # anywhere in the document
    matched = _filter_groups(queryset, groups)
    ids: list[int] = []
    for sql, params in tiers:
        rows = matched
        if sql:
            hit = RawSQL(sql, params, output_field=BooleanField())
            rows = rows.alias(search_tier_hit=hit).filter(search_tier_hit=True)
        if ids:
            rows = rows.exclude(pk__in=ids)
        ids += rows.order_by(*order_by).values_list("pk", flat=True)[: limit - len(ids)]
        if len(ids) >= limit:
            break
    return ids


def _create_triggers(cursor, table: str, columns: Sequence[str] = ("search_document",)) -> None:
    fts = f"{table}_fts"
    names = ", ".join(columns)
    new = ", ".join(f"new.{c}" for c in columns)
    old = ", ".join(f"old.{c}" for c in columns)
    cursor.execute(
        f"CREATE TRIGGER {table}_ai AFTER INSERT ON {table} BEGIN "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END"
    )
    cursor.execute(
        f"CREATE TRIGGER {table}_ad AFTER DELETE ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); END"
    )
    cursor.execute(
        f"CREATE TRIGGER {table}_au AFTER UPDATE OF {names} ON {table} BEGIN "
        f"INSERT INTO {fts}({fts}, rowid, {names}) VALUES ('delete', old.id, {old}); "
        f"INSERT INTO {fts}(rowid, {names}) VALUES (new.id, {new}); END"
    )


def _fts_columns(cursor, table: str) -> list[str]:
    cursor.execute(f"PRAGMA table_info({table}_fts)")
    return [row[1] for row in cursor.fetchall()] or ["search_document"]


def _drop_triggers(cursor, table: str) -> None:
    for suffix in ("ai", "ad", "au"):
        cursor.execute(f"DROP TRIGGER IF EXISTS {table}_{suffix}")


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
            _drop_triggers(cursor, table)
            _create_triggers(cursor, table, _fts_columns(cursor, table))
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
            _drop_triggers(cursor, table)
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


def create_field_search_index(table: str, fields: Sequence[str]) -> migrations.RunPython:
    """Return the operation that indexes the document's parts ``fields`` for ranking.

    SQLite: the FTS5 table gets one column per part beside ``search_document`` (a query
    without a column filter still searches the whole document; ``{name_document} : …``
    searches a part). PostgreSQL: a stored ``<part>_vector`` per part (``name_vector`` for
    ``name_document``), read only for rows the whole-document index has already found.
    Run after the parts are filled; it rebuilds the FTS5 table from them.
    """
    columns = ["search_document", *fields]

    def forwards(apps, schema_editor):
        with schema_editor.connection.cursor() as cursor:
            if schema_editor.connection.vendor == "sqlite":
                _drop_triggers(cursor, table)
                cursor.execute(f"DROP TABLE IF EXISTS {table}_fts")
                cursor.execute(
                    f"CREATE VIRTUAL TABLE {table}_fts USING fts5({', '.join(columns)}, "
                    f"content='{table}', content_rowid='id')"
                )
                _create_triggers(cursor, table, columns)
                cursor.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
            elif schema_editor.connection.vendor == "postgresql":
                for field in fields:
                    cursor.execute(
                        f"ALTER TABLE {table} ADD COLUMN {_vector_column(field)} tsvector "
                        f"GENERATED ALWAYS AS (array_to_tsvector(string_to_array({field}, ' '))) "
                        f"STORED"
                    )

    def backwards(apps, schema_editor):
        with schema_editor.connection.cursor() as cursor:
            if schema_editor.connection.vendor == "sqlite":
                _drop_triggers(cursor, table)
                cursor.execute(f"DROP TABLE IF EXISTS {table}_fts")
                cursor.execute(
                    f"CREATE VIRTUAL TABLE {table}_fts USING fts5(search_document, "
                    f"content='{table}', content_rowid='id')"
                )
                _create_triggers(cursor, table)
                cursor.execute(f"INSERT INTO {table}_fts({table}_fts) VALUES ('rebuild')")
            elif schema_editor.connection.vendor == "postgresql":
                for field in fields:
                    cursor.execute(f"ALTER TABLE {table} DROP COLUMN {_vector_column(field)}")

    return migrations.RunPython(forwards, backwards, elidable=False)


def index_search_tiers(
    table: str, fields: Sequence[str], keys: str, *, inline: Sequence[str] = ()
) -> migrations.RunPython:
    """Return the operation that lets ``ranked_ids`` read each tier through an index.

    PostgreSQL only (SQLite's FTS5 table already has a column per part): a GIN index on
    each part's vector, the exact keys as a stored ``<keys>_vector`` with its GIN index,
    and a narrow heap — long values (documents, vectors, descriptions) are moved out of
    line from 512 bytes a row on, while the ``inline`` columns (the names a tier is
    ordered by) stay in the row. A broad query's facet counts then read 47 MB of rows
    instead of 192 MB for 100,000 organisations. Rows already stored keep their layout
    until rewritten (``VACUUM FULL <table>`` once, see docs/directory.md).
    """

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for field in fields:
                column = _vector_column(field)
                cursor.execute(f"CREATE INDEX {table}_{column}_gin ON {table} USING gin ({column})")
            cursor.execute(
                f"ALTER TABLE {table} ADD COLUMN {keys}_vector tsvector GENERATED ALWAYS AS "
                f"(array_to_tsvector(string_to_array(btrim({keys}), ' '))) STORED"
            )
            cursor.execute(f"CREATE INDEX {table}_{keys}_gin ON {table} USING gin ({keys}_vector)")
            cursor.execute(f"ALTER TABLE {table} SET (toast_tuple_target = 512)")
            for column in inline:
                cursor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STORAGE MAIN")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        with schema_editor.connection.cursor() as cursor:
            for field in fields:
                cursor.execute(f"DROP INDEX IF EXISTS {table}_{_vector_column(field)}_gin")
            cursor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {keys}_vector")
            cursor.execute(f"ALTER TABLE {table} RESET (toast_tuple_target)")

    return migrations.RunPython(forwards, backwards, elidable=False)
