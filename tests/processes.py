"""A real Hallmark process (a server, a worker) on its own database: a file SQLite database or,
when DATABASE_URL names a PostgreSQL server (the suite's second run), a fresh database there.
`own_database` is the environment such a process runs with (a plugin of the suite's conftest)."""

import os
import subprocess
import sys
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

TESTS = Path(__file__).resolve().parent
HALLMARK = Path(sys.executable).with_name("hallmark")


def _backends() -> list[str]:
    """The suite's database: `make test` runs once on SQLite and once on PostgreSQL."""
    url = os.environ.get("DATABASE_URL", "")
    return ["postgresql"] if url.startswith(("postgres://", "postgresql://")) else ["sqlite"]


@pytest.fixture(params=_backends())
def own_database(request, tmp_path) -> Iterator[dict[str, str]]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {
        "HALLMARK_DATA_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "hallmark.site.settings",
        # This checkout's code, not whichever the environment has installed.
        "PYTHONPATH": os.pathsep.join([str(TESTS), str(TESTS.parent / "src")]),
        "HALLMARK_LOG_LEVEL": "WARNING",
    }
    if request.param == "sqlite":
        yield env
        return
    import psycopg

    base = os.environ["DATABASE_URL"]
    name = f"hallmark_process_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    env["DATABASE_URL"] = urllib.parse.urlsplit(base)._replace(path=f"/{name}").geturl()
    try:
        yield env
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def run_hallmark(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout
