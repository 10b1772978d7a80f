"""Baking a credential into a PNG or SVG badge and reading it back (Open Badges 3.0, 5.3)."""

import io
import json
import zlib
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree
from matplotlib.image import imread

from credentials.support import PNG_SIGNATURE, TINY_SVG, png_chunk, tiny_png
from hallmark.credentials import (
    OB3_BAKING_NAMESPACE,
    BadgeFormat,
    BakingError,
    ProofFormat,
    badge_format,
    bake,
    png_chunks,
    unbake,
)

CREDENTIAL = {
    "@context": ["https://www.w3.org/ns/credentials/v2"],
    "type": ["VerifiableCredential", "OpenBadgeCredential"],
    "name": "Certified Employment Support Professional — Señora Núñez",
    "proof": [{"type": "DataIntegrityProof", "proofValue": "z3abc"}],
}
JWS = "eyJhbGciOiJFZERTQSJ9.eyJpc3MiOiJodHRwczovL2NlcnQuZXhhbXBsZS5vcmcifQ.c2lnbmF0dXJl"


def split_chunks(png: bytes) -> list[tuple[int, bytes, bytes, int]]:
    """(length, type, data, CRC) of each chunk, read here without the code under test."""
    chunks, offset = [], len(PNG_SIGNATURE)
    while offset < len(png):
        length = int.from_bytes(png[offset : offset + 4], "big")
        kind = png[offset + 4 : offset + 8]
        data = png[offset + 8 : offset + 8 + length]
        crc = int.from_bytes(png[offset + 8 + length : offset + 12 + length], "big")
        chunks.append((length, kind, data, crc))
        offset += 12 + length
    return chunks


def itxt(keyword: bytes, text: bytes, compressed: int = 0) -> bytes:
    return png_chunk(b"iTXt", keyword + b"\0" + bytes([compressed, 0]) + b"\0\0" + text)


# --- PNG ------------------------------------------------------------------------------------


def test_a_png_gets_one_uncompressed_itxt_chunk_before_iend() -> None:
    original = tiny_png()
    baked = bake(original, CREDENTIAL)
    chunks = split_chunks(baked)
    assert [kind for _, kind, _, _ in chunks] == [b"IHDR", b"IDAT", b"iTXt", b"IEND"]
    # Everything before the new chunk is the original, byte for byte.
    assert baked.startswith(original[: -len(png_chunk(b"IEND", b""))])
    length, kind, data, crc = chunks[2]
    assert kind == b"iTXt"
    text = json.dumps(CREDENTIAL, separators=(",", ":"), ensure_ascii=False).encode("utf-8")
    # keyword, NUL, compression flag 0, method 0, empty language tag + NUL, empty
    # translated keyword + NUL, then the compact JSON in UTF-8
    assert data == b"openbadgecredential" + b"\x00" + b"\x00" + b"\x00" + b"\x00" + b"\x00" + text
    assert length == len(data) == 19 + 5 + len(text)
    assert crc == zlib.crc32(b"iTXt" + data)
    assert chunks[3] == (0, b"IEND", b"", 0xAE426082)  # the CRC every IEND has
    assert json.loads(data[24:]) == CREDENTIAL


def test_a_baked_png_is_still_the_same_picture() -> None:
    baked = bake(tiny_png(), CREDENTIAL)
    pixels = imread(io.BytesIO(baked), format="png")
    assert pixels.shape == (1, 1, 3) and pixels[0, 0].tolist() == [1.0, 1.0, 1.0]


def test_a_png_round_trip_gives_the_credential_back() -> None:
    baked = unbake(bake(tiny_png(), CREDENTIAL))
    assert (baked.format, baked.proof_format) == (BadgeFormat.PNG, ProofFormat.EMBEDDED)
    assert json.loads(baked.text) == CREDENTIAL


def test_baking_again_replaces_the_credential() -> None:
    twice = bake(bake(tiny_png(), {"first": 1}), CREDENTIAL)
    kinds = [kind for _, kind, _, _ in split_chunks(twice)]
    assert kinds.count(b"iTXt") == 1
    assert json.loads(unbake(twice).text) == CREDENTIAL


