"""The backup archive: a gzipped tar of the database copy and the private files, with a manifest.

The manifest is the last member: it lists every other member with its SHA-256, so it is written
once their bytes are known, and a restore extracts everything before it trusts any of it.
"""

import hashlib
import io
import json
import os
import tarfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = "hallmark-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DATABASE_DIR = "database"
PRIVATE_DIR = "private"
_MAX_MANIFEST_BYTES = 64 * 1024 * 1024
_CHUNK = 1024 * 1024
# What a damaged or truncated archive raises while it is read.
_READ_ERRORS = (tarfile.TarError, OSError, EOFError, zlib.error)
# What an archive is written to or read from: a file, or the sealing stream around one.
Stream = IO[bytes] | io.RawIOBase


class BackupError(Exception):
    """Bad input for a backup or restore: the message is the one line the operator sees."""


@dataclass
class Written:
    """What has gone into an archive being written: member name -> sha256 and size."""

    files: dict[str, dict[str, Any]]


def _copy(source: IO[bytes], target: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := source.read(_CHUNK):
        digest.update(chunk)
        target.write(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


class _Hashing(io.RawIOBase):
    """A read-through file object that hashes what tarfile reads from it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle, self.digest = handle, hashlib.sha256()

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.handle.read(len(buffer))
        buffer[: len(data)] = data
        self.digest.update(data)
        return len(data)


def add_file(tar: tarfile.TarFile, written: Written, path: Path, name: str) -> None:
    """Add ``path`` as member ``name``, hashing the very bytes that are stored."""
    info = tarfile.TarInfo(name)
    with path.open("rb") as handle:
        info.size = os.fstat(handle.fileno()).st_size
        info.mtime = int(os.fstat(handle.fileno()).st_mtime)
        info.mode = 0o600
        hashing = _Hashing(handle)
        tar.addfile(info, hashing)
    written.files[name] = {"sha256": hashing.digest.hexdigest(), "size": info.size}


def add_manifest(tar: tarfile.TarFile, manifest: dict[str, Any]) -> None:
    data = json.dumps(manifest, indent=2, sort_keys=True).encode("utf-8")
    info = tarfile.TarInfo(MANIFEST)
    info.size, info.mode = len(data), 0o600
    tar.addfile(info, io.BytesIO(data))


def open_for_writing(path: Path) -> IO[bytes]:
    """A new file readable by its owner only (the archive holds personal data and keys)."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    return os.fdopen(descriptor, "wb")


def _safe_name(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        not path.is_absolute()
        and ".." not in path.parts
        and path.parts[:1] in ((DATABASE_DIR,), (PRIVATE_DIR,))
        and len(path.parts) > 1
    )


def _members(tar: tarfile.TarFile, where: str) -> Iterator[tarfile.TarInfo]:
    try:
        yield from tar
    except _READ_ERRORS as error:
        raise BackupError(f"{where} is damaged: {error}") from None


def _open_tar(archive: Stream, where: str) -> tarfile.TarFile:
    try:
        # A stream, read once from the start: it may come through the decrypting reader.
        return tarfile.open(fileobj=archive, mode="r|gz")
    except _READ_ERRORS:
        raise BackupError(f"{where} is not a Hallmark backup archive (a .tar.gz)") from None


def extract(archive: Stream, where: str, staging: Path) -> tuple[dict[str, Any], Written]:
    """Unpack the archive's files under ``staging``; return its manifest and what was found.

    Only regular files under database/ and private/ are accepted, so nothing lands outside
    ``staging`` whatever the archive says.
    """
    found = Written({})
    manifest: dict[str, Any] | None = None
    with _open_tar(archive, where) as tar:
        for member in _members(tar, where):
            if member.name == MANIFEST and member.isfile():
                manifest = _read_manifest(tar, member, where)
            elif member.isfile() and _safe_name(member.name):
                found.files[member.name] = _extract_one(tar, member, staging, where)
            elif not member.isdir():
                raise BackupError(f"{where}: unexpected member {member.name!r}")
    if manifest is None:
        raise BackupError(f"{where} has no {MANIFEST}: it is not a Hallmark backup archive")
    return manifest, found


def _extract_one(
    tar: tarfile.TarFile, member: tarfile.TarInfo, staging: Path, where: str
) -> dict[str, Any]:
    target = staging / member.name
    target.parent.mkdir(parents=True, exist_ok=True)
    source = tar.extractfile(member)
    if source is None:
        raise BackupError(f"{where}: {member.name} cannot be read")
    try:
        with source, target.open("wb") as handle:
            sha256, size = _copy(source, handle)
    except _READ_ERRORS as error:
        raise BackupError(f"{where} is damaged at {member.name}: {error}") from None
    return {"sha256": sha256, "size": size}


def _read_manifest(tar: tarfile.TarFile, member: tarfile.TarInfo, where: str) -> dict[str, Any]:
    source = tar.extractfile(member)
    if source is None or member.size > _MAX_MANIFEST_BYTES:
        raise BackupError(f"{where}: {MANIFEST} cannot be read")
    try:
        manifest = json.loads(source.read())
    except (ValueError, OSError, EOFError) as error:
        raise BackupError(f"{where}: {MANIFEST} is not valid JSON ({error})") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{where}: {MANIFEST} is not a Hallmark backup manifest")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{where}: backup format version {manifest.get('format_version')!r} is not "
            f"{FORMAT_VERSION}, the one this Hallmark reads"
        )
    return manifest


def check_files(manifest: dict[str, Any], found: Written, where: str) -> None:
    """Every file the manifest lists is there with its checksum, and nothing else is."""
    listed = manifest.get("files")
    if not isinstance(listed, dict):
        raise BackupError(f"{where}: {MANIFEST} lists no files")
    for name, expected in sorted(listed.items()):
        got = found.files.get(name)
        if got is None:
            raise BackupError(f"{where}: {name} is listed in {MANIFEST} but missing")
        if not isinstance(expected, dict) or got["sha256"] != expected.get("sha256"):
            raise BackupError(f"{where}: {name} does not match its checksum in {MANIFEST}")
    extra = sorted(set(found.files) - set(listed))
    if extra:
        raise BackupError(f"{where}: {extra[0]} is not listed in {MANIFEST}")
