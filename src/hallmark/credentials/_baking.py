"""Baked badges: a signed credential carried inside its badge image (Open Badges 3.0, 5.3).

A PNG carries it in one ``iTXt`` chunk with the keyword ``openbadgecredential``, uncompressed,
before ``IEND``; an SVG in one ``<openbadges:credential>`` element (namespace
https://purl.imsglobal.org/ob/v3p0) right after the opening ``<svg>`` tag, the JSON inside
CDATA, or a VC-JWT in its ``verify`` attribute. An image carries exactly one credential.

Images come from anyone, so reading one is bounded: its size first; then every PNG chunk's
length and CRC; an SVG is parsed without entities, internal DTDs or network access.
"""

import json
import re
import struct
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from lxml import etree

from ._errors import CredentialError

__all__ = [
    "MAX_BADGE_BYTES",
    "OB3_BAKING_NAMESPACE",
    "PNG_KEYWORD",
    "BadgeFormat",
    "BakedCredential",
    "BakingError",
    "PngChunk",
    "ProofFormat",
    "badge_format",
    "bake",
    "png_chunks",
    "read_svg",
    "unbake",
]

OB3_BAKING_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
PNG_KEYWORD = "openbadgecredential"
# A badge is a picture and a credential of a few KB: 4 MiB leaves any real one a wide margin.
MAX_BADGE_BYTES = 4 * 1024 * 1024

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SVG_NAMESPACE = "http://www.w3.org/2000/svg"
_CREDENTIAL_TAG = f"{{{OB3_BAKING_NAMESPACE}}}credential"
_PREFIX = "openbadges"
# Open Badges 2.0 baked an assertion under these names: named when found, never read as 3.0.
_OB2_KEYWORD = b"openbadges"
_OB2_TAG = "{http://openbadges.org}assertion"
_TEXT_CHUNKS = (b"iTXt", b"tEXt", b"zTXt")
_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+")
_MAX_CHUNK_LENGTH = 2**31 - 1  # the PNG specification's bound on a chunk's length


class BakingError(CredentialError):
    """An image that cannot be baked or read: not a PNG or SVG, corrupt, too large, or it
    carries no credential or more than one. The message says what and where."""


class BadgeFormat(StrEnum):
    """The two image formats a credential can be baked into."""

    PNG = "png"
    SVG = "svg"

    @property
    def content_type(self) -> str:
        return "image/png" if self is BadgeFormat.PNG else "image/svg+xml"


class ProofFormat(StrEnum):
    """How a baked credential is signed: JSON with an embedded proof, or a VC-JWT."""

    EMBEDDED = "embedded"
    JWT = "jwt"


@dataclass(frozen=True)
class BakedCredential:
    """What an image carries: the credential's text (JSON, or a compact JWS) and where from."""

    format: BadgeFormat
    text: str
    proof_format: ProofFormat


@dataclass(frozen=True)
class PngChunk:
    """One chunk of a PNG datastream; ``offset`` is where its length field starts."""

    type: bytes
    data: bytes
    offset: int

    @property
    def end(self) -> int:
        return self.offset + 12 + len(self.data)

    @property
    def name(self) -> str:
        return self.type.decode("latin-1")


def badge_format(data: bytes) -> BadgeFormat | None:
    """PNG or SVG, told from the bytes (never a file name); None for anything else."""
    if data.startswith(PNG_SIGNATURE):
        return BadgeFormat.PNG
    head = data[:256].lstrip(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"<") and b"<svg" in data:
        return BadgeFormat.SVG
    return None


def _format_of(data: bytes) -> BadgeFormat:
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"an image is bytes, not {type(data).__name__}")
    found = badge_format(bytes(data))
    if found is None:
        raise BakingError("not a PNG or SVG image (only those two formats carry a credential)")
    return found


def _too_large(data: bytes, max_bytes: int) -> None:
    if len(data) > max_bytes:
        raise BakingError(
            f"refused: the image is {len(data):,} bytes, more than the {max_bytes:,} "
            "a badge image may have"
        )


