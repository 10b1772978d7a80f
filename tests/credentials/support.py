"""Test data and helpers shared by the credentials tests (fixtures are in conftest.py)."""

import json
import zlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from hallmark.credentials import (
    BitstringStatusListEntry,
    CredentialAward,
    StatusPurpose,
    make_credential_number,
)

DATA = Path(__file__).parent / "data"

ISSUER_ID = "https://cert.example.org/issuer"
REVOCATION_LIST = "https://cert.example.org/status/revocation/1"
SUSPENSION_LIST = "https://cert.example.org/status/suspension/1"
# Verification runs at a fixed moment inside every test credential's cycle.
NOW = datetime(2026, 6, 30, 12, 0, tzinfo=UTC)


def load_json(relative: str) -> Any:
    return json.loads((DATA / relative).read_text(encoding="utf-8"))


def read_text(relative: str) -> str:
    return (DATA / relative).read_text(encoding="utf-8")


def make_award(**changes: Any) -> CredentialAward:
    award = CredentialAward(
        credential_id="https://cert.example.org/registry/CESP-000123-02",
        credential_number=make_credential_number("CESP", 123),
        kind="certification",
        designation="CESP",
        achievement_id="https://cert.example.org/programs/cesp",
        achievement_name="Certified Employment Support Professional",
        achievement_description=(
            "Has shown the competencies of employment support for people with disabilities, "
            "measured by the CESP exam against the national standards."
        ),
        criteria="Meet the eligibility requirements and pass the CESP exam.",
        holder_email="jordan.lee@example.org",
        valid_from=datetime(2025, 1, 15, tzinfo=UTC),
        valid_until=datetime(2028, 1, 15, tzinfo=UTC),
        salt="e7b1c0a5d2f34b6c",
        status=(BitstringStatusListEntry(REVOCATION_LIST, 94567, StatusPurpose.REVOCATION),),
    )
    return replace(award, **changes)


# --- hostile documents: work that a verifier must refuse ---------------------------------

# A term for links between blank nodes, defined inline so that no term is dropped.
LINK_CONTEXT = {"link": {"@id": "https://example.org/vocab#link", "@type": "@id"}}


def linked_blank_nodes(size: int = 12) -> list[dict[str, Any]]:
    """``size`` blank nodes, each linked to the next ``size // 2`` around a circle: every pair
    is linked and every node looks like every other, so RDFC-1.0 must try their orders."""
    ids = [f"_:{chr(ord('a') + i)}" for i in range(size)]
    return [
        {"id": ids[i], "link": [ids[(i + step) % size] for step in range(1, size // 2 + 1)]}
        for i in range(size)
    ]


def with_linked_cluster(credential: dict[str, Any], size: int = 12) -> dict[str, Any]:
    """A copy of a signed credential carrying the cluster in its credentialSubject."""
    hostile = json.loads(json.dumps(credential))
    hostile["@context"] = [*hostile["@context"], LINK_CONTEXT]
    hostile["credentialSubject"]["link"] = linked_blank_nodes(size)
    return hostile


def nested(depth: int) -> dict[str, Any]:
    """An object nested ``depth`` levels deep under a term with an absolute IRI."""
    inner: dict[str, Any] = {}
    for _ in range(depth):
        inner = {"https://example.org/vocab#inner": inner}
    return inner


def with_deep_nesting(credential: dict[str, Any], depth: int = 900) -> dict[str, Any]:
    hostile = json.loads(json.dumps(credential))
    hostile["credentialSubject"]["https://example.org/vocab#inner"] = nested(depth)
    return hostile


def stop_the_limits_clock(monkeypatch: Any) -> None:
    """Freeze the verification deadline's clock, so a test of the step budget is refused by the
    steps even on a machine too busy to take them within the 1 s deadline."""
    from hallmark.credentials import _limits

    monkeypatch.setattr(_limits, "time", SimpleNamespace(monotonic=lambda: 0.0))


# --- badge images to bake credentials into, written byte by byte --------------------------

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_chunk(kind: bytes, data: bytes) -> bytes:
    """A PNG chunk as the PNG specification lays it out: length, type, data, CRC-32."""
    return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")


def tiny_png(*extra_chunks: bytes) -> bytes:
    """A 1 x 1 opaque white PNG (8-bit RGB), with ``extra_chunks`` before its IEND."""
    header = (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0])
    row = b"\x00\xff\xff\xff"  # filter type 0, then one RGB pixel
    # A zlib stream with one stored (uncompressed) deflate block, so that every byte is known:
    # header 78 01, final stored block, its length and the length's complement, the row, Adler-32.
    pixels = b"\x78\x01\x01\x04\x00\xfb\xff" + row + zlib.adler32(row).to_bytes(4, "big")
    return (
        PNG_SIGNATURE
        + png_chunk(b"IHDR", header)
        + png_chunk(b"IDAT", pixels)
        + b"".join(extra_chunks)
        + png_chunk(b"IEND", b"")
    )


TINY_SVG = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'
    b'  <circle cx="5" cy="5" r="4" fill="#1d4f91"/>\n'
    b"</svg>\n"
)
