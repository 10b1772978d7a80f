"""Scoring, pre-equating and the reports ask the database a fixed number of questions, however
many items a form has and however many candidates a run scored: a bank lookup per item or a
repeat check per result fails here. A form's count is compared with a longer form's, and a run's
is bounded; these count statements, never time.
"""

import datetime
import random
import re
from collections import Counter

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hallmark.accounts.models import User
from hallmark.exams.data import RegistrationStatus
from hallmark.exams.models import Form, Registration
from hallmark.results import equating, services
from hallmark.results.demo_responses import item_parameters
from hallmark.results.models import Result
from hallmark.results.reports import distribution
from hallmark.results.technical import attempts

from factories import decided_cut, keyed_form, reporting_scale, scoring_ground, submitted_session
from factories.exams import ready_program
from factories.itembank import ItemStatisticsFactory
from factories.technical import technical_ground

pytestmark = pytest.mark.django_db

SHORT, LONG = 6, 24
CANDIDATES = 8
WRONG = {"A": "B", "B": "C", "C": "D", "D": "A"}


def _keys(n_items: int) -> list[str]:
    return ["ABCD"[j % 4] for j in range(n_items)]


def _b(position: int) -> float:
    return -1.0 + 0.1 * position


def calibrate(form: Form) -> None:
    """Each scored item: an old calibration, a newer one, and since then a run's p and r only
    (no parameters), which the bank's parameters must look past."""
    for fi in form.scored_items():
        for day, b in ((1, 3.0), (2, _b(fi.position))):
            ItemStatisticsFactory(
                version=fi.item_version, administered_on=datetime.date(2025, 1, day), b=b
            )
        ItemStatisticsFactory(
            version=fi.item_version,
            administered_on=datetime.date(2025, 1, 3),
            irt_model="",
            a=None,
            a_se=None,
            b=None,
            b_se=None,
        )


def _psychometrician(cast) -> User:
    # a fresh instance each time: a user's permissions are cached on the instance
    return User.objects.get(pk=cast.psychometrician.pk)


def counted(call) -> tuple[object, list[str]]:
    """What `call` returns, and its statements (savepoints aside: a test runs in a transaction)."""
    with CaptureQueriesContext(connection) as queries:
        value = call()
    statements = [q["sql"] for q in queries.captured_queries]
    return value, [sql for sql in statements if "SAVEPOINT" not in sql]


def most_repeated(statements: list[str]) -> str:
    """The statement asked most often (whatever its ids), as a failure's explanation."""
    sql, times = Counter(re.sub(r"\d+", "N", sql) for sql in statements).most_common(1)[0]
    return f"{len(statements)} statements; {times} times: {sql[:300]}"


def _scored(cast, n_items: int) -> tuple[object, list[str]]:
    keys = _keys(n_items)
    _program, form, window = scoring_ground(keys, str(n_items // 2), cast.manager)
    calibrate(form)
    rng = random.Random(n_items)
    for _ in range(CANDIDATES):
        text = "".join(k if rng.random() < 0.7 else WRONG[k] for k in keys)
        submitted_session(form, text, window=window)
    by = _psychometrician(cast)
    return counted(lambda: services.score_window(window, form, by=by))


def test_scoring_a_long_form_asks_no_more_than_a_short_one(cast) -> None:
    short_run, short = _scored(cast, SHORT)
    long_run, long = _scored(cast, LONG)
    assert len(long) == len(short), most_repeated(long)
    for run in (short_run, long_run):
        assert run.results.count() == CANDIDATES
        assert not run.results.filter(theta__isnull=True).exists()  # every item calibrated


def _pre_equated(cast, n_items: int) -> tuple[object, list[str]]:
    program = ready_program()
    base = keyed_form(program, keys=_keys(n_items), code=f"PE{n_items}-A")
    other = keyed_form(program, keys=_keys(n_items), code=f"PE{n_items}-B")
    reporting_scale(program)
    decided_cut(base, str(n_items // 2), cast.manager)
    calibrate(base)
    calibrate(other)
    by = _psychometrician(cast)
    return counted(lambda: equating.compute_equating(other, design="irt", by=by))


def test_pre_equating_a_long_form_asks_no_more_than_a_short_one(cast) -> None:
    short_equating, short = _pre_equated(cast, SHORT)
    long_equating, long = _pre_equated(cast, LONG)
    assert len(long) == len(short), most_repeated(long)
    for proposed, n_items in ((short_equating, SHORT), (long_equating, LONG)):
        # the same parameters on both forms: the identity, from the newer calibrations
        table = proposed.methods["true-score"]["table"]
        assert [row["equated"] for row in table[1:n_items]] == pytest.approx(
            list(range(1, n_items)), abs=1e-6
        )


def test_the_demos_parameters_are_two_queries_and_the_latest_calibration(
    django_assert_max_num_queries,
) -> None:
    form = keyed_form(keys=_keys(LONG), pretest=2)
    calibrate(form)
    with django_assert_max_num_queries(2):
        params = item_parameters(form)
    expected = {p: (1.1, pytest.approx(_b(p))) for p in range(1, LONG + 1)}
    expected |= {LONG + 1: (1.0, 0.0), LONG + 2: (1.0, 0.0)}  # pretest items: no calibration
    assert params == expected


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
