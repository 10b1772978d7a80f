"""The registry's lookup by number is one prepared read (hallmark.lib.prepared): it gives exactly
what the ORM query it stands for gives (the credential, its program, the end of its latest
standing probation), and the entry the registry shows of it is the same. Run on SQLite and on
PostgreSQL (DATABASE_URL=postgres://...)."""

import datetime

import pytest
from django.utils import timezone

from hallmark.certification.data import Sanction
from hallmark.certification.discipline import services as discipline
from hallmark.certification.models import Credential, DisciplineCase
from hallmark.certification.registry import (
    _BY_NUMBER,
    RegistryEntry,
    _public,
    find_by_number,
)
from hallmark.lib.prepared import columns
from hallmark.programs.models import Program

from factories import case_heard, discipline_ground, voted

pytestmark = pytest.mark.django_db

COLUMNS = [*columns(Credential), *columns(Program, "program__")]


def orm_row(number: str) -> dict | None:
    rows = list(_public().filter(number=number).values(*COLUMNS, "probation_ends_on"))
    return rows[0] if rows else None


def exactly(row: dict | None) -> dict | None:
    """Each value with its type: a date is not its text, True is not 1."""
    return None if row is None else {k: (type(v).__name__, repr(v)) for k, v in row.items()}


def probation(ground, officer, ends: datetime.date) -> DisciplineCase:
    case = voted(case_heard(ground, officer), ground, Sanction.PROBATION)
    return discipline.decide(
        case,
        by=ground.members[0],
        sanction=Sanction.PROBATION,
        reasons="Proven.",
        probation_conditions="Supervision by a mentor.",
        probation_ends_on=ends,
    )


def same(number: str) -> dict | None:
    row = _BY_NUMBER.first(number=number)
    assert exactly(row) == exactly(orm_row(number))
    found = find_by_number(number)
    if found is not None:
        expected = _public().get(number=number)
        assert RegistryEntry.of(found) == RegistryEntry.of(expected)
    return row


def test_the_lookup_read_is_the_orms_with_and_without_probations(cast) -> None:
    ground = discipline_ground()
    number = ground.credential.number
    row = same(number)
    assert row is not None and row["probation_ends_on"] is None
    assert isinstance(row["issued_on"], datetime.date) and row["program__designation"] == "CESP"
    today = ground.program.today()
    earlier = probation(ground, cast.officer, today + datetime.timedelta(days=90))
    later = probation(ground, cast.officer, today + datetime.timedelta(days=200))
    assert same(number)["probation_ends_on"] == later.probation_ends_on  # the latest one
    DisciplineCase.objects.filter(pk=later.pk).update(
        overturned_at=timezone.now(), overturn_reason="On appeal.", overturn_reference="APL-1"
    )
    assert same(number)["probation_ends_on"] == earlier.probation_ends_on  # overturned: not it
    DisciplineCase.objects.filter(pk=earlier.pk).update(
        overturned_at=timezone.now(), overturn_reason="On appeal.", overturn_reference="APL-2"
    )
    assert same(number)["probation_ends_on"] is None
    assert same("CESP-999999-00") is None


def test_the_lookup_says_the_probation_as_the_registry_did(cast, client) -> None:
    ground = discipline_ground()
    ends = ground.program.today() + datetime.timedelta(days=90)
    probation(ground, cast.officer, ends)
    body = client.get(f"/api/v1/credentials/{ground.credential.number}").json()
    assert body["sanction"] == f"Probation until {ends.day} {ends:%B %Y}"
