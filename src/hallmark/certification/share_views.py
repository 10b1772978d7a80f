"""A credential's public share page, its holder's switch for it, and the programs' public badge
pictures (no credential baked in) that the share page and its Open Graph tags show."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from hallmark.certification.badges import badge_image
from hallmark.certification.issuer import absolute
from hallmark.certification.models import Credential
from hallmark.certification.registry import RegistryEntry, find_by_number
from hallmark.certification.sharing import (
    badge_image_url,
    linkedin_url,
    public_program,
    set_share_page,
    share_url,
)
from hallmark.credentials import BadgeFormat
from hallmark.lib.issuer import issuer_name
from hallmark.lib.ratelimit import rate_limited
from hallmark.lib.views import AuthenticatedHttpRequest


@rate_limited("registry")
@require_GET
def share_page(request: HttpRequest, number: str) -> HttpResponse:
    """What the holder chose to show of a credential; a 404 while the page is off."""
    credential = find_by_number(number)
    if credential is None or not credential.shared:
        raise Http404("This credential has no share page.")
    holder = request.user.is_authenticated and request.user.pk == credential.holder_id
    response = render(
        request,
        "certification/share.html",
        {
            "entry": RegistryEntry.of(credential),
            "share_url": share_url(credential),
            "image_url": badge_image_url(credential.program),
            "registry_url": absolute(reverse("registry-credential", args=[credential.number])),
            "issuer_name": issuer_name(),
            "site_name": settings.SITE_NAME,
            "linkedin_url": linkedin_url(credential) if holder else None,
        },
    )
    # The status shown must be today's: a revocation shows at once, and the holder's own view
    # carries their link.
    response["Cache-Control"] = "private, no-cache" if holder else "no-cache"
    return response


@login_required
@require_POST
def switch_share_page(request: AuthenticatedHttpRequest, number: str) -> HttpResponse:
    """The holder switches the share page on ("on" = "yes") or off ("no")."""
    credential = Credential.objects.filter(number__iexact=number, holder=request.user).first()
    if credential is None:
        raise Http404("No credential of yours has this number.")
    choice = request.POST.get("on")
    if choice not in ("yes", "no"):
        return HttpResponse(_("Say yes or no to the share page."), status=400)
    set_share_page(credential, on=choice == "yes", by=request.user)
    if choice == "yes":
        messages.success(
            request, _("The share page of %(number)s is on.") % {"number": credential.number}
        )
    else:
        messages.success(
            request, _("The share page of %(number)s is off.") % {"number": credential.number}
        )
    return redirect(f"{reverse('credentials-mine')}#credential-{credential.pk}")


@require_GET
def badge_picture(request: HttpRequest, designation: str) -> HttpResponse:
    """The picture of a program's badge, for anyone to show (a PNG without any credential)."""
    program = public_program(designation)
    response = HttpResponse(badge_image(program, BadgeFormat.PNG), content_type="image/png")
    response["Cache-Control"] = "public, max-age=3600"
    response["Access-Control-Allow-Origin"] = "*"
    return response
