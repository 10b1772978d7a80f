"""`hallmark demo` seeds each app's part, in the order of INSTALLED_APPS (the flow of data).

An app takes part by having a `demo` module with an idempotent `seed() -> list[str]` that
returns lines to print.
"""

import importlib
import importlib.util

from django.apps import apps
from django.db import transaction


def seeders() -> list[str]:
    names = []
    for config in apps.get_app_configs():
        if config.name.startswith("hallmark.") and importlib.util.find_spec(f"{config.name}.demo"):
            names.append(f"{config.name}.demo")
    return names


@transaction.atomic
def seed_all() -> list[str]:
    lines: list[str] = []
    for name in seeders():
        lines.extend(importlib.import_module(name).seed())
    return lines
