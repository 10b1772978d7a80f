"""`hallmark backup`: one archive with the database copy, the private files and the manifest."""

import os
import platform
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import django
from django.conf import settings
from django.utils import timezone

import hallmark
from hallmark.site.backup import database
from hallmark.site.backup.archive import (
    DATABASE_DIR,
    FORMAT,
    FORMAT_VERSION,
    PRIVATE_DIR,
    BackupError,
    Stream,
    Written,
    add_file,
    add_manifest,
)
from hallmark.site.backup.crypto import EncryptingWriter
from hallmark.site.backup.keys import key_facts


def private_files() -> Iterator[tuple[Path, str]]:
    """Every file under PRIVATE_STORAGE_ROOT, with its name in the archive."""
    root = Path(settings.PRIVATE_STORAGE_ROOT)
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path, f"{PRIVATE_DIR}/{path.relative_to(root).as_posix()}"


def _target(destination: Path, *, encrypted: bool) -> Path:
    if destination.is_dir():
        stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
        suffix = ".tar.gz.enc" if encrypted else ".tar.gz"
        return destination / f"hallmark-backup-{stamp}{suffix}"
    if destination.exists():
        raise BackupError(f"{destination} already exists: name a new file or a directory")
    if not destination.parent.is_dir():
        raise BackupError(f"{destination.parent} is not a directory")
    return destination


def _manifest(snapshot: database.Snapshot, written: Written, files: int) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": timezone.now().isoformat(timespec="seconds"),
        "versions": {
            "hallmark": hallmark.__version__,
            "django": django.get_version(),
            "python": platform.python_version(),
            "database_server": snapshot.server_version,
        },
        "database": {
            "vendor": snapshot.vendor,
            "file": f"{DATABASE_DIR}/{snapshot.path.name}",
            "tables": snapshot.tables,
        },
        "migrations": snapshot.migrations,
        "private_files": files,
        **key_facts(),
        "files": written.files,
    }


def _write(handle: Stream, snapshot: database.Snapshot) -> dict[str, Any]:
    written = Written({})
    with tarfile.open(fileobj=handle, mode="w:gz") as tar:
        add_file(tar, written, snapshot.path, f"{DATABASE_DIR}/{snapshot.path.name}")
        count = 0
        for path, name in private_files():
            add_file(tar, written, path, name)
            count += 1
        manifest = _manifest(snapshot, written, count)
        add_manifest(tar, manifest)
    return manifest


def _write_sealed(
    handle: IO[bytes], snapshot: database.Snapshot, passphrase: str | None
) -> dict[str, Any]:
    if passphrase is None:
        return _write(handle, snapshot)
    sealed = EncryptingWriter(handle, passphrase)
    manifest = _write(sealed, snapshot)
    sealed.close()
    return manifest


def create_backup(
    destination: Path, *, passphrase: str | None = None
) -> tuple[Path, dict[str, Any]]:
    """Write the archive (sealed with ``passphrase`` if given); return its path and manifest.
    Nothing is left behind on failure.

    The database is copied first and the private files after it: a file is stored before the
    row that names it is committed, so every file the copy names is in the archive.
    """
    target = _target(destination, encrypted=passphrase is not None)
    with tempfile.TemporaryDirectory(prefix=".hallmark-backup-", dir=target.parent) as work:
        snapshot = database.snapshot(Path(work))
        # mkstemp makes the file readable and writable by its owner only.
        descriptor, partial = tempfile.mkstemp(prefix=".hallmark-backup-", dir=target.parent)
        try:
            with os.fdopen(descriptor, "wb") as handle:
                manifest = _write_sealed(handle, snapshot, passphrase)
            if target.exists():
                raise BackupError(f"{target} already exists: name a new file or a directory")
            os.replace(partial, target)
        except BaseException:
            Path(partial).unlink(missing_ok=True)
            raise
    return target, manifest
