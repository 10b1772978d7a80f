"""`hallmark worker`: take background tasks from the database queue and run them.

A worker outlives its database: when the connection drops (a restart, a failover) it says so
and connects again, waiting 1 s, then twice as long up to 30 s; the task it had in hand rolled
back with the connection and stays queued or is run again from its job.
"""

import logging
import time
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import InterfaceError, OperationalError, connections

DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"
RECONNECT_WAIT, RECONNECT_WAIT_MAX = 1.0, 30.0

log = logging.getLogger("hallmark.worker")


class Command(BaseCommand):
    help = (
        "Run background tasks (mail, and the other long work) from the database queue; run as "
        "many as the work needs, on any machines that reach the database."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="run every task that is due, then stop"
        )
        parser.add_argument(
            "--interval", type=float, default=1.0, help="seconds between looks at the queue (1)"
        )

    def handle(self, *args: Any, batch: bool, interval: float, **options: Any) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend != DATABASE_QUEUE:
            raise CommandError(
                f"HALLMARK_TASKS_BACKEND is {backend}: `hallmark worker` takes tasks from the "
                "database queue (HALLMARK_TASKS_BACKEND=database); another backend has its own "
                "worker, and 'immediate' needs none.",
                returncode=2,
            )
        wait = RECONNECT_WAIT
        while True:
            started = time.monotonic()
            try:
                call_command(
                    "db_worker",
                    batch=batch,
                    interval=interval,
                    reload=False,  # a reload can stop a task mid-way
                    startup_delay=not batch,
                    verbosity=options["verbosity"],
                )
                return
            except (OperationalError, InterfaceError) as lost:
                if batch:
                    raise
                if time.monotonic() - started > RECONNECT_WAIT_MAX:
                    wait = RECONNECT_WAIT  # it ran a while: a new outage
                log.warning("the database is out of reach (%s): again in %.0f s", lost, wait)
                connections.close_all()
                time.sleep(wait)
                wait = min(2 * wait, RECONNECT_WAIT_MAX)
