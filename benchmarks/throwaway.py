"""A benchmark's own site: a database made for the run (on DATABASE_URL's PostgreSQL server, or
a SQLite file) and dropped at the end, and the environment of a child process that runs the
site on it from a folder of its own."""

import os
import urllib.parse
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# MD5 in a benchmark only: a real sign-in's PBKDF2 would measure the hasher, not the site.
SETTINGS = """
from hallmark.site.settings import *  # noqa: F403
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
"""


def is_postgres(url: str) -> bool:
    return url.startswith(("postgres://", "postgresql://"))


def postgres_database(server: str) -> tuple[str, Callable[[], None]]:
    """A new, empty database on the PostgreSQL server the URL `server` names: its URL, and the
    function that drops it (whatever connections are still open to it)."""
    import psycopg

    name = f"hallmark_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urllib.parse.urlsplit(server)._replace(path=f"/{name}").geturl(), drop


def site_environment(folder: Path, database_url: str | None) -> dict[str, str]:
    """os.environ for a child process that runs the site with its data in `folder`: SETTINGS
    (written there), the test factories importable, persistent connections, quiet logs; on
    `database_url`, or on a SQLite file in `folder` when it is None."""
    (folder / "bench_settings.py").write_text(SETTINGS)
    path = [str(folder), str(ROOT / "tests"), os.environ.get("PYTHONPATH", "")]
    env = os.environ | {
        "DJANGO_SETTINGS_MODULE": "bench_settings",
        "PYTHONPATH": os.pathsep.join(filter(None, path)),
        "HALLMARK_DATA_DIR": str(folder),
        "HALLMARK_DB_CONN_MAX_AGE": "600",
        "HALLMARK_LOG_LEVEL": "WARNING",
    }
    if database_url is None:
        env.pop("DATABASE_URL", None)
    else:
        env["DATABASE_URL"] = database_url
    return env
