"""A credential's public share page, which its holder switches on and off, and the "Add to
LinkedIn profile" link built from LinkedIn's documented add-to-profile parameters.

The page is off until the holder switches it on; each switch is an event in the credential's
signed history. The registry entry stays public either way (a credential's status is always
verifiable by its number): the share page is what the holder chooses to show.
"""

import logging
from urllib.parse import quote, urlencode

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404
from django.urls import reverse

from hallmark.accounts.models import User
from hallmark.certification import services
from hallmark.certification.data import CredentialEventKind
from hallmark.certification.issuer import absolute
from hallmark.certification.models import Credential, CredentialEvent
from hallmark.certification.pdf import PRINTABLE_STATUSES
from hallmark.lib.env import env_str
from hallmark.lib.issuer import issuer_name
from hallmark.programs.data import ProgramStatus
from hallmark.programs.models import Program

audit = logging.getLogger("hallmark.audit")

LINKEDIN_ADD_TO_PROFILE = "https://www.linkedin.com/profile/add"
# The issuer's LinkedIn organization (its page's number): named by id, LinkedIn links the
# credential to the page; without it, by the issuer's name.
LINKEDIN_ORGANIZATION_VARIABLE = "HALLMARK_LINKEDIN_ORGANIZATION_ID"


# The reason in the history when the holder's erasure of their data switched the page off.
ON_ERASURE = "switched off when the holder's data was erased at their request"


@transaction.atomic
def set_share_page(
    credential: Credential, *, on: bool, by: User, reason: str = ""
) -> CredentialEvent | None:
    """Switch the credential's share page on or off; only its holder may (their request for
    erasure too: `reason` says so). Recorded in its history. Returns the event, or None when
    it was already so."""
    if by.pk != credential.holder_id:
        raise PermissionDenied(f"Only the holder of {credential.number} may share it.")
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    if credential.shared == on:
        return None
    credential.shared = on
    credential.save(update_fields=["shared"])
    kind = CredentialEventKind.SHARE_PAGE_ON if on else CredentialEventKind.SHARE_PAGE_OFF
    way = "on" if on else "off"
    why = f" ({reason})" if reason else ""
    audit.info("%s switched the share page of %s %s%s", by.email, credential.number, way, why)
    return services.append_event(credential, kind, actor=by, reason=reason)


def share_url(credential: Credential) -> str:
    """The share page's public address."""
    return absolute(reverse("credentials-share", args=[credential.number]))


def public_program(designation: str) -> Program:
    """The program a public page names by its designation (any case); a 404 for a draft, which
    nobody outside staff may see, or for none."""
    return get_object_or_404(
        Program.objects.exclude(status=ProgramStatus.DRAFT), designation__iexact=designation
    )


def badge_image_url(program: Program) -> str:
    """The public address of the program's badge picture (no credential baked in)."""
    return absolute(reverse("credentials-badge-image", args=[program.designation]))


def linkedin_url(credential: Credential) -> str | None:
    """LinkedIn's add-to-profile address for the credential, every parameter URL-encoded. It
    points to the share page when it is on, else to the registry entry. None unless the
    credential is, or was, in good standing: only such a credential goes on a profile."""
    if credential.status not in PRINTABLE_STATUSES:
        return None
    registry = absolute(reverse("registry-credential", args=[credential.number]))
    params: dict[str, str | int] = {
        "startTask": "CERTIFICATION_NAME",
        "name": credential.program.name,
    }
    organization = env_str(LINKEDIN_ORGANIZATION_VARIABLE)
    if organization:
        params["organizationId"] = organization
    else:
        params["organizationName"] = issuer_name()
    params["issueYear"] = credential.issued_on.year
    params["issueMonth"] = credential.issued_on.month
    if credential.expires_on is not None:
        params["expirationYear"] = credential.expires_on.year
        params["expirationMonth"] = credential.expires_on.month
    params["certUrl"] = share_url(credential) if credential.shared else registry
    params["certId"] = credential.number
    return f"{LINKEDIN_ADD_TO_PROFILE}?{urlencode(params, quote_via=quote)}"
