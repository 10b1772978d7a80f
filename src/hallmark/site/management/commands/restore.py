"""`hallmark restore ARCHIVE`: put a `hallmark backup` archive back, all or nothing."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hallmark.site.backup import BackupError, restore_backup

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Restore an archive of `hallmark backup` into the configured database and private "
        "directory, which must be empty; every checksum is checked first. Stop the site first."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "archive",
            type=Path,
            metavar="ARCHIVE",
            help="the archive; if it is encrypted, the passphrase comes from "
            "HALLMARK_BACKUP_PASSPHRASE or is asked for at the terminal",
        )
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the content of a database that holds data (the private directory "
            "it had is set aside, not deleted)",
        )
        parser.add_argument(
            "--allow-unreadable-keys",
            action="store_true",
            help="restore even though this environment cannot decrypt the stored issuer keys "
            "(what they signed still verifies; rotate to a new key before issuing)",
        )

    def handle(
        self, *args: Any, archive: Path, replace: bool, allow_unreadable_keys: bool, **options: Any
    ) -> None:
        try:
            restored = restore_backup(
                archive, replace=replace, allow_unreadable_keys=allow_unreadable_keys
            )
        except BackupError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        self.stdout.write(
            f"Restored {archive}: {restored.tables} tables, {restored.rows} rows, "
            f"{restored.files} private files."
        )
        if restored.set_aside is not None:
            self.stdout.write(f"The private files that were there are in {restored.set_aside}.")
        if restored.pending_migrations:
            self.stdout.write(
                f"{len(restored.pending_migrations)} migrations of this version are not applied "
                "yet: run `hallmark migrate`."
            )
        for note in restored.notes:
            self.stdout.write(self.style.WARNING(note))
