"""Fuzz: any bytes given to a file verb end in an exit status and a message, never a traceback.

analyze, calibrate and theta read response, key and parameter files; assemble reads a bank and
a spec; verify reads a credential. Arbitrary bytes and mutated valid files give 0 (read), 1
(read, but no forms or not valid) or 2 (refused with one line).
"""

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import FUZZ, files
from hallmark.site.cli import run_file_verb

VALID = {
    "responses.csv": b"id,I1,I2\nc1,A,B\nc2,B,A\nc3,A,A\n",
    "scored.csv": b"id,I1,I2\nc1,1,0\nc2,0,1\nc3,1,1\nc4,0,0\n",
    "key.csv": b"item,key\nI1,A\nI2,B\n",
    "params.csv": b"item,a,b,c,d\nI1,1,0,0,0\nI2,1.2,-0.5,0,0\n",
    "bank.csv": b"item,domain,competency,status,b\nI1,D1,1.1,operational,-0.5\n"
    b"I2,D1,1.1,operational,0.3\n",
    "spec.json": b'{"forms": 1}',
    "placements.csv": b"panelist,round,page\nann,1,2\nbob,1,2\n",
    "judged.csv": b"total,judgement\n3,qualified\n1,not qualified\n2,borderline\n",
    "credential.json": b'{"@context": ["https://www.w3.org/ns/credentials/v2"], "type": []}',
}
RUNS = [
    ("analyze", "responses.csv", ["responses.csv", "--key", "key.csv"]),
    ("analyze", "key.csv", ["responses.csv", "--key", "key.csv"]),
    ("calibrate", "scored.csv", ["scored.csv", "--model", "rasch", "--max-iter", "5"]),
    ("theta", "params.csv", ["scored.csv", "--params", "params.csv"]),
    ("assemble", "bank.csv", ["bank.csv", "--spec", "spec.json", "--forms", "1"]),
    ("assemble", "spec.json", ["bank.csv", "--spec", "spec.json", "--forms", "1"]),
    ("verify", "credential.json", ["credential.json"]),
    ("standard-setting", "placements.csv", ["bookmark", "params.csv", "placements.csv"]),
    ("standard-setting", "params.csv", ["bookmark", "params.csv", "placements.csv"]),
    ("standard-setting", "judged.csv", ["contrasting-groups", "judged.csv"]),
    ("standard-setting", "judged.csv", ["borderline-group", "judged.csv"]),
]


@pytest.mark.parametrize(("verb", "fuzzed", "argv"), RUNS)
@FUZZ
@given(data=st.data())
def test_a_file_verb_exits_with_a_status_on_any_file(
    tmp_path: Path, monkeypatch, capsys, verb: str, fuzzed: str, argv: list[str], data
) -> None:
    monkeypatch.chdir(tmp_path)
    for name, content in VALID.items():
        (tmp_path / name).write_bytes(content)
    (tmp_path / fuzzed).write_bytes(data.draw(files(VALID[fuzzed])))
    code = run_file_verb(verb, argv)
    err = capsys.readouterr().err
    assert code in (0, 1, 2), err
    if code == 2:
        # a verb with procedures names the procedure too: hallmark standard-setting bookmark
        assert re.search(rf"hallmark {verb}( [a-z-]+)?: error: ", err), err
