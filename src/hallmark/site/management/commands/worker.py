"""`hallmark worker`: take background tasks from the database queue and run them."""

from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

DATABASE_QUEUE = "django_tasks_db.DatabaseBackend"


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
        call_command(
            "db_worker",
            batch=batch,
            interval=interval,
            reload=False,  # a reload can stop a task mid-way
            startup_delay=not batch,
            verbosity=options["verbosity"],
        )
