"""`hallmark backup` and `hallmark restore`, end to end through the command line.

The demo is seeded into a site of its own, backed up, and restored into an empty one: a second
SQLite file, or a second PostgreSQL database when DATABASE_URL names a server. Every table's
rows, every private file and a credential's verification must come back unchanged.
"""

import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

SERVER_URL = os.environ.get("DATABASE_URL", "")
ON_POSTGRESQL = SERVER_URL.startswith(("postgres://", "postgresql://"))
# The seeded demo is a session fixture: in a parallel run the module's tests stay on one worker,
# which seeds it once.
pytestmark = pytest.mark.xdist_group("backup")
NUMBER = "CESP-000001-53"  # the demo's active credential of maria.gonzalez@example.org


def _postgresql(sql: str, *params: object) -> list[tuple]:
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as db:
        cursor = db.execute(sql, params or None)
        return cursor.fetchall() if cursor.description else []


@dataclass
class Site:
    """One Hallmark site: a data directory and, on PostgreSQL, a database of its own."""

    data_dir: Path
    database: str | None = None

    @property
    def url(self) -> str | None:
        return SERVER_URL.rsplit("/", 1)[0] + "/" + self.database if self.database else None

    def run(self, *args: str, **env: str) -> subprocess.CompletedProcess:
        environment = {**os.environ, "HALLMARK_DATA_DIR": str(self.data_dir), **env}
        for name in ("DATABASE_URL", "HALLMARK_PRIVATE_DIR", "HALLMARK_SECRET_KEY"):
            if name not in env:
                environment.pop(name, None)
        if self.url:
            environment["DATABASE_URL"] = self.url
        return subprocess.run(
            [sys.executable, "-m", "hallmark.site.cli", *args],
            env=environment,
            capture_output=True,
            text=True,
            timeout=900,
        )

    def rows(self) -> dict[str, tuple[int, str]]:
        """Every table: its row count and a hash of its rows (in any order)."""
        tables = {}
        for name, rows in self._tables():
            lines = sorted(repr(tuple(row)) for row in rows)
            tables[name] = (len(lines), hashlib.sha256("\n".join(lines).encode()).hexdigest())
        return tables

    def _tables(self) -> Iterator[tuple[str, list]]:
        if self.database is None:
            import sqlite3

            with sqlite3.connect(self.data_dir / "hallmark.sqlite3") as db:
                names = db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
                for (name,) in names.fetchall():
                    yield name, db.execute(f'SELECT * FROM "{name}"').fetchall()
            return
        import psycopg

        with psycopg.connect(self.url) as db:
            names = db.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            for (name,) in names.fetchall():
                yield name, db.execute(f'SELECT * FROM "{name}"').fetchall()
            sequences = db.execute("SELECT sequencename, last_value FROM pg_sequences")
            yield "sequences", sequences.fetchall()

    def files(self) -> dict[str, str]:
        root = self.data_dir / "private"
        return {
            path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(root.rglob("*"))
            if path.is_file()
        }

    def query(self, sql: str) -> list[tuple]:
        if self.database is None:
            import sqlite3

            with sqlite3.connect(self.data_dir / "hallmark.sqlite3") as db:
                return db.execute(sql).fetchall()
        import psycopg

        with psycopg.connect(self.url) as db:
            return db.execute(sql).fetchall()


def new_site(directory: Path) -> Iterator[Site]:
    if not ON_POSTGRESQL:
        yield Site(directory)
        return
    name = f"hallmark_backup_{uuid.uuid4().hex[:12]}"
    _postgresql(f'CREATE DATABASE "{name}"')
    try:
        yield Site(directory, name)
    finally:
        _postgresql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# Session-scoped: pytest-django runs this module's database test before the others, which would
# tear a module-scoped demo down and seed it again (minutes on a busy machine).
@pytest.fixture(scope="session")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    """The demo, with one credential exported before the backup, in a folder of its own."""
    directory = tmp_path_factory.mktemp("backup") / "site"
    directory.mkdir()
    for site in new_site(directory):
        seeded = site.run("demo", "--no-serve")
        assert seeded.returncode == 0, seeded.stderr
        exported = site.run(
            "credentials", "export", NUMBER, "--format", "ob3", "--out", str(credential(site))
        )
        assert exported.returncode == 0, exported.stderr
        yield site


def credential(site: Site) -> Path:
    return site.data_dir.parent / "credential.json"


@pytest.fixture(scope="session")
def archive(source: Site) -> Path:
    path = source.data_dir.parent / "site.tar.gz"
    made = source.run("backup", str(path))
    assert made.returncode == 0, made.stderr
    assert "store it encrypted" in made.stdout
    return path


