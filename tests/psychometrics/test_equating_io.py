"""Score files: the numpy path for plain files and the row-by-row path agree."""

import numpy as np
import pytest

from hallmark.psychometrics.equating import read_score_file
from hallmark.psychometrics.io import InputFileError


def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_bytes(text.encode())
    return path


def test_plain_quoted_and_crlf_files_read_alike(tmp_path):
    plain = write(tmp_path, "a.csv", "total,anchor\n10,4\n3,1\n12,6\n10,4\n")
    quoted = write(tmp_path, "b.csv", 'total,anchor\n"10", 4\n3,1\n\n12,"6"\n10,4\n')
    crlf = write(tmp_path, "c.csv", "total,anchor\r\n10,4\r\n3,1\r\n12,6\r\n10,4\r\n")
    tables = [read_score_file(p, anchor=True).counts for p in (plain, quoted, crlf)]
    assert tables[0].shape == (13, 7) and tables[0][10, 4] == 2
    for other in tables[1:]:
        np.testing.assert_array_equal(other, tables[0])


def test_frequency_tables_keep_fractional_counts(tmp_path):
    path = write(tmp_path, "f.csv", "score,count\n0,1.5\n2,3\n")
    np.testing.assert_array_equal(read_score_file(path).counts, [1.5, 0, 3])


@pytest.mark.parametrize(
    ("text", "row", "column"),
    [
        ("total,anchor\n10,4\n3,5\n", 3, "anchor"),  # anchor above total
        ("total,anchor\n10,4\n-3,1\n", 3, "total"),
        ("total,anchor\n10,4\n3,\n", 3, "anchor"),
        ("total,anchor\n10,4\n30,1\n", 3, "total"),  # above --x-max 20
    ],
)
def test_problems_in_plain_files_name_their_row(tmp_path, text, row, column):
    path = write(tmp_path, "x.csv", text)
    with pytest.raises(InputFileError) as caught:
        read_score_file(path, anchor=True, internal_anchor=True, max_score=20)
    assert (caught.value.row, caught.value.column) == (row, column)
