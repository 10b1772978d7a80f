"""Assembling forms as a background job: the page starts it, a worker solves and saves.

The job holds the validated arguments; the task re-reads them, and re-checks that the person who
started it may still assemble forms. Its steps: waiting for a worker, solving, saving, done (the
forms made) or failed (the solver's explanation, or what was refused). A rerun of a finished job
does nothing; a rerun of one that died while solving solves again, and the forms are recorded on
the job in the transaction that saves them, so they are never made twice.
"""

from typing import Any

from django.urls import reverse
from django_tasks import task

from hallmark.accounts import jobs
from hallmark.accounts.data import JobKind
from hallmark.accounts.models import Job, User
from hallmark.exams.forms import workflow
from hallmark.exams.models import Form
from hallmark.lib.permissions import need
from hallmark.programs.models import Blueprint, Program

STEPS = {
    "solving": (1, "Solving: choosing the items of every form"),
    "saving": (2, "Saving the drafts"),
}


def start_assembly(
    program: Program,
    blueprint: Blueprint,
    n_forms: int,
    *,
    by: User,
    objective: str,
    seed: int,
    time_limit: int,
    theta: list[float],
    overlap_share: float,
    reference: Form | None,
) -> Job:
    """Record an assembly job for `program` and enqueue it after the commit."""
    need(by, "exams.assemble_form", "assemble forms")
    arguments = {
        "program": program.pk,
        "blueprint": blueprint.pk,
        "n_forms": n_forms,
        "objective": objective,
        "seed": seed,
        "time_limit": time_limit,
        "theta": theta,
        "overlap_share": overlap_share,
        "reference": reference.pk if reference else None,
    }
    return jobs.start(
        JobKind.ASSEMBLE_FORMS,
        assemble_forms,
        by=by,
        scope=program.designation,
        arguments=arguments,
        steps=len(STEPS) + 1,
    )


@task()
def assemble_forms(job_pk: int) -> list[int] | None:
    """Run one assembly job: the pks of the forms it made, or None if it made none this time."""
    job = jobs.claim(job_pk)
    if job is None:
        return None
    made: list[Form] = []
    with jobs.failures_recorded(job):
        made = _assemble(job, job.arguments)
    return [form.pk for form in made] or None


def _assemble(job: Job, arguments: dict[str, Any]) -> list[Form]:
    reference = arguments["reference"]

    def step(name: str) -> None:
        done, text = STEPS[name]
        jobs.progress(job, text, done)

    def saved(forms: list[Form]) -> None:
        made = [
            {"pk": f.pk, "code": f.code, "url": reverse("forms:detail", args=[f.pk])} for f in forms
        ]
        codes = ", ".join(f.code for f in forms)
        jobs.finish(job, f"Done: {len(forms)} draft form(s), {codes}", {"forms": made})

    return workflow.assemble_draft_forms(
        Program.objects.get(pk=arguments["program"]),
        Blueprint.objects.get(pk=arguments["blueprint"]),
        arguments["n_forms"],
        by=job.started_by,
        objective=arguments["objective"],
        seed=arguments["seed"],
        time_limit=arguments["time_limit"],
        theta=arguments["theta"],
        overlap_share=arguments["overlap_share"],
        reference=Form.objects.get(pk=reference) if reference else None,
        step=step,
        saved=saved,
    )
