"""Exam delivery under load: N simulated candidates sign in, start, answer every item (one page
and one autosave per item) and submit, against gunicorn on PostgreSQL; then every answer the
server acknowledged is looked up in the database (lost must be 0).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/delivery.py --candidates 1000 --items 135 --think 20

Needs the dev install (`pip install -e '.[dev]'`: the data is made with the test factories).
The database is a throwaway one made on that server and dropped at the end. Think times are
drawn uniformly from 0 to twice --think seconds (a real candidate takes about a minute per
item: compressing it raises the request rate the same number of candidates makes). The
candidates start spread over --ramp seconds. The load comes from one asyncio process on the
same machine, over one keep-alive connection per candidate, so it shares the cores with the
server and the database. Passwords are hashed with MD5 in this run only (a real sign-in's
PBKDF2 would measure the hasher, not delivery). Requests are bounded: each candidate makes a
fixed number, and the run stops at --timeout seconds whatever happens.
"""

import argparse
import asyncio
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import uuid
from collections import defaultdict
from pathlib import Path

import psycopg

PASSWORD = "correct-horse-battery"  # the factories' password

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SETUP = """
import json, django
django.setup()
from hallmark.accounts.data import Role
from factories import RegistrationFactory, UserFactory, exam_registration
first = exam_registration(items={items}, candidate=UserFactory(roles=[Role.CANDIDATE]))
people = UserFactory.create_batch({n} - 1, roles=[Role.CANDIDATE])
seats = [first] + [
    RegistrationFactory(window=first.window, application__candidate=p) for p in people
]
print(json.dumps([[s.pk, s.candidate.email] for s in seats]))
"""
SETTINGS = """
from hallmark.site.settings import *  # noqa: F403
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


class Connection:
    """One browser's keep-alive HTTP/1.1 connection, with its cookies."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, {}
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def _open(self) -> None:
        self.reader, self.writer = await asyncio.open_connection("127.0.0.1", self.port)

    async def request(
        self, method: str, path: str, body: bytes = b"", kind: str = ""
    ) -> tuple[int, dict[str, str], bytes]:
        for attempt in (1, 2):  # a connection the server closed while idle: open another
            try:
                if self.writer is None:
                    await self._open()
                return await self._exchange(method, path, body, kind)
            except (ConnectionError, asyncio.IncompleteReadError):
                self.writer = None
                if attempt == 2:
                    raise
        raise AssertionError

    async def _exchange(self, method: str, path: str, body: bytes, kind: str) -> tuple:
        cookie = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        head = [f"{method} {path} HTTP/1.1", "Host: 127.0.0.1", f"Cookie: {cookie}"]
        if method == "POST":
            head += [f"Content-Length: {len(body)}", f"Content-Type: {kind}"]
            head.append(f"X-CSRFToken: {self.cookies.get('csrftoken', '')}")
        self.writer.write(("\r\n".join(head) + "\r\n\r\n").encode() + body)
        await self.writer.drain()
        status_line = await self.reader.readuntil(b"\r\n")
        if not status_line:
            raise ConnectionError("closed")
        status = int(status_line.split()[1])
        headers: dict[str, str] = {}
        while (line := await self.reader.readuntil(b"\r\n")) != b"\r\n":
            name, _, value = line.decode().partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";", 1)[0]
            headers[name] = value
        content = await self.reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.writer.close()
            self.writer = None
        return status, headers, content

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


class Stats:
    def __init__(self) -> None:
        self.latency: dict[str, list[float]] = defaultdict(list)
        self.errors: dict[str, int] = defaultdict(int)
        self.acknowledged: dict[tuple[int, int], tuple[str, int]] = {}
        self.done = 0


async def timed(stats: Stats, what: str, call) -> tuple:
    start = time.perf_counter()
    reply = await call
    stats.latency[what].append(time.perf_counter() - start)
    return reply


def form_fields(page: bytes) -> dict[str, str]:
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return {"csrfmiddlewaretoken": token.group(1).decode()} if token else {}


async def candidate(port: int, seat: list, args, stats: Stats, delay: float) -> None:
    await asyncio.sleep(delay)
    browser = Connection(port)
    form = "application/x-www-form-urlencoded"
    try:
        _, _, page = await browser.request("GET", "/accounts/sign-in/")
        body = urllib.parse.urlencode(
            form_fields(page) | {"username": seat[1], "password": PASSWORD}
        ).encode()
        status, headers, _ = await timed(
            stats, "sign-in", browser.request("POST", "/accounts/sign-in/", body, form)
        )
        assert status == 302, f"sign-in {status}"
        begin = f"/portal/bookings/{seat[0]}/exam/"
        _, _, page = await browser.request("GET", begin)
        body = urllib.parse.urlencode(form_fields(page) | {"agree": "yes"}).encode()
        status, headers, _ = await browser.request("POST", begin, body, form)
        tutorial = urllib.parse.urlsplit(headers["location"]).path
        session = int(re.search(r"/exam/(\d+)/", tutorial).group(1))
        _, _, page = await browser.request("GET", tutorial)
        body = urllib.parse.urlencode(form_fields(page)).encode()
        status, headers, _ = await timed(
            stats, "start", browser.request("POST", tutorial, body, form)
        )
        assert status == 302, f"start {status}"
        sequence = 0
        for number in range(1, args.items + 1):
            status, _, page = await timed(
                stats,
                "item page",
                browser.request("GET", f"/portal/exam/{session}/questions/{number}/"),
            )
            if status != 200:
                stats.errors[f"item page {status}"] += 1
                continue
            position = int(re.search(rb'data-position="(\d+)"', page).group(1))
            choices = re.findall(rb'name="selected" id="option-\d+" value="([A-F])"', page)
            await asyncio.sleep(random.uniform(0, 2 * args.think))
            sequence += 1
            choice = random.choice(choices).decode()
            change = {"position": position, "sequence": sequence, "selected": choice}
            status, _, reply = await timed(
                stats,
                "autosave",
                browser.request(
                    "POST",
                    f"/portal/exam/{session}/autosave/",
                    json.dumps(change).encode(),
                    "application/json",
                ),
            )
            if status == 200 and json.loads(reply)["saved"]:
                stats.acknowledged[(session, position)] = (choice, sequence)
            else:
                stats.errors[f"autosave {status}"] += 1
        submit = f"/portal/exam/{session}/submit/"
        _, _, page = await browser.request("GET", submit)
        body = urllib.parse.urlencode(form_fields(page)).encode()
        status, _, _ = await timed(stats, "submit", browser.request("POST", submit, body, form))
        if status != 302:
            stats.errors[f"submit {status}"] += 1
        stats.done += 1
    except (AssertionError, ConnectionError, OSError, asyncio.IncompleteReadError) as error:
        stats.errors[type(error).__name__ + f": {error}"[:80]] += 1
    finally:
        browser.close()


