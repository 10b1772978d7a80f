import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser

from hallmark.accounts.roles import sync_roles
from hallmark.site.seed import seed_all


class Command(BaseCommand):
    help = "Migrate, seed the demonstration data (idempotent) and serve Hallmark locally."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="port to serve on (8000)")
        parser.add_argument("--host", default="127.0.0.1", help="address to serve on")
        parser.add_argument("--no-serve", action="store_true", help="seed, then stop")

    def handle(self, *args: Any, port: int, host: str, no_serve: bool, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        sync_roles()
        for line in seed_all():
            self.stdout.write(f"  {line}")
        base = f"http://{host}:{port}"
        self.stdout.write(
            self.style.SUCCESS("Hallmark demo is ready.")
            + f"\n  database:          {settings.DATABASES['default']['NAME']}"
            + f"\n  public site:       {base}/"
            + f"\n  candidate portal:  {base}/portal/   (candidate@example.org)"
            + f"\n  public registry:   {base}/registry/"
            + f"\n  staff admin:       {base}/staff/   (manager@, officer@, ... @example.org)"
            + "\n  password:          hallmark-demo (or $HALLMARK_DEMO_PASSWORD)"
            + "\n  staff code:        hallmark otp code manager@example.org (after the password)"
        )
        if settings.SECRET_KEY == settings.DEMO_SECRET_KEY:
            self.stdout.write(
                "  secret key:        the public demo-only key; `hallmark serve` needs"
                " $HALLMARK_SECRET_KEY"
            )
        if not no_serve:
            with background_worker() as worker:
                self.stdout.write(f"  background worker: pid {worker.pid} (mail and long work)")
                call_command("serve", host=host, port=port, demo=True)


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
