"""`hallmark assemble`: assemble parallel forms from a bank CSV and a JSON specification."""

import argparse
import json
import sys
import threading
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from ._bank import BankError, ItemBank, read_bank
from ._report import format_summary
from ._result import AssemblyResult, AssemblyWarning
from ._solve import MAX_SEED, assemble_forms
from ._spec import AssemblySpec, SpecError, read_spec


class _Usage(Exception):
    """Bad input: one line for stderr."""


def _parser(prog: str) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=prog,
        description=(
            "Assemble parallel exam forms that meet a blueprint and statistical targets, all at "
            "once as one mixed-integer program (HiGHS). Prints a summary; --out writes the "
            "forms, the constraint report and the solver facts as JSON. Exit status: 0 forms "
            "found, 1 no forms (the reasons go to stderr), 2 bad input."
        ),
    )
    parser.add_argument("bank", metavar="BANK.csv", help="item bank CSV (see docs/assembly.md)")
    parser.add_argument("--spec", required=True, metavar="SPEC.json", help="assembly spec")
    parser.add_argument("--forms", required=True, type=int, metavar="K", help="number of forms")
    parser.add_argument(
        "--time-limit", type=float, default=60.0, metavar="S", help="solver seconds (default 60)"
    )
    parser.add_argument("--seed", type=int, default=0, metavar="N", help="HiGHS random seed")
    parser.add_argument(
        "--gap",
        type=float,
        default=0.005,
        metavar="G",
        help="stop once within this relative MIP gap of the optimum (default 0.005)",
    )
    parser.add_argument(
        "--whole-bank",
        action="store_true",
        help="offer every usable item to the solver (default: a candidate pool on large banks)",
    )
    parser.add_argument("--out", metavar="FORMS.json", help="write the result as JSON here")
    return parser


def main(argv: Sequence[str] | None = None, prog: str = "hallmark assemble") -> int:
    parser = _parser(prog)
    args = parser.parse_args(argv)
    bank_path, spec_path = Path(args.bank), Path(args.spec)
    lines: list[int] = []
    try:
        _check_args(args)
        bank, lines, spec = _load(bank_path, spec_path)
        with _progress(args.time_limit), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", AssemblyWarning)
            result = assemble_forms(
                bank,
                spec,
                args.forms,
                time_limit=args.time_limit,
                seed=args.seed,
                mip_rel_gap=args.gap,
                pool_factor=None if args.whole_bank else 3.0,
            )
    except _Usage as exc:
        print(f"{prog}: error: {exc}", file=sys.stderr)
        return 2
    except BankError as exc:
        print(f"{prog}: error: {_bank_message(bank_path, exc, lines)}", file=sys.stderr)
        return 2
    except ValueError as exc:  # the spec and the bank disagree (e.g. an unknown reference item)
        print(f"{prog}: error: {spec_path.name}: {exc}", file=sys.stderr)
        return 2
    for warning in caught:
        print(f"{prog}: warning: {warning.message}", file=sys.stderr)
    return _report(result, args.out, prog)


def _check_args(args: argparse.Namespace) -> None:
    if args.forms < 1:
        raise _Usage(f"--forms must be at least 1, got {args.forms}")
    if not args.time_limit > 0:
        raise _Usage(f"--time-limit must be a positive number of seconds, got {args.time_limit}")
    if not 0 <= args.seed <= MAX_SEED:
        raise _Usage(f"--seed must be in [0, {MAX_SEED}], got {args.seed}")
    if not 0 <= args.gap < 1:
        raise _Usage(f"--gap must be in [0, 1), got {args.gap}")


def _load(bank_path: Path, spec_path: Path) -> tuple[ItemBank, list[int], AssemblySpec]:
    for path in (bank_path, spec_path):
        if not path.is_file():
            raise _Usage(f"{path}: no such file")
    try:
        bank, lines = read_bank(bank_path)
    except BankError as exc:
        raise _Usage(_bank_message(bank_path, exc, [])) from None
    except (UnicodeDecodeError, OSError) as exc:
        raise _Usage(f"{bank_path.name}: cannot read: {exc}") from None
    try:
        spec = read_spec(spec_path)
    except SpecError as exc:
        raise _Usage(f"{spec_path.name} field '{exc.field}': {exc.detail}") from None
    except (UnicodeDecodeError, OSError) as exc:
        raise _Usage(f"{spec_path.name}: cannot read: {exc}") from None
    return bank, lines, spec


def _bank_message(path: Path, exc: BankError, lines: list[int]) -> str:
    """File, row (the CSV line, header = 1) and column of a bank error."""
    if exc.row is None:
        return f"{path.name}, column '{exc.column}': {exc.detail}"
    row = exc.line if exc.line is not None else lines[exc.row] if lines else exc.row + 2
    return f"{path.name} row {row}, column '{exc.column}': {exc.detail}"


def _report(result: AssemblyResult, out: str | None, prog: str) -> int:
    if out is not None:
        Path(out).write_text(json.dumps(result.to_dict(), indent=2) + "\n", encoding="utf-8")
    if not result.feasible:
        print(f"{prog}: no forms: status {result.status}", file=sys.stderr)
        for explanation in result.explanations:
            print(f"{prog}: {explanation.message}", file=sys.stderr)
        return 1
    print(format_summary(result))
    return 0


@contextmanager
def _progress(seconds: float) -> Iterator[None]:
    """A seconds bar on stderr while the solver runs (only on a terminal)."""
    if not sys.stderr.isatty():
        yield
        return
    from tqdm import tqdm

    done = threading.Event()

    def tick() -> None:
        with tqdm(total=round(seconds), unit="s", desc="solving", leave=False) as bar:
            while not done.wait(1.0) and bar.n < bar.total:
                bar.update(1)

    thread = threading.Thread(target=tick, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
