"""The technical report counts the year's discipline cases: opened, decided, decided by the
end of the response period plus the policy's decide_days (60 by default), still open, and the
sanctions."""

import datetime

import pytest

from hallmark.certification.casework_figures import discipline_figures
from hallmark.certification.discipline import services as discipline
from hallmark.certification.models import DisciplineCase
from hallmark.results.technical import Period

from factories import case_heard, voted

pytestmark = pytest.mark.django_db
YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))


def at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


def decided(ground, officer, sanction: str) -> DisciplineCase:
    case = voted(case_heard(ground, officer), ground, sanction)
    return discipline.decide(case, by=ground.members[0], sanction=sanction, reasons="Proven.")


def dated(case, opened, response_due=None, decided_at=None) -> None:
    changes = {"opened_at": opened}
    if response_due:
        changes |= {"response_due": response_due, "decided_at": decided_at}
    DisciplineCase.objects.filter(pk=case.pk).update(**changes)


def test_cases_are_counted_by_sanction_and_deadline(ground, cast) -> None:
    officer = cast.officer
    on_time = decided(ground, officer, "dismissed")
    # due to answer by 15 March: to be decided by 14 May
    dated(on_time, at(2026, 3, 1), datetime.date(2026, 3, 15), at(2026, 5, 14))
    late = decided(ground, officer, "reprimand")
    dated(late, at(2026, 5, 1), datetime.date(2026, 5, 15), at(2026, 7, 15))  # one day late
    dated(ground.open(officer), at(2026, 11, 1))  # still open
    dated(ground.open(officer), at(2025, 12, 30))  # last year

    [row] = discipline_figures(ground.program, YEAR)

    assert row == {
        "kind": "Discipline cases",
        "received": 3,
        "decided": 2,
        "on_time": 1,
        "open": 1,
        "outcomes": {"dismissed": 1, "reprimand": 1},
    }
