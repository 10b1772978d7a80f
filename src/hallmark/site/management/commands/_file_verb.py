"""A management command that hands its arguments to a pure package's file verb."""

import sys
from typing import Any

from django.core.management.base import BaseCommand

from hallmark.site.cli import FILE_VERBS, run_file_verb


class FileVerbCommand(BaseCommand):
    verb = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.help = f"File verb; see `hallmark {cls.verb} --help` ({FILE_VERBS[cls.verb]})."

    def run_from_argv(self, argv: list[str]) -> None:
        sys.exit(run_file_verb(self.verb, argv[2:]))
