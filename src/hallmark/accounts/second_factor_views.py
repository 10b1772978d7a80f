"""The second factor: the code after the password, enrolment, backup codes, and resets."""

import logging
from base64 import b32encode

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_static.models import StaticDevice

from hallmark.accounts import services
from hallmark.accounts.access import staff_permission
from hallmark.accounts.forms import CodeForm, SecondFactorResetForm, posted
from hallmark.accounts.models import User
from hallmark.accounts.roles import start_page
from hallmark.accounts.second_factor import is_verified, needs_second_factor
from hallmark.lib.views import AuthenticatedHttpRequest, refusal_shown

audit = logging.getLogger("hallmark.audit")

WRONG_CODE = _(
    "That code is not right, or it was used already. Enter the code your app shows now, or a "
    "backup code. After several wrong codes, wait a minute before the next try."
)


def _next(request: AuthenticatedHttpRequest) -> str:
    """Where to go once the code is given: a `next` on this site, else the person's start page."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return wanted if safe else start_page(request.user)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def code_step(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    next_url = _next(request)
    if is_verified(person) or not needs_second_factor(person):
        return redirect(next_url)
    if not user_has_device(person):
        enrol = reverse("accounts:second-factor-enrol")
        return redirect(f"{enrol}?{urlencode({'next': next_url})}")
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        device = match_token(person, form.cleaned_data["code"].strip())
        if device is not None:
            otp_login(request, device)
            if isinstance(device, StaticDevice):
                left = services.record_backup_code_use(person)
                messages.warning(request, _backup_codes_left(left))
            return redirect(next_url)
        audit.warning("wrong second-factor code for %s", person.email)
        form.add_error("code", WRONG_CODE)
    return render(request, "accounts/second_factor.html", {"form": form, "next": next_url})


def _backup_codes_left(left: int) -> str:
    return ngettext(
        "You signed in with a backup code; %(left)s left. Each works once: make new ones on "
        "the second factor page if you are running out.",
        "You signed in with a backup code; %(left)s left. Each works once: make new ones on "
        "the second factor page if you are running out.",
        left,
    ) % {"left": left}


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def enrol(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    next_url = _next(request)
    if not needs_second_factor(person):
        return redirect(next_url)
    if user_has_device(person):
        return redirect(f"{reverse('accounts:second-factor')}?{urlencode({'next': next_url})}")
    device = services.start_enrolment(person)
    form = CodeForm(posted(request))
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form):
            device, codes = services.confirm_enrolment(person, form.cleaned_data["code"])
            otp_login(request, device)
            context = {"codes": codes, "next": next_url, "first_time": True}
            return render(request, "accounts/backup_codes.html", context)
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "next": next_url,
        "qr": segno.make(device.config_url, error="m").svg_inline(scale=4, dark="#000"),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "accounts/second_factor_enrol.html", context)


@never_cache
@login_required
@require_POST
def backup_codes(request: AuthenticatedHttpRequest) -> HttpResponse:
    """New backup codes for a person who signed in with both factors."""
    if not is_verified(request.user):
        raise PermissionDenied
    codes = services.new_backup_codes(request.user)
    return render(request, "accounts/backup_codes.html", {"codes": codes, "next": _next(request)})


@never_cache
@staff_permission("accounts.reset_second_factor")
@require_http_methods(["GET", "POST"])
def reset(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A credentialing officer resets a person's second factor (lost phone), with a reason."""
    form = SecondFactorResetForm(posted(request))
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(email__iexact=form.cleaned_data["email"].strip()).first()
        if person is None:
            form.add_error("email", "No account has this address.")
        else:
            try:
                services.reset_second_factor(
                    person,
                    by=request.user,
                    reason=form.cleaned_data["reason"],
                )
            except PermissionDenied as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request, f"{person.email} enrols an authenticator app at their next sign-in."
                )
                return redirect("accounts:second-factor-reset")
    return render(request, "accounts/second_factor_reset.html", {"form": form})