def test_a_vc_jwt_is_baked_as_its_compact_jws() -> None:
    baked = bake(tiny_png(), JWS)
    assert split_chunks(baked)[2][2].endswith(b"\x00\x00\x00\x00\x00" + JWS.encode())
    found = unbake(baked)
    assert (found.text, found.proof_format) == (JWS, ProofFormat.JWT)


def test_png_chunks_are_read_with_their_offsets() -> None:
    chunks = png_chunks(tiny_png())
    assert [(c.name, c.offset) for c in chunks] == [("IHDR", 8), ("IDAT", 33), ("IEND", 60)]


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (b'{"type": "VerifiableCredential"}', "not a PNG or SVG image"),
        (tiny_png(), "no credential is baked in: the PNG has no iTXt chunk"),
        (
            tiny_png(itxt(b"openbadgecredential", b"{}"), itxt(b"openbadgecredential", b"{}")),
            "the PNG carries 2 credentials (openbadgecredential chunks at bytes 60, 98)",
        ),
        (
            tiny_png(itxt(b"openbadgecredential", b"x\x9c\x03\x00", compressed=1)),
            "is compressed, which the specification forbids",
        ),
        (
            tiny_png(png_chunk(b"tEXt", b"openbadgecredential\x00{}")),
            "is not an iTXt chunk",
        ),
        (
            tiny_png(itxt(b"openbadges", b"{}")),
            "it carries an Open Badges 2.0 assertion",
        ),
        (tiny_png(itxt(b"openbadgecredential", b"")), "is empty"),
        (tiny_png(itxt(b"openbadgecredential", b"\xff\xfe")), "its text is not UTF-8"),
        (tiny_png(itxt(b"openbadgecredential", b"hello")), "neither a JSON credential nor"),
        (tiny_png() + b"junk", "4 bytes follow its IEND chunk"),
        (tiny_png()[:-6], "the PNG is truncated: chunk 3 (at byte 60) is cut off"),
        (PNG_SIGNATURE + png_chunk(b"IDAT", b"") + png_chunk(b"IEND", b""), "not IHDR"),
    ],
)
def test_unbaking_refuses_with_a_reason(image: bytes, message: str) -> None:
    with pytest.raises(BakingError) as raised:
        unbake(image)
    assert message in str(raised.value)


def test_a_corrupt_chunk_is_named_with_both_crcs() -> None:
    baked = bytearray(bake(tiny_png(), CREDENTIAL))
    at = baked.index(b"Professional")
    baked[at] = ord("p")  # one changed byte in the credential's text
    with pytest.raises(BakingError) as raised:
        unbake(bytes(baked))
    message = str(raised.value)
    assert message.startswith("the PNG is corrupt: chunk 3 (at byte 60), iTXt, fails its CRC")
    data = bytes(baked[60 + 8 : -12 - 4])
    assert f"its bytes give 0x{zlib.crc32(b'iTXt' + data):08x}" in message


def test_a_chunk_longer_than_the_file_is_truncation() -> None:
    png = bytearray(tiny_png())
    png[33:37] = (1_000_000).to_bytes(4, "big")  # the IDAT says it is a megabyte long
    with pytest.raises(BakingError, match="says it has 1,000,000 bytes"):
        unbake(bytes(png))


def test_a_too_large_image_is_refused_before_it_is_read() -> None:
    with pytest.raises(BakingError, match="refused: the image is 1,024 bytes, more than the 100"):
        unbake(b"\x00" * 1024, max_bytes=100)


def test_baking_needs_a_credential_and_an_image() -> None:
    with pytest.raises(BakingError, match=r"a JSON object .* or a compact JWS"):
        bake(tiny_png(), "not a token")
    with pytest.raises(BakingError, match="not a PNG or SVG image"):
        bake(b"GIF89a", CREDENTIAL)
    with pytest.raises(BakingError, match="fails its CRC"):
        bake(tiny_png()[:-1] + b"\x00", CREDENTIAL)


# --- SVG ------------------------------------------------------------------------------------


