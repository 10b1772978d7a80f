"""Sign-up with email verification, the profile, the voluntary demographics, and a person's
own data: name search in the registry, the download of everything held, and erasure."""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from hallmark.accounts import data_rights, services
from hallmark.accounts.access import staff_permission
from hallmark.accounts.data import PROFILE_FIELDS, AccessRecordKind, ErasureStatus
from hallmark.accounts.forms import (
    DemographicsForm,
    EmailForm,
    ErasureRefusalForm,
    ErasureRequestForm,
    NameSearchForm,
    ProfileForm,
    SignUpForm,
    posted,
)
from hallmark.accounts.models import ErasureRequest, Profile
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
            language=translation.get_language(),
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
            request, _("If that address has an unconfirmed account, a new link is on its way.")
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
            messages.success(
                request, _("Your email address is confirmed and your account is open.")
            )
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
        name: getattr(stored, name) for name in PROFILE_FIELDS
    }
    form = ProfileForm(posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        # Refused, e.g., for a legal name frozen by an active registration.
        with refusal_shown(request, form):
            services.update_profile(person, by=person, **form.cleaned_data)
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def demographics(request: AuthenticatedHttpRequest) -> HttpResponse:
    person = request.user
    form = DemographicsForm(posted(request), instance=services.demographics_of(person))
    if request.method == "POST" and form.is_valid():
        services.save_demographics(person, by=person, **form.cleaned_data)
        messages.success(request, _("Your answers are saved. Thank you."))
        return redirect("accounts:demographics")
    return render(request, "accounts/demographics.html", {"form": form})


def _my_data_page(
    request: AuthenticatedHttpRequest, erasure_form: ErasureRequestForm | None = None
) -> HttpResponse:
    person = request.user
    requests = ErasureRequest.objects.filter(person=person)
    return render(
        request,
        "accounts/my_data.html",
        {
            "plan": data_rights.erasure_plan(),
            "excluded": data_rights.EXCLUDED,
            "erasure_requests": requests,
            "pending": requests.filter(status=ErasureStatus.PENDING).first(),
            "erasure_form": erasure_form or ErasureRequestForm(),
        },
    )


@login_required
@require_GET
def my_data(request: AuthenticatedHttpRequest) -> HttpResponse:
    return _my_data_page(request)


@login_required
@require_POST
def name_search(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = NameSearchForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Say yes or no to the registry's name search."), status=400)
    listed = form.cleaned_data["listed"]
    services.set_name_search(request.user, listed=listed, by=request.user)
    if listed:
        messages.success(request, _("The registry's name search finds your credentials again."))
    else:
        messages.success(
            request,
            _(
                "The registry's name search no longer finds you; a lookup by credential number "
                "still does."
            ),
        )
    return redirect("accounts:my-data")


@login_required
@require_GET
def download_my_data(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    """Everything Hallmark holds about the signed-in person, as JSON or PDF; recorded."""
    person = request.user
    services.record_access(
        request,
        AccessRecordKind.PERSONAL_DATA,
        person,
        what=f"all data of {person.email} ({kind.upper()})",
        reason="the person downloaded their own data",
        person_id=person.pk,
    )
    name = f"hallmark-my-data-{timezone.localdate():%Y-%m-%d}.{kind}"
    if kind == "pdf":
        response = HttpResponse(data_rights.export_pdf(person), content_type="application/pdf")
    else:
        response = HttpResponse(data_rights.export_json(person), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def request_erasure(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = ErasureRequestForm(request.POST)
    if form.is_valid():
        with refusal_shown(request, form):
            services.request_erasure(
                request.user, by=request.user, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                _("Your request for erasure is recorded. A credentialing officer decides it."),
            )
            return redirect("accounts:my-data")
    return _my_data_page(request, form)


PROCESS = staff_permission(services.PROCESS_ERASURE)


@PROCESS
@require_GET
def erasure_requests(request: AuthenticatedHttpRequest) -> HttpResponse:
    requests = ErasureRequest.objects.select_related("person", "decided_by")
    return render(
        request,
        "accounts/erasure_requests.html",
        {
            "pending": requests.filter(status=ErasureStatus.PENDING).order_by("requested_at"),
            "decided": requests.exclude(status=ErasureStatus.PENDING)[:50],
        },
    )


@PROCESS
@require_http_methods(["GET", "POST"])
def erasure_request(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    erasure = get_object_or_404(ErasureRequest.objects.select_related("person"), pk=pk)
    refusing = request.method == "POST" and "refuse" in request.POST
    refusal = ErasureRefusalForm(request.POST if refusing else None)
    if refusing and refusal.is_valid():
        with refusal_shown(request, refusal):
            services.refuse_erasure(erasure, by=request.user, reason=refusal.cleaned_data["reason"])
            messages.success(request, f"{erasure} is refused; the person sees why.")
            return redirect("accounts:erasure-requests")
    elif request.method == "POST" and not refusing:
        # Refused while the person is booked or in an exam: said as a message on the page.
        with refusal_shown(request):
            services.carry_out_erasure(erasure, by=request.user)
            messages.success(request, f"{erasure} is carried out.")
            return redirect("accounts:erasure-requests")
    return render(
        request,
        "accounts/erasure_request.html",
        {"erasure": erasure, "plan": data_rights.erasure_plan(), "refusal": refusal},
    )
