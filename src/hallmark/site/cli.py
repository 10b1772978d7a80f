"""The `hallmark` command.

Django's verbs and Hallmark's management commands run through Django. The file verbs of the
pure packages run without setting Django up, so they start fast and need no database.
"""

import importlib
import os
import sys
from collections.abc import Sequence

# verb -> module whose `main(argv, prog)` runs it
FILE_VERBS: dict[str, str] = {
    "analyze": "hallmark.psychometrics.cli.analyze",
    "calibrate": "hallmark.psychometrics.cli.calibrate",
    "theta": "hallmark.psychometrics.cli.theta",
    "link": "hallmark.psychometrics.cli.link",
    "equate": "hallmark.psychometrics.cli.equate",
    "dif": "hallmark.psychometrics.cli.dif",
    "consistency": "hallmark.psychometrics.cli.consistency",
    "standard-setting": "hallmark.psychometrics.cli.standard_setting",
    "assemble": "hallmark.assembly.cli",
    "verify": "hallmark.credentials.cli",
}


def run_file_verb(verb: str, argv: Sequence[str]) -> int:
    module = importlib.import_module(FILE_VERBS[verb])
    return int(module.main(list(argv), prog=f"hallmark {verb}"))


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    try:
        if len(args) > 1 and args[1] in FILE_VERBS:
            sys.exit(run_file_verb(args[1], args[2:]))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hallmark.site.settings")
        from django.core.management import execute_from_command_line

        execute_from_command_line(args)
    except BrokenPipeError:
        # The reader stopped early (`hallmark verify x.png | head`): no traceback for that, and
        # none either when Python flushes the closed pipe on the way out.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        sys.exit(141)  # as a shell reports a process ended by SIGPIPE


if __name__ == "__main__":
    main()
