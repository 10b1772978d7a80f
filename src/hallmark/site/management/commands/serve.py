import os
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

NO_KEY = (
    "HALLMARK_SECRET_KEY is not set: set it to 50+ random characters before serving "
    "(see docs/operations.md); `hallmark demo` serves a local demo without one."
)


class Command(BaseCommand):
    help = "Serve Hallmark with gunicorn (stateless workers; run several behind a proxy)."
    # `hallmark demo` serves on the demo-only secret key; nothing else may.
    stealth_options = ("demo",)

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("HALLMARK_WORKERS", "3"))
        )
        parser.add_argument(
            "--threads", type=int, default=int(os.environ.get("HALLMARK_THREADS", "4"))
        )

    def handle(
        self, *args: Any, host: str, port: int, workers: int, threads: int, **options: Any
    ) -> None:
        public_key = settings.SECRET_KEY == settings.DEMO_SECRET_KEY
        if public_key and not settings.DEBUG and not options.get("demo"):
            raise CommandError(NO_KEY, returncode=2)

        from gunicorn.app.base import BaseApplication

        from hallmark.site.wsgi import application

        config = {
            "bind": f"{host}:{port}",
            "workers": workers,
            "threads": threads,
            "worker_class": "gthread",
            "accesslog": "-",
            "timeout": 60,
        }

        class Server(BaseApplication):
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        self.stdout.write(f"Serving Hallmark on http://{host}:{port}/ (Ctrl-C stops)")
        Server().run()
