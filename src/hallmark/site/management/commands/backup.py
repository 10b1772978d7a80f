"""`hallmark backup DEST`: one archive of the database, the private files and the issuer keys."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hallmark.site.backup import BackupError, create_backup
from hallmark.site.backup.crypto import PASSPHRASE_VARIABLE, ask_passphrase

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Write one archive (readable by its owner only) with a consistent copy of the database, "
        "every private file and a manifest of checksums, optionally sealed with a passphrase; "
        "see docs/operations.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "destination",
            type=Path,
            metavar="DEST",
            help="a new .tar.gz file, or a directory to write hallmark-backup-<time>.tar.gz in",
        )
        parser.add_argument(
            "--encrypt",
            action="store_true",
            help=f"seal the archive with a passphrase (AES-256-GCM, scrypt), from "
            f"{PASSPHRASE_VARIABLE} or asked for at the terminal",
        )

    def handle(self, *args: Any, destination: Path, encrypt: bool, **options: Any) -> None:
        try:
            passphrase = ask_passphrase(confirm=True) if encrypt else None
            path, manifest = create_backup(destination, passphrase=passphrase)
        except BackupError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"Backed up to {path}: {len(tables)} tables, {sum(tables.values())} rows, "
            f"{manifest['private_files']} private files, {path.stat().st_size} bytes."
        )
        if not encrypt:
            self.stdout.write(
                "It holds personal data and the encrypted issuer keys: store it encrypted."
            )
