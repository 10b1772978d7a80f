"""`hallmark jobanalysis VERB`: a job-analysis study's files. `report` writes the study's report
as a tagged PDF and its figures as JSON, recomputed from the responses. Bad input exits with
code 2 and one line saying what to change; nothing is written then."""

import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandParser

from hallmark.jobanalysis.models import Study
from hallmark.jobanalysis.report import study_report
from hallmark.jobanalysis.report_document import report_json, report_pdf

BAD_INPUT = 2


class Command(BaseCommand):
    help = "A job-analysis study's files: `report`, its report as PDF and JSON."

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        report = verbs.add_parser("report", help="a study's report from its responses (PDF, JSON)")
        report.add_argument("--study", required=True, metavar="ID", help="the study's number")
        report.add_argument("--out", metavar="REPORT.pdf", help="the PDF to write")
        report.add_argument(
            "--json", dest="json_out", metavar="REPORT.json", help="the figures to write"
        )
        report.add_argument(
            "--force", action="store_true", help="overwrite --out and --json if they exist"
        )

    def _refuse(self, verb: str, message: str) -> NoReturn:
        self.stderr.write(f"hallmark jobanalysis {verb}: error: {message}")
        sys.exit(BAD_INPUT)

    def handle(self, *args: Any, verb: str, **options: Any) -> None:
        if verb == "report":
            self._report(**options)

    def _targets(self, out: str | None, json_out: str | None, force: bool) -> list[Path | None]:
        if not out and not json_out:
            self._refuse("report", "name a file to write: --out REPORT.pdf, --json REPORT.json")
        paths = [Path(out) if out else None, Path(json_out) if json_out else None]
        if out and json_out and Path(out).resolve() == Path(json_out).resolve():
            self._refuse("report", "--out and --json name the same file")
        for path in (p for p in paths if p is not None):
            if path.is_dir():
                self._refuse("report", f"{path} is a folder: name a file")
            if path.exists() and not force:
                self._refuse("report", f"{path} exists: name a new file, or add --force")
            if not path.parent.is_dir():
                self._refuse("report", f"{path.parent} is not a folder")
        return paths

    def _report(
        self, *, study: str, out: str | None, json_out: str | None, force: bool, **_: Any
    ) -> None:
        studies = Study.objects.select_related("program", "draft_outline")
        known = study.isdigit() and int(study) < 2**63  # a database's largest key
        study_ = studies.filter(pk=int(study)).first() if known else None
        if study_ is None:
            self._refuse("report", f"no job-analysis study is numbered {study}")
        pdf_path, json_path = self._targets(out, json_out, force)
        try:
            report = study_report(study_)
        except ValidationError as error:
            self._refuse("report", " ".join(error.messages))
        pdf = report_pdf(report) if pdf_path else b""  # made before anything is written
        if pdf_path:
            pdf_path.write_bytes(pdf)
        if json_path:
            json_path.write_text(report_json(report), encoding="utf-8")
        written = " and ".join(str(p) for p in (pdf_path, json_path) if p)
        rate = report.analysis.response_rate
        self.stdout.write(
            f"{written}: {study_} (study {study_.pk}), {report.analysis.respondents} respondents"
            + ("" if rate is None else f", response rate {rate:.1f}%")
        )
