"""The staff's complaint pages: the queue per program (the most overdue first) and a complaint's
page, whose forms each call one service. Opening an attachment leaves an access record."""

import datetime
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from hallmark.accounts.access import staff_permission
from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.services import record_access
from hallmark.certification.complaints import queries, services
from hallmark.certification.complaints.data import ComplaintStatus
from hallmark.certification.complaints.forms import (
    ActionForm,
    CaseForm,
    CloseForm,
    DoneForm,
    LinkForm,
    NoteForm,
    TriageForm,
)
from hallmark.certification.discipline.from_complaint import (
    can_open_case,
    open_case_from_complaint,
)
from hallmark.certification.models import (
    Complaint,
    ComplaintAttachment,
    CorrectiveAction,
    DisciplineCase,
)
from hallmark.lib.views import AuthenticatedHttpRequest, refusal_shown, show_refusal
from hallmark.programs.models import Program

HANDLES = staff_permission(services.HANDLE)
# prefix -> form: one per step, each with its own ids on the shared page
STEP_FORMS: dict[str, type[forms.Form]] = {
    "triage": TriageForm,
    "link": LinkForm,
    "note": NoteForm,
    "action": ActionForm,
    "close": CloseForm,
    "case": CaseForm,
}
Act = Callable[[Complaint, dict[str, Any], Any], str]


def _complaint(reference: str) -> Complaint:
    rows = Complaint.objects.select_related(
        "program", "credential", "acknowledged_by", "triaged_by", "closed_by"
    )
    return get_object_or_404(rows, reference=reference)


@HANDLES
@require_GET
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    designation = request.GET.get("program", "")
    program = (
        Program.objects.filter(designation__iexact=designation).first() if designation else None
    )
    context = {
        "programs": Program.objects.all(),
        "program": program,
        "rows": queries.queue(program),
        "closed": queries.recently_closed(program),
    }
    return render(request, "certification/complaints/queue.html", context)


def _page(
    request: AuthenticatedHttpRequest, complaint: Complaint, *, status: int = 200, **bound: Any
) -> HttpResponse:
    step_forms = {name: bound.get(name) or form(prefix=name) for name, form in STEP_FORMS.items()}
    actions = [
        (action, bound.get(f"done-{action.pk}") or DoneForm(prefix=f"done-{action.pk}"))
        for action in complaint.corrective_actions.select_related("owner", "verified_by")
    ]
    context = {
        "complaint": complaint,
        "today": complaint.program.today(),
        "statuses": ComplaintStatus,
        "forms": step_forms,
        "actions": actions,
        "attachments": complaint.attachments.all(),
        "events": complaint.events.select_related("by"),
        "can_open_case": can_open_case(complaint),
        "case": DisciplineCase.objects.filter(complaint=complaint).first(),
    }
    return render(request, "certification/complaints/complaint.html", context, status=status)


@HANDLES
@require_GET
def complaint(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    return _page(request, _complaint(reference))


def _step(request: AuthenticatedHttpRequest, reference: str, prefix: str, act: Act) -> HttpResponse:
    """Run one step's form through its service: back to the page with what was done (or why
    the step cannot be taken now), or the page again with the errors on the form's fields."""
    complaint = _complaint(reference)
    form = (DoneForm if prefix.startswith("done-") else STEP_FORMS[prefix])(
        request.POST, prefix=prefix
    )
    if form.is_valid():
        try:
            done = act(complaint, form.cleaned_data, request.user)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                show_refusal(request, error, form)
                return _page(request, complaint, status=400, **{prefix: form})
            show_refusal(request, error)  # the step's turn has not come: the page says why
        else:
            messages.success(request, done)
        return redirect("complaints:staff-complaint", complaint.reference)
    return _page(request, complaint, status=400, **{prefix: form})


@HANDLES
@require_POST
def acknowledge(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    complaint = _complaint(reference)
    with refusal_shown(request):
        services.acknowledge(complaint, by=request.user)
        told = "the complainant is emailed" if complaint.can_reply else "anonymous: nobody to tell"
        messages.success(request, f"{complaint} is acknowledged ({told}).")
    return redirect("complaints:staff-complaint", complaint.reference)


def _triage(complaint: Complaint, data: dict[str, Any], by: Any) -> str:
    done = services.triage(
        complaint,
        data["scope"],
        reason=data["reason"],
        credential_number=data["credential_number"],
        by=by,
    )
    if done.status == ComplaintStatus.CLOSED:
        return f"{done} is out of scope and closed."
    return f"{done} is in scope: under investigation."


@HANDLES
@require_POST
def triage(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    return _step(request, reference, "triage", _triage)


@HANDLES
@require_POST
def link(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    def act(complaint: Complaint, data: dict[str, Any], by: Any) -> str:
        done = services.link_credential(complaint, data["credential_number"], by=by)
        return f"{done} is linked to {done.credential}."

    return _step(request, reference, "link", act)


@HANDLES
@require_POST
def note(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    def act(complaint: Complaint, data: dict[str, Any], by: Any) -> str:
        services.add_note(complaint, data["text"], by=by)
        return "The note is added."

    return _step(request, reference, "note", act)


@HANDLES
@require_POST
def plan_action(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    def act(complaint: Complaint, data: dict[str, Any], by: Any) -> str:
        services.plan_corrective_action(
            complaint, what=data["what"], owner=data["owner"], due_on=data["due_on"], by=by
        )
        return "The corrective action is planned."

    return _step(request, reference, "action", act)


@HANDLES
@require_POST
def action_done(request: AuthenticatedHttpRequest, reference: str, pk: int) -> HttpResponse:
    action = get_object_or_404(CorrectiveAction, pk=pk, complaint__reference=reference)

    def act(complaint: Complaint, data: dict[str, Any], by: Any) -> str:
        done_on: datetime.date = data["done_on"]
        services.complete_corrective_action(
            action, done_on=done_on, verification=data["verification"], by=by
        )
        return "The corrective action is recorded as done and verified."

    return _step(request, reference, f"done-{action.pk}", act)


@HANDLES
@require_POST
def open_case(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    def act(complaint: Complaint, data: dict[str, Any], by: Any) -> str:
        case = open_case_from_complaint(complaint, by=by, allegations=data["allegations"])
        return f"{case} is open against {case.respondent.display_name}: send the notice next."

    return _step(request, reference, "case", act)


@HANDLES
@require_POST
def close(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    def act(complaint: Complaint, data: dict[str, Any], by: Any) -> str:
        done = services.close_complaint(complaint, outcome=data["outcome"], by=by)
        told = "the complainant is told the outcome" if done.can_reply else "anonymous"
        return f"{done} is closed ({told})."

    return _step(request, reference, "close", act)


@login_required
@require_GET
def attachment(request: AuthenticatedHttpRequest, reference: str, pk: int) -> FileResponse:
    if not request.user.has_perm(services.HANDLE):  # streamed: not a page `HANDLES` wraps
        raise PermissionDenied
    document = get_object_or_404(ComplaintAttachment, pk=pk, complaint__reference=reference)
    record_access(
        request,
        AccessRecordKind.COMPLAINT,
        document,
        what=f"attachment {document.pk} of complaint {reference} ({document.original_name})",
        reason="handling a complaint: attachment opened",
    )
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    return response
