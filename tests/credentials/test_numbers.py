"""Credential numbers: the check digits catch every single-character error and adjacent swap."""

import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallmark.credentials import (
    check_credential_number,
    make_credential_number,
    normalize_credential_number,
)

ALPHABET = string.digits + string.ascii_uppercase
prefixes = st.text(alphabet=string.ascii_uppercase, min_size=1, max_size=8)
serials = st.integers(min_value=0, max_value=10**12)


def compact(number: str) -> str:
    return number.replace("-", "")


@settings(max_examples=300, deadline=None)
@given(prefix=prefixes, serial=serials)
def test_every_single_character_substitution_is_rejected(prefix: str, serial: int) -> None:
    number = compact(make_credential_number(prefix, serial))
    assert check_credential_number(number)
    for position, original in enumerate(number):
        for replacement in ALPHABET:
            if replacement != original:
                changed = number[:position] + replacement + number[position + 1 :]
                assert not check_credential_number(changed), (number, changed)


@settings(max_examples=300, deadline=None)
@given(prefix=prefixes, serial=serials)
def test_every_adjacent_transposition_is_rejected(prefix: str, serial: int) -> None:
    number = compact(make_credential_number(prefix, serial))
    for position in range(len(number) - 1):
        left, right = number[position], number[position + 1]
        if left != right:
            swapped = number[:position] + right + left + number[position + 2 :]
            assert not check_credential_number(swapped), (number, swapped)


@settings(max_examples=100, deadline=None)
@given(prefix=prefixes, serial=serials)
def test_case_spaces_and_dashes_do_not_matter(prefix: str, serial: int) -> None:
    number = make_credential_number(prefix, serial)
    loose = " " + number.lower().replace("-", " - ") + " "
    assert check_credential_number(loose)
    assert normalize_credential_number(loose) == number


def test_the_format() -> None:
    assert make_credential_number("cesp", 123).startswith("CESP-000123-")
    assert make_credential_number("CESP", 1234567).startswith("CESP-1234567-")
    number = make_credential_number("CESP", 123)
    # ISO 7064 MOD 97-10 over the two-digit-per-character form, worked by hand:
    # C=12 E=14 S=28 P=25, serial digits 00..: 12142825 000000010203 -> check = 98 - (N*100 mod 97)
    digits = "12142825" + "".join(f"{int(c):02d}" for c in "000123")
    assert int(number[-2:]) == 98 - int(digits + "00") % 97


@pytest.mark.parametrize(
    "text", ["", "CESP", "123456-02", "CESP-00012A-02", "CE5P-000123-02", "CESP-000123-2", None]
)
def test_malformed_numbers_are_rejected(text: str | None) -> None:
    assert not check_credential_number(text)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("prefix", "serial", "message"),
    [("CE5P", 1, "prefix 'CE5P'"), ("", 1, "prefix ''"), ("CESP", -1, "serial -1")],
)
def test_bad_parts_are_named(prefix: str, serial: int, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        make_credential_number(prefix, serial)


def test_normalizing_an_invalid_number_names_it() -> None:
    with pytest.raises(ValueError, match="'CESP-000123-03'"):
        normalize_credential_number("CESP-000123-03")
