"""`hallmark exams close-expired`: submit every exam session whose time is up."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from hallmark.exams.delivery import services as delivery
from hallmark.exams.delivery.tasks import close_expired


class Command(BaseCommand):
    help = "Exam delivery jobs."

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        close = verbs.add_parser(
            "close-expired",
            help="submit, as the server, every session in progress whose deadline has passed "
            "(idempotent; run it every minute or so while a window is open)",
        )
        close.add_argument(
            "--now", help="the moment to close at, ISO 8601 with a zone (default: the clock)"
        )
        close.add_argument(
            "--enqueue",
            action="store_true",
            help="put it on the background queue for a worker (`hallmark worker`) to do",
        )

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        if options.get("enqueue"):
            if options.get("now"):
                raise CommandError(
                    "--enqueue runs on the worker's clock: leave out --now", returncode=2
                )
            self.stdout.write(f"close-expired queued as task {close_expired.enqueue().id}")
            return
        now = _moment(options.get("now"))
        closed = delivery.close_expired_sessions(now)
        self.stdout.write(f"{closed} session(s) past their deadline submitted")


def _moment(text: str | None) -> datetime.datetime:
    if not text:
        return timezone.now()
    moment = parse_datetime(text)
    if moment is None or timezone.is_naive(moment):
        raise CommandError(f"--now {text!r} is not an ISO 8601 date and time with a zone")
    return moment
