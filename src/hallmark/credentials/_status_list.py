"""Bitstring Status List v1.0: revocation and suspension of credentials, published as one list.

Each credential is given an index in a list; the issuer publishes a signed status list
credential whose ``encodedList`` is the GZIP-compressed bitstring in multibase base64url
(prefix ``u``, no padding). Bit ``i`` counts from the left (the most significant bit of the
first byte is index 0); a set bit means revoked (or suspended, for a suspension list). Lists
hold at least 131,072 entries so that one credential's status is lost in the crowd.
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
    "MIN_STATUS_LIST_LENGTH",
    "BitstringStatusList",
    "BitstringStatusListEntry",
    "StatusPurpose",
    "build_status_list_credential",
]

MIN_STATUS_LIST_LENGTH = 131_072
# A decoded list larger than this is refused: a small encodedList must not inflate into gigabytes.
MAX_STATUS_LIST_LENGTH = 2**27
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]*$")


class StatusPurpose(StrEnum):
    """What a set bit means (Bitstring Status List ``statusPurpose``)."""

    REVOCATION = "revocation"
    SUSPENSION = "suspension"


_PURPOSES = tuple(purpose.value for purpose in StatusPurpose)


class BitstringStatusList:
    """A list of credential statuses, one bit each.

    Parameters:
        length: the number of entries, a multiple of 8 and at least 131,072.
    """

    def __init__(self, length: int = MIN_STATUS_LIST_LENGTH) -> None:
        _length_iv(length)
        self._bits = bytearray(length // 8)

    @property
    def length(self) -> int:
        """The number of entries."""
        return len(self._bits) * 8

    def get(self, index: int) -> bool:
        """Whether the bit at ``index`` is set."""
        byte, mask = self._locate(index)
        return bool(self._bits[byte] & mask)

    def set(self, index: int, value: bool = True) -> None:
        """Set (or, with ``value=False``, clear) the bit at ``index``."""
        byte, mask = self._locate(index)
        if value:
            self._bits[byte] |= mask
        else:
            self._bits[byte] &= ~mask & 0xFF

    def set_indexes(self) -> list[int]:
        """The indexes whose bit is set, in increasing order."""
        return [
            byte * 8 + bit
            for byte, value in enumerate(self._bits)
            if value
            for bit in range(8)
            if value & (0x80 >> bit)
        ]

    def _locate(self, index: int) -> tuple[int, int]:
        if isinstance(index, bool) or not isinstance(index, int):
            raise TypeError(f"index must be an int, not {type(index).__name__}")
        if not 0 <= index < self.length:
            raise IndexError(f"index {index} is outside the list (0 to {self.length - 1})")
        return index // 8, 0x80 >> (index % 8)

    def encode(self) -> str:
        """The ``encodedList`` value: ``u`` + base64url (no padding) of the GZIP'd bitstring."""
        # zlib's GZIP wrapper writes mtime 0, so the encoding is a function of the bits alone.
        compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
        data = compressor.compress(bytes(self._bits)) + compressor.flush()
        return "u" + base64.urlsafe_b64encode(data).decode("ascii").rstrip("=")

    @classmethod
    def decode(cls, encoded: str) -> "BitstringStatusList":
        """The list of an ``encodedList`` value; CredentialError if it is not a valid one."""
        data = _decompress(_base64url_bytes(encoded))
        status_list = cls.__new__(cls)
        _length_iv(len(data) * 8, what="decoded list")
        status_list._bits = bytearray(data)
        return status_list

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, BitstringStatusList):
            return NotImplemented
        return self._bits == other._bits

    def __repr__(self) -> str:
        return f"BitstringStatusList(length={self.length}, set={len(self.set_indexes())})"


def _length_iv(length: int, *, what: str = "length") -> None:
    if isinstance(length, bool) or not isinstance(length, int):
        raise TypeError(f"{what} must be an int")
    if length < MIN_STATUS_LIST_LENGTH or length % 8:
        raise CredentialError(
            f"{what} {length} must be a multiple of 8 and at least {MIN_STATUS_LIST_LENGTH} "
            "(Bitstring Status List minimum, for group privacy)"
        )
    if length > MAX_STATUS_LIST_LENGTH:
        raise CredentialError(f"{what} {length} exceeds {MAX_STATUS_LIST_LENGTH} entries")


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
        purpose: revocation or suspension.
    """

    status_list_credential: str
    index: int
    purpose: StatusPurpose

    def __post_init__(self) -> None:
        _entry_iv(self.status_list_credential, self.index, self.purpose)
        object.__setattr__(self, "purpose", StatusPurpose(self.purpose))

    def to_json(self) -> dict[str, str]:
        """The ``credentialStatus`` object."""
        return {
            "id": f"{self.status_list_credential}#{self.index}",
            "type": "BitstringStatusListEntry",
            "statusPurpose": str(self.purpose),
            "statusListIndex": str(self.index),
            "statusListCredential": self.status_list_credential,
        }

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
        try:
            return cls(str(entry.get("statusListCredential")), int(index), StatusPurpose(purpose))
        except (TypeError, ValueError) as error:
            raise CredentialError(str(error)) from None


def _entry_iv(url: str, index: int, purpose: str) -> None:
    if not isinstance(url, str) or ":" not in url or "#" in url:
        raise ValueError(f"status_list_credential {url!r} must be an absolute URL without fragment")
    if isinstance(index, bool) or not isinstance(index, int) or index < 0:
        raise ValueError(f"index {index!r} must be a non-negative int")
    if not isinstance(purpose, str) or purpose not in _PURPOSES:
        raise ValueError(f"purpose {purpose!r} must be one of {', '.join(_PURPOSES)}")


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
        purpose: revocation or suspension.
        status_list: the bits.
        valid_from, valid_until: timezone-aware; a short validUntil tells verifiers how long
            a copy they cached may be trusted.
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
