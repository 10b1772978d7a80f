"""The CSV readers: what they return, and the one-line errors for bad files."""

import csv
import io as stdio
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallmark.psychometrics import io
from hallmark.psychometrics.io import (
    InputFileError,
    read_domains,
    read_encoded,
    read_key,
    read_responses,
    read_scored,
)


def write(tmp_path: Path, text: str, name: str = "responses.csv", raw: bytes | None = None) -> Path:
    path = tmp_path / name
    path.write_bytes(raw if raw is not None else text.encode("utf-8"))
    return path


def expected_from_csv(text: str, freq: str | None = None) -> tuple[list[str], list[str], list]:
    """An independent reading with the csv module: ids, item names, stripped cell rows."""
    records = [r for r in csv.reader(stdio.StringIO(text)) if r and any(c.strip() for c in r)]
    header = [c.strip() for c in records[0]]
    keep = [i for i, name in enumerate(header) if i > 0 and name != freq]
    ids = [r[0].strip() for r in records[1:]]
    cells = [[r[i].strip() for i in keep] for r in records[1:]]
    return ids, [header[i] for i in keep], cells


# ---------------------------------------------------------------------------------------------
# what the readers return


def test_it_reads_option_responses_with_blank_and_not_reached(tmp_path: Path) -> None:
    path = write(tmp_path, "id,Q1,Q2,Q3\nc1,A,B,\nc2,B,.,C\nc3,,,\n")
    table = read_responses(path)
    assert table.ids == ["c1", "c2", "c3"]
    assert table.items == ["Q1", "Q2", "Q3"]
    assert table.responses.tolist() == [["A", "B", ""], ["B", ".", "C"], ["", "", ""]]
    assert table.weights.tolist() == [1.0, 1.0, 1.0]


def test_it_takes_the_frequency_column_out_of_the_items(tmp_path: Path) -> None:
    path = write(tmp_path, "pattern,Q1,n,Q2\np1,1,3,0\np2,0,2.5,1\n")
    table = read_scored(path, freq_column="n")
    assert table.items == ["Q1", "Q2"]
    assert table.weights.tolist() == [3.0, 2.5]
    assert table.scores.tolist() == [[1.0, 0.0], [0.0, 1.0]]


def test_it_reads_scores_with_blank_as_nan(tmp_path: Path) -> None:
    table = read_scored(write(tmp_path, "id,a,b\nx,1,\ny,0,1\n"))
    assert table.scores[0, 0] == 1.0
    assert np.isnan(table.scores[0, 1])
    assert table.scores[1].tolist() == [0.0, 1.0]
    assert table.scores.dtype == np.float64


def test_it_codes_trailing_blanks_as_not_reached_when_encoding(tmp_path: Path) -> None:
    path = write(tmp_path, "id,Q1,Q2,Q3,Q4\nc1,A,,B,\nc2,,,,\nc3,A,B,C,D\n")
    table = read_encoded(path)
    assert table.encoded.options == ["A", "B", "C", "D"]
    # c1: Q2 omitted (answered later), Q4 trailing -> not reached; c2 reached nothing
    assert table.encoded.codes.tolist() == [[1, 0, 2, 255], [255] * 4, [1, 2, 3, 4]]
    kept = read_encoded(path, trailing_not_reached=False)
    assert kept.encoded.codes[0].tolist() == [1, 0, 2, 0]


@pytest.mark.parametrize(
    "raw",
    [
        b"id,Q1,Q2\r\nc1,A,B\r\nc2,B,\r\n",  # CRLF
        b"\xef\xbb\xbfid,Q1,Q2\nc1,A,B\nc2,B,\n",  # byte-order mark
        b'"id","Q1","Q2"\n"c1","A","B"\n"c2","B",""\n',  # quoted: the csv module path
        b"id , Q1 , Q2\nc1 , A , B\nc2, B ,\n",  # spaces around values
        b"id,Q1,Q2\nc1,A,B\n\nc2,B,",  # a blank line, no final newline
    ],
)
def test_it_reads_the_same_table_from_any_csv_dialect(tmp_path: Path, raw: bytes) -> None:
    table = read_responses(write(tmp_path, "", raw=raw))
    assert table.ids == ["c1", "c2"]
    assert table.items == ["Q1", "Q2"]
    assert table.responses.tolist() == [["A", "B"], ["B", ""]]


