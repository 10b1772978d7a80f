"""Credential numbers: program prefix, serial and two check digits, e.g. ``CESP-000123-02``.

The check digits are ISO/IEC 7064 MOD 97-10 (the IBAN scheme) over the prefix and serial with
every character written as two digits (``0``-``9`` as 00-09, ``A``-``Z`` as 10-35). Because 97
is prime and larger than any change one character can make to its two-digit block, the check
catches every single-character substitution, and every swap of two adjacent characters
(a swap changes the number by a multiple of 99 or 90 times a power of ten, never of 97).
"""

import re

__all__ = ["check_credential_number", "make_credential_number", "normalize_credential_number"]

_PREFIX = re.compile(r"^[A-Z]{1,12}$")
_COMPACT = re.compile(r"^([A-Z]{1,12})(\d+)(\d{2})$")
_SEPARATORS = re.compile(r"[\s\-]+")
SERIAL_WIDTH = 6


def _as_digits(text: str) -> str:
    return "".join(f"{int(char, 36):02d}" for char in text)


def _check_digits(body: str) -> str:
    return f"{98 - int(_as_digits(body) + '00') % 97:02d}"


def make_credential_number(prefix: str, serial: int) -> str:
    """The credential number of the ``serial``-th credential of a program.

    Parameters:
        prefix: the program's designation, 1 to 12 letters (case is ignored), e.g. "CESP".
        serial: a non-negative integer, written with at least six digits.

    Returns ``PREFIX-SERIAL-CC``, e.g. ``make_credential_number("CESP", 123)`` is
    ``"CESP-000123-02"``.
    """
    prefix = _make_iv(prefix, serial)
    digits = f"{serial:0{SERIAL_WIDTH}d}"
    return f"{prefix}-{digits}-{_check_digits(prefix + digits)}"


def _make_iv(prefix: str, serial: int) -> str:
    if not isinstance(prefix, str) or not _PREFIX.match(prefix.strip().upper()):
        raise ValueError(f"prefix {prefix!r} must be 1 to 12 letters A-Z")
    if isinstance(serial, bool) or not isinstance(serial, int) or serial < 0:
        raise ValueError(f"serial {serial!r} must be a non-negative int")
    return prefix.strip().upper()


def _compact(text: str) -> str:
    return _SEPARATORS.sub("", text).upper()


def check_credential_number(text: str) -> bool:
    """Whether ``text`` is a well-formed credential number with correct check digits.

    Case, spaces and dashes are ignored: ``"cesp 000123 02"`` is accepted like
    ``"CESP-000123-02"``.
    """
    if not isinstance(text, str):
        return False
    compact = _compact(text)
    if not _COMPACT.match(compact):
        return False
    return int(_as_digits(compact[:-2]) + compact[-2:]) % 97 == 1


def normalize_credential_number(text: str) -> str:
    """The canonical ``PREFIX-SERIAL-CC`` form of a valid credential number.

    Raises ValueError, naming the text, if the number is malformed or its check digits fail.
    """
    if not check_credential_number(text):
        raise ValueError(f"{text!r} is not a valid credential number")
    match = _COMPACT.match(_compact(text))
    assert match is not None  # check_credential_number matched the same pattern
    return "-".join(match.groups())
