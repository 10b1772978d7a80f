"""The candidate pages: dashboard, application, accommodations (booking is in booking_views;
appeals are filed on the certification app's pages); and the one-time page where an employer
confirms a candidate's work.

Each page shows only the signed-in candidate's own records: anyone else's is a 404.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.forms import posted, uploaded
from hallmark.accounts.services import record_access
from hallmark.exams.data import (
    OPEN_APPLICATION,
    AccommodationKind,
    AccommodationStatus,
    ApplicationStatus,
    RegistrationStatus,
)
from hallmark.exams.journey import accommodations, applications, employer
from hallmark.exams.journey.fees import application_fee, program_fee
from hallmark.exams.journey.forms import (
    AccommodationForm,
    AnswersForm,
    ConductForm,
    DocumentForm,
    EmployerAnswerForm,
    EmployerForm,
    EvidenceForm,
)
from hallmark.exams.journey.next_step import next_step
from hallmark.exams.models import (
    AccommodationRequest,
    Application,
    Evidence,
    Registration,
)
from hallmark.lib.dates import long_date
from hallmark.lib.views import AuthenticatedHttpRequest, mine, refusal_shown
from hallmark.programs.data import ProgramStatus
from hallmark.programs.models import EligibilityPolicy, Program

EDIT = require_http_methods(["GET", "POST"])


# --- dashboard ----------------------------------------------------------------------------


def _standing(applied: Any, program: Program) -> str:
    """What the candidate already has with a program, in words (empty: nothing yet)."""
    today = program.today()
    for application in applied:
        if application.program_id != program.pk:
            continue
        if application.status in OPEN_APPLICATION:
            return _("You have an open application.")
        if application.approval_current(today):
            return _("Your approval expires on %(day)s.") % {
                "day": long_date(application.approval_expires_on)
            }
    return ""


@login_required
def dashboard(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    seats = Registration.objects.filter(candidate=user).select_related("window", "program")
    applied = Application.objects.filter(candidate=user).select_related("program")
    programs = []
    for program in Program.objects.filter(status=ProgramStatus.ACTIVE).order_by("-kind", "name"):
        takes_applications = EligibilityPolicy.in_force(program) is not None
        programs.append((program, takes_applications, _standing(applied, program)))
    context = {
        "step": next_step(user),
        "applications": applied,
        "registrations": seats.exclude(status=RegistrationStatus.SAT),
        "attempts": seats.filter(status=RegistrationStatus.SAT).order_by("-sat_on"),
        "accommodations": AccommodationRequest.objects.filter(candidate=user).select_related(
            "program"
        ),
        "programs": programs,
    }
    return render(request, "exams/dashboard.html", context)


# --- applications ------------------------------------------------------------------------


@login_required
@EDIT
def apply(request: AuthenticatedHttpRequest, designation: str) -> HttpResponse:
    program = get_object_or_404(
        Program, designation__iexact=designation, status=ProgramStatus.ACTIVE
    )
    policy = EligibilityPolicy.in_force(program)
    if policy is None:
        raise Http404(f"{program.designation} takes no applications.")
    if request.method == "POST":
        with refusal_shown(request):
            application = applications.start_application(request.user, program, by=request.user)
            return redirect("exams:application", application.pk)
        return redirect("portal")
    context = {"program": program, "policy": policy, "fee": program_fee(program)}
    return render(request, "exams/apply.html", context)


@login_required
def application_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = mine(request, Application, pk)
    today = application.program.today()
    context = {
        "application": application,
        "program": application.program,
        "policy": application.policy,
        "answers": {a.criterion_id: a for a in application.answers.all()},
        "criteria": list(application.policy.criteria.all()),
        "evidence": application.live_evidence().select_related("criterion"),
        "verification": application.current_employer_verification(),
        "problems": applications.application_problems(application)
        if application.is_editable
        else [],
        "can_edit": application.status == ApplicationStatus.DRAFT
        or application.resubmission_open(today),
        "can_withdraw": application.status
        in (
            ApplicationStatus.DRAFT,
            ApplicationStatus.SUBMITTED,
            ApplicationStatus.MORE_INFORMATION,
        ),
        "can_appeal": application.appeal_open(today),
        "appeal": application.appeals.first(),
        "events": application.events.all(),
        "fee": application_fee(application),
    }
    return render(request, "exams/application.html", context)


def _editable_or_back(request: HttpRequest, application: Application) -> HttpResponse | None:
    if application.status == ApplicationStatus.DRAFT or application.resubmission_open(
        application.program.today()
    ):
        return None
    messages.error(request, _("This application can no longer be changed."))
    return redirect("exams:application", application.pk)


@login_required
@EDIT
def application_answers(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = mine(request, Application, pk)
    if (back := _editable_or_back(request, application)) is not None:
        return back
    form = AnswersForm(application, posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form):
            applications.save_answers(application, form.answers(), by=request.user)
            messages.success(request, _("Your answers are saved."))
            return redirect("exams:application", application.pk)
    return render(request, "exams/answers.html", {"application": application, "form": form})


@login_required
@EDIT
def application_evidence(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = mine(request, Application, pk)
    if (back := _editable_or_back(request, application)) is not None:
        return back
    form = EvidenceForm(application, posted(request), uploaded(request))
    if request.method == "POST" and form.is_valid():
        criterion = form.criteria[form.cleaned_data["criterion"]]
        with refusal_shown(request, form):
            applications.add_evidence(
                application,
                criterion,
                form.cleaned_data["file"],
                by=request.user,
            )
            messages.success(
                request, _("%(name)s is uploaded.") % {"name": form.cleaned_data["file"].name}
            )
            return redirect("exams:application-evidence", application.pk)
    context = {
        "application": application,
        "form": form,
        "evidence": application.live_evidence().select_related("criterion"),
    }
    return render(request, "exams/evidence.html", context)


@login_required
@require_POST
def evidence_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    evidence = mine(request, Evidence, pk, owner="owner", withdrawn_at__isnull=True)
    with refusal_shown(request):
        applications.withdraw_evidence(evidence, by=request.user)
        messages.success(request, _("%(name)s is removed.") % {"name": evidence.original_name})
    if evidence.application_id:
        return redirect("exams:application-evidence", evidence.application_id)
    return redirect("exams:accommodation", evidence.accommodation_id)


@login_required
def evidence_file(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """A private document, for its owner or staff allowed to open evidence; a 404 for others."""
    evidence = get_object_or_404(Evidence, pk=pk)
    own = evidence.owner_id == request.user.pk
    if not own and not request.user.has_perm("exams.download_evidence"):
        raise Http404("No such document.")
    if not evidence.file:
        raise Http404("This document's file was removed under the retention schedule.")
    if not own:
        record_access(
            request,
            AccessRecordKind.EVIDENCE,
            evidence,
            what=f"evidence {evidence.pk} ({evidence.original_name})",
            reason="staff review of an application or accommodation: evidence opened",
            person_id=evidence.owner_id,
        )
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


@login_required
@EDIT
def application_conduct(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = mine(request, Application, pk)
    if (back := _editable_or_back(request, application)) is not None:
        return back
    form = ConductForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form):
            applications.accept_conduct(application, by=request.user)
            messages.success(
                request, _("You have signed the code of conduct and candidate agreement.")
            )
            return redirect("exams:application", application.pk)
    return render(
        request,
        "exams/conduct.html",
        {"application": application, "policy": application.policy, "form": form},
    )


@login_required
@EDIT
def application_employer(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = mine(request, Application, pk)
    if (back := _editable_or_back(request, application)) is not None:
        return back
    form = EmployerForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form):
            employer.request_employer_verification(
                application, by=request.user, **form.cleaned_data
            )
            messages.success(
                request,
                _("We have emailed %(name)s a link to confirm your work.")
                % {"name": form.cleaned_data["reference_name"]},
            )
            return redirect("exams:application", application.pk)
    context = {
        "application": application,
        "form": form,
        "verification": application.current_employer_verification(),
    }
    return render(request, "exams/employer.html", context)


@login_required
@require_POST
def application_submit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = mine(request, Application, pk)
    with refusal_shown(request):
        applications.submit_application(application, by=request.user)
        messages.success(
            request, _("Your application is submitted. We will email you the decision.")
        )
    return redirect("exams:application", application.pk)


@login_required
@require_POST
def application_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    application = mine(request, Application, pk)
    with refusal_shown(request):
        applications.withdraw_application(application, by=request.user)
        messages.success(request, _("Your application is withdrawn."))
    return redirect("exams:application", application.pk)


# --- the employer's one-time page ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
def employer_verification(request: HttpRequest, token: str) -> HttpResponse:
    verification = employer.verification_for_link(token)
    if verification is None:
        return render(request, "exams/employer_link_invalid.html", status=404)
    form = EmployerAnswerForm(posted(request))
    answer = request.POST.get("answer")
    if request.method == "POST" and answer in ("confirm", "decline") and form.is_valid():
        try:
            employer.answer_employer_verification(
                token, confirmed=answer == "confirm", note=form.cleaned_data["note"]
            )
        except ValidationError:
            return render(request, "exams/employer_link_invalid.html", status=404)
        return render(request, "exams/employer_thanks.html", {"confirmed": answer == "confirm"})
    application = verification.application
    criterion = application.policy.criteria.filter(evidence_kind="employer").first()
    context = {
        "verification": verification,
        "candidate": application.candidate,
        "program": application.program,
        "criterion": criterion,
        "form": form,
    }
    return render(request, "exams/employer_verify.html", context)


# --- accommodations -----------------------------------------------------------------------


@login_required
@EDIT
def accommodation_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = AccommodationForm(posted(request), uploaded(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(request, form):
            request_ = accommodations.request_accommodation(
                request.user,
                data["program"],
                kind=AccommodationKind(data["kind"]),
                time_factor=data["time_factor"],
                details=data["details"],
                documentation=data["documentation"],
                by=request.user,
            )
            messages.success(
                request, _("Your request is sent. An officer will decide it and email you.")
            )
            return redirect("exams:accommodation", request_.pk)
    return render(request, "exams/accommodation_new.html", {"form": form})


@login_required
@EDIT
def accommodation_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    accommodation = mine(request, AccommodationRequest, pk)
    pending = accommodation.status == AccommodationStatus.REQUESTED
    form = DocumentForm(posted(request), uploaded(request)) if pending else None
    if request.method == "POST" and form is not None and form.is_valid():
        with refusal_shown(request, form):
            accommodations.add_accommodation_document(
                accommodation, form.cleaned_data["file"], by=request.user
            )
            messages.success(request, _("The document is added."))
            return redirect("exams:accommodation", accommodation.pk)
    context = {
        "accommodation": accommodation,
        "documents": accommodation.live_documents(),
        "form": form,
        "can_appeal": accommodation.appeal_open(accommodation.program.today()),
        "appeal": accommodation.appeals.first(),
        "registrations": accommodation.registrations.filter(status=RegistrationStatus.BOOKED),
    }
    return render(request, "exams/accommodation.html", context)


@login_required
@require_POST
def accommodation_withdraw(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    accommodation = mine(request, AccommodationRequest, pk)
    with refusal_shown(request):
        accommodations.withdraw_accommodation(accommodation, by=request.user)
        messages.success(request, _("Your request is withdrawn."))
    return redirect("exams:accommodation", accommodation.pk)