def _credential_text(credential: Mapping[str, Any] | str) -> tuple[str, ProofFormat]:
    """The text a credential is baked as: compact JSON, or the compact JWS as it is."""
    if isinstance(credential, Mapping):
        text = json.dumps(credential, separators=(",", ":"), ensure_ascii=False)
        return _UNCARRIED.sub(_escaped, text), ProofFormat.EMBEDDED
    if isinstance(credential, str) and _JWS.fullmatch(credential.strip()):
        return credential.strip(), ProofFormat.JWT
    raise BakingError(
        "a credential to bake is a JSON object (with an embedded proof) or a compact JWS (VC-JWT)"
    )


# Characters that neither UTF-8 (lone surrogates) nor XML (U+FFFE, U+FFFF) can carry; JSON
# escapes control characters itself. Outside strings JSON text is ASCII, so these are inside
# strings, where their \u escape is the same character.
_UNCARRIED = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _escaped(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def _proof_format(text: str, where: str) -> ProofFormat:
    if not text:
        raise BakingError(f"{where} is empty: the image carries no credential")
    if text.startswith("{"):
        return ProofFormat.EMBEDDED
    if _JWS.fullmatch(text):
        return ProofFormat.JWT
    raise BakingError(f"{where} holds neither a JSON credential nor a compact JWS")


def bake(image: bytes, credential: Mapping[str, Any] | str) -> bytes:
    """The image with the credential baked in: ``credential`` is the signed document (JSON with
    its proof) or a compact JWS (VC-JWT). A credential already baked in is replaced, as the
    specification allows, so that the image carries exactly one."""
    text, proof = _credential_text(credential)
    if _format_of(image) is BadgeFormat.PNG:
        return _bake_png(bytes(image), text)
    return _bake_svg(bytes(image), text, proof)


def unbake(data: bytes, *, max_bytes: int = MAX_BADGE_BYTES) -> BakedCredential:
    """The credential a baked image carries.

    Raises:
        BakingError: the image is larger than ``max_bytes``, not a PNG or SVG, corrupt (a PNG
            chunk whose CRC does not match, a truncated stream, XML that is not well-formed or
            declares entities), or carries no credential or more than one.
    """
    if not isinstance(data, (bytes, bytearray)):
        raise TypeError(f"an image is bytes, not {type(data).__name__}")
    _too_large(data, max_bytes)
    if _format_of(data) is BadgeFormat.PNG:
        return _unbake_png(bytes(data))
    return _unbake_svg(bytes(data))


# --- PNG ------------------------------------------------------------------------------------


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    """A chunk as it is written: length, type, data, and the CRC of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_chunks(data: bytes) -> list[PngChunk]:
    """Every chunk of a PNG, each checked: its length within the stream, a type of four
    letters, its CRC; IHDR first, IEND last, and nothing after IEND.

    Raises:
        BakingError: naming the chunk (its number, type and byte offset) and what is wrong.
    """
    if not data.startswith(PNG_SIGNATURE):
        raise BakingError("not a PNG image (it does not start with the PNG signature)")
    chunks: list[PngChunk] = []
    offset = len(PNG_SIGNATURE)
    while not chunks or chunks[-1].type != b"IEND":
        chunks.append(_chunk_at(data, offset, len(chunks) + 1))
        offset = chunks[-1].end
    if chunks[0].type != b"IHDR":
        raise BakingError(f"the PNG is corrupt: its first chunk is {chunks[0].name}, not IHDR")
    if offset != len(data):
        raise BakingError(f"the PNG is corrupt: {len(data) - offset:,} bytes follow its IEND chunk")
    return chunks


def _chunk_at(data: bytes, offset: int, number: int) -> PngChunk:
    where = f"chunk {number} (at byte {offset:,})"
    if offset + 12 > len(data):
        raise BakingError(f"the PNG is truncated: {where} is cut off before its IEND chunk")
    length, kind = struct.unpack_from(">I4s", data, offset)
    if not kind.isalpha():
        raise BakingError(f"the PNG is corrupt: {where} has no chunk type ({kind!r})")
    if length > _MAX_CHUNK_LENGTH or offset + 12 + length > len(data):
        raise BakingError(
            f"the PNG is truncated: {where}, {kind.decode()}, says it has {length:,} bytes "
            f"and only {max(0, len(data) - offset - 12):,} follow"
        )
    body = data[offset + 8 : offset + 8 + length]
    (stored,) = struct.unpack_from(">I", data, offset + 8 + length)
    computed = zlib.crc32(kind + body)
    if stored != computed:
        raise BakingError(
            f"the PNG is corrupt: {where}, {kind.decode()}, fails its CRC (it says "
            f"0x{stored:08x}, its bytes give 0x{computed:08x})"
        )
    return PngChunk(kind, body, offset)


def _keyword(chunk: PngChunk) -> bytes:
    return chunk.data.split(b"\0", 1)[0] if chunk.type in _TEXT_CHUNKS else b""


def _international_text(text: str) -> bytes:
    """An iTXt chunk's data: keyword, NUL, compression flag 0 and method 0 (uncompressed, as
    the specification requires), an empty language tag and translated keyword, each ended by
    NUL, then the text in UTF-8."""
    return PNG_KEYWORD.encode("latin-1") + b"\0" + b"\0\0" + b"\0" + b"\0" + text.encode("utf-8")


def _bake_png(image: bytes, text: str) -> bytes:
    chunks = png_chunks(image)
    kept = [c for c in chunks if _keyword(c) != PNG_KEYWORD.encode()]
    body = b"".join(image[c.offset : c.end] for c in kept[:-1])
    return (
        PNG_SIGNATURE
        + body
        + _png_chunk(b"iTXt", _international_text(text))
        + _png_chunk(b"IEND", b"")
    )


def _unbake_png(data: bytes) -> BakedCredential:
    chunks = png_chunks(data)
    ours = [c for c in chunks if _keyword(c) == PNG_KEYWORD.encode()]
    if len(ours) > 1:
        at = ", ".join(f"{c.offset:,}" for c in ours)
        raise BakingError(
            f"the PNG carries {len(ours)} credentials (openbadgecredential chunks at bytes "
            f"{at}); a baked image carries exactly one"
        )
    if not ours:
        ob2 = any(_keyword(c) == _OB2_KEYWORD for c in chunks)
        what = f"the PNG has no iTXt chunk with the keyword {PNG_KEYWORD}"
        raise BakingError(_nothing_baked(what, ob2))
    chunk = ours[0]
    where = f"the PNG's {chunk.name} chunk {PNG_KEYWORD} (at byte {chunk.offset:,})"
    if chunk.type != b"iTXt":
        raise BakingError(f"{where} is not an iTXt chunk, as the specification requires")
    text = _itxt_text(chunk.data, where)
    return BakedCredential(BadgeFormat.PNG, text, _proof_format(text, where))


def _itxt_text(data: bytes, where: str) -> str:
    _, _, rest = data.partition(b"\0")
    if len(rest) < 4:
        raise BakingError(f"{where} is malformed (it ends before its text)")
    compressed, method = rest[0], rest[1]
    _language, found_language, rest = rest[2:].partition(b"\0")
    _translated, found_translated, text = rest.partition(b"\0")
    if not (found_language and found_translated):
        raise BakingError(
            f"{where} is malformed (its language tag or translated keyword "
            "is not ended by a NUL byte)"
        )
    if compressed or method:
        raise BakingError(f"{where} is compressed, which the specification forbids")
    try:
        return text.decode("utf-8").strip()
    except UnicodeDecodeError as error:
        raise BakingError(
            f"{where}: its text is not UTF-8 ({error.reason} at byte {error.start})"
        ) from None


def _nothing_baked(what: str, ob2: bool) -> str:
    message = f"no credential is baked in: {what}"
    if ob2:
        message += (
            "; it carries an Open Badges 2.0 assertion, which is not an Open Badges 3.0 credential"
        )
    return message


# --- SVG ------------------------------------------------------------------------------------


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def read_svg(data: bytes, *, max_bytes: int = MAX_BADGE_BYTES) -> Any:
    """Parse an SVG image safely (no entities, no internal DTD, nothing fetched) and return its
    root ``<svg>`` element (an lxml element).

    Raises:
        BakingError: too large, not well-formed XML, a DOCTYPE with declarations, an entity
            reference, or a root that is not ``<svg>`` in the SVG namespace.
    """
    _too_large(data, max_bytes)
    try:
        root = etree.fromstring(bytes(data), _parser())
    except (etree.XMLSyntaxError, ValueError) as error:
        raise BakingError(f"the SVG is not well-formed XML ({error})") from None
    if root.getroottree().docinfo.internalDTD is not None:
        raise BakingError("the SVG declares a DTD of its own (entities are refused)")
    if any(True for _ in root.iter(etree.Entity)):
        raise BakingError("the SVG has entity references, which are refused")
    if root.tag != f"{{{SVG_NAMESPACE}}}svg":
        raise BakingError(
            f"not an SVG image: its root element is {etree.QName(root).text}, not svg in the "
            f"namespace {SVG_NAMESPACE}"
        )
    return root


def _bake_svg(image: bytes, text: str, proof: ProofFormat) -> bytes:
    root = read_svg(image)
    declared = root.nsmap.get(_PREFIX)
    if declared not in (None, OB3_BAKING_NAMESPACE):
        raise BakingError(
            f"the SVG already uses the prefix {_PREFIX}: for {declared}, not {OB3_BAKING_NAMESPACE}"
        )
    for old in list(root.iter(_CREDENTIAL_TAG)):
        old.getparent().remove(old)
    element = etree.Element(_CREDENTIAL_TAG, nsmap={_PREFIX: OB3_BAKING_NAMESPACE})
    if proof is ProofFormat.JWT:
        element.set("verify", text)
    else:
        # ">" never stands outside a JSON string, so "]]>" is inside one, where \u003e is the
        # same character: the CDATA section cannot be ended early.
        element.text = etree.CDATA(text.replace("]]>", "]]\\u003e"))
    element.tail = root.text
    root.text = "\n"
    root.insert(0, element)
    etree.cleanup_namespaces(root, top_nsmap={_PREFIX: OB3_BAKING_NAMESPACE})
    return bytes(etree.tostring(root.getroottree(), xml_declaration=True, encoding="UTF-8"))


def _unbake_svg(data: bytes) -> BakedCredential:
    root = read_svg(data)
    found = list(root.iter(_CREDENTIAL_TAG))
    if len(found) > 1:
        lines = ", ".join(str(e.sourceline) for e in found)
        raise BakingError(
            f"the SVG carries {len(found)} credentials (openbadges:credential elements on "
            f"lines {lines}); a baked image carries exactly one"
        )
    if not found:
        ob2 = any(True for _ in root.iter(_OB2_TAG))
        what = f"the SVG has no credential element in the namespace {OB3_BAKING_NAMESPACE}"
        raise BakingError(_nothing_baked(what, ob2))
    element = found[0]
    where = f"the SVG's openbadges:credential element (line {element.sourceline})"
    verify = element.get("verify")
    if verify is not None:
        text = verify.strip()
        if not _JWS.fullmatch(text):
            raise BakingError(f"{where}: its verify attribute is not a compact JWS")
        return BakedCredential(BadgeFormat.SVG, text, ProofFormat.JWT)
    text = (element.text or "").strip()
    return BakedCredential(BadgeFormat.SVG, text, _proof_format(text, where))
