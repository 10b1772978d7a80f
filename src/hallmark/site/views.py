"""Public pages: the programs, and sign-in."""

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hallmark.programs.data import ProgramStatus
from hallmark.programs.models import Program
from hallmark.site.forms import SignInForm


def home(request: HttpRequest) -> HttpResponse:
    # "certification" sorts after "certificate": descending puts certifications first.
    programs = Program.objects.filter(status=ProgramStatus.ACTIVE).order_by("-kind", "name")
    return render(request, "hallmark/home.html", {"programs": programs})


class SignInView(auth_views.LoginView):
    form_class = SignInForm
    redirect_authenticated_user = True
