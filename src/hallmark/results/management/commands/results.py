"""`hallmark results score|release|import|export-responses`: scoring from the command line, for
automation, and the scored responses of a form for anyone to recompute its statistics."""

import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hallmark.accounts.models import User
from hallmark.exams.models import TestingWindow
from hallmark.results import services
from hallmark.results.export_command import add_export_arguments, export_command
from hallmark.results.vendor import file_problem

BAD_FILE = 2


class Command(BaseCommand):
    help = "Score a testing window, release its results, or import a test vendor's result file."

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        score = verbs.add_parser("score", help="score every form of a window (results held)")
        release = verbs.add_parser(
            "release", help="release a window's held results (refused while flags are open)"
        )
        imported = verbs.add_parser(
            "import", help="import a vendor CSV (all or nothing), to be scored with the window"
        )
        imported.add_argument("file", metavar="FILE", help="the vendor's CSV file")
        imported.add_argument(
            "--scored", action="store_true", help="the cells are item scores 1/0, not options"
        )
        for verb in (score, release, imported):
            verb.add_argument("--window", required=True, type=int, metavar="ID", help="window id")
            verb.add_argument(
                "--by", metavar="EMAIL", help="the psychometrician acting (recorded; checked)"
            )
        score.add_argument("--form", metavar="CODE", help="only this form (default: every form)")
        add_export_arguments(
            verbs.add_parser(
                "export-responses",
                help="write a form's released scored 0/1 responses to CSV (recorded as an export)",
            )
        )

    def handle(self, *args: Any, verb: str, window: int, by: str | None, **options: Any) -> None:
        if verb == "export-responses":
            export_command(self, window=window, by=by, **options)
            return
        window_ = TestingWindow.objects.filter(pk=window).first()
        if window_ is None:
            raise CommandError(f"No testing window has the id {window}.")
        person = None
        if by:
            person = User.objects.filter(email__iexact=by).first()
            if person is None:
                raise CommandError(f"No account has the email address {by}.")
        try:
            getattr(self, f"_{verb}")(window_, person, **options)
        except ValidationError as error:
            raise CommandError("\n".join(error.messages)) from error
        except PermissionDenied as error:
            raise CommandError(str(error)) from error

    def _score(self, window: TestingWindow, by: User | None, form: str | None, **_: Any) -> None:
        forms = window.forms.all()
        if form:
            forms = forms.filter(code__iexact=form)
            if not forms:
                raise CommandError(f"{window} has no form {form}.")
        scored = False
        for form_ in forms:
            try:
                run = services.score_window(window, form_, by=by)
            except ValidationError as error:
                if "no submitted sessions" in " ".join(error.messages):
                    self.stdout.write(f"{form_.code}: nothing to score")
                    continue
                raise
            scored = True
            passed = run.results.filter(passed=True).count()
            self.stdout.write(
                f"{form_.code}: run {run.number} (held), {run.results.count()} results, "
                f"{passed} pass, raw cut {run.rules['raw_cut']} of {run.rules['max_raw']}, "
                f"{len(run.flagged)} item(s) flagged to resolve"
            )
            for item in run.flagged:
                codes = ", ".join(f["code"] for f in item["flags"])
                self.stdout.write(f"  item {item['position']} ({item['identifier']}): {codes}")
        if not scored:
            raise CommandError(f"{window}: no submitted sessions or vendor records to score.")

    def _release(self, window: TestingWindow, by: User | None, **_: Any) -> None:
        for run in services.release(window, by=by):
            passed = run.results.filter(passed=True).count()
            self.stdout.write(f"released {run}: {run.results.count()} results, {passed} pass")

    def _import(
        self, window: TestingWindow, by: User | None, file: str, scored: bool, **_: Any
    ) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file} is not a file.")
        name = path.name  # problem lines and the import record name the file, not its folder
        size = path.stat().st_size
        data = path.read_bytes() if file_problem(name, size) is None else b""
        problem = file_problem(name, size, data)
        if problem is not None:
            self._refuse(name, [problem])
        try:
            batch = services.import_vendor_file(
                window, data.decode("utf-8-sig"), file_name=name, by=by, scored=scored
            )
        except ValidationError as error:
            self._refuse(name, error.messages)
        self.stdout.write(
            f"imported {batch.rows} candidates from {path.name} for form {batch.form.code}; "
            f"run `hallmark results score --window {window.pk}` to score them"
        )

    def _refuse(self, file: str, problems: list[str]) -> NoReturn:
        for line in problems:
            self.stderr.write(line)
        count = len(problems)
        self.stderr.write(
            f"{file}: {count} problem{'s' if count != 1 else ''}; nothing was imported."
        )
        sys.exit(BAD_FILE)
