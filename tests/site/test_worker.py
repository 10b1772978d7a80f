"""A real `hallmark worker` process, as `hallmark demo` starts one: it sends a message another
process committed to the outbox, and SIGTERM ends it."""

import sys
import time
from pathlib import Path

from hallmark.site.management.commands.demo import background_worker
from processes import HALLMARK, run_hallmark

QUEUE_A_MESSAGE = """
from django.db import transaction
from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import User
from hallmark.accounts.notifications import notify
with transaction.atomic():
    person = User.objects.create_user(email="holder@example.org", password="x")
    notify(person, MessageKey.CREDENTIAL_ISSUED, {"program": "CESP"})
"""
READ_BACK = """
from django_tasks_db.models import DBTaskResult
from hallmark.accounts.models import SentMessage
print(SentMessage.objects.get().status, *DBTaskResult.objects.values_list("status", flat=True))
"""


def shell(env: dict[str, str], code: str) -> str:
    return run_hallmark(env, sys.executable, "-m", "hallmark.site.cli", "shell", "-v0", "-c", code)


def test_a_worker_process_sends_what_another_committed_and_stops_on_sigterm(
    own_database, tmp_path, monkeypatch
) -> None:
    mailbox = tmp_path / "mail"
    own_database |= {
        "HALLMARK_EMAIL_BACKEND": "file",
        "HALLMARK_EMAIL_FILE_PATH": str(mailbox),
        "HALLMARK_TASKS_BACKEND": "database",
    }
    run_hallmark(own_database, str(HALLMARK), "migrate", "--no-input", "-v0")
    for name, value in own_database.items():
        monkeypatch.setenv(name, value)
    with background_worker() as worker:
        shell(own_database, QUEUE_A_MESSAGE)
        deadline = time.monotonic() + 60
        while not _mailed(mailbox) and time.monotonic() < deadline and worker.poll() is None:
            time.sleep(0.5)
        assert worker.poll() is None, "the worker keeps running between tasks"
    assert worker.returncode == 0, "SIGTERM ends the worker cleanly"
    (mail,) = _mailed(mailbox)
    assert "To: holder@example.org" in mail.read_text()
    assert shell(own_database, READ_BACK).split() == ["sent", "SUCCESSFUL"]


def _mailed(mailbox: Path) -> list[Path]:
    return sorted(mailbox.glob("*.log")) if mailbox.exists() else []
