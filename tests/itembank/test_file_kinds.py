"""Recognising an item file from its first bytes."""

import io
import zipfile

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallmark.itembank import transfer
from hallmark.itembank.interchange.kinds import WrongFile, format_of, recognise


def zipped(*names: str, mimetype: bytes = b"") -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        if mimetype:
            package.writestr("mimetype", mimetype)
        for name in names:
            package.writestr(name, b"<x/>")
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "qti"])
def test_the_banks_own_exports_are_recognised(program, make_item, cast, fmt) -> None:
    make_item()
    data, _ = transfer.export_items(program, fmt, cast.manager)
    assert recognise("bank", data) == fmt


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"RIFF\x10\x00\x00\x00WEBPVP8 ", "a WebP image"),
        (b"{\\rtf1\\ansi", "an RTF document"),
        (b"\x1f\x8b\x08\x00", "a gzip archive"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "an Office 97-2003 document"),
        (zipped("[Content_Types].xml", "word/document.xml"), "a Word document"),
        (zipped("content.xml", mimetype=b"application/vnd.oasis"), "an OpenDocument file"),
    ],
)
def test_other_files_are_named(data, kind) -> None:
    with pytest.raises(WrongFile, match=f"^f is {kind}"):
        recognise("f", data)


def test_a_single_qti_item_and_a_csv_with_a_bom_are_item_files() -> None:
    assert recognise("q.xml", b'\xef\xbb\xbf  <?xml version="1.0"?><qti-assessment-item/>') == "qti"
    assert recognise("q.csv", b"\xef\xbb\xbfcompetency,stem\n") == "csv"
    assert recognise("items.zip", zipped("imsmanifest.xml")) == "qti"


def test_a_name_with_a_line_break_stays_on_one_line() -> None:
    with pytest.raises(WrongFile) as wrong:
        format_of("a\nb.png", b"\x89PNG\r\n\x1a\n")
    assert "\n" not in str(wrong.value) and str(wrong.value).startswith("a\\nb.png is a PNG")


@given(st.binary(max_size=200), st.sampled_from(["", "csv", "qti"]))
def test_any_bytes_get_a_format_or_a_sentence(data, chosen) -> None:
    try:
        found = format_of("f", data, chosen)
    except WrongFile as wrong:
        assert str(wrong).startswith("f is ")
    else:
        assert found in {"csv", "qti"} and chosen in {"", found}
