"""A consistent copy of the database, and loading one into an empty database.

SQLite is copied with its online backup API (a consistent snapshot while the site runs, WAL
included). PostgreSQL is copied with ``pg_dump`` in custom format, run on a snapshot exported
from the transaction in which the row counts and migrations are read, so the manifest describes
exactly what the dump holds. Django's ``dumpdata`` is not used: it skips tables without a model
(the migration history, the cache), does not keep sequences, and is slow on large tables.
"""

import os
import shutil
import sqlite3
import subprocess
from collections.abc import Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction

from hallmark.accounts.models import MessageTemplate
from hallmark.site.backup.archive import BackupError

SQLITE_FILE = "hallmark.sqlite3"
POSTGRESQL_FILE = "hallmark.pgdump"


@dataclass(frozen=True)
class Snapshot:
    """A copy of the database, with what it holds."""

    vendor: str
    path: Path
    tables: dict[str, int]
    migrations: list[list[str]]
    server_version: str


def snapshot(directory: Path) -> Snapshot:
    """Copy the database into ``directory``."""
    if connection.vendor == "sqlite":
        return _sqlite_snapshot(directory)
    if connection.vendor == "postgresql":
        return _postgresql_snapshot(directory)
    raise BackupError(f"Backing up a {connection.vendor} database is not supported")


def _sqlite_path() -> Path:
    return Path(connection.settings_dict["NAME"])


def _sqlite_snapshot(directory: Path) -> Snapshot:
    source_path = _sqlite_path()
    if not source_path.is_file():
        raise BackupError(f"There is no database at {source_path}")
    copy = directory / SQLITE_FILE
    source = closing(sqlite3.connect(source_path, timeout=20))
    with source as live, closing(sqlite3.connect(copy)) as target:
        live.backup(target)  # all pages in one step: one consistent snapshot
        target.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        return Snapshot(
            "sqlite",
            copy,
            _sqlite_counts(target),
            _migrations(target.cursor()),
            sqlite3.sqlite_version,
        )


def _sqlite_tables(db: sqlite3.Connection) -> list[str]:
    rows = db.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' "
        "ESCAPE '\\' ORDER BY name"
    )
    return [name for (name,) in rows]


def _sqlite_counts(db: sqlite3.Connection) -> dict[str, int]:
    quote = connection.ops.quote_name
    return {
        name: db.execute(f"SELECT COUNT(*) FROM {quote(name)}").fetchone()[0]  # noqa: S608
        for name in _sqlite_tables(db)
    }


def _migrations(cursor: Any) -> list[list[str]]:
    cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
    return [[app, name] for app, name in cursor.fetchall()]


def _binary(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: it is needed to back up and restore PostgreSQL "
            "(Debian: apt-get install postgresql-client, of the server's major version or newer)"
        )
    return found


def _libpq_environment() -> dict[str, str]:
    """The connection settings for pg_dump and pg_restore; the password never on a command
    line, where other users of the machine could read it."""
    database = connection.settings_dict
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    sslmode = database.get("OPTIONS", {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return env


def _run(command: Sequence[str]) -> None:
    result = subprocess.run(
        command, env=_libpq_environment(), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        reason = lines[0] if lines else f"exit status {result.returncode}"
        raise BackupError(f"{Path(command[0]).name} failed: {reason}")


def _postgresql_counts(cursor: Any) -> dict[str, int]:
    quote = connection.ops.quote_name
    counts = {}
    for name in sorted(connection.introspection.table_names(cursor)):
        cursor.execute(f"SELECT COUNT(*) FROM {quote(name)}")  # noqa: S608
        counts[name] = cursor.fetchone()[0]
    return counts


def _postgresql_snapshot(directory: Path) -> Snapshot:
    pg_dump = _binary("pg_dump")
    dump = directory / POSTGRESQL_FILE
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        cursor.execute("SELECT pg_export_snapshot()")
        (snapshot_id,) = cursor.fetchone()
        tables = _postgresql_counts(cursor)
        migrations = _migrations(cursor)
        # The exported snapshot lives while this transaction is open: pg_dump sees what we saw.
        _run(
            [
                pg_dump,
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--snapshot={snapshot_id}",
                f"--file={dump}",
            ]
        )
    server = str(connection.pg_version)  # type: ignore[attr-defined]  # PostgreSQL's wrapper has it
    return Snapshot("postgresql", dump, tables, migrations, server)


# Tables that `hallmark migrate` fills by itself: a database holding only these is empty.
def _setup_tables() -> set[str]:
    models = (ContentType, Permission, Group, MessageTemplate)
    tables = {model._meta.db_table for model in models}
    tables.add(Group.permissions.through._meta.db_table)
    return tables | {"django_migrations", settings.CACHES["default"].get("LOCATION", "")}


def tables_with_data() -> list[str]:
    """The tables of the configured database that hold data of their own."""
    if connection.vendor == "sqlite" and not _sqlite_path().exists():
        return []  # not even created: looking would create it
    setup = _setup_tables()
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        names = sorted(set(connection.introspection.table_names(cursor)) - setup)
        found = []
        for name in names:
            cursor.execute(f"SELECT 1 FROM {quote(name)} LIMIT 1")  # noqa: S608
            if cursor.fetchone() is not None:
                found.append(name)
    return found


def check_copy(vendor: str, copy: Path, tables: dict[str, int], where: str) -> None:
    """A SQLite copy is whole and holds the rows its manifest counts (before anything changes).
    A PostgreSQL dump is checked by pg_restore itself, and counted after it is loaded."""
    if vendor != "sqlite":
        return
    try:
        with closing(sqlite3.connect(f"file:{copy}?mode=ro", uri=True)) as db:
            (verdict,) = db.execute("PRAGMA integrity_check").fetchone()
            if verdict != "ok":
                raise BackupError(f"{where}: the database copy is damaged ({verdict})")
            counted = _sqlite_counts(db)
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{where}: the database copy cannot be read ({error})") from None
    _compare_counts(tables, counted, where)


def _compare_counts(expected: dict[str, int], counted: dict[str, int], where: str) -> None:
    for name in sorted(set(expected) | set(counted)):
        if expected.get(name) != counted.get(name):
            raise BackupError(
                f"{where}: table {name} has {counted.get(name, 'no')} rows where the manifest "
                f"says {expected.get(name, 'none')}"
            )


def load(vendor: str, copy: Path) -> None:
    """Replace the configured database's content with the copy, in one transaction."""
    connections.close_all()
    if vendor == "sqlite":
        target = _sqlite_path()
        target.parent.mkdir(parents=True, exist_ok=True)
        source = closing(sqlite3.connect(copy))
        with source as copied, closing(sqlite3.connect(target, timeout=20)) as destination:
            copied.backup(destination)  # one transaction: all pages or none
        return
    pg_restore = _binary("pg_restore")
    _run(
        [
            pg_restore,
            "--single-transaction",
            "--exit-on-error",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            f"--dbname={connection.settings_dict['NAME']}",
            str(copy),
        ]
    )


def check_loaded(tables: dict[str, int], where: str) -> None:
    """The configured database now holds the rows the manifest counts (tables a newer Hallmark
    added before the restore are not the archive's)."""
    quote = connection.ops.quote_name
    counted = {}
    with connection.cursor() as cursor:
        present = set(connection.introspection.table_names(cursor))
        for name in sorted(present & set(tables)):
            cursor.execute(f"SELECT COUNT(*) FROM {quote(name)}")  # noqa: S608
            counted[name] = cursor.fetchone()[0]
    _compare_counts(tables, counted, where)
