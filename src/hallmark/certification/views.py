"""The public registry (search by name and program, look up by number), the signed
credentials' public documents, the verifier, and the holder's downloads."""

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone, translation
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.services import record_access
from hallmark.certification import services
from hallmark.certification.badges import baked_badge
from hallmark.certification.data import CredentialEventKind, CredentialStatus
from hallmark.certification.documents import achievement_document
from hallmark.certification.forms import NumberLookupForm, RegistrySearchForm, VerifyForm
from hallmark.certification.issuer import profile_document
from hallmark.certification.models import Credential, StatusList
from hallmark.certification.pdf import PRINTABLE_STATUSES, certificate_pdf, wallet_card_pdf
from hallmark.certification.registry import (
    MAX_AGE,
    RegistryEntry,
    etag_of,
    find_by_number,
    search_by_name,
)
from hallmark.certification.sharing import linkedin_url, public_program
from hallmark.certification.verification import (
    Verification,
    claims,
    plain_summary,
    verify_document,
)
from hallmark.credentials import BadgeFormat, holder_matches
from hallmark.lib.ratelimit import allow, rate_limited, refusal
from hallmark.lib.replica import reads_registry
from hallmark.lib.views import AuthenticatedHttpRequest, cached_publicly, not_modified
from hallmark.programs.models import appeal_deadline


@rate_limited("registry")
@reads_registry
def registry(request: HttpRequest) -> HttpResponse:
    search = RegistrySearchForm(request.GET or None, prefix="search")
    lookup = NumberLookupForm(prefix="lookup")
    page, entries = None, []
    if search.is_valid():
        found = search_by_name(search.cleaned_data["name"], search.cleaned_data["program"])
        page = Paginator(found, 25).get_page(request.GET.get("page"))
        entries = [RegistryEntry.of(c) for c in page.object_list]
    return render(
        request,
        "certification/registry.html",
        {"search": search, "lookup": lookup, "page": page, "entries": entries},
    )


@rate_limited("registry")
@reads_registry
def lookup(request: HttpRequest) -> HttpResponse:
    form = NumberLookupForm(request.GET or None, prefix="lookup")
    if not form.is_valid():
        search = RegistrySearchForm(prefix="search")
        return render(
            request,
            "certification/registry.html",
            {"search": search, "lookup": form, "page": None},
            status=400 if request.GET else 200,
        )
    return _entry_page(request, form.cleaned_data["number"])


@rate_limited("registry")
@reads_registry
def credential_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _entry_page(request, number)


def _entry_page(request: HttpRequest, number: str) -> HttpResponse:
    """The registry page of a credential (a lookup counted once against the rate limit)."""
    credential = find_by_number(number)
    if credential is None:
        raise Http404("No credential has this number.")
    entry = RegistryEntry.of(credential)
    if request.user.is_authenticated:
        # The page carries the sign-out form's token: for this browser only, asked for anew.
        response = render(request, "certification/credential.html", {"entry": entry})
        response["Cache-Control"] = "private, no-cache"
        return response
    # The page is written in the reader's language: a copy in another one is not current. That
    # language comes from the switcher's cookie as well as Accept-Language, so a shared cache
    # keys its copies on both; clients without cookies (crawlers, link previews) still share one.
    etag = etag_of(entry, f"page-{translation.get_language()}")
    response = not_modified(request, etag, MAX_AGE) or cached_publicly(
        render(request, "certification/credential.html", {"entry": entry}), etag, MAX_AGE
    )
    patch_vary_headers(response, ("Cookie",))
    return response


# --- signed credentials: public documents, the verifier, the holder's downloads -----------


def _public_json(document: dict[str, Any], *, max_age: int) -> JsonResponse:
    response = JsonResponse(document, json_dumps_params={"indent": 2})
    response["Cache-Control"] = f"public, max-age={max_age}"
    # Verifiers running in a browser read these documents from other sites.
    response["Access-Control-Allow-Origin"] = "*"
    return response


@require_GET
def issuer(request: HttpRequest) -> HttpResponse:
    """The issuer profile and its keys (Multikey), retired keys included."""
    return _public_json(profile_document(), max_age=300)


@require_GET
def status_list(request: HttpRequest, pk: int) -> HttpResponse:
    """A signed BitstringStatusListCredential, signed again when a day old."""
    found = get_object_or_404(StatusList, pk=pk)
    if services.status_list_is_stale(found):
        found = services.refresh_status_list(found)
    return _public_json(found.document, max_age=300)


@require_GET
def achievement(request: HttpRequest, designation: str) -> HttpResponse:
    """What a program's credential stands for, as an OB 3.0 Achievement."""
    program = public_program(designation)
    return _public_json(achievement_document(program), max_age=3600)


