from typing import Any

from django.core.management.base import BaseCommand

from hallmark.accounts.roles import sync_roles


class Command(BaseCommand):
    help = "Create the role groups and give each exactly its permissions (safe to run again)."

    def handle(self, *args: Any, **options: Any) -> None:
        for role, count in sync_roles().items():
            self.stdout.write(f"{role}: {count} permissions")
