"""Bounds on the work of reading and canonicalizing a document that anyone may send.

RDFC-1.0 takes factorial time on a cluster of linked blank nodes that only its N-degree hash
can tell apart, and its specification asks implementations to bound that work; PyLD's expansion
is also quadratic in the values of one property. A verifier open to the public therefore refuses
a document before the work runs away. The cheap limits come first: size in bytes and nesting
depth, measured without recursion before anything recursive (``json``, ``copy``, PyLD) touches
the document; then the number of blank nodes once it is expanded. A budget of N-degree hash
steps and a deadline, checked inside expansion and canonicalization, stop whatever is left.
"""

import json
import math
import re
import time
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from ._errors import LimitExceededError

__all__ = ["Budget", "Limit", "Limits", "parse_json"]


class Limit(StrEnum):
    """The bound a refused document reached (LimitExceededError.limit)."""

    SIZE = "size"
    DEPTH = "depth"
    BLANK_NODES = "blank nodes"
    HASH_STEPS = "hash steps"
    TIME = "time"


@dataclass(frozen=True)
class Limits:
    """How much work a verification may take; the defaults leave a credential of any usual
    shape a wide margin (an Open Badges 3.0 credential is 2-2.5 KB, 4 levels deep, with 4
    blank nodes and no N-degree hash step, and canonicalizes in a few milliseconds).

    Attributes:
        max_bytes: the size of the document as compact UTF-8 JSON.
        max_depth: how deeply objects and arrays may nest.
        max_blank_nodes: blank nodes in the RDF the document expands to.
        max_hash_steps: steps of RDFC-1.0's N-degree hash (calls and permutations tried), the
            part that grows factorially on blank nodes that look alike.
        max_seconds: the deadline for all the canonicalizations of one verification.
    """

    max_bytes: int = 1024 * 1024
    max_depth: int = 64
    max_blank_nodes: int = 256
    max_hash_steps: int = 5_000
    max_seconds: float = 1.0

    def __post_init__(self) -> None:
        for name in ("max_bytes", "max_depth", "max_blank_nodes", "max_hash_steps"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"Limits.{name} must be a positive integer, not {value!r}")
        if not isinstance(self.max_seconds, (int, float)) or not self.max_seconds > 0:
            raise ValueError(f"Limits.max_seconds must be positive, not {self.max_seconds!r}")


class Budget:
    """The work left to one verification (or one canonicalization): a deadline that starts
    with the budget and a number of N-degree hash steps, shared by every document it reads."""

    def __init__(self, limits: Limits | None = None) -> None:
        if limits is not None and not isinstance(limits, Limits):
            raise TypeError("limits must be a Limits")
        self.limits = limits or Limits()
        self._deadline = time.monotonic() + self.limits.max_seconds
        self._steps = 0
        self._admitted: list[Any] = []

    def admit(self, document: Any, what: str = "the document") -> None:
        """Refuse a parsed document that nests too deeply or is too large, without recursion.

        A document is admitted once per budget (the steps of a verification see the same
        document again): do not change a document between the calls that share a budget.
        """
        if any(document is seen for seen in self._admitted):
            return
        depth, bound = _shape(document, self.limits.max_depth)
        if depth > self.limits.max_depth:
            raise _too_deep(self.limits, what)
        if bound > self.limits.max_bytes:  # only then is the exact size worth measuring
            compact = json.dumps(document, separators=(",", ":"), ensure_ascii=False, default=str)
            size = len(compact.encode("utf-8"))
            if size > self.limits.max_bytes:
                raise _too_large(size, self.limits, what)
        self._admitted.append(document)

    def check_blank_nodes(self, count: int) -> None:
        if count > self.limits.max_blank_nodes:
            raise LimitExceededError(
                Limit.BLANK_NODES,
                f"refused: the document has {count:,} blank nodes (objects without an id), "
                f"more than the {self.limits.max_blank_nodes:,} a credential may have",
            )

    @property
    def steps(self) -> int:
        """The N-degree hash steps spent so far."""
        return self._steps

    def spend(self) -> None:
        """One step of the N-degree hash; refuses past the step budget or the deadline."""
        self._steps += 1
        if self._steps > self.limits.max_hash_steps:
            raise LimitExceededError(
                Limit.HASH_STEPS,
                "refused: canonicalizing the document takes more than "
                f"{self.limits.max_hash_steps:,} steps of the RDFC-1.0 N-degree hash (it has "
                "linked blank nodes that look alike, which take factorial time to order)",
            )
        self.tick()

    def tick(self) -> None:
        """Refuse once the deadline has passed."""
        if time.monotonic() > self._deadline:
            raise LimitExceededError(
                Limit.TIME,
                "refused: canonicalizing the document took more than "
                f"{self.limits.max_seconds:g} s, the time a verification may take",
            )


