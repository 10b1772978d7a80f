"""Who issues the credentials: the issuer profile, its published keys and stable URLs.

Every URL inside a signed document is absolute, from HALLMARK_PUBLIC_URL (PUBLIC_BASE_URL):
change that after issuing and older documents point to the old address.
"""

from typing import Any

from django.conf import settings
from django.urls import reverse

from hallmark.certification.keys import environment_key_pair
from hallmark.certification.models import IssuerKey, StatusList
from hallmark.credentials import OB3_CONTEXT, IssuerProfile, controller_document
from hallmark.lib.env import env_str
from hallmark.lib.issuer import issuer_name


def absolute(path: str) -> str:
    """The public URL of a path of this site."""
    return settings.PUBLIC_BASE_URL.rstrip("/") + path


def issuer_id() -> str:
    """The issuer profile's URL: the issuer's id in every credential, and its keys' controller."""
    return absolute(reverse("credentials-issuer"))


def issuer_profile() -> IssuerProfile:
    return IssuerProfile(
        id=issuer_id(),
        name=issuer_name(),
        url=absolute("/"),
        email=env_str("HALLMARK_ISSUER_EMAIL") or None,
    )


def status_list_url(status_list: StatusList) -> str:
    return absolute(reverse("credentials-status-list", args=[status_list.pk]))


def status_list_of_url(url: str) -> StatusList | None:
    """Our own status list published at ``url``, if it is one."""
    prefix = absolute(reverse("credentials-status-list", args=[0]))[: -len("0")]
    number = url[len(prefix) :] if url.startswith(prefix) else ""
    return StatusList.objects.filter(pk=int(number)).first() if number.isdigit() else None


def published_keys() -> dict[str, str]:
    """Every key the issuer ever signed with, verification method id -> public multibase.

    Retired keys stay: what they signed must keep verifying. The environment's key counts even
    before it first signs.
    """
    keys = dict(
        IssuerKey.objects.order_by("created_at").values_list(
            "verification_method", "public_multibase"
        )
    )
    pair = environment_key_pair(issuer_id())
    if pair is not None:
        keys.setdefault(pair.verification_method_id, pair.public_multibase)
    return keys


def profile_document() -> dict[str, Any]:
    """What /credentials/issuer serves: the OB 3.0 Profile, which is also the controller
    document of its keys (Multikey verification methods, all listed for assertions)."""
    profile = issuer_profile()
    keys = {vm: key for vm, key in published_keys().items() if vm.startswith(profile.id + "#")}
    keys_document = controller_document(profile.id, keys)
    document: dict[str, Any] = {
        "@context": [*keys_document["@context"], OB3_CONTEXT],
        "id": profile.id,
        "type": ["Profile"],
        "name": profile.name,
        "url": profile.url,
    }
    if profile.email:
        document["email"] = profile.email
    document["verificationMethod"] = keys_document["verificationMethod"]
    document["assertionMethod"] = keys_document["assertionMethod"]
    return document
