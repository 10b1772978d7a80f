"""The pages of discipline cases: the officers' queue, the case page (for officers and the
members of its panel), the respondent's own page, and the evidence, to those who may see it.

Least privilege: a respondent sees only their own case, a panel member only the cases whose
panel they sit on; anyone else gets a 404, so that a case's existence is not given away.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.models import User
from hallmark.accounts.services import record_access
from hallmark.certification import panels
from hallmark.certification.data import OPEN_CASE_STATES, CaseState, Sanction
from hallmark.certification.discipline import services
from hallmark.certification.discipline.forms import (
    DecisionForm,
    EvidenceForm,
    NoteForm,
    OpenCaseForm,
    ResponseForm,
    SeatForm,
    VoteForm,
)
from hallmark.certification.models import CaseEvidence, Credential, DisciplineCase
from hallmark.lib.views import AuthenticatedHttpRequest, refusal_shown
from hallmark.programs.models import Program

_CASES = DisciplineCase.objects.select_related(
    "program", "respondent", "credential", "complaint", "panel", "opened_by", "decided_by"
)


def _queue(program: Program | None) -> QuerySet[DisciplineCase]:
    """Open cases, those whose response is overdue first, then by the response deadline."""
    cases = _CASES.filter(state__in=OPEN_CASE_STATES)
    if program is not None:
        cases = cases.filter(program=program)
    return cases.order_by(F("response_due").asc(nulls_last=True), "opened_at")


@login_required
@require_http_methods(["GET", "POST"])
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Officers: the open cases of a program and a form to open one. Panel members: the
    cases they sit on."""
    user = request.user
    sitting = _CASES.filter(panel__seats__reviewer=user, panel__seats__stepped_down_at=None)
    runs = user.has_perm(services.RUN)
    if not runs and not user.has_perm(panels.SIT) and not sitting.exists():
        raise PermissionDenied
    programs = Program.objects.order_by("designation")
    program = programs.filter(designation=request.GET.get("program", "")).first()
    form = OpenCaseForm(request.POST or None, prefix="open")
    if request.method == "POST" and runs and form.is_valid():
        with refusal_shown(request, form):
            case = _open(form, program, user)
            messages.success(request, f"{case.reference} is opened. Send the notice next.")
            return redirect("discipline:case", case.reference)
    today = program.today() if program else None
    context = {
        "runs": runs,
        "programs": programs,
        "program": program,
        "cases": _queue(program) if runs else [],
        "sitting": sitting.distinct(),
        "today": today,
        "form": form,
    }
    return render(request, "certification/discipline/queue.html", context)


def _open(form: OpenCaseForm, program: Program | None, by: User) -> DisciplineCase:
    data = form.cleaned_data
    respondent = User.objects.filter(email__iexact=data["respondent"]).first()
    if respondent is None:
        raise ValidationError({"respondent": "Nobody has an account with this address."})
    credential = None
    if data["credential_number"].strip():
        credential = Credential.objects.filter(number=data["credential_number"].strip()).first()
        if credential is None:
            raise ValidationError({"credential_number": "No credential has this number."})
        program = credential.program
    if program is None:
        raise ValidationError("Choose the program above, or name the credential concerned.")
    return services.open_case(
        program,
        respondent,
        by=by,
        source=data["source"],
        source_reference=data["source_reference"],
        allegations=data["allegations"],
        credential=credential,
    )


def _visible_case(request: AuthenticatedHttpRequest, reference: str) -> DisciplineCase:
    case = get_object_or_404(_CASES, reference=reference)
    if request.user.has_perm(services.RUN) or services.sits_on(case, request.user):
        return case
    raise Http404("No case with this reference.")


def _case_page(
    request: AuthenticatedHttpRequest, case: DisciplineCase, **forms: Any
) -> HttpResponse:
    user = request.user
    runs = user.has_perm(services.RUN)
    seats = list(case.panel.seats.select_related("reviewer")) if case.panel else []
    my_seat = next((s for s in seats if s.reviewer_id == user.pk and not s.stepped_down_at), None)
    candidates = services.panel_candidates(case) if runs and case.state == CaseState.HEARING else []
    context = {
        "case": case,
        "runs": runs,
        "evidence": case.evidence.select_related("added_by"),
        "seats": seats,
        "my_seat": my_seat,
        "candidates": candidates,
        "seat_form": forms.get("seat_form")
        or SeatForm(candidates=[p for p, refusal in candidates if refusal is None], prefix="seat"),
        "evidence_form": forms.get("evidence_form") or EvidenceForm(prefix="evidence"),
        "vote_form": forms.get("vote_form") or VoteForm(prefix="vote"),
        "decision_form": forms.get("decision_form") or DecisionForm(prefix="decision"),
        "note_form": forms.get("note_form") or NoteForm(prefix="close"),
        "tally": sorted(services.panels.tally(case.panel).items()) if case.panel else [],
    }
    return render(request, "certification/discipline/case.html", context)


