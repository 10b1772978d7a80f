"""Plumbing shared by the file verbs: argument parsing, one-line errors, warnings, progress, JSON.

A verb builds its parser with `make_parser`, does its work in a function of the parsed
arguments, and returns ``run_verb(work, args)``. Bad input (an `InputFileError` or a
`VerbError`) becomes ``prog: error: message`` on stderr and exit code 2; a named psychometrics
warning becomes ``prog: warning: message``.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TextIO

from hallmark.psychometrics._warnings import PsychometricsWarning
from hallmark.psychometrics.io import InputFileError

__all__ = [
    "LONG_WORK_BYTES",
    "VerbError",
    "make_parser",
    "parse",
    "progress_bar",
    "run_verb",
    "write_json",
]

# Below this a file reads in well under a second; no progress bar for it.
LONG_WORK_BYTES = 8 << 20


class VerbError(Exception):
    """Bad input that is not a file problem (an option value out of range, ...)."""


def make_parser(prog: str, description: str, epilog: str | None = None) -> argparse.ArgumentParser:
    """An argparse parser whose namespace remembers `prog` (for `run_verb`'s messages)."""
    parser = argparse.ArgumentParser(
        prog=prog,
        description=description,
        epilog=epilog,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.set_defaults(prog=prog)
    return parser


def parse(parser: argparse.ArgumentParser, argv: Sequence[str] | None) -> argparse.Namespace | int:
    """Parse `argv`; an int is the exit code when argparse ended the run (--help, usage error)."""
    try:
        return parser.parse_args(None if argv is None else list(argv))
    except SystemExit as stop:  # argparse has printed help or a usage error already
        return stop.code if isinstance(stop.code, int) else 2


def parse_and_run(
    parser: argparse.ArgumentParser,
    fn: Callable[[argparse.Namespace], int],
    argv: Sequence[str] | None,
) -> int:
    """A verb's `main`: parse `argv` (help and usage errors give their exit code), then run."""
    args = parse(parser, argv)
    return args if isinstance(args, int) else run_verb(fn, args)


def run_verb(fn: Callable[[argparse.Namespace], int], args: argparse.Namespace) -> int:
    """Run a verb's work; bad input gives a one-line error on stderr and exit code 2."""
    prog = getattr(args, "prog", "hallmark")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", PsychometricsWarning)
        try:
            code = fn(args)
        except (InputFileError, VerbError) as error:
            print(f"{prog}: error: {error}", file=sys.stderr)
            code = 2
    for warning in caught:
        if issubclass(warning.category, PsychometricsWarning):
            print(f"{prog}: warning: {warning.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    return code


class _NoBar:
    """Stands in for a tqdm bar that would not be shown (tqdm's import is not free)."""

    def update(self, n: float = 1) -> None:
        pass


@contextmanager
def progress_bar(
    total: int, desc: str, unit: str = "B", *, long_work: bool = True
) -> Iterator[Any]:
    """A tqdm bar on stderr, shown only when stderr is a terminal and the work is long."""
    if not (long_work and sys.stderr.isatty()):
        yield _NoBar()
        return
    from tqdm import tqdm

    bar = tqdm(total=total, desc=desc, unit=unit, unit_scale=True, file=sys.stderr, leave=False)
    try:
        yield bar
    finally:
        bar.close()


def write_json(document: Any, stream: TextIO | None = None) -> None:
    """Write one JSON document (NaN and infinities as null) and a newline."""
    out = sys.stdout if stream is None else stream
    json.dump(_finite(document), out, indent=2, allow_nan=False)
    out.write("\n")


def _finite(value: Any) -> Any:
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _finite(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(v) for v in value]
    return value
