"""The officer's casework overview at /casework/: open appeals, complaints and discipline cases
of a program (or all), the overdue first, each linking to its own page."""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from hallmark.certification.casework_queue import casework, overdue_counts
from hallmark.lib.views import AuthenticatedHttpRequest
from hallmark.programs.models import Program

# An officer handles all three kinds; the page shows nothing a narrower role may not open.
OFFICER = (
    "certification.handle_appeal",
    "certification.handle_complaint",
    "certification.run_discipline_case",
)


@require_GET
def overview(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.has_perms(OFFICER):
        raise PermissionDenied("The casework overview is for credentialing officers.")
    programs = Program.objects.order_by("designation")
    program = programs.filter(designation=request.GET.get("program", "")).first()
    steps = casework(program)
    context = {
        "programs": programs,
        "program": program,
        "steps": steps,
        "overdue": overdue_counts(steps),
    }
    return render(request, "certification/casework.html", context)
