"""Scoring a form and writing the technical report as jobs: the worker re-checks the starter's
permission, a refusal fails the job with its reason, and no rerun makes a run or a file twice."""

import datetime

import pytest
from django.utils import timezone

from hallmark.accounts import jobs
from hallmark.accounts.data import JobState
from hallmark.accounts.models import Job, JobFile
from hallmark.results import jobs as results_jobs
from hallmark.results.models import ScoringRun

from factories import scoring_ground, submitted_session
from factories.technical import technical_ground

pytestmark = pytest.mark.django_db


@pytest.fixture
def sat(cast):
    _program, form, window = scoring_ground(["A", "B", "C", "D"], "3", cast.manager)
    for answers in ("ABCD", "ABCC", "DDDD"):
        submitted_session(form, answers, window=window)
    return window, form


def test_a_scoring_job_makes_one_held_run(cast, sat, committed) -> None:
    window, form = sat
    with committed():
        job = results_jobs.start_scoring(window, form, by=cast.psychometrician)
    job.refresh_from_db()
    run = ScoringRun.objects.get()
    assert job.state == JobState.DONE and run.status == "held" and run.results.count() == 3
    assert job.result == {
        "pk": run.pk,
        "number": 1,
        "results": 3,
        "url": f"/results/staff/runs/{run.pk}/",
    }

    assert results_jobs.score_form.call(job.pk) is None  # finished: nothing to do
    assert ScoringRun.objects.count() == 1


def test_a_second_click_while_one_is_queued_follows_the_same_job(cast, sat) -> None:
    window, form = sat
    first = results_jobs.start_scoring(window, form, by=cast.psychometrician)
    assert results_jobs.start_scoring(window, form, by=cast.psychometrician) == first
    assert Job.objects.count() == 1


def test_a_scoring_job_whose_worker_died_is_run_again_once(cast, sat, committed) -> None:
    window, form = sat
    job = results_jobs.start_scoring(window, form, by=cast.psychometrician)
    died = timezone.now() - jobs.STALLED - datetime.timedelta(minutes=1)
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, updated_at=died)
    job.refresh_from_db()
    with committed():
        jobs.rerun(job, results_jobs.score_form)
    job.refresh_from_db()
    assert job.state == JobState.DONE and ScoringRun.objects.count() == 1


def test_the_worker_rechecks_who_scores(cast, sat) -> None:
    window, form = sat
    job = results_jobs.start_scoring(window, form, by=cast.psychometrician)
    cast.psychometrician.groups.clear()

    assert results_jobs.score_form.call(job.pk) is None

    job.refresh_from_db()
    assert job.state == JobState.FAILED and not ScoringRun.objects.exists()
    assert job.errors() == [
        f"psychometrician@example.org may not score {window} (needs results.score_window)."
    ]


def test_a_report_job_stores_its_pdf_and_json_once(cast, committed) -> None:
    ground = technical_ground(cast)
    with committed():
        job = results_jobs.start_report(ground.program, None, None, by=cast.psychometrician)
    job.refresh_from_db()
    assert job.state == JobState.DONE, job.error
    made = JobFile.objects.filter(job=job, made=True).order_by("name")
    assert [f.content_type for f in made] == ["application/json", "application/pdf"]
    assert bytes(made[1].data).startswith(b"%PDF") and made[1].size == len(made[1].data)

    assert results_jobs.make_report.call(job.pk) is None
    assert JobFile.objects.filter(job=job).count() == 2


def test_a_report_of_a_period_without_released_runs_fails_with_the_reason(cast) -> None:
    ground = technical_ground(cast)
    start, end = datetime.date(2001, 1, 1), datetime.date(2001, 2, 1)
    job = results_jobs.start_report(ground.program, start, end, by=cast.psychometrician)
    assert job.arguments["from"] == "2001-01-01" and job.arguments["to"] == "2001-02-01"

    assert results_jobs.make_report.call(job.pk) is None

    job.refresh_from_db()
    assert job.state == JobState.FAILED and not job.files.exists()
    assert job.errors() == [
        "No report: TR has no released scoring run of a window closing from 2001-01-01 to "
        "2001-02-01: choose another period (--from, --to)."
    ]


def test_the_worker_rechecks_who_sees_the_report(cast) -> None:
    ground = technical_ground(cast)
    job = results_jobs.start_report(ground.program, None, None, by=cast.manager)
    cast.manager.groups.clear()

    results_jobs.make_report.call(job.pk)

    job.refresh_from_db()
    assert job.state == JobState.FAILED and not job.files.exists()
    assert job.errors() == [
        "manager@example.org may not make a technical report (needs results.view_technical_report)."
    ]