@login_required
def case_page(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    return _case_page(request, _visible_case(request, reference))


def _seat(request: AuthenticatedHttpRequest, case: DisciplineCase) -> HttpResponse | None:
    candidates = [person for person, _ in services.panel_candidates(case)]
    form = SeatForm(request.POST, candidates=candidates, prefix="seat")
    if form.is_valid():
        with refusal_shown(request, form):
            services.seat(
                case,
                form.cleaned_data["reviewer"],
                by=request.user,
                chair=form.cleaned_data["chair"],
            )
            messages.success(request, f"{form.cleaned_data['reviewer'].email} is seated.")
            return None
    return _case_page(request, case, seat_form=form)


def _evidence(request: AuthenticatedHttpRequest, case: DisciplineCase) -> HttpResponse | None:
    form = EvidenceForm(request.POST, request.FILES, prefix="evidence")
    if form.is_valid():
        with refusal_shown(request, form):
            services.add_evidence(
                case,
                by=request.user,
                description=form.cleaned_data["description"],
                upload=form.cleaned_data["document"],
            )
            messages.success(request, "The evidence is added to the case.")
            return None
    return _case_page(request, case, evidence_form=form)


def _vote(request: AuthenticatedHttpRequest, case: DisciplineCase) -> HttpResponse | None:
    form = VoteForm(request.POST, prefix="vote")
    seat = case.panel.sitting().filter(reviewer=request.user).first() if case.panel else None
    if seat is None:
        raise PermissionDenied("Only a reviewer seated on the panel votes.")
    if form.is_valid():
        with refusal_shown(request, form):
            data = form.cleaned_data
            services.vote(
                case, seat, by=request.user, sanction=data["sanction"], reason=data["reason"]
            )
            messages.success(request, "Your vote is recorded as cast.")
            return None
    return _case_page(request, case, vote_form=form)


def _decide(request: AuthenticatedHttpRequest, case: DisciplineCase) -> HttpResponse | None:
    form = DecisionForm(request.POST, prefix="decision")
    if form.is_valid():
        with refusal_shown(request, form):
            data = form.cleaned_data
            services.decide(
                case,
                by=request.user,
                sanction=data["sanction"],
                reasons=data["reasons"],
                probation_conditions=data["probation_conditions"],
                probation_ends_on=data["probation_ends_on"],
                suspended_until=data["suspended_until"],
                void_result=data["void_result"],
            )
            messages.success(request, "The decision is recorded and carried out.")
            return None
    return _case_page(request, case, decision_form=form)


def _close(request: AuthenticatedHttpRequest, case: DisciplineCase) -> HttpResponse | None:
    form = NoteForm(request.POST, prefix="close")
    if form.is_valid():
        with refusal_shown(request, form):
            services.close_case(case, by=request.user, note=form.cleaned_data["note"])
            messages.success(request, f"{case.reference} is closed.")
            return None
    return _case_page(request, case, note_form=form)


def _simple(step: Callable[..., DisciplineCase], done: str) -> Callable[..., HttpResponse | None]:
    def act(request: AuthenticatedHttpRequest, case: DisciplineCase) -> HttpResponse | None:
        with refusal_shown(request):
            step(case, by=request.user)
            messages.success(request, done)
        return None

    return act


ACTIONS: dict[str, Callable[[AuthenticatedHttpRequest, DisciplineCase], HttpResponse | None]] = {
    "notice": _simple(services.send_notice, "The notice is sent to the respondent."),
    "response-period": _simple(services.end_response_period, "The response period is over."),
    "hearing": _simple(services.open_hearing, "The hearing is open: seat the panel."),
    "evidence": _evidence,
    "seat": _seat,
    "vote": _vote,
    "decide": _decide,
    "close": _close,
}


@login_required
@require_POST
def act(request: AuthenticatedHttpRequest, reference: str, action: str) -> HttpResponse:
    """One step of the case; the service checks who may take it."""
    if action not in ACTIONS:
        raise Http404("No such step.")
    case = _visible_case(request, reference)
    shown = ACTIONS[action](request, case)
    return shown or redirect("discipline:case", case.reference)


# --- the respondent ------------------------------------------------------------------------


def _respondent_page(
    request: AuthenticatedHttpRequest, case: DisciplineCase, form: ResponseForm | None = None
) -> HttpResponse:
    today = case.program.today()
    context = {
        "case": case,
        "today": today,
        "may_appeal": case.is_decided
        and case.decision != Sanction.DISMISSED
        and not case.is_overturned
        and case.appeal_until is not None
        and today <= case.appeal_until,
        "evidence": case.evidence.filter(side="respondent"),
        "form": form or ResponseForm(prefix="response"),
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "certification/discipline/mine.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def mine(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    """The respondent's own case: the allegations, the deadline, the answer, the decision."""
    case = get_object_or_404(_CASES, reference=reference, respondent=request.user)
    if case.state == CaseState.OPENED:
        raise Http404("No case with this reference.")  # nothing to see before the notice
    if request.method == "POST":
        form = ResponseForm(request.POST, request.FILES, prefix="response")
        if form.is_valid():
            with refusal_shown(request, form):
                services.respond(
                    case,
                    by=request.user,
                    response=form.cleaned_data["response"],
                    documents=form.documents(),
                )
                messages.success(request, _("Your response is received. The panel will read it."))
                return redirect("discipline:mine", case.reference)
        return _respondent_page(request, case, form)
    return _respondent_page(request, case)


@login_required
def evidence_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """A document of a case: to the respondent (their own), to the panel, to officers
    (recorded)."""
    evidence = get_object_or_404(CaseEvidence.objects.select_related("case__panel"), pk=pk)
    user, case = request.user, evidence.case
    own = evidence.side == "respondent" and case.respondent_id == user.pk
    if not (
        own or services.sits_on(case, user) or user.has_perm("certification.download_case_evidence")
    ):
        raise Http404("No such document.")
    if not own:
        record_access(
            request,
            AccessRecordKind.EVIDENCE,
            evidence,
            what=f"evidence {pk} of discipline case {case.reference}",
            reason="hearing or running a discipline case: evidence opened",
            person_id=case.respondent_id,
        )
    response = FileResponse(evidence.file.open("rb"), content_type=evidence.content_type)
    extension = (evidence.file.name or "").rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'attachment; filename="evidence-{pk}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response
