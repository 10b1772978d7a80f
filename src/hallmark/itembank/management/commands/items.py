"""`hallmark items import|export`: move items between the bank and CSV or QTI files."""

import getpass
import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hallmark.accounts.models import User
from hallmark.itembank import transfer
from hallmark.itembank.data import InterchangeFormat, ItemStatus
from hallmark.programs.models import Program

BAD_FILE = 2


class Command(BaseCommand):
    help = "Import items from, or export them to, CSV or QTI 3.0 (see docs/itembank.md)."

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="{import,export}")
        load = verbs.add_parser(
            "import",
            help="import every item of a file, or none (exit status 2 lists every problem)",
        )
        load.add_argument("file", type=Path, help="a .csv file, or a QTI .zip package or .xml item")
        load.add_argument("--program", required=True, help="the program's designation, e.g. CESP")
        load.add_argument(
            "--format",
            choices=InterchangeFormat.values,
            help="csv or qti (default: recognised from the file's first bytes)",
        )
        load.add_argument(
            "--keep-status",
            action="store_true",
            help="keep the file's statuses (otherwise every item starts as a draft)",
        )
        load.add_argument(
            "--skip-unsupported",
            action="store_true",
            help="import the items Hallmark supports and list the others with the reason "
            "(otherwise one unsupported item refuses the whole file)",
        )
        load.add_argument(
            "--by",
            metavar="EMAIL",
            help="the account that imports (its permissions apply; it authors items without one)",
        )
        dump = verbs.add_parser("export", help="write a program's items to a file (logged)")
        dump.add_argument("--program", required=True, help="the program's designation, e.g. CESP")
        dump.add_argument("--format", required=True, choices=InterchangeFormat.values)
        dump.add_argument("--out", required=True, type=Path, help="the file to write")
        dump.add_argument("--status", choices=ItemStatus.values, help="only items in this status")
        dump.add_argument("--by", metavar="EMAIL", help="the account that exports")

    def handle(self, *args: Any, verb: str, program: str, **options: Any) -> None:
        found = Program.objects.filter(designation__iexact=program).first()
        if found is None:
            raise CommandError(f"No program has the designation {program}.")
        actor = self._actor(options.get("by"))
        via = f"command line ({getpass.getuser()})"
        try:
            if verb == "import":
                self._import(found, actor, via, **options)
            else:
                self._export(found, actor, via, **options)
        except PermissionDenied as error:
            raise CommandError(str(error)) from None
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None

    def _actor(self, email: str | None) -> User | None:
        if not email:
            return None
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            raise CommandError(f"No account has the email address {email}.")
        return user

    def _import(
        self, program: Program, actor: User | None, via: str, *, file: Path, **options: Any
    ) -> None:
        if not file.is_file():
            raise CommandError(f"{file} is not a file.")
        try:
            size_problem = transfer.too_large(file.stat().st_size)
            if size_problem is not None:  # refused before it is read into memory
                raise transfer.ImportRefused([size_problem])
            data = file.read_bytes()
            fmt = self._format(file, data, options.get("format") or "")
            items = transfer.import_items(
                program,
                data,
                fmt,
                actor,
                keep_status=options["keep_status"],
                skip_unsupported=options["skip_unsupported"],
                via=via,
            )
        except transfer.ImportRefused as refused:
            for problem in refused.problems:
                self.stderr.write(problem.line(str(file)))
            count = len(refused.problems)
            self.stderr.write(
                f"{file}: {count} problem{'s' if count != 1 else ''}; nothing was imported."
            )
            sys.exit(BAD_FILE)
        statuses = sorted({i.status for i in items})
        self.stdout.write(
            f"Imported {len(items)} items into {program.designation} ({', '.join(statuses)})."
        )
        unclassified = len(
            [i for i in items if i.current_version and not i.current_version.competency_id]
        )
        if unclassified:
            self.stdout.write(
                f"{unclassified} of them have no competency yet: classify them on the "
                "reclassification page (/items/reclassify/) before they go to review."
            )
        for skipped in items.skipped:
            self.stdout.write(f"Skipped {skipped.line(str(file))}")
        if items.skipped:
            count = len(items.skipped)
            self.stdout.write(
                f"{file}: {count} unsupported item{'s' if count != 1 else ''} skipped."
            )

    def _format(self, file: Path, data: bytes, chosen: str) -> str:
        """The file's format from its bytes; a file of another kind ends the command (status 2)."""
        try:
            return transfer.format_of(str(file), data, chosen)
        except transfer.WrongFile as wrong:
            self.stderr.write(str(wrong))
            sys.exit(BAD_FILE)

    def _export(
        self, program: Program, actor: User | None, via: str, *, out: Path, **options: Any
    ) -> None:
        data, count = transfer.export_items(
            program, options["format"], actor, status=options.get("status") or "", via=via
        )
        out.write_bytes(data)
        self.stdout.write(f"Exported {count} items of {program.designation} to {out}.")
