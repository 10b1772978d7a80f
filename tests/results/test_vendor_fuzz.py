"""Fuzz: any bytes given as a vendor's result file are refused with problem lines, or imported.

The same path as `hallmark results import` and the scoring page: the file check (size,
encoding), then the all-or-nothing import. Never another exception.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import FUZZ, files
from hallmark.results import services
from hallmark.results.vendor import file_problem
from results.test_vendor_import import KEYS, csv_text

from factories import RegistrationFactory, scoring_ground

pytestmark = pytest.mark.django_db


class _Imported(Exception):
    """Raised inside the import's transaction so that each example starts from the same data."""


def refused_or_imported(window, data: bytes, scored: bool) -> None:
    problem = file_problem("v.csv", len(data), data)
    if problem is not None:
        assert problem.startswith("v.csv: file: ") and "\n" not in problem
        return
    try:
        with transaction.atomic():
            services.import_vendor_file(
                window, data.decode("utf-8-sig"), file_name="v.csv", by=None, scored=scored
            )
            raise _Imported
    except _Imported:
        return
    except ValidationError as refused:
        assert refused.messages
        for line in refused.messages:
            assert line.startswith("v.csv: ") and "\n" not in line and "\r" not in line


@pytest.fixture
def ground(cast):
    _program, form, window = scoring_ground(KEYS, "3", cast.manager)
    seats = [RegistrationFactory(window=window) for _ in range(2)]
    emails = [seat.candidate.email for seat in seats]
    return window, csv_text(form, [(emails[0], "ABC-"), (emails[1], "DDDD")]).encode()


@FUZZ
@given(data=st.data(), scored=st.booleans())
def test_the_vendor_importer_refuses_or_imports(ground, data, scored) -> None:
    window, valid = ground
    refused_or_imported(window, data.draw(files(valid)), scored)
