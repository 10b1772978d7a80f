"""The candidate's booking pages: choose a testing window, book a seat, see, cancel or move it.

Each page shows only the signed-in candidate's own records: anyone else's is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hallmark.accounts.forms import posted
from hallmark.exams.data import (
    AccommodationStatus,
    ApplicationStatus,
    RegistrationStatus,
)
from hallmark.exams.journey import registrations
from hallmark.exams.journey.forms import (
    WindowChoiceForm,
)
from hallmark.exams.journey.retakes import retake_check
from hallmark.exams.journey.views import EDIT
from hallmark.exams.models import (
    AccommodationRequest,
    Application,
    Registration,
    TestingWindow,
)
from hallmark.lib.views import AuthenticatedHttpRequest, mine, refusal_shown


@login_required
def book(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    now = timezone.now()
    choices = []
    for application in Application.objects.filter(
        candidate=user, status=ApplicationStatus.APPROVED
    ).select_related("program"):
        program = application.program
        today = program.today()
        if not application.approval_current(today):
            continue
        choices.append(
            {
                "program": program,
                "application": application,
                "retake": retake_check(user, program, today),
                "windows": registrations.bookable_windows(program, now),
                "booked": Registration.objects.filter(
                    candidate=user, program=program, status=RegistrationStatus.BOOKED
                ).first(),
            }
        )
    return render(request, "exams/book.html", {"choices": choices})


@login_required
@EDIT
def book_window(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    window = get_object_or_404(TestingWindow, pk=pk)
    today = window.program.today()
    if registrations.current_approval(request.user, window.program, today) is None:
        raise Http404("You have no current approval for this program.")
    if request.method == "POST":
        with refusal_shown(request):
            registration = registrations.book(request.user, window, by=request.user)
            messages.success(request, _("Your seat is booked. We have emailed you the details."))
            return redirect("exams:booking", registration.pk)
        return redirect("exams:book")
    approved = AccommodationRequest.objects.filter(
        candidate=request.user, program=window.program, status=AccommodationStatus.APPROVED
    )
    return render(request, "exams/book_window.html", {"window": window, "accommodations": approved})


def _changeable_by_candidate(registration: Registration) -> bool:
    return (
        registration.status == RegistrationStatus.BOOKED
        and timezone.now() < registration.window.changes_close_at()
    )


@login_required
def booking(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    registration = mine(request, Registration, pk)
    context = {
        "registration": registration,
        "window": registration.window,
        "program": registration.program,
        "accommodations": registration.approved_accommodations(),
        "can_change": _changeable_by_candidate(registration),
        "authorized_now": registration.authorized(timezone.now()),
    }
    return render(request, "exams/booking.html", context)


@login_required
@EDIT
def booking_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    registration = mine(request, Registration, pk)
    if request.method == "POST":
        with refusal_shown(request):
            registrations.cancel_registration(registration, by=request.user)
            messages.success(request, _("Your booking is cancelled."))
            return redirect("portal")
        return redirect("exams:booking", registration.pk)
    return render(request, "exams/booking_cancel.html", {"registration": registration})


@login_required
@EDIT
def booking_reschedule(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    registration = mine(request, Registration, pk)
    windows = [
        w
        for w in registrations.bookable_windows(registration.program)
        if w.pk != registration.window_id
    ]
    form = WindowChoiceForm(windows, posted(request))
    del form.fields["reason"]
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form):
            new = registrations.reschedule_registration(
                registration,
                form.cleaned_data["window"],
                by=request.user,
            )
            moved = _("Your booking has moved to %(window)s.") % {"window": new.window}
            messages.success(request, moved)
            return redirect("exams:booking", new.pk)
    return render(
        request,
        "exams/booking_reschedule.html",
        {"registration": registration, "form": form, "windows": windows},
    )
