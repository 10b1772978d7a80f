"""Issuing a released window's credentials at scale: N passing candidates, one release, W workers.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \
        .venv/bin/python benchmarks/issuance.py --credentials 50000 --workers 2
    .venv/bin/python benchmarks/issuance.py --credentials 5000 --workers 1    # SQLite

Needs the dev install (the data is made with the test factories). On a database of its own (a
throwaway one on DATABASE_URL's PostgreSQL server, else a SQLite file), untimed: a program that
issues automatically, a frozen form with a decided cut, a window of N candidates with approved
applications whose vendor results all pass, scored as a held run. Timed on the wall clock: the
release (`hallmark.results.services.release`, as `hallmark results release` runs it: outcomes,
the holders' result messages, one approved certification decision per pass), then the job it
starts, whose batches W `hallmark worker` processes share, until the job is done. Then checked:
every decision issued, every credential's hash chain intact with its signed heads, and a sample
of signed documents verified offline with the pure verifier (the published key and status
list, no network). The mail the release queued is left to the workers after the clock stops.

The last line: `issued N credentials in S s: R per second`.
"""

import argparse
import cProfile
import os
import pstats
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from throwaway import is_postgres, postgres_database, site_environment

BIN = Path(sys.executable).parent
ITEMS = 20
RAW_CUT = "12"
SAMPLE = 200
POLL_SECONDS = 0.5


def arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--credentials", type=int, default=5000, help="passing candidates (5000)")
    parser.add_argument("--workers", type=int, default=2, help="`hallmark worker` processes (2)")
    parser.add_argument("--timeout", type=float, default=3600, help="give up after (s, 3600)")
    parser.add_argument(
        "--profile", action="store_true", help="print where the release spends its time"
    )
    options = parser.parse_args()
    if not 1 <= options.credentials <= 200_000 or not 1 <= options.workers <= 16:
        parser.error("--credentials is 1 to 200000 and --workers 1 to 16")
    return options


def seed(count: int):
    """The window, its held run of `count` passes, and the psychometrician who releases it."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from hallmark.accounts.data import Role
    from hallmark.accounts.models import User
    from hallmark.exams.data import ApplicationStatus, FeeStatus
    from hallmark.exams.models import Application, Registration
    from hallmark.programs.models import EligibilityPolicy
    from hallmark.results import services
    from hallmark.results.models import VendorImport, VendorRecord

    from factories import UserFactory, ready_program, scoring_ground

    psychometrician = UserFactory(roles=[Role.PSYCHOMETRICIAN])
    program = ready_program(designation="CESP", issue_automatically=True, validity_months=36)
    keys = [random.Random(i).choice("ABCD") for i in range(ITEMS)]
    _, form, window = scoring_ground(keys, RAW_CUT, psychometrician, program=program)
    policy = EligibilityPolicy.in_force(program)
    today, now, password = program.today(), timezone.now(), make_password(None)
    people = User.objects.bulk_create(
        User(email=f"holder{i}@example.org", legal_name=f"Holder {i}", password=password)
        for i in range(count)
    )
    applications = Application.objects.bulk_create(
        Application(
            candidate=person,
            program=program,
            policy=policy,
            status=ApplicationStatus.APPROVED,
            fee_status=FeeStatus.PAID,
            submitted_at=now,
            approved_on=today,
            approval_expires_on=today.replace(year=today.year + 1),
        )
        for person in people
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            candidate=a.candidate,
            program=program,
            application=a,
            window=window,
            booked_by=a.candidate,
            authorization_code=f"B-{i:08d}",
            authorization_expires_at=window.closes_at,
        )
        for i, a in enumerate(applications)
    )
    batch = VendorImport.objects.create(
        window=window, form=form, file_name="bench.csv", sha256="0" * 64, rows=count
    )
    rng = random.Random(7)
    VendorRecord.objects.bulk_create(
        VendorRecord(batch=batch, registration=r, responses=_passing(rng, keys))
        for r in registrations
    )
    run = services.score_window(window, form, by=psychometrician)
    _keep_flagged_keys(run, psychometrician)
    return window, program, psychometrician


def _passing(rng: random.Random, keys: list[str]) -> dict[str, str]:
    """Answers that pass (at least the cut right), varied enough for item statistics."""
    ability = rng.uniform(0.62, 0.98)
    answers = [k if rng.random() < ability else "ABCD"[(ord(k) - 64) % 4] for k in keys]
    for position in rng.sample(range(ITEMS), ITEMS)[: int(RAW_CUT)]:
        answers[position] = keys[position]
    return {str(p): a for p, a in enumerate(answers, start=1)}


def _keep_flagged_keys(run, by) -> None:
    from hallmark.results import services
    from hallmark.results.data import KeyAction

    for item in run.flagged:
        services.override_key(
            run.form.items.get(position=item["position"]),
            action=KeyAction.KEEP,
            reason="Reviewed.",
            by=by,
        )


@contextmanager
def profiled(on: bool) -> Iterator[None]:
    """cProfile's top functions by cumulative time, on stderr, when `on`."""
    if not on:
        yield
        return
    profile = cProfile.Profile()
    profile.enable()
    yield
    profile.disable()
    pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(40)


