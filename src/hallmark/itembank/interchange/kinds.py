"""What an uploaded file is, from its first bytes: an item file (CSV, QTI) or something else.

A newcomer uploads a logo, a PDF or a spreadsheet; the readers would answer with a parser's
complaint ("not well-formed XML"). This names the file's kind instead and says what is expected.
"""

import io
import zipfile

from hallmark.itembank.content import LINE_BREAKING
from hallmark.itembank.data import InterchangeFormat

EXPECTED = "upload a CSV file (.csv) or a QTI 3.0 package (.zip)"
SPREADSHEET = "save it as CSV UTF-8 and upload the .csv file"
MANIFEST = "imsmanifest.xml"
# Leading bytes of the files people upload by mistake, and how to name them.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"%PDF-", "a PDF document"),
    (b"\x7fELF", "a Linux program"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an Office 97-2003 document (.xls, .doc)"),
    (b"{\\rtf", "an RTF document"),
)
# Office Open XML and OpenDocument files are zips; a member name tells which one.
ZIPPED_DOCUMENTS: tuple[tuple[str, str], ...] = (
    ("xl/", "an Excel workbook"),
    ("word/", "a Word document"),
    ("ppt/", "a PowerPoint presentation"),
)
UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")


class WrongFile(ValueError):
    """An upload that is not an item file, or not in the format chosen; the message says why."""


def _riff_webp(data: bytes) -> bool:
    return data[:4] == b"RIFF" and data[8:12] == b"WEBP"


def _zip_refusal(name: str, data: bytes) -> str | None:
    """Why a zip is not a QTI package, or None when it has a manifest (or is too damaged to say)."""
    if data[:4] == b"PK\x05\x06":
        return f"{name} is an empty zip file: {EXPECTED}."
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            members = package.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return None  # the QTI reader says what is damaged
    if MANIFEST in members:
        return None
    if "mimetype" in members and any(m == "content.xml" for m in members):
        return f"{name} is an OpenDocument file, not an item file: {SPREADSHEET}."
    for prefix, kind in ZIPPED_DOCUMENTS:
        if any(m.startswith(prefix) for m in members):
            advice = SPREADSHEET if prefix == "xl/" else EXPECTED
            return f"{name} is {kind}, not an item file: {advice}."
    return (
        f"{name} is a zip file without {MANIFEST} at its top, so not a QTI package: "
        f"a QTI 3.0 package lists its items in {MANIFEST}; or upload a CSV file (.csv)."
    )


def _is_xml(data: bytes) -> bool:
    return data.removeprefix(b"\xef\xbb\xbf").lstrip()[:1] == b"<"


def shown(name: str) -> str:
    """A file name as a message shows it: one line, at most 100 characters."""
    name = LINE_BREAKING.sub(lambda found: repr(found.group())[1:-1], name)
    return name[:100] or "The file"


def recognise(name: str, data: bytes) -> str:
    """The format the bytes are in (csv or qti), or WrongFile naming what the file is."""
    name = shown(name)
    if not data:
        raise WrongFile(f"{name} is empty: {EXPECTED}.")
    if data[:2] == b"PK":
        refusal = _zip_refusal(name, data)
        if refusal is not None:
            raise WrongFile(refusal)
        return InterchangeFormat.QTI
    for signature, kind in SIGNATURES:
        if data.startswith(signature):
            raise WrongFile(f"{name} is {kind}, not an item file: {EXPECTED}.")
    if data[:2] == b"MZ" and b"\x00" in data[:64]:
        raise WrongFile(f"{name} is a Windows program, not an item file: {EXPECTED}.")
    if _riff_webp(data):
        raise WrongFile(f"{name} is a WebP image, not an item file: {EXPECTED}.")
    if data[:2] in UTF16_MARKS:
        raise WrongFile(f"{name} is UTF-16 text: {SPREADSHEET} (a CSV file is UTF-8).")
    if b"\x00" in data[:8192]:
        raise WrongFile(f"{name} is a binary file, not an item file: {EXPECTED}.")
    return InterchangeFormat.QTI if _is_xml(data) else InterchangeFormat.CSV


def _described(data: bytes) -> str:
    if data[:2] == b"PK":
        return "a zip file (a QTI package)"
    return "an XML file (a QTI item)" if _is_xml(data) else "text (a CSV file)"


def format_of(name: str, data: bytes, chosen: str = "") -> str:
    """The file's format, from its bytes; WrongFile when it is none, or not the one `chosen`."""
    found = recognise(name, data)
    if chosen and chosen != found:
        raise WrongFile(
            f"{shown(name)} is {_described(data)}, but the format chosen is {chosen.upper()}: "
            f"choose {found.upper()}, or let the file decide."
        )
    return found
