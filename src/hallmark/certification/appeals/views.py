"""The appeal pages: the appellant files and follows their appeals; officers work a queue, the
overdue first, acknowledge and seat panels; reviewers see the appeals they sit on and vote; the
chair records the outcome. Each person sees only what their part needs: a 404 otherwise."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.forms import posted, uploaded
from hallmark.accounts.services import record_access
from hallmark.certification.appeals import services, subjects
from hallmark.certification.appeals.forms import AppealForm, OutcomeForm, SeatForm, VoteForm
from hallmark.certification.data import OPEN_APPEAL, AppealStatus
from hallmark.certification.models import Appeal, AppealEvidence
from hallmark.lib.views import AuthenticatedHttpRequest, refusal_shown
from hallmark.programs.models import Program

RELATED = ("program", "appellant", "panel", "acknowledged_by", "decided_by", "closed_by")


def _handles(request: AuthenticatedHttpRequest) -> bool:
    return request.user.has_perm(services.HANDLE)


def _visible(request: AuthenticatedHttpRequest) -> QuerySet[Appeal]:
    """The appeals the signed-in person may open: their own, their panels', or all for officers."""
    rows = Appeal.objects.select_related(*RELATED)
    if _handles(request):
        return rows
    return rows.filter(
        Q(appellant=request.user) | Q(panel__seats__reviewer=request.user)
    ).distinct()


def _decision(kind: str, pk: int) -> Any:
    try:
        return subjects.find(kind, pk)
    except (LookupError, ObjectDoesNotExist):
        raise Http404("No such decision.") from None


