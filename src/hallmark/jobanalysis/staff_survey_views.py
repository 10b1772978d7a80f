"""A study's survey page: opening and closing it, the open link, invitations and reminders, the
response tracking against the sampling plan, and the anonymous responses with their
exclusions. Only those who may see invitations see the invitees' addresses."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from hallmark import csv_cells
from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.services import record_access
from hallmark.jobanalysis import services, tracking
from hallmark.jobanalysis.data import StudyStatus
from hallmark.jobanalysis.models import Response, Study
from hallmark.jobanalysis.staff_forms import STAFF_REASONS, ExcludeForm, InviteForm, LinksForm
from hallmark.jobanalysis.staff_steps import (
    MANAGES,
    READS,
    SEES_ADDRESSES,
    bound_or,
    button_step,
    run_step,
    study_of,
)
from hallmark.lib.views import AuthenticatedHttpRequest, refusal_shown

BACK = "jobanalysis:staff-survey"
RESPONSES_A_PAGE = 100
EXCLUDABLE = (StudyStatus.SURVEY_OPEN, StudyStatus.SURVEY_CLOSED)


def open_link(study: Study) -> str:
    return f"{settings.PUBLIC_BASE_URL.rstrip('/')}/job-analysis/{study.pk}/"


def _responses(request: AuthenticatedHttpRequest, study: Study) -> Any:
    rows = study.responses.order_by("started_at", "pk")
    return Paginator(rows, RESPONSES_A_PAGE).get_page(request.GET.get("page"))


def _survey_page(
    request: AuthenticatedHttpRequest, study: Study, *, status: int = 200, bound: Any = None
) -> HttpResponse:
    bound = bound or {}
    sees_addresses = request.user.has_perm(SEES_ADDRESSES)
    responses = _responses(request, study)
    context = {
        "study": study,
        "tab": "survey",
        "open_link": open_link(study),
        "funnel": tracking.funnel(study),
        "cell_rates": tracking.cell_rates(study),
        "plans": tracking.plan_comparisons(study),
        "responses": responses,
        "excluding": study.status in EXCLUDABLE,
        "reasons": STAFF_REASONS,
        "sees_addresses": sees_addresses,
        "invitations": study.invitations.all() if sees_addresses else None,
        "invited": study.invitations.count(),
        "invite_form": bound_or(bound, "invite", InviteForm),
        "links_form": bound_or(bound, "links", LinksForm),
    }
    return render(request, "jobanalysis/staff/survey.html", context, status=status)


@READS
@require_GET
def survey(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _survey_page(request, study_of(pk))


@MANAGES
@require_POST
def open_survey(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def act(study: Study) -> str:
        services.open_survey(study, by=request.user)
        return "The survey is open: invite respondents or share the link."

    return button_step(request, pk, act, back=BACK)


@MANAGES
@require_POST
def close_survey(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def act(study: Study) -> str:
        services.close_survey(study, by=request.user)
        return "The survey is closed: no new responses are taken."

    return button_step(request, pk, act, back=BACK)


@MANAGES
@require_POST
def invite(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    study = study_of(pk)

    def act(data: dict[str, Any]) -> str:
        count = services.invite(
            study, data["invitees"], by=request.user, base_url=settings.PUBLIC_BASE_URL
        )
        return f"{count} invitation{'s' if count != 1 else ''} sent."

    form = InviteForm(request.POST, request.FILES, prefix="invite")
    return run_step(request, study, form, act, page=_survey_page, back=BACK)


@MANAGES
@require_POST
def remind(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def act(study: Study) -> str:
        count = services.remind(study, by=request.user, base_url=settings.PUBLIC_BASE_URL)
        return f"{count} reminder{'s' if count != 1 else ''} sent."

    return button_step(request, pk, act, back=BACK)


@MANAGES
@require_POST
def personal_links(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The invitees' new personal links as CSV, for a mail merge; the export is recorded with
    its reason, as every export of confidential records is."""
    study = study_of(pk)
    form = LinksForm(request.POST, prefix="links")
    if not form.is_valid():
        return _survey_page(request, study, status=400, bound={"links": form})
    with refusal_shown(request):
        links = services.personal_links(study, by=request.user, base_url=settings.PUBLIC_BASE_URL)
        cells = {
            e: (r, s) for e, r, s in study.invitations.values_list("email", "region", "setting")
        }
        record_access(
            request,
            AccessRecordKind.SURVEY_LINKS,
            study,
            what=f"personal links of {len(links)} invitations to {study.title}",
            reason=form.cleaned_data["reason"],
        )
        response = HttpResponse(content_type="text/csv")
        response["Content-Disposition"] = f'attachment; filename="study-{study.pk}-links.csv"'
        response["Cache-Control"] = "no-store"
        out = csv_cells.writer(response)
        out.writerow(["email", "region", "setting", "link"])
        for email, link in links:
            out.writerow([email, *cells[email], link])
        return response
    return redirect(BACK, study.pk)


@MANAGES
@require_POST
def flag_quality(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    def act(study: Study) -> str:
        flags = services.flag_quality(study, by=request.user)
        return (
            f"{flags.speeders} speeder{'s' if flags.speeders != 1 else ''} and "
            f"{flags.straight_liners} straight-liner{'s' if flags.straight_liners != 1 else ''} "
            "excluded."
        )

    return button_step(request, pk, act, back=BACK)


@MANAGES
@require_POST
def exclude(request: AuthenticatedHttpRequest, pk: int, response: int) -> HttpResponse:
    study = study_of(pk)
    row = get_object_or_404(Response, pk=response, study=study)
    form = ExcludeForm(request.POST, prefix=f"exclude-{row.pk}")
    if not form.is_valid():
        messages.error(request, f"Response {row.pk}: choose a reason to exclude it.")
        return redirect(BACK, study.pk)
    with refusal_shown(request):
        done = services.exclude(row, form.cleaned_data["reason"], by=request.user)
        messages.success(request, f"Response {done.pk} is excluded.")
    return redirect(BACK, study.pk)


@MANAGES
@require_POST
def include(request: AuthenticatedHttpRequest, pk: int, response: int) -> HttpResponse:
    study = study_of(pk)
    row = get_object_or_404(Response, pk=response, study=study)
    with refusal_shown(request):
        done = services.include(row, by=request.user)
        messages.success(request, f"Response {done.pk} is counted again.")
    return redirect(BACK, study.pk)