def verify(request: HttpRequest) -> HttpResponse:
    """Paste or upload a credential; see each check and why it passed or failed."""
    posted = request.method == "POST"
    form = VerifyForm(request.POST, request.FILES) if posted else VerifyForm()
    outcome, said, holder, summary = None, {}, None, None
    if posted:
        allowed, retry_after = allow("verify", request)
        if not allowed:
            return refusal(retry_after, what="verifications")
        outcome = _verified(form)
    if outcome is not None:
        document = form.cleaned_data["document"]
        said = claims(document)
        summary = plain_summary(document, outcome)
        email = form.cleaned_data["email"]
        holder = holder_matches(document, email) if email else None
    return render(
        request,
        "certification/verify.html",
        {
            "form": form,
            "outcome": outcome,
            "claims": said,
            "holder": holder,
            "baked": form.baked,
            "summary": summary,
        },
        status=400 if posted and not form.is_valid() else 200,
    )


def _verified(form: VerifyForm) -> Verification | None:
    """The verification of a valid form's credential; None (and a form error) if refused."""
    if not form.is_valid():
        return None
    outcome = verify_document(form.cleaned_data["document"], keys=form.cleaned_data["keys"])
    if outcome.result.refusal is not None:
        form.refuse(outcome.result.refusal)
        return None
    return outcome


@login_required
def my_credentials(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The signed-in holder's credentials, with their downloads."""
    credentials = (
        Credential.objects.filter(holder=request.user)
        .select_related("program")
        .order_by("-issued_on", "number")
    )
    for credential in credentials:
        credential.withdrawal = _withdrawal(credential)  # type: ignore[attr-defined]
        credential.linkedin_url = linkedin_url(credential)  # type: ignore[attr-defined]
    return render(
        request,
        "certification/mine.html",
        {"credentials": credentials, "printable": PRINTABLE_STATUSES},
    )


# The event that withdrew a credential, and the kind of appeal against it.
_WITHDRAWALS = {
    CredentialStatus.SUSPENDED: (CredentialEventKind.SUSPENDED, "suspension"),
    CredentialStatus.REVOKED: (CredentialEventKind.REVOKED, "revocation"),
}


def _withdrawal(credential: Credential) -> dict[str, Any] | None:
    """A suspended or revoked credential's withdrawal: the event, its reason, the last day to
    appeal it and the appeal filed, for the holder's page."""
    if credential.status not in _WITHDRAWALS:
        return None
    kind, subject = _WITHDRAWALS[CredentialStatus(credential.status)]
    event = credential.events.filter(kind=kind).order_by("-sequence").first()
    if event is None:
        return None
    decided_on = timezone.localtime(event.occurred_at, credential.program.time_zone).date()
    appeal_by = appeal_deadline(credential.program, decided_on)
    appeal = event.appeals.order_by("-received_at").first()
    return {
        "event": event,
        "subject": subject,
        "decided_on": decided_on,
        "appeal_by": appeal_by,
        "appeal": appeal,
        "open": appeal is None and credential.program.today() <= appeal_by,
    }


def _downloadable(request: AuthenticatedHttpRequest, number: str, what: str) -> Credential:
    """The credential, if the user holds it or may download any; a 404 for everyone else."""
    credential = Credential.objects.filter(number__iexact=number).select_related("program").first()
    user = request.user
    if credential is None or not (
        credential.holder_id == user.pk or user.has_perm("certification.download_credential")
    ):
        raise Http404("No credential of yours has this number.")
    if credential.holder_id != user.pk:
        record_access(
            request,
            AccessRecordKind.CREDENTIAL,
            credential,
            what=f"the {what} of credential {credential.number}",
            reason=f"staff download of a credential ({what})",
            person_id=credential.holder_id,
        )
    return credential


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def download_json(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    credential = _downloadable(request, number, "signed credential")
    document = credential.current_document()
    if document is None:
        raise Http404("This credential has no signed document yet.")
    content = json.dumps(document.document, indent=2).encode("utf-8")
    return _attachment(content, "application/json", f"{credential.number}.json")


def _printable(request: AuthenticatedHttpRequest, number: str, what: str) -> Credential:
    credential = _downloadable(request, number, what)
    if credential.status not in PRINTABLE_STATUSES:
        raise Http404(f"A {credential.get_status_display().lower()} credential has no {what}.")
    return credential


@login_required
@require_GET
def download_certificate(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    credential = _printable(request, number, "PDF certificate")
    return _attachment(certificate_pdf(credential), "application/pdf", f"{credential.number}.pdf")


@login_required
@require_GET
def download_wallet_card(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    credential = _printable(request, number, "wallet card")
    filename = f"{credential.number}-wallet-card.pdf"
    return _attachment(wallet_card_pdf(credential), "application/pdf", filename)


def _badge(request: AuthenticatedHttpRequest, number: str, format: BadgeFormat) -> HttpResponse:
    credential = _printable(request, number, f"{format.upper()} badge")
    content = baked_badge(credential, format)
    if content is None:
        raise Http404("This credential has no signed document yet.")
    filename = f"{credential.number}-badge.{format.value}"
    return _attachment(content, format.content_type, filename)


@login_required
@require_GET
def download_badge_png(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """The badge image (PNG) with the signed credential baked in (Open Badges 3.0)."""
    return _badge(request, number, BadgeFormat.PNG)


@login_required
@require_GET
def download_badge_svg(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """The badge image (SVG) with the signed credential baked in (Open Badges 3.0)."""
    return _badge(request, number, BadgeFormat.SVG)
