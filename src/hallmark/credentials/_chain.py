"""A hash-chained event log: each event's hash covers its payload and the previous event's hash.

``hash = SHA-256(RFC 8785 canonical JSON of {"payload": payload, "previous": previous_hash})``
in lowercase hex, with ``previous`` null for the first event. Changing any payload or hash
breaks the chain at that event or at the next one; publishing (or signing) the newest hash,
the head, also protects the last event.
"""

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import rfc8785

__all__ = ["ChainEvent", "ChainReport", "event_hash", "verify_chain"]


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
