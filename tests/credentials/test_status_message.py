"""Multi-bit status entries and the "message" purpose (Bitstring Status List v1.0, 2.1 and
3.2): one 2-bit entry says valid (0x0), suspended (0x1) or revoked (0x2)."""

import gzip
from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from credentials.support import ISSUER_ID, NOW, make_award
from credentials.test_status_list import gzip_bytes
from hallmark.credentials import (
    EDDSA_JCS_2022,
    EDDSA_RDFC_2022,
    MIN_STATUS_LIST_LENGTH,
    SUSPENSION_REVOCATION_MESSAGES,
    BitstringStatusList,
    BitstringStatusListEntry,
    CredentialError,
    IssuerProfile,
    KeyPair,
    StatusMessage,
    StatusPurpose,
    build_open_badge,
    build_status_list_credential,
    open_badge_schema_errors,
    sign_credential,
    verify_credential,
)

LIST = "https://cert.example.org/credentials/status/1"
INDEX = 4242


def message_list(key: KeyPair, values: dict[int, int], **changes: Any) -> dict[str, Any]:
    bits = BitstringStatusList(changes.pop("length", MIN_STATUS_LIST_LENGTH), status_size=2)
    for index, value in values.items():
        bits.set_status(index, value)
    document = build_status_list_credential(
        url=LIST,
        issuer=ISSUER_ID,
        purpose=StatusPurpose.MESSAGE,
        status_list=bits,
        valid_from=datetime(2026, 6, 1, tzinfo=UTC),
        valid_until=datetime(2026, 7, 1, tzinfo=UTC),
    )
    document["credentialSubject"].update(changes)
    # Terms that the bundled contexts do not define on a list can be signed with JCS only.
    return sign_credential(
        document, key, cryptosuite=EDDSA_JCS_2022 if changes else EDDSA_RDFC_2022
    )


@pytest.fixture
def credential(issuer: IssuerProfile, issuer_key: KeyPair) -> dict[str, Any]:
    entry = BitstringStatusListEntry.suspension_and_revocation(LIST, INDEX)
    return sign_credential(build_open_badge(make_award(status=(entry,)), issuer), issuer_key)


def test_the_entry_has_the_shape_of_the_specification_s_message_example() -> None:
    entry = BitstringStatusListEntry.suspension_and_revocation(LIST, INDEX).to_json()
    assert entry == {
        "id": f"{LIST}#{INDEX}",
        "type": "BitstringStatusListEntry",
        "statusPurpose": "message",
        "statusListIndex": str(INDEX),
        "statusListCredential": LIST,
        "statusSize": 2,
        "statusMessage": [
            {"status": "0x0", "message": "valid"},
            {"status": "0x1", "message": "suspended"},
            {"status": "0x2", "message": "revoked"},
            {"status": "0x3", "message": "undefined"},
        ],
    }
    assert BitstringStatusListEntry.from_json(entry) == (
        BitstringStatusListEntry.suspension_and_revocation(LIST, INDEX)
    )
    assert len(SUSPENSION_REVOCATION_MESSAGES) == 2**2


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"statusSize": 0}, "greater than zero"),
        ({"statusSize": 9}, "above 8"),
        ({"statusSize": True}, "greater than zero"),
        ({"statusMessage": "valid"}, "must be an array"),
        ({"statusMessage": [{"status": "1", "message": "x"}]}, "0x-prefixed hex"),
        ({"statusMessage": [{"status": "0x0", "message": ""}]}, "non-empty string"),
        ({"statusMessage": []}, "table is required"),
        ({"statusSize": 3}, "one row for each of the 8 values"),
    ],
)
def test_a_malformed_entry_is_refused_naming_the_field(changes: dict, message: str) -> None:
    entry = {**BitstringStatusListEntry.suspension_and_revocation(LIST, 7).to_json(), **changes}
    with pytest.raises(CredentialError, match=message):
        BitstringStatusListEntry.from_json(entry)


def test_a_message_entry_needs_its_table() -> None:
    with pytest.raises(ValueError, match="table is required"):
        BitstringStatusListEntry(LIST, 1, StatusPurpose.MESSAGE, status_size=2)
    with pytest.raises(ValueError, match="one row for each"):
        BitstringStatusListEntry(
            LIST, 1, "message", status_size=2, status_messages=(StatusMessage(0, "ok"),)
        )


