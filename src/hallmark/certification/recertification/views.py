"""The certificant's recertification page (progress, dates, activities, applying, audit
evidence), the documents they uploaded, and the providers' course application page."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.services import record_access
from hallmark.certification.data import AuditOutcome, RenewalStatus
from hallmark.certification.models import (
    AuditEvidence,
    CEActivity,
    Credential,
    ProviderCourse,
    RenewalAudit,
)
from hallmark.certification.recertification import ce, renewals
from hallmark.certification.recertification.forms import (
    ActivityForm,
    ApplyForm,
    AuditEvidenceForm,
    CourseForm,
)
from hallmark.lib.views import AuthenticatedHttpRequest, refusal_shown


def _own_certification(request: AuthenticatedHttpRequest, number: str) -> Credential:
    credential = (
        Credential.objects.filter(number__iexact=number, holder=request.user)
        .select_related("program")
        .first()
    )
    if credential is None or not credential.is_certification:
        raise Http404("No certification of yours has this number.")
    return credential


def _page(
    request: HttpRequest, credential: Credential, *, status: int = 200, **forms: Form
) -> HttpResponse:
    cycle = renewals.current_cycle(credential)
    context: dict[str, Any] = {"credential": credential, "cycle": cycle}
    if cycle is not None:
        day = credential.program.today()
        dates = cycle.dates()
        open_renewal = cycle.open_renewal()
        audit = getattr(open_renewal, "audit", None) if open_renewal else None
        progress = renewals.cycle_progress(cycle)
        context |= {
            "dates": dates,
            "phase": dates.phase(day),
            "progress": progress,
            "activities": cycle.activities.select_related("category", "course"),
            "open_renewal": open_renewal,
            "audit": audit if audit is not None and not audit.is_decided else None,
            "renewals": cycle.renewals.select_related("audit"),
            "failed_audits": RenewalAudit.objects.filter(
                application__cycle=cycle, outcome=AuditOutcome.FAILED
            ),
            "activity_form": forms.get("activity_form")
            or ActivityForm(cycle=cycle, prefix="activity"),
            "apply_form": forms.get("apply_form") or ApplyForm(prefix="renewal"),
            "audit_form": forms.get("audit_form") or AuditEvidenceForm(cycle=cycle, prefix="audit"),
        }
    past = credential.cycles.all()
    context["past_cycles"] = past.exclude(pk=cycle.pk) if cycle else past
    return render(request, "certification/renewal.html", context, status=status)


@login_required
@require_GET
def renewal(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    return _page(request, _own_certification(request, number))


def _cycle_or_404(credential: Credential) -> Any:
    cycle = renewals.current_cycle(credential)
    if cycle is None:
        raise Http404("This credential has no current cycle.")
    return cycle


@login_required
@require_POST
def log_activity(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    credential = _own_certification(request, number)
    cycle = _cycle_or_404(credential)
    form = ActivityForm(request.POST, request.FILES, cycle=cycle, prefix="activity")
    if form.is_valid():
        data = form.cleaned_data
        with refusal_shown(request, form):
            activity = ce.log_activity(
                cycle,
                by=request.user,
                title=data["title"],
                provider_name=data["provider_name"],
                category_code=data["category"],
                started_on=data["started_on"],
                completed_on=data["completed_on"],
                hours=data["hours"],
                evidence_kind=data["evidence_kind"],
                upload=data["evidence"],
                course_code=data["course_code"],
            )
            messages.success(
                request,
                _("%(title)s is logged: %(status)s.")
                % {"title": activity.title, "status": activity.get_status_display().lower()},
            )
            return redirect("credentials-renewal", credential.number)
    return _page(request, credential, status=400, activity_form=form)


@login_required
@require_POST
def apply(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    credential = _own_certification(request, number)
    _cycle_or_404(credential)
    form = ApplyForm(request.POST, prefix="renewal")
    if form.is_valid():
        with refusal_shown(request, form):
            application = renewals.apply_for_renewal(
                credential,
                by=request.user,
                attest=form.cleaned_data["attest"],
            )
            if application.status == RenewalStatus.AUDIT:
                messages.info(
                    request, _("Your application is in. It was drawn for audit: upload evidence.")
                )
            else:
                messages.success(request, _("Your renewal application is in."))
            return redirect("credentials-renewal", credential.number)
    return _page(request, credential, status=400, apply_form=form)


@login_required
@require_POST
def audit_evidence(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    credential = _own_certification(request, number)
    cycle = _cycle_or_404(credential)
    application = cycle.open_renewal()
    audit = getattr(application, "audit", None) if application else None
    if audit is None or audit.is_decided:
        raise Http404("No audit of this credential is waiting for evidence.")
    form = AuditEvidenceForm(request.POST, request.FILES, cycle=cycle, prefix="audit")
    if form.is_valid():
        activity_pk = form.cleaned_data["activity"]
        with refusal_shown(request, form):
            renewals.upload_audit_evidence(
                audit,
                by=request.user,
                upload=form.cleaned_data["evidence"],
                evidence_kind=form.cleaned_data["evidence_kind"],
                activity=CEActivity.objects.get(pk=activity_pk, cycle=cycle)
                if activity_pk
                else None,
            )
            messages.success(request, _("The evidence is uploaded for the audit."))
            return redirect("credentials-renewal", credential.number)
    return _page(request, credential, status=400, audit_form=form)


@login_required
@require_GET
def evidence_file(request: AuthenticatedHttpRequest, kind: str, pk: int) -> FileResponse:
    """A CE or audit document, to its holder or to staff who may open evidence (recorded)."""
    document: CEActivity | AuditEvidence | None = None
    if kind == "activity":
        document = CEActivity.objects.filter(pk=pk).first()
    elif kind == "audit":
        document = AuditEvidence.objects.filter(pk=pk).first()
    if document is None or not document.file:
        raise Http404("No such document.")
    cycle = document.cycle if isinstance(document, CEActivity) else document.audit.application.cycle
    user = request.user
    holder_id = cycle.credential.holder_id
    if holder_id != user.pk and not user.has_perm("certification.download_ce_evidence"):
        raise Http404("No such document.")
    if holder_id != user.pk:
        record_access(
            request,
            AccessRecordKind.CE_EVIDENCE,
            document,
            what=f"{kind} evidence {pk} of credential {cycle.credential.number}",
            reason="staff review of continuing education or a renewal audit: evidence opened",
            person_id=holder_id,
        )
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    extension = (document.file.name or "").rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'attachment; filename="{kind}-{pk}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def course_application(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A CE provider asks to have a course pre-approved; their applications are listed."""
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form):
            course = ce.apply_for_course(by=request.user, **form.cleaned_data)
            messages.success(
                request, _("%(title)s is submitted for pre-approval.") % {"title": course.title}
            )
            return redirect("credentials-ce-course-apply")
    courses = ProviderCourse.objects.filter(submitted_by=request.user).select_related("program")
    return render(
        request,
        "certification/course_application.html",
        {"form": form, "courses": courses, "audit_outcomes": AuditOutcome},
        status=400 if request.method == "POST" else 200,
    )
