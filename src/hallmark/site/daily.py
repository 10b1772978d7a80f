"""`hallmark daily` runs each app's daily work, in the order of INSTALLED_APPS.

An app takes part by having a `daily` module with `run(now) -> list[str]`: idempotent, safe to
run every hour, and correct after days of not running (it works from `now`, not from the last
run). The lines it returns are printed.
"""

import datetime
import importlib
import importlib.util

from django.apps import apps
from django.utils import timezone
from django_tasks import task


def jobs() -> list[str]:
    names = []
    for config in apps.get_app_configs():
        name = f"{config.name}.daily"
        if (
            name != __name__
            and config.name.startswith("hallmark.")
            and importlib.util.find_spec(name)
        ):
            names.append(name)
    return names


def run_all(now: datetime.datetime) -> list[str]:
    """Each job commits its own work (one transaction per change), so one failure does not undo
    the others' changes."""
    lines: list[str] = []
    for name in jobs():
        lines.extend(importlib.import_module(name).run(now))
    return lines


@task()
def daily_work() -> list[str]:
    """`hallmark daily` as a background task (`hallmark daily --enqueue`), on the worker's
    clock."""
    return run_all(timezone.now())
