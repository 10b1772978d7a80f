"""`hallmark backup DEST`: one archive of the database, the private files and the issuer keys."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from hallmark.site.backup import BackupError, create_backup

BAD_INPUT = 2


class Command(BaseCommand):
    help = (
        "Write one archive (readable by its owner only) with a consistent copy of the database, "
        "every private file and a manifest of checksums; see docs/operations.md."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "destination",
            type=Path,
            metavar="DEST",
            help="a new .tar.gz file, or a directory to write hallmark-backup-<time>.tar.gz in",
        )

    def handle(self, *args: Any, destination: Path, **options: Any) -> None:
        try:
            path, manifest = create_backup(destination)
        except BackupError as error:
            raise CommandError(str(error), returncode=BAD_INPUT) from None
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"Backed up to {path}: {len(tables)} tables, {sum(tables.values())} rows, "
            f"{manifest['private_files']} private files, {path.stat().st_size} bytes. "
            "It holds personal data and the encrypted issuer keys: store it encrypted."
        )