def test_an_svg_gets_the_credential_element_first_in_cdata() -> None:
    baked = bake(TINY_SVG, CREDENTIAL)
    root = etree.fromstring(baked)
    assert root.nsmap["openbadges"] == OB3_BAKING_NAMESPACE
    first = root[0]
    assert first.tag == f"{{{OB3_BAKING_NAMESPACE}}}credential"
    assert first.get("verify") is None
    assert json.loads(first.text) == CREDENTIAL
    assert b"<openbadges:credential><![CDATA[{" in baked
    assert root[1].tag == "{http://www.w3.org/2000/svg}circle"  # the picture is kept


def test_an_svg_round_trip_and_a_jwt_in_the_verify_attribute() -> None:
    baked = unbake(bake(TINY_SVG, CREDENTIAL))
    assert (baked.format, json.loads(baked.text)) == (BadgeFormat.SVG, CREDENTIAL)
    with_jwt = bake(TINY_SVG, JWS)
    assert etree.fromstring(with_jwt)[0].get("verify") == JWS
    assert unbake(with_jwt).proof_format is ProofFormat.JWT


def test_a_string_that_would_close_cdata_survives() -> None:
    credential = {"name": "a]]>b", "list": [[1]]}
    assert json.loads(unbake(bake(TINY_SVG, credential)).text) == credential


def test_baking_an_svg_again_replaces_the_credential() -> None:
    twice = bake(bake(TINY_SVG, {"first": 1}), CREDENTIAL)
    assert twice.count(b"<openbadges:credential") == 1
    assert json.loads(unbake(twice).text) == CREDENTIAL


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>"""
TWO = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="'
    + OB3_BAKING_NAMESPACE.encode()
    + b'">\n<openbadges:credential><![CDATA[{}]]></openbadges:credential>\n'
    b"<openbadges:credential><![CDATA[{}]]></openbadges:credential></svg>"
)


@pytest.mark.parametrize(
    ("image", "message"),
    [
        (TINY_SVG, "no credential is baked in: the SVG has no credential element"),
        (TWO, "the SVG carries 2 credentials (openbadges:credential elements on lines 2, 3)"),
        (BILLION_LAUGHS, "declares a DTD of its own"),
        (b"<svg><circle></svg>", "not well-formed XML"),
        (b'<html xmlns="http://www.w3.org/1999/xhtml"><svg/></html>', "its root element is"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:o="http://openbadges.org">'
            b"<o:assertion verify='x'/></svg>",
            "an Open Badges 2.0 assertion",
        ),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:o="'
            + OB3_BAKING_NAMESPACE.encode()
            + b'"><o:credential verify="not a token"/></svg>',
            "its verify attribute is not a compact JWS",
        ),
    ],
)
def test_unbaking_an_svg_refuses_with_a_reason(image: bytes, message: str) -> None:
    with pytest.raises(BakingError) as raised:
        unbake(image)
    assert message in str(raised.value)


def test_formats_are_told_from_the_bytes() -> None:
    assert badge_format(tiny_png()) is BadgeFormat.PNG
    assert badge_format(b"\xef\xbb\xbf  " + TINY_SVG) is BadgeFormat.SVG
    assert badge_format(b'{"svg": "<svg"}') is None
    assert BadgeFormat.SVG.content_type == "image/svg+xml"


# --- any credential, both formats -----------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=60, deadline=None)
@given(
    st.dictionaries(st.text(), JSON_VALUES, max_size=6),
    st.sampled_from(["png", "svg"]),
)
def test_any_json_object_comes_back_as_it_went_in(credential: dict[str, Any], kind: str) -> None:
    image = tiny_png() if kind == "png" else TINY_SVG
    assert json.loads(unbake(bake(image, credential)).text) == credential


def test_characters_xml_cannot_carry_are_escaped_in_the_json() -> None:
    credential = {"name": "\ud800 \ufffe \x00 \x7f"}
    for image in (tiny_png(), TINY_SVG):
        baked = bake(image, credential)
        assert b"\\ud800" in baked and b"\\ufffe" in baked and b"\\u0000" in baked
        assert json.loads(unbake(baked).text) == credential
