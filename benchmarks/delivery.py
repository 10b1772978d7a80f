"""Exam delivery under load: N simulated candidates sign in, start, answer every item (one page
and one autosave per item, and the timer's clock check every --poll seconds while they think)
and submit, against gunicorn on PostgreSQL; then every answer the server acknowledged is looked
up in the database (lost must be 0).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/delivery.py --candidates 1000 --items 135 --think 20

Needs the dev install (`pip install -e '.[dev]'`: the data is made with the test factories).
The database is a throwaway one made on that server and dropped at the end. Think times are
drawn uniformly from 0 to twice --think seconds (a real candidate takes about a minute per
item: compressing it raises the request rate the same number of candidates makes). The
candidates start spread over --ramp seconds. The load comes from one asyncio process on the
same machine, over one keep-alive connection per candidate, so it shares the cores with the
server and the database. Passwords are hashed with MD5 in this run only (a real sign-in's
PBKDF2 would measure the hasher, not delivery). Before the clock starts, the server is warmed
with a few sign-in page loads (a deployment is up long before an exam starts). Requests are
bounded: each candidate makes a fixed number, and the run stops at --timeout seconds whatever
happens. A request the server fails (a 5xx, a dropped connection) is tried again with the
exam page's backoff (1 s doubling to 30 s, each wait drawn between half and all of it) for up
to --patience seconds, and counted as a retry. The last line is the CPU time the gunicorn
workers used, per request served.

benchmarks/failover.py runs the same candidates (this module's `load`) through a load balancer
in front of two app servers while it kills one of them and restarts the database.
"""

import argparse
import asyncio
import json
import os
import random
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

import psycopg
from throwaway import is_postgres, postgres_database, site_environment

PASSWORD = "correct-horse-battery"  # the factories' password

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SETUP = """
import json, django
django.setup()
from hallmark.accounts.data import Role
from factories import RegistrationFactory, UserFactory, exam_registration
# Every {every}th question (none when 0) is multiple response: "select two", keys A and C.
versions = {{
    p: {{"kind": "multiple", "select": 2, "keys": ["A", "C"]}}
    for p in range(1, {items} + 1) if {every} and p % {every} == 0
}}
first = exam_registration(
    items={items}, candidate=UserFactory(roles=[Role.CANDIDATE]), versions=versions
)
people = UserFactory.create_batch({n} - 1, roles=[Role.CANDIDATE])
seats = [first] + [
    RegistrationFactory(window=first.window, application__candidate=p) for p in people
]
print(json.dumps([[s.pk, s.candidate.email] for s in seats]))
"""


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


