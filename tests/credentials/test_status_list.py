"""Bitstring Status List encoding, checked against the W3C specification's examples.

Source of the examples: W3C "Bitstring Status List v1.0", repository
w3c/vc-bitstring-status-list, index.html at 74fcae11e5b3 (data/bitstring-status-list/).
"""

import base64
import gzip
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credentials.support import ISSUER_ID, load_json
from hallmark.credentials import (
    MIN_STATUS_LIST_LENGTH,
    BitstringStatusList,
    BitstringStatusListEntry,
    CredentialError,
    StatusPurpose,
    build_status_list_credential,
)

SPEC_LIST = load_json("bitstring-status-list/example-status-list-credential.json")
SPEC_CREDENTIAL = load_json("bitstring-status-list/example-credential-with-status.json")


def gzip_bytes(encoded: str) -> bytes:
    body = encoded[1:]
    return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))


def test_the_spec_example_decodes_to_131072_clear_entries() -> None:
    decoded = BitstringStatusList.decode(SPEC_LIST["credentialSubject"]["encodedList"])
    assert decoded.length == 131_072 == MIN_STATUS_LIST_LENGTH
    assert decoded.set_indexes() == []
    assert decoded == BitstringStatusList()


def test_our_encoding_of_an_empty_list_is_the_spec_example_but_for_the_gzip_os_fields() -> None:
    ours = gzip_bytes(BitstringStatusList().encode())
    spec = gzip_bytes(SPEC_LIST["credentialSubject"]["encodedList"])
    # GZIP header bytes 8 and 9 (extra flags, operating system) name the compressor's
    # settings and platform; the magic, method, flags, mtime and the DEFLATE stream must agree.
    assert ours[:8] == spec[:8]
    assert ours[10:] == spec[10:]


def test_the_spec_example_entries_are_read() -> None:
    entries = [BitstringStatusListEntry.from_json(e) for e in SPEC_CREDENTIAL["credentialStatus"]]
    assert entries == [
        BitstringStatusListEntry(
            "https://example.com/credentials/status/3", 94567, StatusPurpose.REVOCATION
        ),
        BitstringStatusListEntry(
            "https://example.com/credentials/status/4", 23452, StatusPurpose.SUSPENSION
        ),
    ]
    assert [entry.to_json() for entry in entries] == SPEC_CREDENTIAL["credentialStatus"]


def test_the_first_index_is_the_leftmost_bit() -> None:
    status_list = BitstringStatusList()
    status_list.set(0)
    status_list.set(9)
    raw = gzip.decompress(gzip_bytes(status_list.encode()))
    assert raw[:2] == bytes([0b1000_0000, 0b0100_0000])


@settings(max_examples=40, deadline=None)
@given(
    indexes=st.sets(st.integers(0, 2 * MIN_STATUS_LIST_LENGTH - 1), max_size=60),
    cleared=st.sets(st.integers(0, 2 * MIN_STATUS_LIST_LENGTH - 1), max_size=10),
)
def test_round_trip(indexes: set[int], cleared: set[int]) -> None:
    status_list = BitstringStatusList(2 * MIN_STATUS_LIST_LENGTH)
    for index in indexes:
        status_list.set(index)
    for index in cleared:
        status_list.set(index, False)
    encoded = status_list.encode()
    assert encoded.startswith("u") and "=" not in encoded
    decoded = BitstringStatusList.decode(encoded)
    assert decoded == status_list
    assert decoded.set_indexes() == sorted(indexes - cleared)
    assert all(decoded.get(index) == (index in indexes - cleared) for index in indexes | cleared)


def test_a_list_shorter_than_the_minimum_is_refused() -> None:
    with pytest.raises(CredentialError, match="131072"):
        BitstringStatusList(1024)
    short = "u" + base64.urlsafe_b64encode(gzip.compress(bytes(128))).decode().rstrip("=")
    with pytest.raises(CredentialError, match="decoded list 1024"):
        BitstringStatusList.decode(short)


@pytest.mark.parametrize(
    ("encoded", "message"),
    [
        ("zH4sI", "multibase base64url"),
        ("uH4s+IA", "outside base64url"),
        ("u" + base64.urlsafe_b64encode(b"not gzip").decode().rstrip("="), "not GZIP"),
        (
            "u" + base64.urlsafe_b64encode(gzip.compress(bytes(2**25))).decode().rstrip("="),
            "inflates to more than",
        ),
    ],
)
def test_a_malformed_encoded_list_is_refused(encoded: str, message: str) -> None:
    with pytest.raises(CredentialError, match=message):
        BitstringStatusList.decode(encoded)


def test_an_index_outside_the_list_is_refused() -> None:
    with pytest.raises(IndexError, match="131072"):
        BitstringStatusList().set(MIN_STATUS_LIST_LENGTH)


def test_the_status_list_credential_has_the_spec_shape() -> None:
    status_list = BitstringStatusList()
    status_list.set(7)
    document = build_status_list_credential(
        url="https://cert.example.org/status/revocation/1",
        issuer=ISSUER_ID,
        purpose="revocation",
        status_list=status_list,
        valid_from=datetime(2026, 6, 1, tzinfo=UTC),
    )
    # Same keys and shape as the specification's example status list credential.
    assert set(document) == set(SPEC_LIST)
    assert set(document["credentialSubject"]) == set(SPEC_LIST["credentialSubject"])
    assert document["type"] == SPEC_LIST["type"]
    assert (
        document["credentialSubject"]["id"] == "https://cert.example.org/status/revocation/1#list"
    )
    assert BitstringStatusList.decode(document["credentialSubject"]["encodedList"]).get(7)
