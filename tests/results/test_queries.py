"""The reports ask the database a fixed number of questions however many candidates a run
scored: a repeat check per result fails here. These count statements, never time."""

import pytest

from hallmark.exams.data import RegistrationStatus
from hallmark.exams.models import Registration
from hallmark.results.models import Result
from hallmark.results.reports import distribution
from hallmark.results.technical import attempts

from factories.technical import technical_ground

pytestmark = pytest.mark.django_db


def _repeats_one_by_one(results: list[Result]) -> set[int]:
    """Results whose candidate sat the program in an earlier registration, asked one by one."""
    return {
        r.pk
        for r in results
        if Registration.objects.filter(
            candidate_id=r.registration.candidate_id,
            program_id=r.registration.program_id,
            status=RegistrationStatus.SAT,
            booked_at__lt=r.registration.booked_at,
        ).exists()
    }


def test_a_runs_repeats_are_one_query_however_many_results(
    cast, django_assert_max_num_queries
) -> None:
    ground = technical_ground(cast)
    runs = list(ground.runs.values())
    results = list(Result.objects.filter(run__in=runs).select_related("registration"))
    again = _repeats_one_by_one(results)
    assert len(results) == 100 and len(again) == 1
    base = ground.runs["TR-A"]
    mine = [r for r in results if r.run_id == base.pk]
    with django_assert_max_num_queries(2):
        spread = distribution(base)
    passed_again = sum(r.passed for r in mine if r.pk in again)
    passed_first = sum(r.passed for r in mine if r.pk not in again)
    assert spread.repeat == (passed_again, 1)
    assert spread.first_time == (passed_first, len(mine) - 1)
    with django_assert_max_num_queries(2):
        tried = attempts(runs)
    assert (tried.candidates, tried.repeat, tried.first_time) == (100, 1, 99)
    assert tried.passed_repeat == sum(r.passed for r in results if r.pk in again)