class Connection:
    """One browser's keep-alive HTTP/1.1 connection, with its cookies."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies, self.sent = port, {}, 0
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
        self.sent += 1
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
        self.retries: dict[str, int] = defaultdict(int)  # by request and what went wrong
        self.failed_saves: list[float] = []  # when autosaves failed, seconds from the start
        self.longest_save = 0.0  # the longest an autosave took to be acknowledged, retries in
        self.acknowledged: dict[tuple[int, int], tuple[object, int]] = {}  # (place or places, seq)
        self.done = 0
        self.sent = 0  # every request, the untimed ones (forms fetched before a post) too
        self.started = time.perf_counter()


RETRIED = (ConnectionError, OSError, asyncio.IncompleteReadError)


async def patient(stats: Stats, what: str, call, patience: float, timed: bool = True) -> tuple:
    """`call()`'s reply, as a page or a person gets it: a server failure (5xx, a connection
    dropped) is tried again with backoff until `patience` seconds have passed. Each attempt's
    latency is recorded under `what` when `timed`."""
    first, delay = time.perf_counter(), 1.0
    while True:
        start = time.perf_counter()
        try:
            reply = await call()
            failure = f"{reply[0]}" if reply[0] >= 500 else ""
        except RETRIED as error:
            reply, failure = None, type(error).__name__
        now = time.perf_counter()
        if timed:
            stats.latency[what].append(now - start)
        if failure and what == "autosave":
            stats.failed_saves.append(now - stats.started)
        if not failure or now - first > patience:
            if reply is None:
                raise ConnectionError(f"{what}: {failure} for {patience:g} s")
            if what == "autosave":
                stats.longest_save = max(stats.longest_save, now - first)
            return reply
        stats.retries[f"{what} {failure}"] += 1
        await asyncio.sleep(delay * random.uniform(0.5, 1.0))
        delay = min(2 * delay, 30.0)


def form_fields(page: bytes) -> dict[str, str]:
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    return {"csrfmiddlewaretoken": token.group(1).decode()} if token else {}


async def think(browser: Connection, session: int, args, stats: Stats) -> None:
    """A candidate reading the question; the page's timer asks the server's clock every
    --poll seconds meanwhile, as exam.js does."""
    left = random.uniform(0, 2 * args.think)
    path = f"/portal/exam/{session}/state/"

    def call():
        return browser.request("GET", path)

    while args.poll and left > args.poll:
        await asyncio.sleep(args.poll)
        left -= args.poll
        status, _, _ = await patient(stats, "clock", call, args.patience)
        if status != 200:
            stats.errors[f"clock {status}"] += 1
    await asyncio.sleep(left)


async def candidate(port: int, seat: list, args, stats: Stats, delay: float) -> None:
    await asyncio.sleep(delay)
    browser = Connection(port)
    form = "application/x-www-form-urlencoded"

    async def ask(what: str, method: str, path: str, body: bytes = b"", kind: str = "") -> tuple:
        def call():
            return browser.request(method, path, body, kind)

        return await patient(stats, what, call, args.patience, timed=what[0] != "(")

    try:
        _, _, page = await ask("(sign-in page)", "GET", "/accounts/sign-in/")
        body = urllib.parse.urlencode(
            form_fields(page) | {"username": seat[1], "password": PASSWORD}
        ).encode()
        status, headers, _ = await ask("sign-in", "POST", "/accounts/sign-in/", body, form)
        assert status == 302, f"sign-in {status}"
        begin = f"/portal/bookings/{seat[0]}/exam/"
        _, _, page = await ask("(agreement)", "GET", begin)
        body = urllib.parse.urlencode(form_fields(page) | {"agree": "yes"}).encode()
        status, headers, _ = await ask("(agree)", "POST", begin, body, form)
        tutorial = urllib.parse.urlsplit(headers["location"]).path
        session = int(re.search(r"/exam/(\d+)/", tutorial).group(1))
        _, _, page = await ask("(tutorial)", "GET", tutorial)
        body = urllib.parse.urlencode(form_fields(page)).encode()
        status, headers, _ = await ask("start", "POST", tutorial, body, form)
        assert status == 302, f"start {status}"
        sequence = 0
        for number in range(1, args.items + 1):
            path = f"/portal/exam/{session}/questions/{number}/"
            status, _, page = await ask("item page", "GET", path)
            if status != 200:
                stats.errors[f"item page {status}"] += 1
                continue
            position = int(re.search(rb'data-position="(\d+)"', page).group(1))
            places = [
                int(p) for p in re.findall(rb'name="choice" id="option-\d+" value="(\d+)"', page)
            ]
            select = re.search(rb'data-select="(\d+)"', page)
            await think(browser, session, args, stats)
            sequence += 1
            change: dict = {"position": position, "sequence": sequence}
            if select and int(select.group(1)) > 1:  # tick as many boxes as the question says
                choice = tuple(sorted(random.sample(places, int(select.group(1)))))
                change["choices"] = list(choice)
            else:
                choice = random.choice(places)
                change["choice"] = choice
            path, body = f"/portal/exam/{session}/autosave/", json.dumps(change).encode()
            status, _, reply = await ask("autosave", "POST", path, body, "application/json")
            if status == 200 and json.loads(reply)["saved"]:
                stats.acknowledged[(session, position)] = (choice, sequence)
            else:
                stats.errors[f"autosave {status}"] += 1
        submit = f"/portal/exam/{session}/submit/"
        _, _, page = await ask("(review)", "GET", submit)
        body = urllib.parse.urlencode(form_fields(page)).encode()
        status, _, _ = await ask("submit", "POST", submit, body, form)
        if status != 302:
            stats.errors[f"submit {status}"] += 1
        stats.done += 1
    except (AssertionError, KeyError, AttributeError, *RETRIED) as error:
        stats.errors[type(error).__name__ + f": {error}"[:80]] += 1
    finally:
        stats.sent += browser.sent
        browser.close()


def lost(database_url: str, stats: Stats) -> int:
    stored = {}
    with psycopg.connect(database_url) as connection:
        rows = connection.execute(
            "SELECT r.session_id, f.position, r.selected, r.sequence, s.option_orders "
            "FROM exams_response r JOIN exams_formitem f ON f.id = r.form_item_id "
            "JOIN exams_examsession s ON s.id = r.session_id"
        )
        for session, position, selected, sequence, shuffles in rows:
            # The page posts the place an option is shown in; the server stores its label.
            labels = shuffles if isinstance(shuffles, dict) else json.loads(shuffles)
            places = [labels[str(position)].index(label) + 1 for label in selected.split("|")]
            if not selected:
                shown = 0
            else:
                shown = places[0] if "|" not in selected else tuple(sorted(places))
            stored[(session, position)] = (shown, sequence)
    return sum(1 for key, value in stats.acknowledged.items() if stored.get(key) != value)


def cpu_seconds(arbiter: int) -> float:
    """CPU time (user + system) the gunicorn workers have used so far (Linux /proc)."""
    total = 0.0
    try:
        children = Path(f"/proc/{arbiter}/task/{arbiter}/children").read_text().split()
        for pid in children:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except OSError:
        return float("nan")
    return total


def settled(arbiter: int) -> float:
    """Wait until the workers have loaded the application (their CPU time stops growing)."""
    before = cpu_seconds(arbiter)
    for _ in range(60):
        time.sleep(1)
        now = cpu_seconds(arbiter)
        if now - before < 0.05:
            return now
        before = now
    return before


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def warm(port: int, connections: int) -> None:
    """A deployment is up long before an exam starts: let every worker load the site first."""

    async def visitor() -> None:
        browser = Connection(port)
        for _ in range(5):
            await browser.request("GET", "/accounts/sign-in/")
        browser.close()

    await asyncio.gather(*(visitor() for _ in range(connections)))


async def load(port: int, seats: list, args, stats: Stats | None = None) -> tuple[Stats, float]:
    """Every seat's candidate, started over --ramp seconds, against the server on `port`."""
    stats = stats or Stats()
    start = stats.started = time.perf_counter()
    tasks = [
        candidate(port, seat, args, stats, args.ramp * i / max(len(seats), 1))
        for i, seat in enumerate(seats)
    ]
    try:
        await asyncio.wait_for(asyncio.gather(*tasks), args.timeout)
    except TimeoutError:
        stats.errors["run stopped at --timeout"] += 1
    return stats, time.perf_counter() - start


