"""Sign-up with email verification, the profile, and the voluntary demographics."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods

from hallmark.accounts import services
from hallmark.accounts.forms import (
    DemographicsForm,
    EmailForm,
    ProfileForm,
    SignUpForm,
    posted,
)
from hallmark.accounts.models import Profile
from hallmark.accounts.throttle import posts_limited
from hallmark.lib.views import AuthenticatedHttpRequest, refusal_shown

# The backend that signs a person in (the first one, django-axes, only refuses lockouts).
ACCOUNT_BACKEND = "hallmark.accounts.backends.AccountBackend"
# Where a person who signed up on their way somewhere (an application) goes once confirmed.
AFTER_CONFIRMING = "after_confirming"


def _remember_where_going(request: HttpRequest) -> None:
    wanted = request.GET.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        request.session[AFTER_CONFIRMING] = wanted


@posts_limited("sign-up")
@require_http_methods(["GET", "POST"])
def sign_up(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("portal")
    form = SignUpForm(posted(request))
    if request.method == "POST" and form.is_valid():
        services.sign_up(
            email=form.cleaned_data["email"],
            password=form.cleaned_data["password1"],
            legal_name=form.cleaned_data["legal_name"],
            preferred_name=form.cleaned_data["preferred_name"],
        )
        request.session["sign_up_email"] = form.cleaned_data["email"]
        _remember_where_going(request)
        return redirect("accounts:check-email")
    return render(request, "accounts/sign_up.html", {"form": form})


@posts_limited("sign-up")
@require_http_methods(["GET", "POST"])
def check_email(request: HttpRequest) -> HttpResponse:
    form = EmailForm(posted(request), initial={"email": request.session.get("sign_up_email")})
    if request.method == "POST" and form.is_valid():
        services.resend_verification(form.cleaned_data["email"])
        messages.success(
            request, "If that address has an unconfirmed account, a new link is on its way."
        )
        return redirect("accounts:check-email")
    return render(request, "accounts/check_email.html", {"form": form})


@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest, uidb64: str, token: str) -> HttpResponse:
    # Following the link shows a button: mail scanners that fetch links must not use it up.
    if request.method == "POST":
        user = services.verify_email(uidb64, token)
        if user is not None:
            login(request, user, backend=ACCOUNT_BACKEND)
            messages.success(request, "Your email address is confirmed and your account is open.")
            # In the browser that signed up, on the way to an application: go on there.
            return redirect(request.session.pop(AFTER_CONFIRMING, None) or "accounts:profile")
        return render(request, "accounts/verify_invalid.html", status=400)
    return render(request, "accounts/verify.html")


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    stored = Profile.objects.filter(user=person).first() or Profile(user=person)
    initial = {name: getattr(person, name) for name in services.ACCOUNT_FIELDS} | {
        name: getattr(stored, name) for name in services.PROFILE_FIELDS
    }
    form = ProfileForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        # Refused, e.g., for a legal name frozen by an active registration.
        with refusal_shown(request, form):
            services.update_profile(person, by=person, **form.cleaned_data)
            messages.success(request, "Your profile is saved.")
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def demographics(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    form = DemographicsForm(posted(request), instance=services.demographics_of(person))
    if request.method == "POST" and form.is_valid():
        services.save_demographics(person, by=person, **form.cleaned_data)
        messages.success(request, "Your answers are saved. Thank you.")
        return redirect("accounts:demographics")
    return render(request, "accounts/demographics.html", {"form": form})
