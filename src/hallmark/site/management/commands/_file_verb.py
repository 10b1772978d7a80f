"""A management command that hands its arguments to a pure package's file verb."""

import sys

from django.core.management.base import BaseCommand

from hallmark.site.cli import FILE_VERBS, run_file_verb


class FileVerbCommand(BaseCommand):
    verb = ""

    @property
    def help(self) -> str:  # type: ignore[override]
        return f"File verb; see `hallmark {self.verb} --help` ({FILE_VERBS[self.verb]})."

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(run_file_verb(self.verb, argv[2:]))
