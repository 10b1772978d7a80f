"""The hash-chained event log: any edit is found at the right event."""

import hashlib
from dataclasses import dataclass
from typing import Any

import pytest
import rfc8785

from hallmark.credentials import ChainEvent, event_hash, verify_chain

PAYLOADS: list[dict[str, Any]] = [
    {"event": "issued", "credential": "CESP-000123-02", "at": "2025-01-15T00:00:00Z"},
    {"event": "suspended", "reason": "under investigation", "by": "officer-7"},
    {"event": "reinstated", "by": "officer-7", "note": "cleared"},
    {"event": "renewed", "cycle": 2, "ce_hours": 36.5},
    {"event": "revoked", "reason": "misrepresentation", "appeal": None},
]


def build_chain(payloads: list[dict[str, Any]]) -> list[ChainEvent]:
    events: list[ChainEvent] = []
    previous: str | None = None
    for payload in payloads:
        current = event_hash(previous, payload)
        events.append(ChainEvent(payload=payload, hash=current, previous_hash=previous))
        previous = current
    return events


def test_the_hash_is_sha256_of_rfc8785_json() -> None:
    payload: Any = {"b": [1, 2.5, "é"], "a": True}
    expected = hashlib.sha256(b'{"payload":{"a":true,"b":[1,2.5,"\xc3\xa9"]},"previous":null}')
    assert event_hash(None, payload) == expected.hexdigest()
    # Key order does not matter, values do.
    assert event_hash(None, {"a": True, "b": [1, 2.5, "é"]}) == expected.hexdigest()
    assert rfc8785.dumps({"payload": payload, "previous": None}).startswith(b'{"payload"')


def test_an_intact_chain_is_valid() -> None:
    events = build_chain(PAYLOADS)
    report = verify_chain(events, expected_head=events[-1].hash)
    assert report.valid and report.first_broken is None and report.reason is None
    assert report.length == len(PAYLOADS) and report.head == events[-1].hash


@pytest.mark.parametrize("position", range(len(PAYLOADS)))
def test_an_edited_payload_is_found_at_its_event(position: int) -> None:
    events = build_chain(PAYLOADS)
    edited = dict(events[position].payload, by="someone-else")
    events[position] = ChainEvent(edited, events[position].hash, events[position].previous_hash)
    report = verify_chain(events)
    assert not report.valid
    assert report.first_broken == position
    assert report.reason is not None and report.reason.startswith(f"event {position}: hash")


@pytest.mark.parametrize("position", range(len(PAYLOADS)))
def test_an_edited_hash_is_found_at_its_event(position: int) -> None:
    events = build_chain(PAYLOADS)
    forged = "0" * 64
    events[position] = ChainEvent(events[position].payload, forged, events[position].previous_hash)
    report = verify_chain(events)
    assert report.first_broken == position


@pytest.mark.parametrize("position", range(len(PAYLOADS) - 1))
def test_a_rewritten_event_with_a_recomputed_hash_breaks_the_next_link(position: int) -> None:
    events = build_chain(PAYLOADS)
    edited = dict(events[position].payload, by="someone-else")
    rehashed = event_hash(events[position].previous_hash, edited)
    events[position] = ChainEvent(edited, rehashed, events[position].previous_hash)
    report = verify_chain(events)
    assert report.first_broken == position + 1
    assert report.reason is not None and f"hash of event {position}" in report.reason


def test_rewriting_the_last_event_is_caught_by_the_published_head() -> None:
    events = build_chain(PAYLOADS)
    head = events[-1].hash
    last = events[-1]
    edited = dict(last.payload, reason="none")
    events[-1] = ChainEvent(edited, event_hash(last.previous_hash, edited), last.previous_hash)
    assert verify_chain(events).valid  # undetectable without an anchor...
    report = verify_chain(events, expected_head=head)  # ...caught with one
    assert report.first_broken == len(PAYLOADS) - 1 and "head" in (report.reason or "")


def test_a_removed_event_is_found() -> None:
    events = build_chain(PAYLOADS)
    del events[2]
    assert verify_chain(events).first_broken == 2


def test_rows_without_a_stored_previous_hash_and_plain_objects_work() -> None:
    events = build_chain(PAYLOADS)
    mappings = [{"payload": e.payload, "hash": e.hash} for e in events]
    assert verify_chain(mappings).valid
    mappings[3]["payload"] = {"event": "renewed", "cycle": 3}
    assert verify_chain(mappings).first_broken == 3

    @dataclass
    class Row:  # the shape of a database row
        payload: dict[str, Any]
        hash: str
        previous_hash: str | None

    rows = [Row(dict(e.payload), e.hash, e.previous_hash) for e in events]
    assert verify_chain(rows).valid
    rows[1].previous_hash = None
    assert verify_chain(rows).first_broken == 1


def test_bad_input_is_named() -> None:
    with pytest.raises(ValueError, match="not plain JSON"):
        event_hash(None, {"at": object()})
    with pytest.raises(TypeError, match="payload must be a JSON object"):
        event_hash(None, ["not", "a", "dict"])  # type: ignore[arg-type]
    with pytest.raises(ValueError, match=r"events\[0\]: hash"):
        verify_chain([{"payload": {}}])
    assert verify_chain([]).valid


def test_a_head_signature_matches_only_its_head_and_key() -> None:
    from hallmark.credentials import generate_key_pair, head_signature_matches, sign_head

    key, other = generate_key_pair("https://cert.example.org/issuer"), generate_key_pair("x:y")
    head, changed = event_hash(None, {"n": 1}), event_hash(None, {"n": 2})
    signature = sign_head(head, key)
    assert head_signature_matches(head, signature, key.public_multibase)
    assert not head_signature_matches(changed, signature, key.public_multibase)
    assert not head_signature_matches(head, signature, other.public_multibase)
    assert not head_signature_matches(head, "z" + "1" * 10, key.public_multibase)
    assert not head_signature_matches(head, "not multibase", key.public_multibase)


@pytest.mark.parametrize("head", ["", "ABC", "0x" + "0" * 62, "g" * 64, None])
def test_a_head_must_be_a_lowercase_sha256_hash(head: object) -> None:
    from hallmark.credentials import generate_key_pair, sign_head

    with pytest.raises(ValueError, match="head must be a SHA-256 hash in lowercase hex"):
        sign_head(head, generate_key_pair("x:y"))  # type: ignore[arg-type]
