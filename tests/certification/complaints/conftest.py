"""A program with its case policy (5 days to acknowledge, 60 to close), a complaint filed by
the public, and the same complaint under investigation."""

import pytest

from hallmark.certification.complaints import services
from hallmark.certification.complaints.data import Scope
from hallmark.certification.models import Complaint
from hallmark.programs.models import Program

from factories import filed_complaint, program_with_case_policy


@pytest.fixture(autouse=True)
def private_files(settings, tmp_path) -> None:
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"


@pytest.fixture
def program(db: None) -> Program:
    return program_with_case_policy(name="Employment Support", designation="ESP")


@pytest.fixture
def complaint(program: Program) -> Complaint:
    return filed_complaint(program)


@pytest.fixture
def investigating(complaint: Complaint, cast) -> Complaint:
    services.acknowledge(complaint, by=cast.officer)
    return services.triage(complaint, Scope.IN_SCOPE, reason="", by=cast.officer)
