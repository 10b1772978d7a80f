"""`hallmark results export-responses`: its arguments and its run (bad input: exit code 2)."""

import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandParser

from hallmark.accounts.models import User
from hallmark.exams.models import Form
from hallmark.results.export import ExportRefused, export_responses

BAD_INPUT = 2


def add_export_arguments(parser: CommandParser) -> None:
    parser.add_argument("--form", required=True, metavar="CODE", help="the form's code")
    parser.add_argument("--out", required=True, metavar="SCORED.csv", help="a new CSV file")
    parser.add_argument(
        "--by", required=True, metavar="EMAIL", help="the psychometrician exporting (recorded)"
    )
    parser.add_argument("--reason", required=True, help="why (recorded in the access record)")
    parser.add_argument("--window", type=int, metavar="ID", help="only this window's released run")


def _refuse(command: BaseCommand, message: str) -> NoReturn:
    command.stderr.write(f"hallmark results export-responses: error: {message}")
    sys.exit(BAD_INPUT)


def export_command(
    command: BaseCommand,
    *,
    form: str,
    out: str,
    by: str | None,
    reason: str,
    window: int | None,
    **_: Any,
) -> None:
    form_ = Form.objects.filter(code__iexact=form).first()
    if form_ is None:
        _refuse(command, f"no form has the code {form}")
    if not by:
        _refuse(command, "name who exports (--by EMAIL)")
    person = User.objects.filter(email__iexact=by).first()
    if person is None:
        _refuse(command, f"no account has the email address {by}")
    try:
        done = export_responses(form_, Path(out), by=person, reason=reason, window_id=window)
    except (ExportRefused, PermissionDenied) as error:
        _refuse(command, str(error))
    runs = ", ".join(f"{r.window.name} run {r.number}" for r in done.runs)
    command.stdout.write(
        f"{done.path}: {done.rows} released results x {done.items} scored items of "
        f"{form_.code} ({runs}); recorded in the access record"
    )
