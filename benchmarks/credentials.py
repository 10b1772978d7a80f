"""Speed of signed credentials: signatures and verifications per second (one CPU core), the
end-to-end time to issue 50,000 credentials after a window, and registry lookups per second
under gunicorn.

    .venv/bin/python benchmarks/credentials.py            # all sections, about 15 minutes
    .venv/bin/python benchmarks/credentials.py --quick    # smoke run, under a minute
    .venv/bin/python benchmarks/credentials.py --section signatures
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/credentials.py --section issuance --section registry

Signatures and verifications: the median rate (per second of the process's CPU time) of
several timed rounds of the same operation on the same realistic OpenBadgeCredential (a CESP
certification with a status entry).

Issuance and registry run the web app on a database of their own: a SQLite file in a
temporary folder, or, when DATABASE_URL names a PostgreSQL server, a throwaway database
created on that server and dropped at the end. Issuance times, wall clock, the certification
decisions of a whole window of passes (each: the decision's conditions, the credential
number, the status list index, the signed OpenBadgeCredential, in one transaction), then the
status list signed again after some revocations. The registry section starts `hallmark serve`
(gunicorn) on a free loopback port and a separate loader process that requests the JSON entry
of random credential numbers over keep-alive connections, bounded in time and in count, and
prints lookups per second and the latency percentiles it saw: once with the rate limit
counting in each gunicorn process's memory (no CACHE_URL), once in Redis (CACHE_URL set to
HALLMARK_BENCH_REDIS_URL, default redis://127.0.0.1:6379/5), with the machine's load average
before and after, since other work on the machine moves these figures. Each run also prints
the CPU time per lookup of the gunicorn processes and of the loader (from /proc): it moves far
less with the machine's other work than the rate does, and one core's share of lookups per
second is 1000 divided by the server's milliseconds.
"""

import argparse
import http.client
import json
import multiprocessing
import os
import platform
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import metadata
from pathlib import Path
from typing import Any

from throwaway import is_postgres, postgres_database

from hallmark.credentials import (
    EDDSA_JCS_2022,
    EDDSA_RDFC_2022,
    BitstringStatusList,
    BitstringStatusListEntry,
    CredentialAward,
    IssuerProfile,
    KeyPair,
    StatusPurpose,
    build_open_badge,
    build_status_list_credential,
    canonicalize_rdfc,
    generate_key_pair,
    make_credential_number,
    sign_credential,
    verify_credential,
    verify_proof,
)

