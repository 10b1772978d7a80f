"""CPU time of one exam request, in one process: an autosave, the timer's clock check, and a
question page that moves to the next question, each repeated on one candidate's session
through Django's test client (whose own work is included); then a candidate's whole way in
(sign in, the agreement, the tutorial, start), once for each of --starts candidates. As the
server's entry points do, what start-up loaded is frozen out of the garbage collector
(hallmark.site.heap; --unfrozen leaves it in); each figure starts from a full collection and
counts the full collections within it. With --profile, the functions that took the most CPU
time follow each figure. With --reads, the CPU time of each read prepared once
(hallmark.lib.prepared) on its own, best of 5 x 1,000.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres \\
        .venv/bin/python benchmarks/exam_requests.py [--requests 400] [--starts 100] [--profile]
        [--reads] [--unfrozen]

Without DATABASE_URL it runs on a SQLite file. Either way the database is a throwaway one.
Needs the dev install (`pip install -e '.[dev]'`: the data is made with the test factories).
What the figures are for, and what they were: docs/delivery.md, "Reads prepared once".
"""

import argparse
import cProfile
import gc
import io
import json
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from throwaway import is_postgres, postgres_database, site_environment


def measure(args) -> None:
    import django

    django.setup()
    from django.test import Client

    from hallmark.accounts.data import Role
    from hallmark.exams.delivery import services as delivery

    from factories import PASSWORD, RegistrationFactory, UserFactory, exam_registration

    items = 135
    candidate = UserFactory(roles=[Role.CANDIDATE])
    registration = exam_registration(items=items, candidate=candidate)
    seats = [
        RegistrationFactory(window=registration.window, application__candidate=person)
        for person in UserFactory.create_batch(args.starts + 20, roles=[Role.CANDIDATE])
    ]
    session = delivery.create_session(registration, by=candidate)
    delivery.accept_agreement(session, by=candidate)
    delivery.start(session, by=candidate)
    browser = Client()
    browser.force_login(candidate)
    exam = f"/portal/exam/{session.pk}"
    sequence = 0

    def autosave(n: int) -> None:
        nonlocal sequence
        sequence += 1
        change = {"position": 1 + n % items, "sequence": sequence, "choice": 1}
        reply = browser.post(f"{exam}/autosave/", json.dumps(change), "application/json")
        assert reply.status_code == 200, reply.content

    def clock(n: int) -> None:
        assert browser.get(f"{exam}/state/").status_code == 200

    def question(n: int) -> None:
        assert browser.get(f"{exam}/questions/{1 + n % items}/").status_code == 200

    seat = Client()

    def way_in(n: int) -> None:
        """As benchmarks/delivery.py's candidates do, from the sign-in page to the first item."""
        person = seats.pop()
        seat.cookies.clear()  # a new browser, without a new handler (a server has one)
        seat.get("/accounts/sign-in/")
        signed = {"username": person.candidate.email, "password": PASSWORD}
        assert seat.post("/accounts/sign-in/", signed).status_code == 302
        begin = f"/portal/bookings/{person.pk}/exam/"
        seat.get(begin)
        tutorial = seat.post(begin, {"agree": "yes"})["Location"]
        seat.get(tutorial)
        assert seat.post(tutorial).status_code == 302

    if args.reads:
        time_reads(session, candidate)
        return
    if not args.unfrozen:
        from hallmark.site.heap import freeze_loaded

        freeze_loaded()
    full = []
    gc.callbacks.append(
        lambda phase, info: full.append(1) if phase == "stop" and info["generation"] == 2 else None
    )
    for name, request, times in (
        ("autosave", autosave, args.requests),
        ("clock check", clock, args.requests),
        ("question page", question, args.requests),
        ("way in", way_in, args.starts),
    ):
        for n in range(10):  # first uses: the reads' SQL written, the form's items read once
            request(n)
        gc.collect()
        full.clear()
        start = time.process_time()
        for n in range(times):
            request(n)
        each = 1000 * (time.process_time() - start) / times
        print(f"{name:14} {each:6.2f} ms of CPU each ({times} times, {len(full)} full collections)")
        if args.profile:
            profile = cProfile.Profile(time.process_time)
            for n in range(times if request is not way_in else 10):
                profile.runcall(request, n)
            out = io.StringIO()
            pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(30)
            print(out.getvalue())


def time_reads(session, candidate) -> None:
    """Each prepared read alone: what the exam path pays per read, without the request."""
    from django.contrib.sessions.backends.db import SessionStore as DjangoSessions
    from django.db import transaction

    from hallmark.accounts.backends import USER_ROW
    from hallmark.accounts.sessions import SESSION_ROW
    from hallmark.exams.delivery.services import LOCKED
    from hallmark.exams.delivery.views import ANSWER, PAGE

    stored = DjangoSessions()
    stored["candidate"] = candidate.pk
    stored.save()
    item = session.form.items.order_by("position").first()
    reads = {
        "PAGE": lambda: PAGE.first(pk=session.pk, candidate=candidate.pk),
        "LOCKED": lambda: LOCKED.first(pk=session.pk),
        "ANSWER": lambda: ANSWER.first(session=session.pk, item=item.pk),
        "USER_ROW": lambda: USER_ROW.first(pk=candidate.pk),
        "SESSION_ROW": lambda: SESSION_ROW.first(key=stored.session_key),
    }
    for name, read in reads.items():
        best = float("inf")
        for _ in range(5):
            with transaction.atomic():  # LOCKED refuses to lock outside one
                start = time.process_time()
                for _ in range(1000):
                    read()
                best = min(best, time.process_time() - start)
        print(f"{name:14} {1000 * best:6.1f} us of CPU each (best of 5 x 1,000)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--starts", type=int, default=100)
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--reads", action="store_true", help="time each prepared read alone")
    parser.add_argument("--unfrozen", action="store_true", help="leave start-up's objects in")
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(args)
        return 0
    base = os.environ.get("DATABASE_URL", "")
    url, drop = postgres_database(base) if is_postgres(base) else (None, lambda: None)
    folder = Path(tempfile.mkdtemp(prefix="hallmark-bench-"))
    env = site_environment(folder, url)
    try:
        hallmark = Path(sys.executable).parent / "hallmark"
        subprocess.run([hallmark, "migrate", "-v0"], env=env, check=True)
        extra = ["--profile"] * args.profile + ["--reads"] * args.reads
        extra += ["--unfrozen"] * args.unfrozen
        counts = ["--requests", str(args.requests), "--starts", str(args.starts)]
        command = [sys.executable, __file__, "--measure", *counts, *extra]
        subprocess.run(command, env=env, check=True)
    finally:
        drop()
        shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