def lost(database_url: str, stats: Stats) -> int:
    stored = {}
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT r.session_id, f.position, r.selected, r.sequence FROM exams_response r "
            "JOIN exams_formitem f ON f.id = r.form_item_id"
        )
        for session, position, selected, sequence in rows:
            stored[(session, position)] = (selected, sequence)
    return sum(1 for key, value in stats.acknowledged.items() if stored.get(key) != value)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def load(port: int, seats: list, args) -> tuple[Stats, float]:
    stats = Stats()
    start = time.perf_counter()
    tasks = [
        candidate(port, seat, args, stats, args.ramp * i / max(len(seats), 1))
        for i, seat in enumerate(seats)
    ]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), args.timeout)
    except TimeoutError:
        stats.errors["run stopped at --timeout"] += 1
    return stats, time.perf_counter() - start


def report(stats: Stats, seconds: float, args, missing: int) -> None:
    requests = sum(len(v) for v in stats.latency.values())
    saves = stats.latency["autosave"]
    print(
        f"candidates: {args.candidates} ({stats.done} finished), items: {args.items}, "
        f"think: 0-{2 * args.think:g} s, gunicorn {args.workers} x {args.threads} threads"
    )
    print(
        f"wall time: {seconds:.1f} s; timed requests: {requests} ({requests / seconds:.1f}/s); "
        f"autosaves: {len(saves)} ({len(saves) / seconds:.1f}/s)"
    )
    for what, values in stats.latency.items():
        ms = [v * 1000 for v in values]
        print(
            f"  {what:10} n={len(ms):7}  p50 {percentile(ms, 0.5):7.1f} ms  "
            f"p95 {percentile(ms, 0.95):7.1f} ms  p99 {percentile(ms, 0.99):7.1f} ms  "
            f"max {max(ms):7.1f} ms"
        )
    print(f"errors: {sum(stats.errors.values())} {dict(stats.errors) or ''}")
    print(f"acknowledged answers: {len(stats.acknowledged)}; lost: {missing}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--items", type=int, default=135)
    parser.add_argument("--think", type=float, default=20.0, help="mean think time, seconds")
    parser.add_argument("--ramp", type=float, default=60.0, help="seconds to start everyone")
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--timeout", type=float, default=3600.0)
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith(("postgres://", "postgresql://")):
        parser.error("set DATABASE_URL to a PostgreSQL server (the run makes its own database)")
    name = f"hallmark_bench_{uuid.uuid4().hex[:10]}"
    url = urllib.parse.urlsplit(base)._replace(path=f"/{name}").geturl()
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    folder = Path(tempfile.mkdtemp(prefix="hallmark-bench-"))
    (folder / "delivery_settings.py").write_text(SETTINGS)
    env = os.environ | {
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "delivery_settings",
        "PYTHONPATH": f"{folder}:{ROOT / 'tests'}",
        "HALLMARK_DATA_DIR": str(folder),
        "HALLMARK_DB_CONN_MAX_AGE": "600",
        "HALLMARK_LOG_LEVEL": "WARNING",
    }
    server = None
    try:
        subprocess.run([BIN / "hallmark", "migrate", "-v0"], env=env, check=True)
        subprocess.run([BIN / "hallmark", "createcachetable"], env=env, check=True)
        made = time.perf_counter()
        code = SETUP.format(items=args.items, n=args.candidates)
        out = subprocess.run(
            [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
        ).stdout
        seats = json.loads(out.strip().splitlines()[-1])
        print(
            f"data: {len(seats)} candidates, a {args.items}-item form "
            f"({time.perf_counter() - made:.0f} s to make)"
        )
        port = free_port()
        server = subprocess.Popen(
            [
                BIN / "gunicorn",
                "hallmark.site.wsgi",
                "-b",
                f"127.0.0.1:{port}",
                "-k",
                "gthread",
                "-w",
                str(args.workers),
                "--threads",
                str(args.threads),
                "--keep-alive",
                "120",
                "--backlog",
                "4096",
                "--log-level",
                "warning",
            ],
            env=env,
        )
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        stats, seconds = asyncio.run(load(port, seats, args))
        report(stats, seconds, args, lost(url, stats))
    finally:
        if server is not None:
            server.terminate()  # gunicorn's arbiter stops its workers
            server.wait(timeout=60)
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