@pytest.fixture
def target(tmp_path: Path) -> Iterator[Site]:
    yield from new_site(tmp_path / "target")


def manifest_of(path: Path) -> dict:
    with tarfile.open(path, "r:gz") as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        return json.loads(member.read())


def rewritten(path: Path, out: Path, change) -> Path:
    """A copy of an archive with one member's bytes passed through ``change(name, data)``."""
    with tarfile.open(path, "r:gz") as old, tarfile.open(out, "w:gz") as new:
        for member in old:
            data = old.extractfile(member).read()
            data = change(member.name, data)
            member.size = len(data)
            new.addfile(member, io.BytesIO(data))
    return out


def test_it_restores_every_row_file_and_a_verifiable_credential(
    source: Site, archive: Path, target: Site, tmp_path: Path
) -> None:
    assert archive.stat().st_mode & 0o777 == 0o600
    restored = target.run("restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    before, after = source.rows(), target.rows()
    assert after == before
    assert before["accounts_user"][0] > 50 and before["certification_credential"][0] > 10
    assert len(source.files()) > 20 and target.files() == source.files()
    assert f"{len(source.files())} private files" in restored.stdout
    # The site's own verification path: its restored keys and status lists.
    check = target.run(
        "shell",
        "--no-imports",
        "-c",
        "import json; from hallmark.certification.verification import verify_document; "
        "from hallmark.certification.keys import key_pair; "
        "from hallmark.certification.models import IssuerKey; "
        f"print(verify_document(json.load(open({str(credential(source))!r}))).result.valid); "
        "print(key_pair(IssuerKey.objects.get(retired_at=None)).public_multibase)",
    )
    assert check.returncode == 0, check.stderr
    valid, public = check.stdout.split()
    assert valid == "True"
    assert [(public,)] == target.query(
        "SELECT public_multibase FROM certification_issuerkey WHERE retired_at IS NULL"
    )
    # `hallmark verify`, offline, with the restored key and status list.
    ((method, public),) = target.query(
        "SELECT verification_method, public_multibase FROM certification_issuerkey"
    )
    document = json.loads(credential(source).read_text())
    status_url = document["credentialStatus"]["statusListCredential"]
    ((status_list,),) = target.query("SELECT document FROM certification_statuslist")
    status_file = tmp_path / "status.json"
    status_file.write_text(status_list if isinstance(status_list, str) else json.dumps(status_list))
    verified = target.run(
        "verify",
        str(credential(source)),
        "--offline",
        "--key",
        f"{method}={public}",
        "--status-list",
        f"{status_url}={status_file}",
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "VALID" in verified.stdout


def test_the_manifest_lists_versions_migrations_and_a_checksum_of_every_file(
    source: Site, archive: Path
) -> None:
    manifest = manifest_of(archive)
    assert manifest["format"] == "hallmark-backup" and manifest["versions"]["hallmark"]
    assert ["certification", "0001_initial"] in manifest["migrations"]
    private = {name for name in manifest["files"] if name.startswith("private/")}
    assert private == {f"private/{name}" for name in source.files()}
    with tarfile.open(archive, "r:gz") as tar:
        for name, listed in manifest["files"].items():
            data = tar.extractfile(name).read()
            assert hashlib.sha256(data).hexdigest() == listed["sha256"], name
    assert manifest["issuer_keys"][0]["source"] == "stored"
    assert "z3u2" not in json.dumps(manifest)  # no secret key in clear


def test_it_refuses_a_database_that_holds_data_unless_told_to_replace_it(
    source: Site, archive: Path, target: Site
) -> None:
    assert target.run("restore", str(archive)).returncode == 0
    changed = target.run(
        "shell",
        "--no-imports",
        "-c",
        "from hallmark.accounts.models import User; User.objects.update(preferred_name='Changed')",
    )
    assert changed.returncode == 0, changed.stderr
    before = target.rows()
    assert before != source.rows()
    again = target.run("restore", str(archive))
    assert again.returncode == 2
    assert again.stderr.strip().count("\n") == 0 and "Traceback" not in again.stderr
    assert "The database is not empty" in again.stderr and "--replace" in again.stderr
    assert target.rows() == before
    replaced = target.run("restore", str(archive), "--replace")
    assert replaced.returncode == 0, replaced.stderr
    assert target.rows() == source.rows()
    aside = [path for path in target.data_dir.iterdir() if ".before-restore-" in path.name]
    assert len(aside) == 1 and any(aside[0].rglob("*.pdf"))
    assert f"set aside in {aside[0]}" in replaced.stdout or str(aside[0]) in replaced.stdout


def bad_archive(case: str, archive: Path, bad: Path) -> Path:
    if case == "a changed private file":
        first = True

        def flip(name: str, data: bytes) -> bytes:
            nonlocal first
            if name.startswith("private/") and first:
                first = False
                return data[:-1] + bytes([data[-1] ^ 1])
            return data

        return rewritten(archive, bad, flip)
    if case == "a changed database copy":
        return rewritten(archive, bad, lambda name, data: data + b"\0" * ("database/" in name))
    if case == "a truncated archive":
        bad.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
        return bad
    if case == "a migration this Hallmark does not know":

        def newer(name: str, data: bytes) -> bytes:
            if name != "manifest.json":
                return data
            manifest = json.loads(data)
            manifest["migrations"].append(["certification", "9999_from_the_future"])
            return json.dumps(manifest).encode()

        return rewritten(archive, bad, newer)
    bad.write_text("hello")
    return bad


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("a changed private file", "does not match its checksum"),
        ("a changed database copy", "does not match its checksum"),
        ("a truncated archive", "is damaged"),
        ("a migration this Hallmark does not know", "was made by a newer Hallmark"),
        ("not an archive", "is not a Hallmark backup archive"),
    ],
)
def test_a_bad_archive_is_refused_with_one_line_and_changes_nothing(
    archive: Path, tmp_path: Path, settings, case: str, message: str
) -> None:
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    bad = bad_archive(case, archive, tmp_path / "bad.tar.gz")
    with pytest.raises(CommandError) as raised:
        call_command("restore", str(bad))
    assert raised.value.returncode == 2
    assert message in str(raised.value) and "\n" not in str(raised.value)
    assert list(tmp_path.iterdir()) == [bad]  # no private directory, nothing staged left
    from hallmark.site.backup.database import tables_with_data

    assert tables_with_data() == []


