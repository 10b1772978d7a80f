"""`hallmark demo` seeds each app's part in order; every seeder is idempotent."""

import importlib

from django.db import transaction

# Apps add their seeder here when they land; order follows the flow of data.
SEEDERS = [
    "hallmark.accounts.demo",
    "hallmark.programs.demo",
]


@transaction.atomic
def seed_all() -> list[str]:
    lines: list[str] = []
    for name in SEEDERS:
        lines.extend(importlib.import_module(name).seed())
    return lines
