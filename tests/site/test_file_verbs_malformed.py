"""The file verbs refuse malformed files with one line and exit 2, never a traceback.

The crash classes of the security review: a CSV cell over the csv module's field limit
(128 KB), bytes that are not UTF-8, a zip bomb given where a CSV is expected, JSON nested
deeper than the parser's recursion limit.
"""

import io
import zipfile
from pathlib import Path

import pytest

from hallmark.site.cli import run_file_verb

HUGE = "x" * 200_000
SCORED = "id,I1,I2\nc1,1,0\nc2,0,1\nc3,1,1\nc4,0,0\n"
OPTIONS = "id,I1,I2\nc1,A,B\nc2,B,A\nc3,A,A\n"
BANK = "item,domain,competency,status\nI1,D1,1.1,operational\nI2,D1,1.1,operational\n"


def _bomb() -> bytes:
    # A fixed date: the entry's time is in the header bytes, and some times decode as UTF-8.
    entry = zipfile.ZipInfo("responses.csv", date_time=(2024, 1, 1, 0, 0, 0))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr(entry, b"0" * 5_000_000, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


FILES: dict[str, str | bytes] = {
    "scored.csv": SCORED,
    "options.csv": OPTIONS,
    "key.csv": "item,key\nI1,A\nI2,B\n",
    "bank.csv": BANK,
    "spec.json": '{"forms": 1}',
    "huge_header.csv": f'id,"{HUGE}"\nc1,1\n',
    "huge_cell.csv": f'id,I1,I2\nc1,"{HUGE}",1\n',
    "huge_key.csv": f'item,key\nI1,"{HUGE}"\n',
    "huge_params.csv": f'item,a,b,c,d\n"{HUGE}",1,0,0,0\n',
    "huge_bank.csv": f'item,domain,competency,status\nI1,"{HUGE}",1.1,operational\n',
    "huge_bank_header.csv": f'item,domain,competency,"{HUGE}"\n',
    "latin1.csv": "id,I1\nc\u00e9,1\n".encode("latin-1"),
    "bomb.zip": _bomb(),
    "deep.json": "[" * 100_000 + "]" * 100_000,
    "latin1.json": '{"name": "\u00e9"}'.encode("latin-1"),
}

CASES = [
    ("analyze", ["huge_header.csv"], "huge_header.csv row 1: CSV syntax"),
    ("analyze", ["huge_cell.csv"], "huge_cell.csv: CSV syntax"),
    ("analyze", ["options.csv", "--key", "huge_key.csv"], "huge_key.csv row 2: CSV syntax"),
    ("analyze", ["scored.csv", "--domains", "huge_key.csv"], "huge_key.csv row 2: CSV syntax"),
    ("analyze", ["latin1.csv"], "latin1.csv row 2: not UTF-8"),
    ("analyze", ["bomb.zip"], "bomb.zip row 1: not UTF-8"),
    ("calibrate", ["huge_header.csv", "--model", "rasch"], "huge_header.csv row 1: CSV syntax"),
    (
        "calibrate",
        ["scored.csv", "--model", "rasch", "--anchors", "huge_params.csv"],
        "huge_params.csv row 2: CSV syntax",
    ),
    ("theta", ["scored.csv", "--params", "huge_params.csv"], "huge_params.csv row 2: CSV syntax"),
    (
        "assemble",
        ["huge_bank.csv", "--spec", "spec.json", "--forms", "1"],
        "huge_bank.csv row 2, column '(file)': CSV syntax",
    ),
    (
        "assemble",
        ["huge_bank_header.csv", "--spec", "spec.json", "--forms", "1"],
        "huge_bank_header.csv, column '(header)': CSV syntax",
    ),
    ("assemble", ["bank.csv", "--spec", "deep.json", "--forms", "1"], "nested too deeply"),
    ("assemble", ["bomb.zip", "--spec", "spec.json", "--forms", "1"], "bomb.zip: cannot read"),
    (
        "verify",
        ["deep.json"],
        "deep.json: refused: the file nests objects and arrays more than 64 levels deep",
    ),
    ("verify", ["latin1.json"], "latin1.json: cannot be read"),
    (
        "standard-setting",
        ["bookmark", "huge_params.csv", "scored.csv"],
        "huge_params.csv row 2: CSV syntax",
    ),
    (
        "standard-setting",
        ["contrasting-groups", "huge_cell.csv"],
        "huge_cell.csv row 2: CSV syntax",
    ),
    ("standard-setting", ["borderline-group", "latin1.csv"], "latin1.csv: not UTF-8"),
    ("standard-setting", ["borderline-group", "bomb.zip"], "bomb.zip: not UTF-8"),
    ("verify", ["bomb.zip"], "bomb.zip: cannot be read"),
]


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name, content in FILES.items():
        path = tmp_path / name
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize(("verb", "argv", "message"), CASES)
def test_it_refuses_a_malformed_file_with_one_line_and_exit_2(
    files: Path, capsys: pytest.CaptureFixture[str], verb: str, argv: list[str], message: str
) -> None:
    assert run_file_verb(verb, argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err
