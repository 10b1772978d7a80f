import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hallmark.programs.data import ProgramKind

from factories import CertificateProgramFactory, ProgramFactory

pytestmark = pytest.mark.django_db


def test_a_certification_is_time_limited_and_says_so() -> None:
    program = ProgramFactory(kind=ProgramKind.CERTIFICATION, validity_months=36)
    assert program.is_certification
    assert program.award_name == "certification"


def test_a_certificate_program_awards_a_certificate_of_completion_never_a_certification() -> None:
    program = CertificateProgramFactory()
    assert not program.is_certification
    assert program.award_name == "certificate of completion"
    assert "certification" not in program.award_name


def test_a_certification_without_validity_is_refused() -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramFactory(kind=ProgramKind.CERTIFICATION, validity_months=None)
    program = ProgramFactory.build(kind=ProgramKind.CERTIFICATION, validity_months=None)
    with pytest.raises(ValidationError, match="time-limited"):
        program.full_clean()


def test_the_display_time_zone_must_exist() -> None:
    program = ProgramFactory.build(display_time_zone="Mars/Olympus_Mons")
    with pytest.raises(ValidationError, match="not a known time zone"):
        program.full_clean()