ISSUER = IssuerProfile(
    id="https://cert.example.org/issuer",
    name="Example Employment Support Certification Board",
    url="https://cert.example.org",
    email="registry@cert.example.org",
    description="Independent certifying body for employment support professionals.",
)
STATUS_URL = "https://cert.example.org/status/revocation/1"
NOW = datetime(2026, 6, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Figure:
    """One printed figure: an operation and how many times per second it ran."""

    label: str
    per_second: float

    def line(self) -> str:
        milliseconds = 1000 / self.per_second
        return f"  {self.label:<58} {self.per_second:>9,.1f} /s  ({milliseconds:,.2f} ms each)"


@dataclass(frozen=True)
class Setup:
    """What every section works on."""

    key: KeyPair
    unsigned: dict[str, Any]
    signed: dict[str, Any]
    signed_jcs: dict[str, Any]
    status_list: dict[str, Any]
    seconds: float
    rounds: int
    quick: bool = False
    app: dict[str, Any] = field(default_factory=dict)  # the web app's database, once set up

    @property
    def key_set(self) -> dict[str, str]:
        return {self.key.verification_method_id: self.key.public_multibase}


def realistic_credential() -> dict[str, Any]:
    award = CredentialAward(
        credential_id="https://cert.example.org/registry/CESP-004211-00",
        credential_number=make_credential_number("CESP", 4211),
        kind="certification",
        designation="CESP",
        achievement_id="https://cert.example.org/programs/cesp",
        achievement_name="Certified Employment Support Professional",
        achievement_description=(
            "Has shown the competencies of employment support for people with disabilities "
            "(discovery, job development, job coaching, retention), measured by the CESP exam "
            "against the national standards."
        ),
        criteria=(
            "Meet the eligibility requirements (education and supervised practice), pass the "
            "CESP exam, and agree to the code of ethics."
        ),
        criteria_url="https://cert.example.org/programs/cesp/criteria",
        image_url="https://cert.example.org/badges/cesp.png",
        holder_email="jordan.lee@example.org",
        valid_from=datetime(2025, 1, 15, tzinfo=UTC),
        valid_until=datetime(2028, 1, 15, tzinfo=UTC),
        status=(BitstringStatusListEntry(STATUS_URL, 94567, StatusPurpose.REVOCATION),),
    )
    return build_open_badge(award, ISSUER)


def rate(operation: Callable[[], object], seconds: float, rounds: int) -> float:
    """Median calls per CPU-second of this process over ``rounds`` rounds of ``seconds`` each.

    CPU time rather than wall time, so that other work on a shared machine does not count.
    """
    operation()  # warm caches (processed contexts) as a long-running server would
    rates = []
    for _ in range(rounds):
        calls, wall, cpu = 0, time.perf_counter(), time.process_time()
        while time.perf_counter() - wall < seconds:
            operation()
            calls += 1
        rates.append(calls / (time.process_time() - cpu))
    return statistics.median(rates)


def signatures(setup: Setup) -> list[Figure]:
    def measure(label: str, operation: Callable[[], object]) -> Figure:
        return Figure(label, rate(operation, setup.seconds, setup.rounds))

    return [
        measure(
            "sign_credential, eddsa-rdfc-2022",
            lambda: sign_credential(setup.unsigned, setup.key, cryptosuite=EDDSA_RDFC_2022),
        ),
        measure(
            "  of which: one RDFC canonicalization of the document",
            lambda: canonicalize_rdfc(setup.unsigned),
        ),
        measure(
            "sign_credential, eddsa-jcs-2022 (for comparison)",
            lambda: sign_credential(setup.unsigned, setup.key, cryptosuite=EDDSA_JCS_2022),
        ),
    ]


def verifications(setup: Setup) -> list[Figure]:
    def measure(label: str, operation: Callable[[], object]) -> Figure:
        return Figure(label, rate(operation, setup.seconds, setup.rounds))

    proof = setup.signed["proof"][0]
    lists = {STATUS_URL: setup.status_list}
    return [
        measure(
            "verify_proof (signature only), eddsa-rdfc-2022",
            lambda: verify_proof(setup.signed, proof, setup.key.public_multibase),
        ),
        measure(
            "verify_credential, key set, no status list (offline)",
            lambda: verify_credential(setup.signed, keys=setup.key_set, now=NOW),
        ),
        measure(
            "verify_credential, key set + signed status list (full check)",
            lambda: verify_credential(
                setup.signed, keys=setup.key_set, status_lists=lists, now=NOW
            ),
        ),
        measure(
            "verify_credential, eddsa-jcs-2022, key set + status list",
            lambda: verify_credential(
                setup.signed_jcs, keys=setup.key_set, status_lists=lists, now=NOW
            ),
        ),
    ]


# --- the web app: issuing a window's credentials, and the registry under load -------------

ISSUE_COUNT = 50_000
ISSUE_COUNT_QUICK = 300
LOAD_SECONDS, LOAD_SECONDS_QUICK = 20.0, 3.0
WARM_SECONDS = 2.0  # of load before the timed run, not counted
LOAD_MAX_REQUESTS = 200_000
LOAD_CONNECTIONS = 16
SERVE_WORKERS, SERVE_THREADS = 2, 4  # one gunicorn worker per core, as delivery.py runs it
# The rate limit's counters: each process's own memory (no CACHE_URL), then Redis.
REDIS_URL = os.environ.get("HALLMARK_BENCH_REDIS_URL", "redis://127.0.0.1:6379/5")


@dataclass(frozen=True)
class Timing:
    """A printed wall-clock figure."""

    label: str
    text: str

    def line(self) -> str:
        return f"  {self.label:<58} {self.text}".rstrip()


def _database_environment(workdir: Path) -> tuple[dict[str, str], Callable[[], None]]:
    """Environment variables that point the app at a database of its own, and its cleanup."""
    env = {
        "HALLMARK_DATA_DIR": str(workdir),
        "HALLMARK_PUBLIC_URL": "https://cert.example.org",
        "HALLMARK_REGISTRY_RATE_PER_MINUTE": str(10**9),
        # Persistent connections, as a deployment on PostgreSQL would set.
        "HALLMARK_DB_CONN_MAX_AGE": "60",
        "DJANGO_SETTINGS_MODULE": "hallmark.site.settings",
        # `hallmark serve` refuses the public demo key; a key of the run's own.
        "HALLMARK_SECRET_KEY": os.environ.get("HALLMARK_SECRET_KEY") or secrets.token_urlsafe(50),
    }
    url = os.environ.get("DATABASE_URL", "")
    if not is_postgres(url):
        env["DATABASE_URL"] = ""
        return env, lambda: None
    env["DATABASE_URL"], drop_database = postgres_database(url)

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        drop_database()

    return env, drop


def _app(setup: Setup) -> dict[str, Any]:
    """Set up Django on the benchmark's own database (once); the issuer key is made."""
    if setup.app:
        return setup.app
    workdir = Path(tempfile.mkdtemp(prefix="hallmark-bench-"))
    env, drop = _database_environment(workdir)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from hallmark.certification import services

    call_command("migrate", interactive=False, verbosity=0)
    services.create_issuer_key()
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    setup.app.update(env=env, workdir=workdir, drop=drop, engine=engine, numbers=[])
    return setup.app


def _close_app(setup: Setup) -> None:
    if setup.app:
        setup.app["drop"]()
        shutil.rmtree(setup.app["workdir"], ignore_errors=True)


def _window(count: int) -> tuple[Any, list[Any]]:
    """A program that issues automatically and ``count`` people who passed in its window,
    each with an approved application (made in bulk: not part of the timing)."""
    from django.apps import apps
    from django.contrib.auth.hashers import make_password

    from hallmark.accounts.models import User
    from hallmark.programs.models import EligibilityPolicy, Program

    program = Program.objects.create(
        name="Certified Employment Support Professional",
        designation="BCESP",
        kind="certification",
        validity_months=36,
        status="active",
        issue_automatically=True,
    )
    policy = EligibilityPolicy.objects.create(program=program, effective_from=datetime(2024, 1, 1))
    password = make_password(None)
    start = User.objects.count()
    people = User.objects.bulk_create(
        User(
            email=f"holder{start + i}@example.org",
            legal_name=f"Holder {start + i}",
            password=password,
        )
        for i in range(count)
    )
    if apps.is_installed("hallmark.exams"):
        from django.utils import timezone

        from hallmark.exams.models import Application

        today = program.today()
        Application.objects.bulk_create(
            Application(
                candidate=person,
                program=program,
                policy=policy,
                status="approved",
                submitted_at=timezone.now(),
                approved_on=today,
                approval_expires_on=today + timedelta(days=365),
            )
            for person in people
        )
    return program, people


def issuance(setup: Setup) -> list[Timing]:
    """Issue a window's credentials end to end, timed on the wall clock."""
    app = _app(setup)
    from hallmark.certification import services
    from hallmark.certification.models import Credential, StatusList

    count = ISSUE_COUNT_QUICK if setup.quick else ISSUE_COUNT
    program, people = _window(count)
    passed_on = program.today()
    started = time.perf_counter()
    for index, person in enumerate(people, start=1):
        decision = services.decide_certification(
            person, program, passed_on=passed_on, source="Results of the benchmark window"
        )
        app["numbers"].append(decision.credential.number)
        if index % 5000 == 0:
            rate = index / (time.perf_counter() - started)
            print(f"    ... {index:,} issued ({rate:,.0f} /s)", file=sys.stderr, flush=True)
    issued = time.perf_counter() - started
    revoked = Credential.objects.filter(program=program).order_by("?")[:20]
    republish = time.perf_counter()
    for credential in revoked:
        services.revoke_credential(credential, actor=None, reason="Benchmark")
    per_change = (time.perf_counter() - republish) / len(revoked)
    lists = StatusList.objects.count()
    return [
        Timing(f"database: {app['engine']}; credentials issued: {count:,}", ""),
        Timing(
            f"issue {count:,} credentials (decision, number, status index, signed document)",
            f"{issued:,.1f} s  ({count / issued:,.1f} /s, {1000 * issued / count:.2f} ms each)",
        ),
        Timing(
            "revoke one (event, status list signed again, same transaction)",
            f"{1000 * per_change:,.1f} ms each ({lists} status list(s))",
        ),
    ]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _cpu_seconds(pid: int) -> float:
    """User and system CPU time of a process and of its children now alive (Linux's /proc)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:  # ended, or no /proc
        return 0.0
    own = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return own + sum(_cpu_seconds(int(child)) for child in children)


@contextmanager
def _server(app: dict[str, Any], port: int, cache_url: str) -> Iterator[int]:
    """`hallmark serve` (gunicorn) on the loopback port; stopped by its own process id."""
    hallmark = Path(sys.executable).with_name("hallmark")
    command = [str(hallmark), "serve", "--host", "127.0.0.1", "--port", str(port)]
    command += ["--workers", str(SERVE_WORKERS), "--threads", str(SERVE_THREADS)]
    process = subprocess.Popen(
        command,
        env={**os.environ, **app["env"], "CACHE_URL": cache_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
                connection.request("GET", "/registry/")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("hallmark serve did not start") from None
                time.sleep(0.2)
        yield process.pid
    finally:
        process.terminate()  # gunicorn's arbiter stops its workers on SIGTERM
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _load(port: int, numbers: list[str], seconds: float, limit: int, results: Any) -> None:
    """The loader process: keep-alive connections requesting random registry entries."""
    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop_at = time.perf_counter() + seconds

    def client(seed: int) -> None:
        pick = random.Random(seed)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        mine = []
        while time.perf_counter() < stop_at and len(latencies) + len(mine) < limit:
            number = pick.choice(numbers)
            began = time.perf_counter()
            try:
                connection.request("GET", f"/api/v1/credentials/{number}")
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            if ok:
                mine.append(time.perf_counter() - began)
            else:
                with lock:
                    errors[0] += 1
        with lock:
            latencies.extend(mine)

    began, cpu = time.perf_counter(), time.process_time()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(LOAD_CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    results.put((latencies, errors[0], time.perf_counter() - began, time.process_time() - cpu))


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_timeout=2).ping())
    except redis.RedisError:
        return False


def _run_loader(
    port: int, numbers: list[str], seconds: float
) -> tuple[list[float], int, float, float]:
    results: Any = multiprocessing.get_context("spawn").Queue()
    loader = multiprocessing.get_context("spawn").Process(
        target=_load, args=(port, list(numbers), seconds, LOAD_MAX_REQUESTS, results)
    )
    loader.start()
    latencies, errors, elapsed, cpu = results.get(timeout=seconds + 120)
    loader.join(timeout=30)
    return latencies, errors, elapsed, cpu


def _lookups(app: dict[str, Any], seconds: float, cache_url: str) -> list[Timing]:
    """One loader run against a fresh server whose rate limit counts in `cache_url`'s cache."""
    port = _free_port()
    with _server(app, port, cache_url) as server:
        _run_loader(port, app["numbers"], WARM_SECONDS)  # every worker and thread connected
        served = _cpu_seconds(server)
        latencies, errors, elapsed, loader_cpu = _run_loader(port, app["numbers"], seconds)
        served = _cpu_seconds(server) - served
    latencies.sort()
    count = max(len(latencies), 1)

    def percentile(share: float) -> float:
        return 1000 * latencies[min(len(latencies) - 1, int(share * len(latencies)))]

    counts = "Redis" if cache_url else "local memory"
    return [
        Timing(
            f"GET /api/v1/credentials/{{number}}, rate counts in {counts}",
            f"{len(latencies) / elapsed:,.0f} lookups/s over {elapsed:.1f} s "
            f"({len(latencies):,} ok, {errors} failed)",
        ),
        Timing(
            "  latency",
            f"p50 {percentile(0.50):.1f} ms, p95 {percentile(0.95):.1f} ms, "
            f"p99 {percentile(0.99):.1f} ms",
        ),
        # CPU time, unlike the rate, does not depend much on what else the machine runs.
        Timing(
            "  CPU per lookup",
            f"server {1000 * served / count:.2f} ms (gunicorn), "
            f"loader {1000 * loader_cpu / count:.2f} ms",
        ),
    ]


def registry(setup: Setup) -> list[Timing]:
    """Registry lookups per second and their latency under gunicorn, with a loader process,
    with the rate limit counting in each process's memory and then in Redis."""
    app = _app(setup)
    if not app["numbers"]:
        issuance(replace_quick(setup))
    seconds = LOAD_SECONDS_QUICK if setup.quick else LOAD_SECONDS
    figures = [
        Timing(
            f"{app['engine']}, {len(app['numbers']):,} credentials, gunicorn {SERVE_WORKERS} "
            f"workers x {SERVE_THREADS} threads, {LOAD_CONNECTIONS} keep-alive connections",
            "",
        ),
        Timing(f"  load average before: {' '.join(f'{n:.2f}' for n in os.getloadavg())}", ""),
        *_lookups(app, seconds, ""),
    ]
    if _redis_answers(REDIS_URL):
        figures += _lookups(app, seconds, REDIS_URL)
    else:
        figures.append(Timing(f"Redis: nothing answers at {REDIS_URL}; not measured", ""))
    figures.append(
        Timing(f"  load average after: {' '.join(f'{n:.2f}' for n in os.getloadavg())}", "")
    )
    return figures


def replace_quick(setup: Setup) -> Setup:
    """The setup for the registry's own small issuance when issuance did not run first."""
    return Setup(**{**setup.__dict__, "quick": True})


SECTIONS: dict[str, Callable[[Setup], Sequence[Figure | Timing]]] = {
    "signatures": signatures,
    "verifications": verifications,
    "issuance": issuance,
    "registry": registry,
}


def make_setup(quick: bool) -> Setup:
    key = generate_key_pair(ISSUER.id)
    unsigned = realistic_credential()
    bits = BitstringStatusList()
    bits.set(12)
    status_list = build_status_list_credential(
        url=STATUS_URL,
        issuer=ISSUER.id,
        purpose=StatusPurpose.REVOCATION,
        status_list=bits,
        valid_from=datetime(2026, 6, 1, tzinfo=UTC),
    )
    return Setup(
        key=key,
        unsigned=unsigned,
        signed=sign_credential(unsigned, key),
        signed_jcs=sign_credential(unsigned, key, cryptosuite=EDDSA_JCS_2022),
        status_list=sign_credential(status_list, key),
        seconds=0.2 if quick else 2.0,
        rounds=1 if quick else 5,
        quick=quick,
    )


def header(setup: Setup) -> list[str]:
    versions = ", ".join(
        f"{name} {metadata.version(name)}" for name in ("PyLD", "cryptography", "rfc8785")
    )
    size = len(json.dumps(setup.signed).encode("utf-8"))
    quads = canonicalize_rdfc(setup.unsigned).count("\n")
    return [
        "hallmark.credentials benchmark",
        f"  Python {platform.python_version()} on {platform.machine()}, "
        f"{os.cpu_count()} CPUs (one used); {versions}",
        f"  document: signed OpenBadgeCredential, {size:,} bytes of JSON, {quads} N-Quads",
        f"  timing: median of {setup.rounds} round(s) of {setup.seconds:g} s; rates per second "
        "of this process's CPU time",
    ]


def main(argv: Sequence[str] | None = None) -> int:
    global SERVE_WORKERS, SERVE_THREADS  # one run, one server shape
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="short smoke run")
    parser.add_argument(
        "--section", action="append", choices=sorted(SECTIONS), help="run only this section"
    )
    parser.add_argument(
        "--serve",
        default=f"{SERVE_WORKERS}x{SERVE_THREADS}",
        help="the registry's gunicorn as WORKERSxTHREADS (default %(default)s)",
    )
    args = parser.parse_args(argv)
    SERVE_WORKERS, SERVE_THREADS = (int(part) for part in args.serve.split("x"))
    setup = make_setup(args.quick)
    print("\n".join(header(setup)))
    try:
        for name in args.section or list(SECTIONS):
            print(f"[{name}]", flush=True)
            for figure in SECTIONS[name](setup):
                print(figure.line(), flush=True)
    finally:
        _close_app(setup)
    return 0


if __name__ == "__main__":
    sys.exit(main())
