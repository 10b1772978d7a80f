"""`hallmark report technical`: the statistical part of a program's technical report as a tagged
PDF, and its figures as JSON. Bad input exits with code 2 and one line saying what to change."""

import json
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from hallmark.programs.models import Program
from hallmark.results.technical import ReportRefused, date_of, technical_report
from hallmark.results.technical_document import technical_report_pdf

BAD_INPUT = 2


class Command(BaseCommand):
    help = "Reports for the certifying body: `technical`, the statistics of a program's forms."

    def add_arguments(self, parser: CommandParser) -> None:
        verbs = parser.add_subparsers(dest="verb", required=True, metavar="VERB")
        technical = verbs.add_parser(
            "technical",
            help="the technical report's statistics of a program's forms in a period (PDF, JSON)",
        )
        technical.add_argument("--program", required=True, metavar="DESIGNATION", help="e.g. CESP")
        technical.add_argument(
            "--from", dest="start", metavar="DATE", help="windows closing on or after (YYYY-MM-DD)"
        )
        technical.add_argument(
            "--to", dest="end", metavar="DATE", help="windows closing on or before (default: today)"
        )
        technical.add_argument(
            "--out", required=True, metavar="REPORT.pdf", help="the PDF to write"
        )
        technical.add_argument(
            "--json", dest="json_out", metavar="REPORT.json", help="also write the figures"
        )
        technical.add_argument(
            "--force", action="store_true", help="overwrite --out and --json if they exist"
        )

    def _refuse(self, message: str) -> NoReturn:
        self.stderr.write(f"hallmark report technical: error: {message}")
        sys.exit(BAD_INPUT)

    def _targets(self, out: str, json_out: str | None, force: bool) -> list[Path]:
        paths = [Path(out)] + ([Path(json_out)] if json_out else [])
        if len(paths) == 2 and paths[0].resolve() == paths[1].resolve():
            self._refuse("--out and --json name the same file")
        for path in paths:
            if path.exists() and not force:
                self._refuse(f"{path} exists: name a new file, or add --force to replace it")
            if path.is_dir():
                self._refuse(f"{path} is a folder: name a file")
            if not path.parent.is_dir():
                self._refuse(f"{path.parent} is not a folder")
        return paths

    def handle(
        self,
        *args: Any,
        program: str,
        start: str | None,
        end: str | None,
        out: str,
        json_out: str | None,
        force: bool,
        **_: Any,
    ) -> None:
        program_ = Program.objects.filter(designation__iexact=program).first()
        if program_ is None:
            known = ", ".join(Program.objects.values_list("designation", flat=True)) or "none"
            self._refuse(f"no program has the designation {program} (known: {known})")
        paths = self._targets(out, json_out, force)
        try:
            report = technical_report(program_, date_of(start, "--from"), date_of(end, "--to"))
        except ReportRefused as error:
            self._refuse(str(error))
        paths[0].write_bytes(technical_report_pdf(report))
        if len(paths) > 1:
            paths[1].write_text(_json(report.as_json()), encoding="utf-8")
        period = report.period
        codes = ", ".join(f["code"] for f in report.as_json()["forms"])
        self.stdout.write(
            f"{paths[0]}: {program_.designation} technical report, windows closing from "
            f"{period.start} to {period.end}, forms {codes}"
            + (f"; figures in {paths[1]}" if len(paths) > 1 else "")
        )


def _json(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
