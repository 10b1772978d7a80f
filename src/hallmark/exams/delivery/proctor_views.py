"""The proctor pages: the windows, each window's sessions, and one session with its actions.

A proctor sees only the windows they are assigned to (any other is "not found"). Every action
goes through the delivery services, which check the role and the window and journal it.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from hallmark.exams.data import SessionEventKind
from hallmark.exams.delivery import services as delivery
from hallmark.exams.models import ExamSession
from hallmark.lib.views import AuthenticatedHttpRequest, refusal_shown

PROCTOR = permission_required(delivery.PROCTOR, raise_exception=True)


@login_required
@PROCTOR
@require_GET
def windows(request: AuthenticatedHttpRequest) -> HttpResponse:
    now = timezone.now()
    yours = delivery.proctored_windows(request.user)
    open_now = yours.filter(opens_at__lte=now, closes_at__gt=now)
    return render(request, "exams/delivery/proctor_windows.html", {"windows": open_now})


@login_required
@PROCTOR
@require_GET
def window(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    seat = get_object_or_404(delivery.proctored_windows(request.user), pk=pk)
    sessions = (
        ExamSession.objects.filter(registration__window=seat)
        .select_related("candidate", "form__blueprint", "registration")
        .annotate(takeovers=Count("events", filter=Q(events__kind=SessionEventKind.TAKEOVER)))
        .order_by("status", "candidate__email")
    )
    rows = [(s, int(delivery.time_left(s).total_seconds())) for s in sessions]
    return render(request, "exams/delivery/proctor_window.html", {"window": seat, "rows": rows})


def _minutes(post: Any) -> int:
    try:
        return int(post.get("minutes", ""))
    except ValueError:
        raise ValidationError({"minutes": "Give the minutes to add as a whole number."}) from None


ACTIONS: dict[str, Callable[[ExamSession, Any, Any], object]] = {
    "check-in": lambda s, by, p: delivery.check_in(
        s, by=by, identity_confirmed=p.get("identity_confirmed") == "yes"
    ),
    "pause": lambda s, by, p: delivery.pause(s, by=by, reason=p.get("reason", "")),
    "resume": lambda s, by, p: delivery.resume(s, by=by),
    "add-time": lambda s, by, p: delivery.add_time(
        s, by=by, minutes=_minutes(p), reason=p.get("reason", "")
    ),
    "void": lambda s, by, p: delivery.void(s, by=by, reason=p.get("reason", "")),
    "incident": lambda s, by, p: delivery.report_incident(s, by=by, text=p.get("reason", "")),
}


@login_required
@PROCTOR
@require_http_methods(["GET", "POST"])
def session(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    yours = ExamSession.objects.filter(
        registration__window__in=delivery.proctored_windows(request.user)
    )
    exam = get_object_or_404(
        yours.select_related("candidate", "registration__window", "form"), pk=pk
    )
    exam = delivery.close_if_due(exam)
    if request.method == "POST":
        action = ACTIONS.get(request.POST.get("action", ""))
        if action is None:
            messages.error(request, "Choose an action.")
        else:
            with refusal_shown(request):
                action(exam, request.user, request.POST)
                messages.success(request, "Done, and recorded in the session's journal.")
                return redirect("exams:proctor-session", exam.pk)
    events = list(exam.events.select_related("by"))
    context = {
        "exam": exam,
        "seconds_left": int(delivery.time_left(exam).total_seconds()),
        "events": events,
        "takeovers": [e for e in events if e.kind == SessionEventKind.TAKEOVER],
        "answered": delivery.answered_count(exam),
    }
    return render(request, "exams/delivery/proctor_session.html", context)
