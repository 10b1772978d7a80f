"""`hallmark results score|release|import|equate|export-responses`: scoring from the command
line, for automation, and the scored responses of a form for anyone to recompute its
statistics."""

import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from hallmark.accounts.models import User
from hallmark.exams.models import Form, TestingWindow
from hallmark.results import equating, services
from hallmark.results.data import EquatingDesign, EquatingStatus
from hallmark.results.export_command import add_export_arguments, export_command
from hallmark.results.models import Equating
from hallmark.results.vendor import file_problem

BAD_FILE = 2


class Command(BaseCommand):
    help = (
        "Score a testing window, release its results, import a test vendor's result file, or "
        "equate a form to its program's base form."
    )

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
        self._equate_arguments(verbs)

    def _equate_arguments(self, verbs: Any) -> None:
        equate = verbs.add_parser(
            "equate",
            help="equate a form to the base form by every method of a design, or approve one",
        )
        equate.add_argument("--form", required=True, metavar="CODE", help="the form to equate")
        equate.add_argument("--design", choices=EquatingDesign.values, help="compute: the design")
        equate.add_argument("--window", type=int, metavar="ID", help="the form's responses")
        equate.add_argument(
            "--base-window", type=int, metavar="ID", help="the base form's responses (neat)"
        )
        equate.add_argument("--approve", metavar="METHOD", help="approve this method")
        equate.add_argument("--reason", default="", help="why this method (with --approve)")
        equate.add_argument("--by", metavar="EMAIL", help="the psychometrician acting")

    def handle(
        self, *args: Any, verb: str, window: int | None, by: str | None, **options: Any
    ) -> None:
        if verb == "export-responses":
            export_command(self, window=window, by=by, **options)
            return
        window_ = _window(window)
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

    def _equate(
        self,
        window: TestingWindow | None,
        by: User | None,
        form: str,
        design: str | None,
        base_window: int | None,
        approve: str | None,
        reason: str,
        **_: Any,
    ) -> None:
        form_ = Form.objects.filter(code__iexact=form).first()
        if form_ is None:
            raise CommandError(f"No form has the code {form}.")
        if approve:
            self._approve(form_, approve, reason, by)
            return
        if design is None:
            raise CommandError("Say --design (irt, random-groups or neat), or --approve METHOD.")
        done = equating.compute_equating(
            form_, design=design, window=window, base_window=_window(base_window), by=by
        )
        self.stdout.write(f"{done}: proposed, equating {done.pk}")
        for method, entry in done.methods.items():
            if "error" in entry:
                self.stdout.write(f"  {method}: undefined ({entry['error']})")
                continue
            m = entry["moments"]["equated"]
            self.stdout.write(
                f"  {method}: raw cut {entry['raw_cut']} (= {entry['equated_cut']:.2f} on "
                f"{done.base_form.code}), equated mean {m['mean']:.3f}, sd {m['sd']:.3f}, "
                f"skew {m['skew']:.3f}, kurt {m['kurt']:.3f}, SEs {entry['se_kind'] or 'none'}"
            )
        self.stdout.write(
            f"approve one: hallmark results equate --form {form_.code} --approve METHOD "
            '--reason "..." --by EMAIL'
        )

    def _approve(self, form: Form, method: str, reason: str, by: User | None) -> None:
        proposed = Equating.objects.filter(form=form, status=EquatingStatus.PROPOSED).first()
        if proposed is None:
            raise CommandError(f"{form.code} has no proposed equating: compute one (--design).")
        if by is None:
            raise CommandError("A psychometrician approves an equating: name who (--by).")
        done = equating.approve_equating(proposed, method=method, reason=reason, by=by)
        self.stdout.write(
            f"approved {done}: {done.method}, raw cut {done.raw_cut} of {done.max_raw} "
            f"(= {done.equated_cut:.2f} of {done.base_form.code}'s {done.base_max_raw}), "
            f"passing scaled score {done.scaled_cut}"
        )

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


def _window(pk: int | None) -> TestingWindow | None:
    if pk is None:
        return None
    window = TestingWindow.objects.filter(pk=pk).first()
    if window is None:
        raise CommandError(f"No testing window has the id {pk}.")
    return window
