"""The staff's job-analysis pages: the studies by program, a new study, and a study's setup and
panel pages. Everyone with `jobanalysis.view_study` reads them; each change is one form whose
POST calls one service and needs `jobanalysis.manage_study`. The survey's pages are in
`staff_survey_views`, the analysis's in `staff_analysis_views`."""

from typing import Any

from django.contrib import messages
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from hallmark.jobanalysis import services
from hallmark.jobanalysis.data import BEFORE_SURVEY, StudyStatus
from hallmark.jobanalysis.models import BackgroundQuestion, Study
from hallmark.jobanalysis.rules import statements_of
from hallmark.jobanalysis.staff_figures import figures_of, statement_rows
from hallmark.jobanalysis.staff_forms import (
    BackgroundForm,
    CommentForm,
    DecisionForm,
    EditForm,
    PlanForm,
    ScaleForm,
    StudyForm,
)
from hallmark.jobanalysis.staff_steps import MANAGES, READS, bound_or, run_step, study_of
from hallmark.lib.views import AuthenticatedHttpRequest, refusal_shown
from hallmark.programs.models import Program

PLANNABLE = (*BEFORE_SURVEY, StudyStatus.SURVEY_OPEN)
AFTER_SURVEY = (StudyStatus.SURVEY_CLOSED, StudyStatus.ANALYSED)


def _studies_page(
    request: AuthenticatedHttpRequest, form: StudyForm | None = None, *, status: int = 200
) -> HttpResponse:
    analysed = Q(responses__completed_at__isnull=False, responses__excluded=False)
    studies = Study.objects.select_related("program", "draft_outline").annotate(
        respondents=Count("responses", filter=analysed)
    )
    by_program = [
        (program, [s for s in studies if s.program_id == program.pk])
        for program in Program.objects.order_by("designation")
    ]
    context = {
        "by_program": [(p, rows) for p, rows in by_program if rows],
        "form": form or StudyForm(prefix="study"),
    }
    return render(request, "jobanalysis/staff/studies.html", context, status=status)