@login_required
@require_http_methods(["GET", "POST"])
def file(request: AuthenticatedHttpRequest, subject: str, pk: int) -> HttpResponse:
    """The person a decision affects reads it, its reason and the deadline, and appeals it."""
    decision = _decision(subject, pk)
    read = subjects.subject(subject).read(decision)
    if read.person.pk != request.user.pk:
        raise Http404("No such decision.")
    form = AppealForm(posted(request), uploaded(request))
    refusal = ""
    try:
        services.appealable(subject, decision, by=request.user, on=read.program.today())
    except ValidationError as error:
        refusal = " ".join(error.messages)
    if request.method == "POST" and not refusal and form.is_valid():
        upload = form.cleaned_data["evidence"]
        with refusal_shown(request, form):
            appeal = services.file_appeal(
                subject,
                decision,
                by=request.user,
                grounds=form.cleaned_data["grounds"],
                evidence=[upload] if upload else [],
            )
            messages.success(
                request,
                _("Your appeal %(reference)s is received.") % {"reference": appeal.reference},
            )
            return redirect("appeals:appeal", appeal.pk)
    context = {"decision": read, "form": form, "refusal": refusal, "subject": subject}
    return render(request, "appeals/file.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def mine(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in person's own appeals."""
    appeals = Appeal.objects.filter(appellant=request.user).select_related("program")
    return render(request, "appeals/mine.html", {"appeals": appeals})


def _overdue_first(appeals: list[Appeal]) -> list[tuple[Appeal, str]]:
    marked = [(appeal, services.overdue(appeal, appeal.program.today())) for appeal in appeals]
    return sorted(marked, key=lambda pair: (not pair[1], pair[0].decide_by, pair[0].pk))


@login_required
@require_GET
def queue(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Officers: the open appeals of a program (or all), the overdue first. Reviewers: the
    appeals whose panels they sit on."""
    handles = _handles(request)
    if not handles and not request.user.has_perm("certification.sit_on_panel"):
        raise PermissionDenied("The appeals queue is for credentialing officers and panels.")
    rows = _visible(request).filter(status__in=OPEN_APPEAL)
    if not handles:
        rows = rows.filter(panel__seats__reviewer=request.user)
    program = None
    if request.GET.get("program", "").isdigit():
        program = get_object_or_404(Program, pk=request.GET["program"])
        rows = rows.filter(program=program)
    context = {
        "rows": _overdue_first(list(rows)),
        "programs": Program.objects.order_by("designation") if handles else [],
        "program": program,
    }
    return render(request, "appeals/queue.html", context)


def _page(
    request: AuthenticatedHttpRequest, appeal: Appeal, status: int = 200, **forms: Any
) -> HttpResponse:
    seat = services.seat_of(appeal, request.user)
    chair = seat is not None and seat.chair
    seats = list(appeal.panel.seats.select_related("reviewer")) if appeal.panel else []
    staff = _handles(request) or seat is not None
    under_review = appeal.status == AppealStatus.UNDER_REVIEW
    context = {
        "appeal": appeal,
        "decision": subjects.subject(appeal.subject).read(appeal.decision),
        "evidence": appeal.evidence.all(),
        "staff": staff,
        "handles": _handles(request),
        "seats": seats if staff else [],
        "overdue": services.overdue(appeal, appeal.program.today()),
        "seat_form": forms.get("seat_form") or SeatForm(),
        "vote_form": forms.get("vote_form") or VoteForm(),
        "outcome_form": forms.get("outcome_form") or OutcomeForm(),
        "may_vote": under_review and seat is not None and not seat.vote,
        "may_decide": under_review and chair,
    }
    return render(request, "appeals/appeal.html", context, status=status)


@login_required
@require_GET
def appeal(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _page(request, get_object_or_404(_visible(request), pk=pk))


@login_required
@require_POST
def acknowledge(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(_visible(request), pk=pk)
    with refusal_shown(request):
        services.acknowledge(appeal, by=request.user)
        messages.success(request, f"{appeal.reference} is acknowledged; the appellant is told.")
    return redirect("appeals:appeal", appeal.pk)


@login_required
@require_POST
def seat(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(_visible(request), pk=pk)
    form = SeatForm(request.POST)
    if form.is_valid():
        reviewer = form.cleaned_data["reviewer"]
        with refusal_shown(request, form):
            services.seat_reviewer(
                appeal, reviewer, by=request.user, chair=form.cleaned_data["chair"]
            )
            messages.success(request, f"{reviewer.email} is seated on the panel.")
            return redirect("appeals:appeal", appeal.pk)
    appeal.refresh_from_db()
    return _page(request, appeal, status=400, seat_form=form)


@login_required
@require_POST
def vote(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(_visible(request), pk=pk)
    form = VoteForm(request.POST)
    if form.is_valid():
        with refusal_shown(request, form):
            services.vote(appeal, by=request.user, **form.cleaned_data)
            messages.success(request, "Your vote is recorded.")
            return redirect("appeals:appeal", appeal.pk)
    return _page(request, appeal, status=400, vote_form=form)


@login_required
@require_POST
def outcome(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(_visible(request), pk=pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        with refusal_shown(request, form):
            services.record_outcome(appeal, by=request.user, **form.cleaned_data)
            messages.success(request, "The panel's outcome is recorded; the appellant is told.")
            return redirect("appeals:appeal", appeal.pk)
    return _page(request, appeal, status=400, outcome_form=form)


@login_required
@require_POST
def close(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    appeal = get_object_or_404(_visible(request), pk=pk)
    with refusal_shown(request):
        services.close(appeal, by=request.user)
        messages.success(request, f"{appeal.reference} is closed.")
    return redirect("appeals:appeal", appeal.pk)


@login_required
@require_GET
def evidence(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """A document sent with an appeal, to its appellant, the appeal's panel or an officer who
    may open appeal evidence; anyone but the appellant leaves an access record."""
    document = get_object_or_404(AppealEvidence.objects.select_related("appeal"), pk=pk)
    appeal = document.appeal
    user = request.user
    seated = services.seat_of(appeal, user) is not None
    officer = user.has_perm("certification.download_appeal_evidence")
    if appeal.appellant_id != user.pk and not (seated or officer):
        raise Http404("No such document.")
    if appeal.appellant_id != user.pk:
        record_access(
            request,
            AccessRecordKind.EVIDENCE,
            document,
            what=f"evidence {pk} of appeal {appeal.reference}",
            reason="hearing an appeal: evidence opened",
            person_id=appeal.appellant_id,
        )
    response = FileResponse(document.file.open("rb"), content_type=document.content_type)
    extension = (document.file.name or "").rsplit(".", 1)[-1]
    response["Content-Disposition"] = f'attachment; filename="appeal-evidence-{pk}.{extension}"'
    response["Cache-Control"] = "private, no-store"
    return response