def test_the_command_line_says_what_is_wrong_in_one_line_and_exits_2(
    archive: Path, target: Site, tmp_path: Path
) -> None:
    bad = bad_archive("a truncated archive", archive, tmp_path / "bad.tar.gz")
    result = target.run("restore", str(bad))
    assert result.returncode == 2, result.stdout + result.stderr
    assert "is damaged" in result.stderr and result.stderr.strip().count("\n") == 0
    assert not (target.data_dir / "private").exists()
    if target.database is None:
        assert not (target.data_dir / "hallmark.sqlite3").exists()
    else:
        assert target.query("SELECT COUNT(*) FROM pg_tables WHERE schemaname = 'public'") == [(0,)]


def test_keys_this_environment_cannot_decrypt_are_refused_unless_allowed(
    archive: Path, target: Site
) -> None:
    other = {"HALLMARK_SECRET_KEY": "another-secret-key-" + "x" * 40}
    refused = target.run("restore", str(archive), **other)
    assert refused.returncode == 2
    assert "HALLMARK_SECRET_KEY is not the value it was stored with" in refused.stderr
    allowed = target.run("restore", str(archive), "--allow-unreadable-keys", **other)
    assert allowed.returncode == 0, allowed.stderr
    assert "hallmark keys rotate" in allowed.stdout


def test_backup_refuses_a_destination_that_exists(source: Site, archive: Path) -> None:
    result = source.run("backup", str(archive))
    assert result.returncode == 2
    assert f"{archive} already exists" in result.stderr


def test_backup_into_a_directory_names_the_archive_by_its_time(
    source: Site, tmp_path: Path
) -> None:
    result = source.run("backup", str(tmp_path))
    assert result.returncode == 0, result.stderr
    (made,) = tmp_path.glob("hallmark-backup-*.tar.gz")
    assert made.stat().st_mode & 0o777 == 0o600
    assert list(tmp_path.iterdir()) == [made]  # no partial file or work directory left


def test_an_encrypted_archive_restores_only_with_its_passphrase(
    source: Site, target: Site, tmp_path: Path
) -> None:
    passphrase = {"HALLMARK_BACKUP_PASSPHRASE": "a long and private passphrase"}
    made = source.run("backup", "--encrypt", str(tmp_path), **passphrase)
    assert made.returncode == 0, made.stderr
    (sealed,) = tmp_path.glob("hallmark-backup-*.tar.gz.enc")
    assert sealed.stat().st_mode & 0o777 == 0o600
    assert not tarfile.is_tarfile(sealed) and b"manifest.json" not in sealed.read_bytes()
    wrong = target.run("restore", str(sealed), HALLMARK_BACKUP_PASSPHRASE="guess")
    assert wrong.returncode == 2
    assert "cannot be decrypted: the passphrase is wrong" in wrong.stderr
    restored = target.run("restore", str(sealed), **passphrase)
    assert restored.returncode == 0, restored.stderr
    assert target.rows() == source.rows() and target.files() == source.files()
