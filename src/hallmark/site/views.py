"""Public pages and the candidate portal's entry."""

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hallmark.programs.data import ProgramStatus
from hallmark.programs.models import Program
from hallmark.site.forms import SignInForm


def home(request: HttpRequest) -> HttpResponse:
    programs = Program.objects.filter(status=ProgramStatus.ACTIVE).order_by(
        "-kind", "name"
    )  # certifications first
    return render(request, "hallmark/home.html", {"programs": programs})


@login_required
def portal(request: HttpRequest) -> HttpResponse:
    programs = Program.objects.filter(status=ProgramStatus.ACTIVE).order_by(
        "-kind", "name"
    )  # certifications first
    return render(request, "hallmark/portal.html", {"programs": programs})


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True
