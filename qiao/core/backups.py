"""Backups of the default database: SQLite via its online backup API, PostgreSQL via pg_dump.

A SQLite backup is a self-contained ``.sqlite3`` file copied page by page from the live
database in one step, so it is a consistent snapshot even while the app writes (WAL
readers don't block writers). A PostgreSQL backup is a ``pg_dump --format=custom``
archive (``.dump``), restored with ``pg_restore``. Each kind is recognised by its first
bytes, so a file can't be restored into the wrong kind of database.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django.db.backends.postgresql.client import DatabaseClient

EXTENSIONS = {"sqlite": "sqlite3", "postgresql": "dump"}
_MAGIC = {"sqlite": b"SQLite format 3\x00", "postgresql": b"PGDMP"}
_KIND_NAMES = {"sqlite": "SQLite database file", "postgresql": "PostgreSQL custom-format dump"}
_VENDOR_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _vendor() -> str:
    if connection.vendor not in EXTENSIONS:
        raise CommandError(
            f"Backups support SQLite and PostgreSQL; the database is {connection.vendor}."
        )
    return connection.vendor


def default_backup_path(directory: Path | None = None) -> Path:
    """Return ``<dir>/qiao-<vendor>-<UTC timestamp>.<ext>`` in QIAO_BACKUP_DIR by default."""
    vendor = _vendor()
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    directory = Path(directory or settings.QIAO_BACKUP_DIR)
    return directory / f"qiao-{vendor}-{stamp}.{EXTENSIONS[vendor]}"


def backup_database(*, path: str | Path | None = None) -> Path:
    """Write a backup of the default database to ``path`` and return where it went.

    ``path`` may be a file, or a directory (existing, or ending in a slash) to put the
    default name in; without it the backup goes to QIAO_BACKUP_DIR. The file appears only
    when complete, so a failed run never leaves a truncated backup under the final name.
    """
    vendor = _vendor()
    if path is None or str(path).endswith(os.sep) or Path(path).is_dir():
        path = default_backup_path(Path(path) if path else None)
    path = Path(path).resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        if vendor == "sqlite":
            _backup_sqlite(partial)
        else:
            _backup_postgresql(partial)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def restore_database(*, path: Path) -> None:
    """Replace the contents of the default database with the backup at ``path``.

    Run it with the app stopped: on PostgreSQL, pg_restore waits for the locks that open
    connections hold, and on SQLite other processes would read a database changing under
    them.
    """
    vendor = _vendor()
    path = Path(path)
    check_backup_file(path)
    if connection.in_atomic_block:
        raise CommandError("Can't restore inside a transaction.")
    # A fresh connection holds no locks or half-read cursors while the contents change.
    # (Django ignores close() on an in-memory SQLite database, which would lose it.)
    connection.close()
    if vendor == "sqlite":
        _restore_sqlite(path)
    else:
        _restore_postgresql(path)


def check_backup_file(path: Path) -> None:
    """Raise CommandError unless ``path`` is a backup file for this kind of database."""
    vendor = _vendor()
    if not path.exists():
        raise CommandError(f"Backup file {path} does not exist.")
    if not path.is_file():
        raise CommandError(f"{path} is not a file.")
    with path.open("rb") as file:
        head = file.read(16)
    if head.startswith(_MAGIC[vendor]):
        return
    found = next((k for k, magic in _MAGIC.items() if head.startswith(magic)), None)
    if found:
        raise CommandError(
            f"{path} is a {_KIND_NAMES[found]}, but the database is {_VENDOR_NAMES[vendor]}: "
            f"restore a .{EXTENSIONS[vendor]} backup made on {_VENDOR_NAMES[vendor]}."
        )
    raise CommandError(f"{path} is not a Qiao backup (expected a {_KIND_NAMES[vendor]}).")


# --- SQLite ---------------------------------------------------------------------------


def _backup_sqlite(target: Path) -> None:
    connection.ensure_connection()
    # Copy from Django's own connection: it works for a database file and for the
    # in-memory database of the test run alike.
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        # A backup of a WAL database is itself in WAL mode; DELETE mode makes it one
        # self-contained file with no -wal beside it.
        destination.execute("PRAGMA journal_mode=DELETE")
    finally:
        destination.close()


def _restore_sqlite(path: Path) -> None:
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        _check_sqlite_backup(source, path)
        connection.ensure_connection()
        # Into the live connection: SQLite locks the database for the copy and every
        # other connection sees the restored pages afterwards; WAL mode is kept.
        source.backup(connection.connection)
    finally:
        source.close()


def _check_sqlite_backup(source: sqlite3.Connection, path: Path) -> None:
    try:
        tables = {row[0] for row in source.execute("SELECT name FROM sqlite_master")}
    except sqlite3.DatabaseError as error:
        raise CommandError(f"{path} is not a readable SQLite database: {error}") from error
    if "django_migrations" not in tables:
        raise CommandError(f"{path} is a SQLite database but not a Qiao backup.")


# --- PostgreSQL -----------------------------------------------------------------------


def _pg_command(program: str, *arguments: str) -> tuple[list[str], dict[str, str]]:
    executable = shutil.which(program)
    if executable is None:
        raise CommandError(
            f"{program} was not found on PATH. Install the PostgreSQL client programs "
            f"(Debian: apt-get install postgresql-client) in a version at least that of "
            f"the server."
        )
    settings_dict = connection.settings_dict
    # Django's psql client knows how OPTIONS map to libpq variables (sslmode, service, …).
    _, extra_env = DatabaseClient.settings_to_cmd_args_env(settings_dict, [])
    args = [executable, *arguments]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if settings_dict.get(key):
            args.append(f"{flag}={settings_dict[key]}")
    if settings_dict.get("NAME"):
        args.append(f"--dbname={settings_dict['NAME']}")
    return args, {**os.environ, **(extra_env or {})}


def _run(args: list[str], env: dict[str, str]) -> None:
    result = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        program = Path(args[0]).name
        detail = (result.stderr or result.stdout).strip()
        raise CommandError(f"{program} failed (exit code {result.returncode}):\n{detail}")


def _backup_postgresql(target: Path) -> None:
    _run(*_pg_command("pg_dump", "--format=custom", f"--file={target}"))


def _restore_postgresql(path: Path) -> None:
    args, env = _pg_command(
        "pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction"
    )
    _run([*args, str(path)], env)
