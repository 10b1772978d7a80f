"""Public pages: the programs, sign-in, and the refusal of a form whose security check failed."""

from typing import Any

from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.decorators import method_decorator

from hallmark.accounts.models import User
from hallmark.accounts.roles import start_page
from hallmark.accounts.throttle import posts_limited, unlock_account
from hallmark.programs.data import ProgramStatus
from hallmark.programs.models import Program
from hallmark.site.forms import PasswordResetByOutbox, SignInForm


def home(request: HttpRequest) -> HttpResponse:
    # "certification" sorts after "certificate": descending puts certifications first.
    programs = Program.objects.filter(status=ProgramStatus.ACTIVE).order_by("-kind", "name")
    return render(request, "hallmark/home.html", {"programs": programs})


class SignInView(auth_views.LoginView):
    """Sign-in; without a safe `next`, each person goes to their role's start page."""

    form_class = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        user = self.request.user
        return start_page(user) if isinstance(user, User) else super().get_default_redirect_url()


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A post without a valid security token (an old page, or cookies blocked): a 403 that says
    how to send the form again, in the site's own pages (CSRF_FAILURE_VIEW)."""
    return render(request, "403_csrf.html", status=403)


@method_decorator(posts_limited("password-reset"), name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    form_class = PasswordResetByOutbox


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    def form_valid(self, form: Any) -> HttpResponse:
        # Whoever can read the account's mail may choose its password: the lockout is over too.
        unlock_account(form.user.email)
        return super().form_valid(form)