@READS
@require_GET
def studies(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _studies_page(request)


@MANAGES
@require_POST
def new_study(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = StudyForm(request.POST, prefix="study")
    if form.is_valid():
        data = dict(form.cleaned_data)
        program, outline, title = data.pop("program"), data.pop("draft_outline"), data.pop("title")
        with refusal_shown(request, form):
            study = services.create_study(program, outline, title, by=request.user, **data)
            messages.success(request, f"{study} is set up as a draft.")
            return redirect("jobanalysis:staff-setup", study.pk)
    return _studies_page(request, form, status=400)


# Setup: settings, scales, background questions and the sampling plan.


def _setup_page(
    request: AuthenticatedHttpRequest, study: Study, *, status: int = 200, bound: Any = None
) -> HttpResponse:
    bound = bound or {}
    questions = list(study.background.prefetch_related("targets"))
    plans = [
        (
            q,
            bound_or(
                bound, f"plan-{q.pk}", lambda prefix, q=q: PlanForm(prefix=prefix, question=q)
            ),
        )
        for q in questions
        if q.subgroup
    ]
    context = {
        "study": study,
        "tab": "setup",
        "scales": study.scales.all(),
        "questions": questions,
        "plans": plans,
        "can_add": study.status in BEFORE_SURVEY,
        "can_plan": study.status in PLANNABLE,
        "scale_form": bound_or(bound, "scale", ScaleForm),
        "background_form": bound_or(bound, "background", BackgroundForm),
    }
    return render(request, "jobanalysis/staff/setup.html", context, status=status)


@READS
@require_GET
def setup(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _setup_page(request, study_of(pk))


@MANAGES
@require_POST
def add_scale(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study = study_of(pk)

    def act(data: dict[str, Any]) -> str:
        scale = services.add_scale(
            study,
            data["key"],
            by=request.user,
            question=data["question"],
            required=data["required"],
        )
        return f"Every statement is now rated on {scale.get_key_display().lower()} too."

    form = ScaleForm(request.POST, prefix="scale")
    return run_step(request, study, form, act, page=_setup_page, back="jobanalysis:staff-setup")


@MANAGES
@require_POST
def add_background(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study = study_of(pk)

    def act(data: dict[str, Any]) -> str:
        question = services.add_background_question(
            study,
            data["key"],
            data["text"],
            by=request.user,
            choices=data["choices"],
            subgroup=data["subgroup"],
        )
        return f"Background question {question.key!r} is added."

    form = BackgroundForm(request.POST, prefix="background")
    return run_step(request, study, form, act, page=_setup_page, back="jobanalysis:staff-setup")


@MANAGES
@require_POST
def set_plan(request: AuthenticatedHttpRequest, pk: int, question: int) -> HttpResponse:
    study = study_of(pk)
    row = get_object_or_404(BackgroundQuestion, pk=question, study=study)
    form = PlanForm(request.POST, prefix=f"plan-{row.pk}", question=row)

    def act(data: dict[str, Any]) -> str:
        services.set_sampling_plan(row, form.targets(), by=request.user)
        return f"The sampling plan of {row.key!r} is set."

    return run_step(request, study, form, act, page=_setup_page, back="jobanalysis:staff-setup")


# Panel: the statements by domain with the panel's comments, edits and decisions.


def _panel_page(
    request: AuthenticatedHttpRequest, study: Study, *, status: int = 200, bound: Any = None
) -> HttpResponse:
    bound = bound or {}
    comments: dict[int, list[Any]] = {}
    for c in study.comments.select_related("author").order_by("pk"):
        comments.setdefault(c.competency_id, []).append(c)
    figures, why_not = figures_of(study) if study.status in AFTER_SURVEY else (None, "")
    rows = (
        {r.competency.pk: r for r in statement_rows(study, figures) if r.competency}
        if figures
        else {}
    )
    domains: dict[Any, list[Any]] = {}
    for statement in statements_of(study):
        entry = (statement, comments.get(statement.pk, []), rows.get(statement.pk))
        domains.setdefault(statement.domain, []).append(entry)
    context = {
        "study": study,
        "tab": "panel",
        "domains": domains.items(),
        "borderline": [r for r in rows.values() if r.borderline],
        "why_not": why_not,
        "before_survey": study.status in BEFORE_SURVEY,
        "deciding": study.status in AFTER_SURVEY,
        "comment_form": bound_or(
            bound, "comment", lambda prefix: CommentForm(prefix=prefix, study=study)
        ),
        "edit_form": bound_or(bound, "edit", lambda prefix: EditForm(prefix=prefix, study=study)),
        "decision_form": bound_or(
            bound, "decision", lambda prefix: DecisionForm(prefix=prefix, study=study)
        ),
    }
    return render(request, "jobanalysis/staff/panel.html", context, status=status)


@READS
@require_GET
def panel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _panel_page(request, study_of(pk))


@MANAGES
@require_POST
def begin_panel_review(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study = study_of(pk)
    with refusal_shown(request):
        services.begin_panel_review(study, by=request.user)
        messages.success(request, "The panel's review has begun.")
    return redirect("jobanalysis:staff-panel", study.pk)


@MANAGES
@require_POST
def comment(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study = study_of(pk)

    def act(data: dict[str, Any]) -> str:
        row = services.comment(
            study, data["competency"], data["comment"], by=request.user, proposed=data["proposed"]
        )
        return f"The comment on {row.competency.code} is recorded."

    form = CommentForm(request.POST, prefix="comment", study=study)
    return run_step(request, study, form, act, page=_panel_page, back="jobanalysis:staff-panel")


@MANAGES
@require_POST
def edit_statement(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study = study_of(pk)

    def act(data: dict[str, Any]) -> str:
        row = services.edit_statement(
            study, data["competency"], data["new_text"], reason=data["reason"], by=request.user
        )
        return f"Statement {row.competency.code} now reads: {row.new_text}"

    form = EditForm(request.POST, prefix="edit", study=study)
    return run_step(request, study, form, act, page=_panel_page, back="jobanalysis:staff-panel")


@MANAGES
@require_POST
def decide(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study = study_of(pk)

    def act(data: dict[str, Any]) -> str:
        row = services.decide_borderline(
            study, data["competency"], data["decision"], reason=data["reason"], by=request.user
        )
        return (
            f"The panel's decision on {row.competency.code}: {row.get_decision_display().lower()}."
        )

    form = DecisionForm(request.POST, prefix="decision", study=study)
    return run_step(request, study, form, act, page=_panel_page, back="jobanalysis:staff-panel")
