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


ENTRIES = [
    RegistryEntry(
        number="CESP-000123-45",
        holder_name="Zoë “Jo” Rivera",
        designation="CESP",
        program_name="Certified Employment Support Professional",
        kind="certification",
        kind_label="Certification",
        is_certification=True,
        status="expired",
        status_label="In grace period",
        issued_on=datetime.date(2023, 3, 15),
        expires_on=datetime.date(2026, 3, 15),
        grace_ends_on=datetime.date(2026, 6, 13),
        sanction="Probation until 1 March 2027",
    ),
    RegistryEntry(
        number="CEF-000001-23",
        holder_name="Ada Lovelace",
        designation="CEF",
        program_name="Foundations Course",
        kind="certificate",
        kind_label="Certificate of completion",
        is_certification=False,
        status="active",
        status_label="Active",
        issued_on=datetime.date(2026, 4, 1),
        expires_on=None,
    ),
]


@pytest.mark.parametrize("entry", ENTRIES)
def test_the_api_writes_an_entry_as_django_ninja_writes_its_schema(entry) -> None:
    from ninja import Router
    from ninja.testing import TestClient

    from hallmark.certification.api import CredentialOut, _rendered

    probe = Router()

    @probe.get("/entry", response=CredentialOut)
    def through_the_schema(request):
        return entry

    answer = TestClient(probe).get("/entry")
    ours = _rendered(entry)
    assert ours.content == answer.content and b"grace_ends_on" not in ours.content
    assert ours["Content-Type"] == answer["Content-Type"]