def test_a_2_bit_status_reads_from_the_left_most_significant_bit_first() -> None:
    bits = BitstringStatusList(status_size=2)
    assert bits.length == MIN_STATUS_LIST_LENGTH and bits.status_size == 2
    bits.set_status(0, 0b10)
    bits.set_status(1, 0b01)
    bits.set_status(5, 0b11)
    raw = gzip.decompress(gzip_bytes(bits.encode()))
    assert len(raw) == MIN_STATUS_LIST_LENGTH * 2 // 8
    assert raw[:2] == bytes([0b1001_0000, 0b0011_0000])  # entry 5 is bits 10 and 11
    assert bits.set_indexes() == [0, 1, 5]
    assert bits.get(1) and not bits.get(2)
    with pytest.raises(ValueError, match="does not fit in 2 bit"):
        bits.set_status(3, 4)


@settings(max_examples=30, deadline=None)
@given(
    statuses=st.dictionaries(
        st.integers(0, MIN_STATUS_LIST_LENGTH - 1), st.integers(0, 3), max_size=40
    )
)
def test_round_trip(statuses: dict[int, int]) -> None:
    bits = BitstringStatusList(status_size=2)
    for index, value in statuses.items():
        bits.set_status(index, value)
    decoded = BitstringStatusList.decode(bits.encode(), status_size=2)
    assert decoded == bits
    assert all(decoded.get_status(index) == value for index, value in statuses.items())
    assert decoded.set_indexes() == sorted(i for i, v in statuses.items() if v)


def test_a_list_must_hold_the_minimum_number_of_entries_of_its_size() -> None:
    one_bit = BitstringStatusList().encode()  # 131,072 bits: 65,536 entries of 2 bits
    with pytest.raises(CredentialError, match="65536 entries of 2 bits, fewer than 131072"):
        BitstringStatusList.decode(one_bit, status_size=2)
    with pytest.raises(CredentialError, match="statusSize 9"):
        BitstringStatusList(status_size=9)


def test_the_ob3_credential_with_the_entry_validates_and_signs_every_term(
    credential: dict[str, Any], key_set: dict
) -> None:
    assert open_badge_schema_errors(credential) == []
    tampered = {**credential, "credentialStatus": dict(credential["credentialStatus"])}
    tampered["credentialStatus"]["statusMessage"] = [
        {"status": "0x0", "message": "valid"},
        {"status": "0x1", "message": "valid"},
        {"status": "0x2", "message": "valid"},
        {"status": "0x3", "message": "valid"},
    ]
    result = verify_credential(tampered, keys=key_set, now=NOW)
    assert any(c.name == "proof" and c.reason.startswith("tampered:") for c in result.checks)


@pytest.mark.parametrize(
    ("value", "outcome"),
    [(0, None), (1, "suspended"), (2, "revoked"), (3, "undefined")],
)
def test_verification_names_what_the_status_value_means(
    credential: dict[str, Any], issuer_key: KeyPair, key_set: dict, value: int, outcome: str
) -> None:
    status_list = message_list(issuer_key, {INDEX: value, INDEX + 1: 2})
    result = verify_credential(credential, keys=key_set, now=NOW, status_lists={LIST: status_list})
    status = next(c for c in result.checks if c.name == "status")
    if outcome is None:
        assert result.valid, result.errors
        assert status.reason == f"status 0x0 (valid) at index {INDEX} of status list {LIST}"
    else:
        assert not result.valid and result.errors == [status.reason]
        assert status.reason.startswith(f"{outcome}: status 0x{value:x} ({outcome})")


def test_a_list_that_disagrees_with_the_entry_is_not_used(
    credential: dict[str, Any], issuer_key: KeyPair, key_set: dict
) -> None:
    wrong_size = message_list(issuer_key, {}, statusSize=1)
    result = verify_credential(credential, keys=key_set, now=NOW, status_lists={LIST: wrong_size})
    reason = next(c for c in result.checks if c.name == "status").reason
    assert "statusSize 1 is not the entry's statusSize 2" in reason
    revocation = sign_credential(
        build_status_list_credential(
            url=LIST,
            issuer=ISSUER_ID,
            purpose="revocation",
            status_list=BitstringStatusList(2 * MIN_STATUS_LIST_LENGTH),
            valid_from=datetime(2026, 6, 1, tzinfo=UTC),
        ),
        issuer_key,
    )
    result = verify_credential(credential, keys=key_set, now=NOW, status_lists={LIST: revocation})
    assert "statusPurpose is not message" in result.errors[0]