def test_it_reads_multi_character_options(tmp_path: Path) -> None:
    table = read_responses(write(tmp_path, "id,Q1,Q2\nc1,10,2\nc2,1,NR\n"))
    assert table.responses.tolist() == [["10", "2"], ["1", "NR"]]


cell = st.sampled_from(["A", "B", "C", "", ".", "10", "b"])


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.lists(cell, min_size=3, max_size=3), min_size=1, max_size=30),
    block=st.sampled_from([16, 40, 97, 1 << 20]),
    quote_from=st.one_of(st.none(), st.integers(0, 29)),
    crlf=st.booleans(),
)
def test_it_reads_what_the_csv_module_reads_whatever_the_blocks(
    tmp_path_factory: pytest.TempPathFactory,
    rows: list[list[str]],
    block: int,
    quote_from: int | None,
    crlf: bool,
) -> None:
    lines = ["id,Q1,Q2,Q3"]
    for i, row in enumerate(rows):
        cells = [f"c{i}", *row]
        if quote_from is not None and i >= quote_from:
            cells = [f'"{c}"' for c in cells]
        lines.append(",".join(cells))
    text = ("\r\n" if crlf else "\n").join(lines) + "\n"
    path = write(tmp_path_factory.mktemp("blocks"), text)
    with mock.patch.object(io, "_BLOCK_BYTES", block):
        table = read_responses(path)
    ids, items, cells_read = expected_from_csv(text)
    assert table.ids == ids
    assert table.items == items
    assert table.responses.tolist() == cells_read


def test_it_reports_bytes_read_to_a_progress_callback(tmp_path: Path) -> None:
    text = "id,Q1\n" + "".join(f"c{i},A\n" for i in range(200))
    seen: list[int] = []
    with mock.patch.object(io, "_BLOCK_BYTES", 256):
        read_encoded(write(tmp_path, text), progress=seen.append)
    assert len(seen) > 1
    assert sum(seen) == len(text) - len("id,Q1\n")


# ---------------------------------------------------------------------------------------------
# bad files: one line naming file, row and column


@pytest.mark.parametrize(
    ("text", "row", "column", "words"),
    [
        ("", None, None, "file is empty"),
        ("id,Q1\n", None, None, "no data rows"),
        ("id\nc1\n", 1, None, "no item columns"),
        ("id,Q1,Q1\nc1,1,0\n", 1, "Q1", "appears twice"),
        ("id,Q1,,Q3\nc1,1,0,1\n", 1, None, "column 3 has no name"),
        ("id,Q1,Q2\nc1,1,0\nc2,1\n", 3, None, "2 values, expected 3"),
        ("id,Q1,Q2\nc1,1,0\nc2,0,x\n", 3, "Q2", "value 'x' is not 0 or 1"),
        ("id,Q1,Q2\nc1,1,2\nc2,7,1\n", 2, "Q2", "value '2' is not 0 or 1"),
        ("id,Q1,Q2\nc1,1,0\nc1,0,1\n", 3, "id", "id 'c1' already used in row 2"),
        ("id,Q1,Q2\nc1,1,0\n,0,1\n", 3, "id", "id is blank"),
        ("id,Q1,Q2\nc1,1,.\n", 2, "Q2", "value '.' is not 0 or 1"),
    ],
)
def test_it_names_the_row_and_column_of_a_bad_scored_file(
    tmp_path: Path, text: str, row: int | None, column: str | None, words: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(InputFileError) as caught:
        read_scored(path)
    error = caught.value
    assert (error.row, error.column) == (row, column)
    assert words in str(error)
    assert str(error).startswith(str(path))
    assert "\n" not in str(error)


def test_it_names_rows_correctly_after_blank_lines_and_blocks(tmp_path: Path) -> None:
    text = "id,Q1\n" + "".join(f"c{i},1\n" for i in range(50)) + "\n\nbad,7\n"
    with mock.patch.object(io, "_BLOCK_BYTES", 64), pytest.raises(InputFileError) as caught:
        read_scored(write(tmp_path, text))
    assert (caught.value.row, caught.value.column) == (54, "Q1")


def test_the_message_reads_file_row_column_reason(tmp_path: Path) -> None:
    path = write(tmp_path, "id,Q1,Q2,Q3\nc1,1,0,1\nc2,1,1,1\nc3,0,0,0\nc4,1,0,x\n")
    with pytest.raises(InputFileError) as caught:
        read_scored(path)
    assert str(caught.value) == f"{path} row 5, column 'Q3': value 'x' is not 0 or 1"


@pytest.mark.parametrize("value", ["0", "-1", "x", "", "inf"])
def test_it_refuses_a_frequency_that_is_not_a_positive_number(tmp_path: Path, value: str) -> None:
    path = write(tmp_path, f"id,Q1,f\nc1,1,2\nc2,0,{value}\n")
    with pytest.raises(InputFileError) as caught:
        read_scored(path, freq_column="f")
    assert (caught.value.row, caught.value.column) == (3, "f")
    assert "not a positive number" in str(caught.value)


def test_it_names_a_missing_frequency_column(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match="no frequency column 'n'"):
        read_scored(write(tmp_path, "id,Q1\nc1,1\n"), freq_column="n")


def test_it_refuses_a_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = write(tmp_path, "", raw=b"id,Q1\n\xff\xfe,1\n")
    with pytest.raises(InputFileError, match="not UTF-8"):
        read_scored(path)


def test_it_refuses_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputFileError) as caught:
        read_scored(tmp_path / "nope.csv")
    assert caught.value.row is None
    assert "nope.csv" in str(caught.value)


