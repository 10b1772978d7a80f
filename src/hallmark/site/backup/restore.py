"""`hallmark restore`: put an archive back into an empty database, all or nothing.

Everything is checked before anything changes: the checksums of every file, the manifest, the
kind of database, the migrations, that this environment can decrypt the stored keys, and (for
SQLite) the copy's integrity and row counts. Then the private files are swapped in and the
database is loaded in one transaction; if loading fails, the files are swapped back.
"""

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from hallmark.site.backup import database
from hallmark.site.backup.archive import PRIVATE_DIR, BackupError, Stream, check_files, extract
from hallmark.site.backup.crypto import MAGIC, DecryptingReader, ask_passphrase
from hallmark.site.backup.keys import check_keys


@dataclass
class Restored:
    """What a restore did, for the operator."""

    tables: int
    rows: int
    files: int
    pending_migrations: list[str]
    set_aside: Path | None = None
    notes: list[str] = field(default_factory=list)


def _database_part(manifest: dict[str, Any], where: str) -> tuple[str, str, dict[str, int]]:
    part = manifest.get("database")
    ok = (
        isinstance(part, dict)
        and isinstance(part.get("vendor"), str)
        and isinstance(part.get("file"), str)
        and isinstance(part.get("tables"), dict)
        and all(isinstance(count, int) for count in part["tables"].values())
    )
    if not ok:
        raise BackupError(f"{where}: manifest.json: database is malformed")
    assert isinstance(part, dict)  # for the type checker: ok says so
    if part["vendor"] != connection.vendor:
        raise BackupError(
            f"{where} holds a {part['vendor']} database and the configured database is "
            f"{connection.vendor}: restore into the same kind (see DATABASE_URL)"
        )
    return part["vendor"], part["file"], part["tables"]


def _pending_migrations(manifest: dict[str, Any], where: str) -> list[str]:
    """Migrations this code has and the archive lacks; refuse one the code does not know."""
    listed = manifest.get("migrations")
    if not isinstance(listed, list) or not all(
        isinstance(pair, list) and len(pair) == 2 for pair in listed
    ):
        raise BackupError(f"{where}: manifest.json: migrations is malformed")
    archived = {(str(app), str(name)) for app, name in listed}
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = sorted(archived - known)
    if unknown:
        app, name = unknown[0]
        raise BackupError(
            f"{where} was made by a newer Hallmark: its migration {app}.{name} is not in this "
            "one; restore it with that version or a later one"
        )
    return [f"{app}.{name}" for app, name in sorted(known - archived)]


def _private_root() -> Path:
    return Path(settings.PRIVATE_STORAGE_ROOT)


def _has_files(root: Path) -> bool:
    return root.is_dir() and any(path.is_file() for path in root.rglob("*"))


def check_empty(replace: bool) -> None:
    """Refuse a database or private directory that holds data, unless told to replace it."""
    if replace:
        return
    tables = database.tables_with_data()
    if tables:
        raise BackupError(
            f"The database is not empty ({', '.join(tables[:3])}"
            f"{', ...' if len(tables) > 3 else ''} hold data): restore into an empty database, "
            "or pass --replace to replace its content"
        )
    if _has_files(_private_root()):
        raise BackupError(
            f"{_private_root()} holds files: restore into an empty directory, or pass --replace"
        )


def _swap_in(staged: Path, root: Path) -> Path | None:
    """Put the staged files at ``root``; what was there is set aside (never deleted), or
    removed when it held no file. Return where it was set aside."""
    staged.mkdir(parents=True, exist_ok=True)
    set_aside = None
    if _has_files(root):
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        set_aside = root.with_name(f"{root.name}.before-restore-{stamp}")
        root.rename(set_aside)
    elif root.exists():
        shutil.rmtree(root)
    staged.rename(root)
    return set_aside


def _swap_back(root: Path, staged: Path, set_aside: Path | None) -> None:
    root.rename(staged)
    if set_aside is not None:
        set_aside.rename(root)


def _opened(handle: IO[bytes], where: str, passphrase: Callable[[], str]) -> Stream:
    """The plain archive: ``handle`` itself, or its decrypted form if it is sealed."""
    if handle.read(len(MAGIC)) != MAGIC:
        handle.seek(0)
        return handle
    handle.seek(0)
    return DecryptingReader(handle, passphrase(), where)


def restore_backup(
    archive: Path,
    *,
    replace: bool,
    allow_unreadable_keys: bool,
    passphrase: Callable[[], str] = lambda: ask_passphrase(confirm=False),
) -> Restored:
    """Restore ``archive``; ``passphrase`` is asked for only if the archive is encrypted."""
    where = str(archive)
    if not archive.is_file():
        raise BackupError(f"{archive}: no such file")
    check_empty(replace)
    root = _private_root()
    root.parent.mkdir(parents=True, exist_ok=True)
    # Staged beside the private directory, so that it is moved into place, not copied.
    with tempfile.TemporaryDirectory(prefix=".hallmark-restore-", dir=root.parent) as work:
        staging = Path(work)
        with archive.open("rb") as handle:
            manifest, found = extract(_opened(handle, where, passphrase), where, staging)
        check_files(manifest, found, where)
        vendor, name, tables = _database_part(manifest, where)
        if name not in found.files:
            raise BackupError(f"{where}: the database copy {name} is not in the archive")
        pending = _pending_migrations(manifest, where)
        notes = check_keys(manifest, where, allow_unreadable=allow_unreadable_keys)
        database.check_copy(vendor, staging / name, tables, where)
        set_aside = _swap_in(staging / PRIVATE_DIR, root)
        try:
            database.load(vendor, staging / name)
        except BaseException:
            _swap_back(root, staging / PRIVATE_DIR, set_aside)
            raise
    database.check_loaded(tables, where)
    files = sum(1 for key in found.files if key.startswith(f"{PRIVATE_DIR}/"))
    return Restored(len(tables), sum(tables.values()), files, pending, set_aside, notes)
