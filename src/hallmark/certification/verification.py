"""Verifying a credential for the public, with the checks of `hallmark verify`.

Our own keys and status lists are resolved here, from the database; nothing is fetched over
the network (a server that fetched URLs named in a pasted document could be made to reach
anywhere). Other issuers' keys count only when the person verifying gives them.
"""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _

from hallmark.certification import services
from hallmark.certification.issuer import issuer_id, published_keys, status_list_of_url
from hallmark.credentials import (
    ACHIEVEMENT_TYPES,
    AchievementKind,
    CredentialSummary,
    VerificationResult,
    issuer_id_of,
    summarize,
)
from hallmark.credentials import verify_credential as verify_with
from hallmark.programs.data import ProgramStatus
from hallmark.programs.models import Program


@dataclass(frozen=True)
class Verification:
    """A verification's result, with what was set aside from the input and why."""

    result: VerificationResult
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {**self.result.to_json(), "notes": self.notes}


def _status_urls(document: Mapping[str, Any]) -> list[str]:
    """Each status list the document names, once (however many entries repeat it)."""
    entries = document.get("credentialStatus")
    entries = entries if isinstance(entries, list) else [entries]
    urls = (
        entry["statusListCredential"]
        for entry in entries
        if isinstance(entry, Mapping) and isinstance(entry.get("statusListCredential"), str)
    )
    return list(dict.fromkeys(urls))


def verify_document(
    document: Any,
    *,
    keys: Mapping[str, str] | None = None,
    status_lists: Mapping[str, Any] | None = None,
) -> Verification:
    """Verify a credential: our own keys and status lists always; ``keys`` and
    ``status_lists`` given by the person verifying for other issuers.

    A given key or status list cannot stand in for ours: a key under our issuer URL, or a list
    at one of our status list URLs, is set aside (and said so in the notes).
    Raises ValueError naming a malformed key.
    """
    ours = issuer_id()
    notes = []
    trusted = {}
    for method, public in (keys or {}).items():
        if method.split("#", 1)[0] == ours:
            notes.append(f"The key given for {method} was set aside: Hallmark uses its own keys.")
        else:
            trusted[method] = public
    trusted.update(published_keys())
    lists = {}
    for url, given in (status_lists or {}).items():
        if status_list_of_url(url) is not None:
            notes.append(f"The status list given for {url} was set aside: Hallmark uses its own.")
        else:
            lists[url] = given
    if isinstance(document, Mapping):
        for url in _status_urls(document):
            status_list = status_list_of_url(url)
            if status_list is not None:
                if services.status_list_is_stale(status_list):
                    status_list = services.refresh_status_list(status_list)
                lists[url] = status_list.document
    return Verification(verify_with(document, keys=trusted, status_lists=lists), notes)


@dataclass(frozen=True)
class PlainSummary:
    """A verification in plain words, its dates as days in the program's zone when the
    credential is one of ours (else in UTC), and our program, to link to its page."""

    said: CredentialSummary
    issued_on: datetime.date | None
    valid_through: datetime.date | None
    program: Program | None
    zone: datetime.tzinfo = datetime.UTC


def plain_summary(document: Any, verification: Verification) -> PlainSummary:
    said = summarize(document, verification.result)
    program = None
    if said.trusted and said.designation and issuer_id_of(document) == issuer_id():
        program = (
            Program.objects.exclude(status=ProgramStatus.DRAFT)
            .filter(designation__iexact=said.designation)
            .first()
        )
    zone = program.time_zone if program else datetime.UTC
    return PlainSummary(said, said.issued_on(zone), said.valid_through(zone), program, zone)


def claims(document: Any) -> dict[str, str]:
    """What a credential says of itself, in words, for the verifier's page (to be trusted only
    when it is valid). A certificate of completion is named as such, never a certification."""
    if not isinstance(document, Mapping):
        return {}
    said: dict[str, str] = {}
    if isinstance(document.get("name"), str):
        said[_("Credential")] = document["name"]
    subject = document.get("credentialSubject")
    subject = subject if isinstance(subject, Mapping) else {}
    achievement = subject.get("achievement")
    achievement = achievement if isinstance(achievement, Mapping) else {}
    kind = achievement.get("achievementType")
    if kind == ACHIEVEMENT_TYPES[AchievementKind.CERTIFICATION]:
        said[_("What it is")] = _("A certification")
    elif kind == ACHIEVEMENT_TYPES[AchievementKind.CERTIFICATE]:
        said[_("What it is")] = _("A certificate of completion (not a certification)")
    elif isinstance(kind, str):
        said[_("What it is")] = kind
    identifiers = subject.get("identifier")
    for item in identifiers if isinstance(identifiers, list) else []:
        if isinstance(item, Mapping) and item.get("identityType") == "identifier":
            said[_("Number")] = str(item.get("identityHash"))
    issuer = document.get("issuer")
    if isinstance(issuer, Mapping):
        said[_("Issuer")] = str(issuer.get("name") or issuer.get("id"))
    elif isinstance(issuer, str):
        said[_("Issuer")] = issuer
    for name, label in (("validFrom", _("Valid from")), ("validUntil", _("Valid until"))):
        if isinstance(document.get(name), str):
            said[label] = document[name]
    return said
