"""A hash-chained event log: each event's hash covers its payload and the previous event's hash.

``hash = SHA-256(RFC 8785 canonical JSON of {"payload": payload, "previous": previous_hash})``
in lowercase hex, with ``previous`` null for the first event. Changing any payload or hash
breaks the chain at that event or at the next one; publishing (or signing) the newest hash,
the head, also protects the last event.

Anyone who can write the rows can also recompute every hash after a change, so the hashes alone
only show accidents. Signing each head with the issuer's Ed25519 key when it is appended
(sign_head) makes a rewrite show: a recomputed hash no longer matches its signature, and a new
signature needs the issuer's secret key, which the database does not hold.
"""

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import rfc8785
from cryptography.exceptions import InvalidSignature

from ._errors import CredentialError
from ._multikey import (
    KeyPair,
    decode_multibase_base58btc,
    encode_multibase_base58btc,
    public_key_from_multibase,
)

__all__ = [
    "ChainEvent",
    "ChainReport",
    "event_hash",
    "head_signature_matches",
    "sign_head",
    "verify_chain",
]

# Signed with the key that signs credentials: the prefix keeps a head signature from ever
# being taken for a credential proof's signature (64 bytes of hashes), or the reverse.
_HEAD_SIGNATURE_PREFIX = b"hallmark credential history head v1\n"
_HEAD = re.compile(r"[0-9a-f]{64}")


def event_hash(previous_hash: str | None, payload: Mapping[str, Any]) -> str:
    """The hash of an event given the previous event's hash (None for the first event)."""
    _event_hash_iv(previous_hash, payload)
    try:
        canonical = rfc8785.dumps({"payload": payload, "previous": previous_hash})
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as error:
        raise ValueError(
            f"payload is not plain JSON (str, int, float, bool, None, list, dict): {error}"
        ) from None
    return hashlib.sha256(canonical).hexdigest()


def _event_hash_iv(previous_hash: str | None, payload: Mapping[str, Any]) -> None:
    if previous_hash is not None and not isinstance(previous_hash, str):
        raise TypeError(f"previous_hash must be a str or None, not {type(previous_hash).__name__}")
    if not isinstance(payload, Mapping):
        raise TypeError(f"payload must be a JSON object (a dict), not {type(payload).__name__}")


@dataclass(frozen=True)
class ChainEvent:
    """One event of a chain as stored.

    Attributes:
        payload: the event's data (plain JSON).
        hash: the stored event hash.
        previous_hash: the stored hash of the previous event (None for the first event).
    """

    payload: Mapping[str, Any]
    hash: str
    previous_hash: str | None


@dataclass(frozen=True)
class ChainReport:
    """The outcome of verify_chain.

    Attributes:
        valid: True when every link holds (and the head matches, if one was given).
        length: the number of events checked.
        first_broken: the index (0-based) of the first event whose link fails, None if valid.
        reason: why that link fails, None if valid.
        head: the stored hash of the last event (None for an empty chain).
    """

    valid: bool
    length: int
    first_broken: int | None
    reason: str | None
    head: str | None


def verify_chain(
    events: Sequence[ChainEvent | Mapping[str, Any] | Any], *, expected_head: str | None = None
) -> ChainReport:
    """Check every link of a chain, oldest event first, and name the first broken one.

    Parameters:
        events: ChainEvent objects, mappings with ``payload``, ``hash`` and optionally
            ``previous_hash``, or any objects with those attributes (e.g. database rows).
        expected_head: the head hash published or signed elsewhere; without it, a rewrite of
            the last event together with its hash cannot be detected.
    """
    stored = [_fields(event, index) for index, event in enumerate(_verify_chain_iv(events))]
    previous: str | None = None
    for index, (payload, recorded, recorded_previous, keeps_previous) in enumerate(stored):
        reason = _link_failure(
            index, payload, recorded, recorded_previous, keeps_previous, previous
        )
        if reason is not None:
            return ChainReport(False, len(stored), index, reason, stored[-1][1])
        previous = recorded
    if expected_head is not None and previous != expected_head:
        where = len(stored) - 1 if stored else None
        return ChainReport(
            False, len(stored), where, "the last event's hash is not the expected head", previous
        )
    return ChainReport(True, len(stored), None, None, previous)


def _link_failure(
    index: int,
    payload: Mapping[str, Any],
    recorded: str,
    recorded_previous: str | None,
    keeps_previous: bool,
    previous: str | None,
) -> str | None:
    if keeps_previous and recorded_previous != previous:
        if index == 0:
            return "event 0: the first event must have no previous hash"
        return (
            f"event {index}: previous_hash does not match the hash of event {index - 1} "
            f"(event {index - 1} was changed, or events were inserted or removed)"
        )
    if event_hash(previous, payload) != recorded:
        return f"event {index}: hash does not match its payload and the previous hash"
    return None


def _verify_chain_iv(events: Sequence[Any]) -> Sequence[Any]:
    if isinstance(events, (str, bytes, Mapping)) or not isinstance(events, Sequence):
        raise TypeError("events must be a sequence of events, oldest first")
    return events


def _fields(event: Any, index: int) -> tuple[Mapping[str, Any], str, str | None, bool]:
    if isinstance(event, Mapping):
        payload, recorded = event.get("payload"), event.get("hash")
        keeps_previous, recorded_previous = "previous_hash" in event, event.get("previous_hash")
    else:
        payload, recorded = getattr(event, "payload", None), getattr(event, "hash", None)
        keeps_previous = hasattr(event, "previous_hash")
        recorded_previous = getattr(event, "previous_hash", None)
    if not isinstance(payload, Mapping):
        raise ValueError(f"events[{index}]: payload must be a JSON object")
    if not isinstance(recorded, str):
        raise ValueError(f"events[{index}]: hash must be a str")
    return payload, recorded, recorded_previous, keeps_previous


def _head_message(head: str) -> bytes:
    if not isinstance(head, str) or not _HEAD.fullmatch(head):
        raise ValueError(f"head must be a SHA-256 hash in lowercase hex, not {head!r}")
    return _HEAD_SIGNATURE_PREFIX + head.encode("ascii")


def sign_head(head: str, key_pair: KeyPair) -> str:
    """The issuer's Ed25519 signature of a chain head (an event's hash), multibase base58btc."""
    if not isinstance(key_pair, KeyPair):
        raise TypeError("key_pair must be a KeyPair")
    return encode_multibase_base58btc(key_pair.sign(_head_message(head)))


def head_signature_matches(head: str, signature: str, public_key_multibase: str) -> bool:
    """Whether ``signature`` is the signature of ``head`` by the key ``public_key_multibase``.

    False for a signature that does not match or cannot be read; ValueError for a malformed
    head or public key.
    """
    message = _head_message(head)
    public_key = public_key_from_multibase(public_key_multibase)
    try:
        signature_bytes = decode_multibase_base58btc(signature, what="head signature")
        public_key.verify(signature_bytes, message)
    except (CredentialError, InvalidSignature):
        return False
    return True