# ---------------------------------------------------------------------------------------------
# keys and domains


def test_it_reads_keys_with_several_options_and_dropped_items(tmp_path: Path) -> None:
    path = write(tmp_path, "item,key\nQ1,A\nQ2, B|D \nQ3,*\n", "key.csv")
    assert read_key(path) == {
        "Q1": frozenset({"A"}),
        "Q2": frozenset({"B", "D"}),
        "Q3": frozenset(),
    }


@pytest.mark.parametrize(
    ("text", "row", "column", "words"),
    [
        ("item,answer\nQ1,A\n", 1, None, "no column 'key'"),
        ("item,key\nQ1,\n", 2, "key", "blank (write * to drop it)"),
        ("item,key\nQ1,A\nQ1,B\n", 3, "item", "already listed in row 2"),
        ("item,key\nQ1,A\nQ9,B\n", 3, "item", "'Q9' is not a column of the response file"),
        ("item,key\nQ1,A|\n", 2, "key", "blank or reserved option"),
        ("item,key\n", 1, None, "no keys"),
    ],
)
def test_it_names_the_problem_in_a_key_file(
    tmp_path: Path, text: str, row: int | None, column: str | None, words: str
) -> None:
    with pytest.raises(InputFileError) as caught:
        read_key(write(tmp_path, text, "key.csv"), items=["Q1"])
    assert (caught.value.row, caught.value.column) == (row, column)
    assert words in str(caught.value)


def test_it_names_the_items_that_have_no_key(tmp_path: Path) -> None:
    with pytest.raises(InputFileError, match=r"no key for item\(s\) 'Q2', 'Q3'"):
        read_key(write(tmp_path, "item,key\nQ1,A\n", "key.csv"), items=["Q1", "Q2", "Q3"])


def test_it_reads_domains_and_checks_their_items(tmp_path: Path) -> None:
    path = write(tmp_path, "item,domain\nQ1,Intake\nQ2,Job search\n", "domains.csv")
    assert read_domains(path, items=["Q1", "Q2", "Q3"]) == {"Q1": "Intake", "Q2": "Job search"}
    with pytest.raises(InputFileError) as caught:
        read_domains(path, items=["Q1"])
    assert (caught.value.row, caught.value.column) == (3, "item")


def test_it_refuses_more_option_labels_than_a_byte_can_code(tmp_path: Path) -> None:
    text = "id,Q1\n" + "".join(f"c{i},L{i:03d}\n" for i in range(255))
    with pytest.raises(InputFileError, match="at most 254 distinct labels") as caught:
        read_responses(write(tmp_path, text))
    assert (caught.value.row, caught.value.column) == (256, "Q1")
