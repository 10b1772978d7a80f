"""Assembling forms as a background job: the page only queues it, a worker solves and saves, the
job's page follows it, and no run makes the forms twice."""

import datetime

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from hallmark.accounts import jobs
from hallmark.accounts.data import JobState
from hallmark.accounts.models import Job
from hallmark.exams.forms import jobs as assembly
from hallmark.exams.models import Form

from factories import form_bank


@pytest.fixture
def blueprint(db: None):
    return form_bank()


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _data(blueprint, n_forms: int = 2) -> dict:
    return {
        "program": blueprint.outline.program.designation,
        "blueprint": blueprint.pk,
        "n_forms": n_forms,
        "objective": "maximin",
        "theta": "-0.5, 0, 0.5",
        "overlap": 20,
        "seed": 3,
        "time_limit": 10,
    }


def _start(blueprint, by, n_forms: int = 2) -> Job:
    """A job recorded but not yet run (its task waits for a commit the test never makes)."""
    return assembly.start_assembly(
        blueprint.outline.program,
        blueprint,
        n_forms,
        by=by,
        objective="maximin",
        seed=3,
        time_limit=10,
        theta=[0.0],
        overlap_share=0.2,
        reference=None,
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("database_queue")
def test_the_page_queues_the_assembly_and_a_worker_makes_the_forms(cast, blueprint) -> None:
    client = _client(cast.psychometrician)
    response = client.post("/forms/assemble/", _data(blueprint))

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert not Form.objects.exists(), "the request only queues the assembly"
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "hallmark.exams.forms.jobs.assemble_forms"
    assert queued.args_kwargs == {"args": [job.pk], "kwargs": {}}
    job.refresh_from_db()
    assert job.task_result_id == str(queued.id) and job.state == JobState.QUEUED
    waiting = client.get(response["Location"]).content.decode()
    assert "Waiting for a worker" in waiting and 'data-finished="false"' in waiting
    assert "/static/hallmark/job.js" in waiting, "the page follows the job"

    call_command("worker", batch=True, verbosity=0)

    forms = list(Form.objects.order_by("code"))
    job.refresh_from_db()
    assert len(forms) == 2 and job.state == JobState.DONE and job.finished_at is not None
    assert job.result["forms"] == [
        {"pk": f.pk, "code": f.code, "url": f"/forms/{f.pk}/"} for f in forms
    ]
    assert DBTaskResult.objects.get().return_value == [f.pk for f in forms]
    done = client.get(response["Location"]).content.decode()
    assert "/static/hallmark/job.js" not in done and "psychometrician@example.org" in done
    assert f'<a href="/forms/{forms[0].pk}/">{forms[0].code}</a>' in done


def test_a_finished_job_is_not_run_again(cast, blueprint, committed) -> None:
    with committed():
        job = _start(blueprint, cast.psychometrician)
    made = set(Form.objects.values_list("pk", flat=True))
    assert len(made) == 2

    assert assembly.assemble_forms.call(job.pk) is None
    assert set(Form.objects.values_list("pk", flat=True)) == made
    client = _client(cast.psychometrician)
    with committed() as callbacks:
        client.post(f"/jobs/{job.pk}/rerun/")
    assert not callbacks and Form.objects.count() == 2
    assert "is done: it is not run again" in client.get(f"/jobs/{job.pk}/").content.decode()


def test_a_job_whose_worker_died_while_solving_is_run_again_once(
    cast, blueprint, committed
) -> None:
    job = _start(blueprint, cast.psychometrician)
    died = timezone.now() - jobs.STALLED - datetime.timedelta(minutes=1)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, step="Solving", steps_done=1, updated_at=died
    )
    client = _client(cast.psychometrician)
    assert "Run it again" in client.get(f"/jobs/{job.pk}/").content.decode()

    with committed():
        response = client.post(f"/jobs/{job.pk}/rerun/")

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.state == JobState.DONE and Form.objects.count() == 2
    assert [f["pk"] for f in job.result["forms"]] == sorted(
        Form.objects.values_list("pk", flat=True)
    )


def test_a_running_job_that_makes_progress_is_not_run_again(cast, blueprint, committed) -> None:
    job = _start(blueprint, cast.psychometrician)
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING, updated_at=timezone.now())
    client = _client(cast.psychometrician)
    assert "Run it again" not in client.get(f"/jobs/{job.pk}/").content.decode()
    with committed() as callbacks:
        client.post(f"/jobs/{job.pk}/rerun/")
    assert not callbacks and not Form.objects.exists()


def test_a_run_that_saves_after_another_finished_the_job_rolls_back(
    cast, blueprint, monkeypatch
) -> None:
    job = _start(blueprint, cast.psychometrician)
    progress = jobs.progress

    def other_run_finishes_first(job: Job, step: str, steps_done: int) -> None:
        progress(job, step, steps_done)
        if steps_done == 2:  # saving
            Job.objects.filter(pk=job.pk).update(
                state=JobState.DONE, finished_at=timezone.now(), result={"forms": []}
            )

    monkeypatch.setattr(jobs, "progress", other_run_finishes_first)
    assert assembly.assemble_forms.call(job.pk) is None
    assert not Form.objects.exists()
    job.refresh_from_db()
    assert job.state == JobState.DONE and job.result == {"forms": []}


def test_the_worker_rechecks_the_starters_permission(cast, blueprint) -> None:
    job = _start(blueprint, cast.psychometrician)
    cast.psychometrician.groups.clear()

    assembly.assemble_forms.call(job.pk)

    job.refresh_from_db()
    assert job.state == JobState.FAILED and not Form.objects.exists()
    assert job.errors() == [
        "psychometrician@example.org may not assemble forms (needs exams.assemble_form)."
    ]


def test_an_unexpected_error_fails_the_job_and_reaches_the_queue(
    cast, blueprint, monkeypatch
) -> None:
    job = _start(blueprint, cast.psychometrician)

    def broken(*args, **kwargs):
        raise RuntimeError("the solver library is missing")

    monkeypatch.setattr(assembly.workflow, "assemble_draft_forms", broken)
    with pytest.raises(RuntimeError):
        assembly.assemble_forms.call(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.error == "Stopped by an error (RuntimeError): the solver library is missing"


def test_only_assemblers_start_jobs_and_see_them(cast, blueprint) -> None:
    job = _start(blueprint, cast.psychometrician)
    for person in (cast.manager, cast.officer, cast.writer, cast.outsider):
        client = _client(person)
        assert client.post("/forms/assemble/", _data(blueprint)).status_code == 403
        assert client.get(f"/jobs/{job.pk}/").status_code == 403
    assert Job.objects.count() == 1
    assert _client(cast.psychometrician).get("/jobs/999999/").status_code == 404


def test_a_job_is_never_deleted(cast, blueprint) -> None:
    job = _start(blueprint, cast.psychometrician)
    with pytest.raises(Exception, match="never deleted"), transaction.atomic():
        job.delete()
    assert Job.objects.filter(pk=job.pk).exists()


def test_officers_and_managers_see_every_job_and_nobody_changes_one(cast, blueprint) -> None:
    job = _start(blueprint, cast.psychometrician)
    for person in (cast.officer, cast.manager):
        client = _client(person)
        page = client.get("/staff/accounts/job/")
        assert page.status_code == 200
        assert f'href="/staff/accounts/job/{job.pk}/change/' in page.content.decode()
        assert client.post(f"/staff/accounts/job/{job.pk}/delete/").status_code == 403
    assert Job.objects.filter(pk=job.pk).exists()
