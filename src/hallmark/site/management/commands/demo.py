import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from hallmark.accounts.models import User
from hallmark.accounts.roles import sync_roles
from hallmark.certification.models import CredentialDocument
from hallmark.site.demo_banner import (
    PUBLIC_URL_VARIABLE,
    TOUR_ACCOUNTS,
    banner,
    demo_public_url,
    signed_for_another_url,
)
from hallmark.site.seed import seed_all


class Command(BaseCommand):
    help = "Migrate, seed the demonstration data (idempotent) and serve Hallmark locally."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="port to serve on (8000)")
        parser.add_argument("--host", default="127.0.0.1", help="address to serve on")
        parser.add_argument("--no-serve", action="store_true", help="seed, then stop")

    def handle(self, *args: Any, port: int, host: str, no_serve: bool, **options: Any) -> None:
        # Before seeding: the credentials it issues and the mail it sends carry this address.
        public_url = demo_public_url(host, port, os.environ)
        settings.PUBLIC_BASE_URL = public_url
        call_command("migrate", interactive=False, verbosity=0)
        sync_roles()
        for line in seed_all():
            self.stdout.write(f"  {line}")
        tour = User.objects.filter(email__in=TOUR_ACCOUNTS).values_list("email", flat=True)
        lines = banner(
            served_at=demo_public_url(host, port, {}),
            public_url=public_url,
            database=str(settings.DATABASES["default"]["NAME"]),
            accounts=list(tour),
        )
        self.stdout.write(
            self.style.SUCCESS("Hallmark demo is ready.") + "".join(f"\n  {x}" for x in lines)
        )
        earlier = signed_for_another_url(public_url, _a_current_document())
        if earlier:
            self.stdout.write(
                self.style.WARNING(f"  note: the credentials seeded earlier name {earlier};")
                + f" seed into a new $HALLMARK_DATA_DIR for {public_url}"
            )
        if settings.SECRET_KEY == settings.DEMO_SECRET_KEY:
            self.stdout.write(
                "  secret key:        the public demo-only key; `hallmark serve` needs"
                " $HALLMARK_SECRET_KEY"
            )
        if not no_serve:
            # The worker and the server's processes build links from the same address.
            os.environ[PUBLIC_URL_VARIABLE] = public_url
            with background_worker() as worker:
                self.stdout.write(f"  background worker: pid {worker.pid} (mail and long work)")
                call_command("serve", host=host, port=port, demo=True)


def _a_current_document() -> dict[str, Any] | None:
    return (
        CredentialDocument.objects.filter(superseded_at__isnull=True)
        .values_list("document", flat=True)
        .first()
    )


@contextmanager
def background_worker() -> Iterator[subprocess.Popen[bytes]]:
    """A `hallmark worker` beside the demo server, as production runs one or more, ended with
    it (the tasks it had not finished stay queued for the next)."""
    worker = subprocess.Popen([sys.executable, "-m", "hallmark.site.cli", "worker", "-v0"])
    try:
        yield worker
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=10)
        except subprocess.TimeoutExpired:
            worker.kill()
