"""`hallmark outbox send`: deliver the mail that is due (retries), e.g. every minute from cron."""

import argparse
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from hallmark.accounts.outbox import send_due


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of 1 or more")
    return int(text)


class Command(BaseCommand):
    help = (
        "Send the queued mail that is due: retries of failed deliveries, and mail whose sending "
        "after its commit was interrupted. Safe to run from several machines at once."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        send = verbs.add_parser("send", help="send the queued messages that are due")
        send.add_argument(
            "--limit", type=_positive, metavar="N", help="send at most N messages in this pass"
        )

    def handle(self, *args: Any, verb: str, limit: int | None = None, **options: Any) -> None:
        self.stdout.write(str(send_due(limit=limit)))
