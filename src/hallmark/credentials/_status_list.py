"""Bitstring Status List v1.0: revocation and suspension of credentials, published as one list.

Each credential is given an index in a list; the issuer publishes a signed status list
credential whose ``encodedList`` is the GZIP-compressed bitstring in multibase base64url
(prefix ``u``, no padding). Bit ``i`` counts from the left (the most significant bit of the
first byte is index 0); a set bit means revoked (or suspended, for a suspension list). Lists
hold at least 131,072 entries so that one credential's status is lost in the crowd.

An entry may also take ``statusSize`` bits (Bitstring Status List v1.0, section 2.1): entry
``i`` is then the ``statusSize`` bits from bit ``i * statusSize``, read as an unsigned number
whose most significant bit comes first, and the ``message`` purpose names each value in the
entry's ``statusMessage`` table. One 2-bit entry can so say valid (0x0), suspended (0x1) or
revoked (0x2), which is how a credential whose format allows a single ``credentialStatus``
(Open Badges 3.0) shows both suspension and revocation: see SUSPENSION_REVOCATION_MESSAGES.
"""

import base64
import binascii
import re
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Any

from ._contexts import CREDENTIALS_V2
from ._dates import format_datetime
from ._errors import CredentialError

__all__ = [
    "MAX_STATUS_SIZE",
    "MIN_STATUS_LIST_LENGTH",
    "SUSPENSION_REVOCATION_MESSAGES",
    "BitstringStatusList",
    "BitstringStatusListEntry",
    "StatusMessage",
    "StatusPurpose",
    "build_status_list_credential",
]

MIN_STATUS_LIST_LENGTH = 131_072
# A decoded list larger than this is refused: a small encodedList must not inflate into gigabytes.
MAX_STATUS_LIST_LENGTH = 2**27
# An entry of n bits needs a statusMessage table of 2**n rows; 8 bits (256 rows) is plenty.
MAX_STATUS_SIZE = 8
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]*$")
_HEX_STATUS = re.compile(r"^0x[0-9a-fA-F]+$")


class StatusPurpose(StrEnum):
    """What a status means (Bitstring Status List ``statusPurpose``).

    revocation and suspension: a set bit means revoked or suspended; message: each value
    means what the entry's statusMessage table says.
    """

    REVOCATION = "revocation"
    SUSPENSION = "suspension"
    MESSAGE = "message"


_PURPOSES = tuple(purpose.value for purpose in StatusPurpose)


@dataclass(frozen=True)
class StatusMessage:
    """One row of an entry's ``statusMessage`` table: a status value and what it means.

    Attributes:
        status: the value, 0 to 2**statusSize - 1 (written ``0x1`` in JSON).
        message: what it means, e.g. "suspended"; the specification meant it for developers,
            and verifiers here report it ("suspended: ...").
    """

    status: int
    message: str

    def __post_init__(self) -> None:
        if isinstance(self.status, bool) or not isinstance(self.status, int) or self.status < 0:
            raise ValueError(f"status {self.status!r} must be a non-negative int")
        if not isinstance(self.message, str) or not self.message.strip():
            raise ValueError(f"message {self.message!r} must be a non-empty string")

    def to_json(self) -> dict[str, str]:
        return {"status": f"0x{self.status:x}", "message": self.message}

    @classmethod
    def from_json(cls, row: Any) -> "StatusMessage":
        if not isinstance(row, Mapping):
            raise CredentialError("statusMessage rows must be objects with status and message")
        status, message = row.get("status"), row.get("message")
        if not isinstance(status, str) or not _HEX_STATUS.match(status):
            raise CredentialError(f"statusMessage status {status!r} is not a 0x-prefixed hex value")
        if not isinstance(message, str) or not message.strip():
            raise CredentialError(f"statusMessage message {message!r} is not a non-empty string")
        return cls(int(status, 16), message)


# What Hallmark publishes in one 2-bit "message" entry per credential. The specification wants
# one row per possible value; 0x3 is reserved ("undefined", as the specification allows).
SUSPENSION_REVOCATION_MESSAGES: tuple[StatusMessage, ...] = (
    StatusMessage(0x0, "valid"),
    StatusMessage(0x1, "suspended"),
    StatusMessage(0x2, "revoked"),
    StatusMessage(0x3, "undefined"),
)