def _too_deep(limits: Limits, what: str) -> LimitExceededError:
    return LimitExceededError(
        Limit.DEPTH,
        f"refused: {what} nests objects and arrays more than {limits.max_depth} levels deep",
    )


def _too_large(size: int, limits: Limits, what: str) -> LimitExceededError:
    return LimitExceededError(
        Limit.SIZE,
        f"refused: {what} is {size:,} bytes of JSON, more than the {limits.max_bytes:,} "
        "a credential may have",
    )


# At most 24 bytes for a number, true, false or null, and 2 for the quotes, colon or comma
# around any value or key; at most 6 bytes per character of a string (an escape, \u001f).
_VALUE_BYTES, _CHARACTER_BYTES = 26, 6


def _shape(document: Any, limit: int) -> tuple[int, float]:
    """The nesting depth of parsed JSON (it stops past ``limit``) and an upper bound on its
    size as compact UTF-8 JSON (infinite when a value or key is not JSON), level by level
    without recursion. It runs on every document verified, so it is written for speed."""
    depth, level = 0, [document]
    characters = values = digits = 0
    unknown = False
    while level and depth <= limit:
        children: list[Any] = []
        containers = False
        values += len(level)
        for value in level:
            if isinstance(value, str):
                characters += len(value)
                continue
            if isinstance(value, Mapping):
                children.extend(value.values())
                values += len(value)
                keys = list(value)
                if all(isinstance(key, str) for key in keys):
                    characters += sum(map(len, keys))
                else:
                    unknown = True
            elif isinstance(value, (list, tuple)):
                children.extend(value)
            else:
                if type(value) is int:
                    digits += value.bit_length() // 3 + 2
                elif not (value is None or isinstance(value, (bool, float))):
                    unknown = True
                continue
            containers = True
        if not containers:
            break
        depth += 1
        level = children
    if unknown:
        return depth, math.inf
    return depth, values * _VALUE_BYTES + characters * _CHARACTER_BYTES + digits


# A JSON string (its closing quote optional, so that an unterminated one is consumed once and
# the scan stays linear) or a bracket: what the nesting depth of JSON text depends on.
_JSON_TOKENS = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}]', re.DOTALL)


def parse_json(text: str, *, limits: Limits | None = None, what: str = "the document") -> Any:
    """Parse JSON text, refusing it first if it is too large or nests too deeply.

    ``json.loads`` recurses once per level of nesting, so text nested thousands of levels
    deep raises RecursionError; this measures the depth with a linear scan first.

    Raises:
        LimitExceededError: the text is larger than ``max_bytes``, nests deeper than
            ``max_depth``, or has an integer too long for Python to read (4,300 digits).
        json.JSONDecodeError: the text is not JSON.
    """
    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    limits = Budget(limits).limits
    size = len(text.encode("utf-8"))
    if size > limits.max_bytes:
        raise _too_large(size, limits, what)
    depth = 0
    for match in _JSON_TOKENS.finditer(text):
        token = match.group()
        if token in ("[", "{"):
            depth += 1
            if depth > limits.max_depth:
                raise _too_deep(limits, what)
        elif token in ("]", "}"):
            depth -= 1
    try:
        return json.loads(text)
    except json.JSONDecodeError:
        raise
    except ValueError as error:  # an integer of more digits than Python converts
        message = f"refused: {what} has a number too long ({error})"
        raise LimitExceededError(Limit.SIZE, message) from None
