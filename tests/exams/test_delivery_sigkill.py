"""Kill the server with SIGKILL in the middle of an exam, start it again: every answer it
acknowledged is stored, and the candidate resumes where they were.

A real server process (`hallmark runserver --noreload`) on a file SQLite database or, when
DATABASE_URL names a PostgreSQL server (the suite's second run), on a fresh database there.
"""

import http.cookiejar
import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from processes import HALLMARK
from processes import run_hallmark as _run

HELPER = Path(__file__).with_name("sigkill_helper.py")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, env: dict[str, str]) -> None:
        self.env, self.port = env, _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(HALLMARK), "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(300):
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)
        raise AssertionError("the server did not start")

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)


class Browser:
    """What the exam page does over HTTP: sign in, post forms, autosave with sequence numbers."""

    def __init__(self, server: Server) -> None:
        self.server = server
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def _csrf(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def get(self, path: str) -> tuple[str, str]:
        with self.opener.open(self.server.url + path, timeout=10) as reply:
            return reply.geturl(), reply.read().decode()

    def post(self, path: str, data: dict[str, str]) -> tuple[str, str]:
        body = urllib.parse.urlencode(data | {"csrfmiddlewaretoken": self._csrf()}).encode()
        with self.opener.open(self.server.url + path, body, timeout=10) as reply:
            return reply.geturl(), reply.read().decode()

    def sign_in(self, email: str, password: str) -> None:
        self.get("/accounts/sign-in/")
        url, _ = self.post("/accounts/sign-in/", {"username": email, "password": password})
        assert url.endswith("/portal/"), url

    def autosave(self, session: int, change: dict) -> dict:
        request = urllib.request.Request(
            f"{self.server.url}/portal/exam/{session}/autosave/",
            json.dumps(change).encode(),
            {"Content-Type": "application/json", "X-CSRFToken": self._csrf()},
        )
        with self.opener.open(request, timeout=10) as reply:
            return json.loads(reply.read())


def test_every_acknowledged_answer_survives_sigkill(own_database) -> None:
    _run(own_database, str(HALLMARK), "migrate", "--no-input")
    data = json.loads(_run(own_database, sys.executable, str(HELPER), "setup"))
    server = Server(own_database)
    server.start()
    try:
        candidate = Browser(server)
        candidate.sign_in(data["email"], data["password"])
        url, _ = candidate.post(f"/portal/bookings/{data['registration']}/exam/", {"agree": "yes"})
        session = int(re.search(r"/portal/exam/(\d+)/tutorial/", url).group(1))
        url, _ = candidate.post(f"/portal/exam/{session}/tutorial/", {})
        assert url.endswith(f"/portal/exam/{session}/questions/1/")
        before = json.loads(
            _run(own_database, sys.executable, str(HELPER), "inspect", str(session))
        )
        order, shuffles = before["item_order"], before["option_orders"]
        candidate.get(f"/portal/exam/{session}/questions/4/")  # the candidate is on question 4

        acknowledged: dict[int, tuple[str, int]] = {}
        started_killing = threading.Event()

        def answer() -> None:
            sequence = 0
            try:
                for round_ in range(1000):
                    for position in order:
                        sequence += 1
                        shown = 1 + (position + round_) % 4  # the page posts the place shown
                        change = {"position": position, "sequence": sequence, "choice": shown}
                        if candidate.autosave(session, change)["saved"]:
                            acknowledged[position] = (shuffles[str(position)][shown - 1], sequence)
                        if sequence == 30:
                            started_killing.set()
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                return  # the server is gone: what was acknowledged must be stored

        writer = threading.Thread(target=answer)
        writer.start()
        assert started_killing.wait(120), "the answers did not get going"
        server.kill()  # mid-exam, most likely with an autosave in flight
        writer.join(30)
        assert len(acknowledged) == len(order)

        after = json.loads(_run(own_database, sys.executable, str(HELPER), "inspect", str(session)))
        for position, (choice, sequence) in acknowledged.items():
            stored_choice, stored_sequence = after["responses"][str(position)]
            assert stored_sequence >= sequence
            if stored_sequence == sequence:
                assert stored_choice == choice

        server.start()  # the same database, a new process
        device = Browser(server)  # another device: a new sign-in
        device.sign_in(data["email"], data["password"])
        url, page = device.get(f"/portal/exam/{session}/")
        assert "continues on another device" in page  # until the candidate moves it here
        url, page = device.post(f"/portal/exam/{session}/resume/", {})
        assert url.endswith(f"/portal/exam/{session}/questions/4/"), url
        assert "Question 4 of 12" in page
        assert after["deadline_at"] == before["deadline_at"]  # the server's clock, unchanged
        resumed = device.autosave(session, {"position": order[0], "sequence": 10_000, "choice": 4})
        assert resumed["saved"]
        url, page = device.post(f"/portal/exam/{session}/submit/", {})
        assert "Exam submitted" in page
        final = json.loads(_run(own_database, sys.executable, str(HELPER), "inspect", str(session)))
        assert final["status"] == "submitted"
        assert len(final["responses"]) == len(order)
    finally:
        if server.process and server.process.poll() is None:
            server.process.terminate()
            server.process.wait(timeout=30)