class BitstringStatusList:
    """A list of credential statuses, ``status_size`` bits each (one bit by default).

    Parameters:
        length: the number of entries, at least 131,072; ``length * status_size`` must be a
            multiple of 8.
        status_size: the bits per entry (``statusSize``), 1 to 8.
    """

    def __init__(self, length: int = MIN_STATUS_LIST_LENGTH, *, status_size: int = 1) -> None:
        _size_iv(status_size)
        _length_iv(length, status_size=status_size)
        self._size = status_size
        self._bits = bytearray(length * status_size // 8)

    @property
    def length(self) -> int:
        """The number of entries."""
        return len(self._bits) * 8 // self._size

    @property
    def status_size(self) -> int:
        """The bits per entry."""
        return self._size

    def get(self, index: int) -> bool:
        """Whether the entry at ``index`` is set (its status is not 0)."""
        if self._size == 1:
            byte, mask = self._locate(index)
            return bool(self._bits[byte] & mask)
        return self.get_status(index) != 0

    def set(self, index: int, value: bool = True) -> None:
        """Set (status 1) or, with ``value=False``, clear (status 0) the entry at ``index``."""
        if self._size == 1:
            byte, mask = self._locate(index)
            if value:
                self._bits[byte] |= mask
            else:
                self._bits[byte] &= ~mask & 0xFF
            return
        self.set_status(index, 1 if value else 0)

    def get_status(self, index: int) -> int:
        """The status value of the entry at ``index`` (0 to 2**status_size - 1)."""
        self._check_index(index)
        value = 0
        for bit in range(index * self._size, (index + 1) * self._size):
            value = (value << 1) | bool(self._bits[bit // 8] & (0x80 >> (bit % 8)))
        return value

    def set_status(self, index: int, value: int) -> None:
        """Give the entry at ``index`` the status ``value``."""
        self._check_index(index)
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"status value must be an int, not {type(value).__name__}")
        if not 0 <= value < 2**self._size:
            raise ValueError(f"status value {value} does not fit in {self._size} bit(s)")
        for offset in range(self._size):
            bit = index * self._size + offset
            mask = 0x80 >> (bit % 8)
            if value & (1 << (self._size - 1 - offset)):
                self._bits[bit // 8] |= mask
            else:
                self._bits[bit // 8] &= ~mask & 0xFF

    def set_indexes(self) -> list[int]:
        """The indexes whose status is not 0, in increasing order."""
        bits = [
            byte * 8 + bit
            for byte, value in enumerate(self._bits)
            if value
            for bit in range(8)
            if value & (0x80 >> bit)
        ]
        if self._size == 1:
            return bits
        return sorted({bit // self._size for bit in bits if bit // self._size < self.length})

    def _check_index(self, index: int) -> None:
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError(f"index must be an int, not {type(index).__name__}")
        if not 0 <= index < self.length:
            raise IndexError(f"index {index} is outside the list (0 to {self.length - 1})")

    def _locate(self, index: int) -> tuple[int, int]:
        self._check_index(index)
        return index // 8, 0x80 >> (index % 8)

    def encode(self) -> str:
        """The ``encodedList`` value: ``u`` + base64url (no padding) of the GZIP'd bitstring."""
        # zlib's GZIP wrapper writes mtime 0, so the encoding is a function of the bits alone.
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        data = compressor.compress(bytes(self._bits)) + compressor.flush()
        return "u" + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, encoded: str, *, status_size: int = 1) -> "BitstringStatusList":
        """The list of an ``encodedList`` value whose entries take ``status_size`` bits (the
        ``statusSize`` of the credentials' entries); CredentialError if it is not a valid one."""
        _size_iv(status_size)
        data = _decompress(_base64url_bytes(encoded))
        status_list = cls.__new__(cls)
        if status_size == 1:
            _length_iv(len(data) * 8, what="decoded list")
        elif len(data) * 8 // status_size < MIN_STATUS_LIST_LENGTH:
            raise CredentialError(
                f"decoded list of {len(data) * 8} bits holds {len(data) * 8 // status_size} "
                f"entries of {status_size} bits, fewer than {MIN_STATUS_LIST_LENGTH} "
                "(Bitstring Status List minimum, for group privacy)"
            )
        status_list._size = status_size
        status_list._bits = bytearray(data)
        return status_list

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BitstringStatusList):
            return NotImplemented
        return (self._size, self._bits) == (other._size, other._bits)

    def __repr__(self) -> str:
        size = f", status_size={self._size}" if self._size != 1 else ""
        return f"BitstringStatusList(length={self.length}{size}, set={len(self.set_indexes())})"


def _size_iv(status_size: int) -> None:
    if isinstance(status_size, bool) or not isinstance(status_size, int):
        raise TypeError("status_size must be an int")
    if not 1 <= status_size <= MAX_STATUS_SIZE:
        raise CredentialError(f"statusSize {status_size} must be from 1 to {MAX_STATUS_SIZE}")


def _length_iv(length: int, *, what: str = "length", status_size: int = 1) -> None:
    if isinstance(length, bool) or not isinstance(length, int):
        raise TypeError(f"{what} must be an int")
    if length < MIN_STATUS_LIST_LENGTH or (length * status_size) % 8:
        multiple = "a multiple of 8" if status_size == 1 else f"such that {length} x {status_size}"
        multiple += "" if status_size == 1 else " bits is a multiple of 8"
        raise CredentialError(
            f"{what} {length} must be {multiple} and at least {MIN_STATUS_LIST_LENGTH} "
            "(Bitstring Status List minimum, for group privacy)"
        )
    if length * status_size > MAX_STATUS_LIST_LENGTH:
        raise CredentialError(f"{what} {length} exceeds {MAX_STATUS_LIST_LENGTH} bits")


def _base64url_bytes(encoded: str) -> bytes:
    if not isinstance(encoded, str) or not encoded.startswith("u"):
        raise CredentialError(
            "encodedList must be multibase base64url (a string starting with 'u')"
        )
    body = encoded[1:]
    if not _BASE64URL.match(body):
        raise CredentialError("encodedList has characters outside base64url")
    try:
        return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except binascii.Error as error:
        raise CredentialError(f"encodedList is not valid base64url: {error}") from None


def _decompress(data: bytes) -> bytes:
    decompressor = zlib.decompressobj(31)
    try:
        bits = decompressor.decompress(data, MAX_STATUS_LIST_LENGTH // 8 + 1)
    except zlib.error as error:
        raise CredentialError(f"encodedList is not GZIP data: {error}") from None
    if len(bits) > MAX_STATUS_LIST_LENGTH // 8 or decompressor.unconsumed_tail:
        raise CredentialError(f"encodedList inflates to more than {MAX_STATUS_LIST_LENGTH} entries")
    if not decompressor.eof:
        raise CredentialError("encodedList is truncated GZIP data")
    return bits


@dataclass(frozen=True)
class BitstringStatusListEntry:
    """A credential's place in a status list (its ``credentialStatus`` entry).

    Attributes:
        status_list_credential: the URL of the status list credential.
        index: the credential's index in that list.
        purpose: revocation, suspension or message.
        status_size: the bits of the entry (``statusSize``), 1 unless given.
        status_messages: the ``statusMessage`` table: one StatusMessage per possible value,
            required when ``status_size`` is above 1 and for the message purpose.
    """

    status_list_credential: str
    index: int
    purpose: StatusPurpose
    status_size: int = 1
    status_messages: tuple[StatusMessage, ...] = ()

    def __post_init__(self) -> None:
        _entry_iv(self.status_list_credential, self.index, self.purpose)
        object.__setattr__(self, "purpose", StatusPurpose(self.purpose))
        object.__setattr__(self, "status_messages", tuple(self.status_messages))
        _messages_iv(self.purpose, self.status_size, self.status_messages)

    @classmethod
    def suspension_and_revocation(
        cls, status_list_credential: str, index: int
    ) -> "BitstringStatusListEntry":
        """One entry that says valid, suspended or revoked: statusPurpose "message",
        statusSize 2 and the table SUSPENSION_REVOCATION_MESSAGES."""
        return cls(
            status_list_credential,
            index,
            StatusPurpose.MESSAGE,
            status_size=2,
            status_messages=SUSPENSION_REVOCATION_MESSAGES,
        )

    def message(self, status: int) -> str:
        """What status value ``status`` means: its statusMessage row, or, without a table,
        "unset" for 0 and "set" for 1 (the specification's defaults)."""
        for row in self.status_messages:
            if row.status == status:
                return row.message
        if not self.status_messages and status in (0, 1):
            return "set" if status else "unset"
        raise CredentialError(f"status value 0x{status:x} has no statusMessage")

    def to_json(self) -> dict[str, Any]:
        """The ``credentialStatus`` object."""
        entry: dict[str, Any] = {
            "id": f"{self.status_list_credential}#{self.index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": str(self.purpose),
            "statusListIndex": str(self.index),
            "statusListCredential": self.status_list_credential,
        }
        if self.status_size != 1 or self.purpose is StatusPurpose.MESSAGE:
            entry["statusSize"] = self.status_size
        if self.status_messages:
            entry["statusMessage"] = [row.to_json() for row in self.status_messages]
        return entry

    @classmethod
    def from_json(cls, entry: Mapping[str, Any]) -> "BitstringStatusListEntry":
        """Read a ``credentialStatus`` object; CredentialError naming the bad field if invalid."""
        if not isinstance(entry, Mapping) or entry.get("type") != "BitstringStatusListEntry":
            raise CredentialError("credentialStatus entry is not a BitstringStatusListEntry")
        index = entry.get("statusListIndex")
        if not isinstance(index, str) or not index.isdigit():
            raise CredentialError(f"statusListIndex {index!r} is not a string of digits")
        purpose = entry.get("statusPurpose")
        if not isinstance(purpose, str) or purpose not in _PURPOSES:
            raise CredentialError(f"statusPurpose {purpose!r} is not supported")
        size = _read_status_size(entry.get("statusSize", 1))
        rows = entry.get("statusMessage", [])
        if not isinstance(rows, list):
            raise CredentialError("statusMessage must be an array")
        messages = tuple(StatusMessage.from_json(row) for row in rows)
        try:
            return cls(
                str(entry.get("statusListCredential")),
                int(index),
                StatusPurpose(purpose),
                status_size=size,
                status_messages=messages,
            )
        except (TypeError, ValueError) as error:
            raise CredentialError(str(error)) from None


def _read_status_size(value: Any) -> int:
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise CredentialError(f"statusSize {value!r} is not an integer greater than zero")
    if value > MAX_STATUS_SIZE:
        raise CredentialError(f"statusSize {value} is above {MAX_STATUS_SIZE}, not supported")
    return value


def _entry_iv(url: str, index: int, purpose: str) -> None:
    if not isinstance(url, str) or ":" not in url or "#" in url:
        raise ValueError(f"status_list_credential {url!r} must be an absolute URL without fragment")
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise ValueError(f"index {index!r} must be a non-negative int")
    if not isinstance(purpose, str) or purpose not in _PURPOSES:
        raise ValueError(f"purpose {purpose!r} must be one of {', '.join(_PURPOSES)}")


def _messages_iv(purpose: StatusPurpose, size: int, messages: tuple[StatusMessage, ...]) -> None:
    if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= MAX_STATUS_SIZE:
        raise ValueError(f"status_size {size!r} must be an int from 1 to {MAX_STATUS_SIZE}")
    for row in messages:
        if not isinstance(row, StatusMessage):
            raise TypeError("status_messages must hold StatusMessage objects")
    if not messages and (size > 1 or purpose is StatusPurpose.MESSAGE):
        raise ValueError(
            "a statusMessage table is required when statusSize is above 1 and for the "
            "message purpose"
        )
    if messages and sorted(row.status for row in messages) != list(range(2**size)):
        raise ValueError(
            f"statusMessage must have one row for each of the {2**size} values of a "
            f"{size}-bit status (0x0 to 0x{2**size - 1:x})"
        )


def build_status_list_credential(
    *,
    url: str,
    issuer: str,
    purpose: StatusPurpose | str,
    status_list: BitstringStatusList,
    valid_from: datetime,
    valid_until: datetime | None = None,
) -> dict[str, Any]:
    """The (unsigned) BitstringStatusListCredential to publish at ``url``; sign it with the
    issuer's key (sign_credential) before publishing.

    Parameters:
        url: where the credential is published; entries name it as statusListCredential.
        issuer: the issuer's id: the same issuer as the credentials the list covers.
        purpose: revocation, suspension or message.
        status_list: the statuses.
        valid_from, valid_until: timezone-aware; a short validUntil tells verifiers how long
            a copy they cached may be trusted.

    The list does not repeat ``statusSize`` or the message table: the bundled W3C contexts
    define those terms for entries only, so a signature could not cover them here, and the
    specification's validation reads the size from the credential's entry.
    """
    _status_credential_iv(url, issuer, purpose, status_list, valid_from, valid_until)
    document: dict[str, Any] = {
        "@context": [CREDENTIALS_V2],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": issuer,
        "validFrom": format_datetime(valid_from),
    }
    if valid_until is not None:
        document["validUntil"] = format_datetime(valid_until)
    document["credentialSubject"] = {
        "id": f"{url}#list",
        "type": "BitstringStatusList",
        "statusPurpose": str(StatusPurpose(purpose)),
        "encodedList": status_list.encode(),
    }
    return document


def _status_credential_iv(
    url: str,
    issuer: str,
    purpose: str,
    status_list: BitstringStatusList,
    valid_from: datetime,
    valid_until: datetime | None,
) -> None:
    _entry_iv(url, 0, purpose)
    if not isinstance(issuer, str) or ":" not in issuer:
        raise ValueError(f"issuer {issuer!r} must be the issuer's id (an absolute URL or DID)")
    if not isinstance(status_list, BitstringStatusList):
        raise TypeError("status_list must be a BitstringStatusList")
    for name, moment in (("valid_from", valid_from), ("valid_until", valid_until)):
        if moment is not None and (not isinstance(moment, datetime) or moment.tzinfo is None):
            raise ValueError(f"{name} must be a timezone-aware datetime")
    if valid_until is not None and valid_until <= valid_from:
        raise ValueError("valid_until must be after valid_from")