def seed(env: dict[str, str], items: int, candidates: int, multiple: int = 0) -> list:
    """The candidates' seats on a frozen form of `items` items, every `multiple`th of them a
    multiple-response item, made in a process of the site's."""
    made = time.perf_counter()
    code = SETUP.format(items=items, n=candidates, every=multiple)
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout
    seats = json.loads(out.strip().splitlines()[-1])
    seconds = time.perf_counter() - made
    print(f"data: {len(seats)} candidates, a {items}-item form ({seconds:.0f} s to make)")
    return seats


def report(stats: Stats, seconds: float, args, missing: int) -> None:
    requests = sum(len(v) for v in stats.latency.values())
    saves = stats.latency["autosave"]
    print(
        f"candidates: {args.candidates} ({stats.done} finished), items: {args.items}, "
        f"think: 0-{2 * args.think:g} s, clock check every {args.poll:g} s, "
        f"gunicorn {args.workers} x {args.threads} threads"
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
    print(f"retries: {sum(stats.retries.values())} {dict(stats.retries) or ''}")
    print(f"errors: {sum(stats.errors.values())} {dict(stats.errors) or ''}")
    print(f"acknowledged answers: {len(stats.acknowledged)}; lost: {missing}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--candidates", type=int, default=1000)
    parser.add_argument("--items", type=int, default=135)
    parser.add_argument(
        "--multiple", type=int, default=0, help="every Nth question is 'select two' (0: none)"
    )
    parser.add_argument("--think", type=float, default=20.0, help="mean think time, seconds")
    parser.add_argument("--ramp", type=float, default=60.0, help="seconds to start everyone")
    parser.add_argument(
        "--poll", type=float, default=30.0, help="the timer's clock check, seconds (0: none)"
    )
    # 2 x 8 served the most requests on the 2-core machine (docs/delivery.md, "Load").
    parser.add_argument("--workers", type=int, default=2, help="gunicorn worker processes")
    parser.add_argument("--threads", type=int, default=8, help="threads per worker")
    parser.add_argument("--timeout", type=float, default=3600.0)
    parser.add_argument(
        "--patience", type=float, default=300.0, help="seconds a failing request is retried"
    )
    args = parser.parse_args()
    base = os.environ.get("DATABASE_URL", "")
    if not is_postgres(base):
        parser.error("set DATABASE_URL to a PostgreSQL server (the run makes its own database)")
    url, drop = postgres_database(base)
    folder = Path(tempfile.mkdtemp(prefix="hallmark-bench-"))
    env = site_environment(folder, url)
    server = None
    try:
        subprocess.run([BIN / "hallmark", "migrate", "-v0"], env=env, check=True)
        subprocess.run([BIN / "hallmark", "createcachetable"], env=env, check=True)
        seats = seed(env, args.items, args.candidates, args.multiple)
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
        asyncio.run(warm(port, 4 * args.workers * args.threads))
        served, generated = settled(server.pid), time.process_time()
        stats, seconds = asyncio.run(load(port, seats, args))
        served, generated = cpu_seconds(server.pid) - served, time.process_time() - generated
        report(stats, seconds, args, lost(url, stats))
        print(
            f"cpu: gunicorn workers {served:.0f} s for {stats.sent} requests "
            f"({1000 * served / max(stats.sent, 1):.1f} ms each), load generator {generated:.0f} s"
        )
    finally:
        if server is not None:
            server.terminate()  # gunicorn's arbiter stops its workers
            server.wait(timeout=60)
        drop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