def start_workers(count: int, env: dict[str, str]) -> list[subprocess.Popen]:
    command = [str(BIN / "hallmark"), "worker", "--interval", "0.2"]
    return [
        subprocess.Popen(
            command,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        for _ in range(count)
    ]


def stop(workers: list[subprocess.Popen]) -> None:
    for worker in workers:
        if worker.poll() is None:
            os.killpg(worker.pid, signal.SIGTERM)
    for worker in workers:
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(worker.pid, signal.SIGKILL)


def wait_for(program, timeout: float):
    """The job once it is done (or failed); progress on stderr every ten seconds."""
    from hallmark.accounts.data import JobKind, JobState
    from hallmark.accounts.models import Job

    deadline, said = time.monotonic() + timeout, 0.0
    while time.monotonic() < deadline:
        job = Job.objects.filter(kind=JobKind.ISSUE_CREDENTIALS, scope=program.designation).first()
        if job is not None and job.state in (JobState.DONE, JobState.FAILED):
            return job
        if job is not None and time.monotonic() - said > 10:
            print(
                f"    ... {job.step}: {job.steps_done:,} of {job.steps:,}",
                file=sys.stderr,
                flush=True,
            )
            said = time.monotonic()
        time.sleep(POLL_SECONDS)
    raise SystemExit(f"the issuing job was not done within {timeout:.0f} s")


def check(program, count: int) -> list[str]:
    """Every decision issued, every chain intact, a sample of documents verified offline."""
    from hallmark.certification.audit import chain_problem
    from hallmark.certification.data import DecisionStatus
    from hallmark.certification.issuer import published_keys, status_list_url
    from hallmark.certification.models import CertificationDecision, Credential, StatusList
    from hallmark.credentials import verify_credential

    issued = CertificationDecision.objects.filter(program=program, status=DecisionStatus.ISSUED)
    credentials = Credential.objects.filter(program=program)
    keys: dict[int, str | None] = {}
    broken = sum(chain_problem(c, keys) is not None for c in credentials.iterator(2000))
    trusted = published_keys()
    lists = {status_list_url(s): s.document for s in StatusList.objects.all()}
    sample = random.Random(1).sample(list(credentials.values_list("pk", flat=True)), SAMPLE)
    refused = 0
    for credential in Credential.objects.filter(pk__in=sample):
        document = credential.current_document().document
        refused += not verify_credential(document, keys=trusted, status_lists=lists).valid
    return [
        f"  decisions issued: {issued.count():,} of {count:,}",
        f"  credentials: {credentials.count():,}",
        f"  hash chains broken: {broken:,}",
        f"  sample of {min(SAMPLE, count)} signed documents verified offline: {refused} refused",
    ]


def main() -> None:
    options = arguments()
    folder = Path(tempfile.mkdtemp(prefix="hallmark-issuance-"))
    server = os.environ.get("DATABASE_URL", "")
    url, drop = postgres_database(server) if is_postgres(server) else (None, lambda: None)
    env = site_environment(folder, url) | {
        "HALLMARK_TASKS_BACKEND": "database",
        "HALLMARK_EMAIL_BACKEND": "memory",
        "HALLMARK_PUBLIC_URL": "https://cert.example.org",
    }
    os.environ.update(env)
    sys.path[:0] = env["PYTHONPATH"].split(os.pathsep)[:2]  # the settings, the factories
    workers: list[subprocess.Popen] = []
    try:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from hallmark.certification import services as certification
        from hallmark.results import services

        call_command("migrate", interactive=False, verbosity=0)
        certification.create_issuer_key()
        print(f"database: {connection.vendor}; workers: {options.workers}", flush=True)
        started = time.perf_counter()
        window, program, psychometrician = seed(options.credentials)
        print(f"  seeded {options.credentials:,} passes in {time.perf_counter() - started:.1f} s")
        workers = start_workers(options.workers, env)
        started = time.perf_counter()
        with profiled(options.profile):
            services.release(window, by=psychometrician)
        released = time.perf_counter() - started
        job = wait_for(program, options.timeout)
        elapsed = time.perf_counter() - started
        print(f"  release (outcomes, messages, decisions): {released:.1f} s")
        print(f"  issuing job: {job.step} ({elapsed - released:.1f} s more)")
        stop(workers)
        for line in check(program, options.credentials):
            print(line, flush=True)
        count = options.credentials
        print(f"issued {count} credentials in {elapsed:.1f} s: {count / elapsed:.1f} per second")
    finally:
        stop(workers)
        from django.db import connections

        connections.close_all()
        drop()
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
