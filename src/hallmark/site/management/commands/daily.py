import argparse
import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from hallmark.site.daily import daily_work, run_all


def _instant(text: str) -> datetime.datetime:
    try:
        instant = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not an ISO date or date and time (e.g. 2027-03-15T06:00Z)"
        ) from None
    if timezone.is_naive(instant):
        instant = timezone.make_aware(instant, datetime.UTC)
    return instant


class Command(BaseCommand):
    help = (
        "Expiries, grace periods, reminders and other dated work; idempotent, safe to run "
        "every hour, and it catches up after days of not running."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--now",
            type=_instant,
            default=None,
            help="act as at this ISO date and time (UTC unless it says otherwise); default: now",
        )
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="put the work on the background queue for a worker (`hallmark worker`) to do",
        )

    def handle(
        self, *args: Any, now: datetime.datetime | None, enqueue: bool, **options: Any
    ) -> None:
        if enqueue:
            if now is not None:
                raise CommandError(
                    "--enqueue runs on the worker's clock: leave out --now", returncode=2
                )
            self.stdout.write(f"hallmark daily queued as task {daily_work.enqueue().id}")
            return
        now = now or timezone.now()
        self.stdout.write(f"hallmark daily at {now.isoformat(timespec='seconds')}")
        for line in run_all(now):
            self.stdout.write(f"  {line}")
