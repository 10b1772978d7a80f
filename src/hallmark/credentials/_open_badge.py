"""Open Badges 3.0 OpenBadgeCredential documents for certifications and certificates.

The document follows OB 3.0 (1EdTech) on the W3C VC Data Model 2.0: the issuer is a Profile
with a stable URL id; the holder is identified, without revealing their email, by an
IdentityObject holding ``sha256$hex(SHA-256(email + salt))`` with the salt beside it, by
the credential number, and (when the program's policy allows) by their name, unhashed; the
achievement says what was earned, with achievementType "Certification" for a certification and
"Certificate" for a certificate program.
"""

import hashlib
import json
import secrets
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from functools import cache
from importlib import resources
from typing import Any

import jsonschema

from ._contexts import CREDENTIALS_V2, OB3_CONTEXT
from ._dates import format_datetime, parse_datetime
from ._numbers import check_credential_number
from ._status_list import BitstringStatusListEntry

__all__ = [
    "ACHIEVEMENT_TYPES",
    "AchievementKind",
    "CredentialAward",
    "IssuerProfile",
    "build_open_badge",
    "holder_matches",
    "holder_name_of",
    "identity_hash",
    "open_badge_schema_errors",
]


class AchievementKind(StrEnum):
    """What a program grants; the values match the programs' own vocabulary."""

    CERTIFICATION = "certification"
    CERTIFICATE = "certificate"


# The one place where a program kind becomes an OB 3.0 achievementType.
ACHIEVEMENT_TYPES: Mapping[AchievementKind, str] = {
    AchievementKind.CERTIFICATION: "Certification",
    AchievementKind.CERTIFICATE: "Certificate",
}


@dataclass(frozen=True)
class IssuerProfile:
    """The certifying body as an OB 3.0 Profile.

    Attributes:
        id: the stable URL of the issuer profile; serve the profile (with the issuer's keys,
            see controller_document) there, and never change it.
        name: the body's name.
        url: its homepage.
        email: a contact address.
        description: a short description.
    """

    id: str
    name: str
    url: str | None = None
    email: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class CredentialAward:
    """What one credential says about its holder, as plain data.

    Attributes:
        credential_id: the credential's own id: a stable URL (e.g. its registry page) or a
            ``urn:uuid:``.
        credential_number: the public credential number (see make_credential_number).
        kind: certification or certificate (AchievementKind or its value).
        designation: the program's designation, e.g. "CESP".
        achievement_id: the stable URL of the program's achievement description.
        achievement_name: e.g. "Certified Employment Support Professional".
        achievement_description: what the holder has shown.
        criteria: how it is earned (Markdown allowed).
        holder_email: the holder's email; only its salted hash goes into the credential.
        valid_from: start of the cycle (timezone-aware).
        valid_until: end of the cycle (timezone-aware); required for a certification, which
            is time-limited.
        awarded: when the credential was first awarded; valid_from if not given.
        criteria_url: a page describing the criteria.
        image_url: the badge image (URL or data: URI).
        salt: the salt of the email hash; a random one if not given.
        status: the credential's status list entries.
        holder_name: the holder's full name, named in the credential (an unhashed
            IdentityObject of type "name") so that a verifier can say whose it is; None
            leaves the holder identified by the hashed email alone.
    """

    credential_id: str
    credential_number: str
    kind: AchievementKind | str
    designation: str
    achievement_id: str
    achievement_name: str
    achievement_description: str
    criteria: str
    holder_email: str
    valid_from: datetime
    valid_until: datetime | None = None
    awarded: datetime | None = None
    criteria_url: str | None = None
    image_url: str | None = None
    salt: str | None = field(default=None, repr=False)
    status: Sequence[BitstringStatusListEntry] = ()
    holder_name: str | None = None


def identity_hash(email: str, salt: str) -> str:
    """OB 3.0 IdentityHash of an email: ``sha256$`` + hex SHA-256 of the normalized email + salt.

    The email is trimmed and lower-cased first, so that the holder need not remember how
    they capitalized it.
    """
    if not isinstance(email, str) or "@" not in email:
        raise ValueError(f"email {email!r} is not an email address")
    if not isinstance(salt, str):
        raise TypeError("salt must be a str")
    normalized = email.strip().lower()
    return "sha256$" + hashlib.sha256((normalized + salt).encode("utf-8")).hexdigest()


def _identifiers(document: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    """The IdentityObjects of a credential's subject, whatever shape the document has."""
    subject = document.get("credentialSubject") if isinstance(document, Mapping) else None
    identifiers = subject.get("identifier") if isinstance(subject, Mapping) else None
    for item in identifiers if isinstance(identifiers, list) else []:
        if isinstance(item, Mapping):
            yield item


def holder_matches(document: Mapping[str, Any], email: str) -> bool:
    """Whether a credential's hashed email identifier is that of ``email``."""
    for item in _identifiers(document):
        if (
            item.get("identityType") == "emailAddress"
            and item.get("hashed") is True
            and isinstance(item.get("salt", ""), str)
            and isinstance(item.get("identityHash"), str)
        ):
            expected = identity_hash(email, item.get("salt", ""))
            if secrets.compare_digest(expected, item["identityHash"].lower()):
                return True
    return False


def holder_name_of(document: Mapping[str, Any]) -> str | None:
    """The holder's name a credential carries (an unhashed IdentityObject of type "name"), or
    None when it names none. Trust it only when the credential verifies."""
    for item in _identifiers(document):
        if item.get("identityType") == "name" and item.get("hashed") is False:
            name = stated_text(item.get("identityHash"))
            if name:
                return name
    return None


def stated_text(value: Any) -> str | None:
    """``value`` stripped when it is a string with something in it, else None."""
    return value.strip() if isinstance(value, str) and value.strip() else None


def build_open_badge(
    award: CredentialAward, issuer: IssuerProfile, *, multiple_status: bool = False
) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential for ``award``; sign it with sign_credential.

    Parameters:
        award: what the credential says.
        issuer: the certifying body.
        multiple_status: OB 3.0 allows at most one credentialStatus, and its JSON schema wants
            an object; pass True to emit several entries as an array (allowed by VC 2.0, not
            by the OB 3.0 schema).

    Raises ValueError naming the field when the award is incomplete or inconsistent.
    """
    kind = _build_iv(award, issuer, multiple_status)
    document: dict[str, Any] = {
        "@context": [CREDENTIALS_V2, OB3_CONTEXT],
        "id": award.credential_id,
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": award.achievement_name,
        "issuer": _profile(issuer),
        "validFrom": format_datetime(award.valid_from),
    }
    if award.valid_until is not None:
        document["validUntil"] = format_datetime(award.valid_until)
    document["awardedDate"] = format_datetime(award.awarded or award.valid_from)
    document["credentialSubject"] = _subject(award, kind)
    if award.status:
        entries = [entry.to_json() for entry in award.status]
        document["credentialStatus"] = entries if len(entries) > 1 else entries[0]
    return document


def _profile(issuer: IssuerProfile) -> dict[str, Any]:
    profile: dict[str, Any] = {"id": issuer.id, "type": ["Profile"], "name": issuer.name}
    for name in ("url", "email", "description"):
        if getattr(issuer, name) is not None:
            profile[name] = getattr(issuer, name)
    return profile


def _subject(award: CredentialAward, kind: AchievementKind) -> dict[str, Any]:
    salt = award.salt if award.salt is not None else secrets.token_hex(16)
    achievement: dict[str, Any] = {
        "id": award.achievement_id,
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPES[kind],
        "name": award.achievement_name,
        "description": award.achievement_description,
        "criteria": {"narrative": award.criteria},
        "humanCode": award.designation,
    }
    if award.criteria_url is not None:
        achievement["criteria"]["id"] = award.criteria_url
    if award.image_url is not None:
        achievement["image"] = {"id": award.image_url, "type": "Image"}
    identifiers: list[dict[str, Any]] = [
        {
            "type": "IdentityObject",
            "identityHash": identity_hash(award.holder_email, salt),
            "identityType": "emailAddress",
            "hashed": True,
            "salt": salt,
        }
    ]
    if award.holder_name is not None:
        identifiers.append(
            {
                "type": "IdentityObject",
                "identityHash": award.holder_name.strip(),
                "identityType": "name",
                "hashed": False,
            }
        )
    identifiers.append(
        {
            "type": "IdentityObject",
            "identityHash": award.credential_number,
            "identityType": "identifier",
            "hashed": False,
        }
    )
    return {"type": ["AchievementSubject"], "identifier": identifiers, "achievement": achievement}


def _build_iv(
    award: CredentialAward, issuer: IssuerProfile, multiple_status: bool
) -> AchievementKind:
    if not isinstance(award, CredentialAward):
        raise TypeError("award must be a CredentialAward")
    if not isinstance(issuer, IssuerProfile):
        raise TypeError("issuer must be an IssuerProfile")
    for owner, name in (
        (issuer, "id"),
        (award, "credential_id"),
        (award, "achievement_id"),
    ):
        _require_iri(getattr(owner, name), name)
    for owner, name in (
        (issuer, "name"),
        (award, "designation"),
        (award, "achievement_name"),
        (award, "achievement_description"),
        (award, "criteria"),
    ):
        if not isinstance(getattr(owner, name), str) or not getattr(owner, name).strip():
            raise ValueError(f"{name} must be a non-empty string")
    if award.holder_name is not None and (
        not isinstance(award.holder_name, str) or not award.holder_name.strip()
    ):
        raise ValueError("holder_name must be a non-empty string, or None to name no holder")
    if not isinstance(award.kind, str) or award.kind not in [
        kind.value for kind in AchievementKind
    ]:
        raise ValueError(f"kind {award.kind!r} must be 'certification' or 'certificate'")
    if not check_credential_number(award.credential_number):
        raise ValueError(f"credential_number {award.credential_number!r} fails its check digits")
    _dates_iv(award, AchievementKind(award.kind))
    _status_iv(award.status, multiple_status)
    return AchievementKind(award.kind)


def _require_iri(value: Any, name: str) -> None:
    if not isinstance(value, str) or ":" not in value or any(char.isspace() for char in value):
        raise ValueError(f"{name} {value!r} must be an absolute URL (or urn:/did:)")


def _dates_iv(award: CredentialAward, kind: AchievementKind) -> None:
    for name in ("valid_from", "valid_until", "awarded"):
        moment = getattr(award, name)
        if moment is not None and (not isinstance(moment, datetime) or moment.tzinfo is None):
            raise ValueError(f"{name} must be a timezone-aware datetime")
    if award.valid_from is None:
        raise ValueError("valid_from is required")
    if kind is AchievementKind.CERTIFICATION and award.valid_until is None:
        raise ValueError("valid_until is required: a certification is time-limited")
    if award.valid_until is not None and award.valid_until <= award.valid_from:
        raise ValueError("valid_until must be after valid_from")


def _status_iv(status: Sequence[BitstringStatusListEntry], multiple_status: bool) -> None:
    if isinstance(status, BitstringStatusListEntry):
        raise TypeError(
            "status must be a sequence of BitstringStatusListEntry (wrap it in a tuple)"
        )
    for index, entry in enumerate(status):
        if not isinstance(entry, BitstringStatusListEntry):
            raise TypeError(f"status[{index}] is not a BitstringStatusListEntry")
    if len(status) > 1 and not multiple_status:
        raise ValueError(
            "OB 3.0 allows one credentialStatus per credential; pass multiple_status=True to "
            "emit several as an array (valid VC 2.0, rejected by the OB 3.0 JSON schema)"
        )


def _is_date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True  # the schema's "type" keyword reports non-strings
    try:
        parse_datetime(value, what="date-time")
    except ValueError:
        return False
    return True


@cache
def _validator() -> Any:
    path = resources.files(__package__) / "schemas" / "achievementcredential.json"
    schema = json.loads(path.read_bytes())
    validator_class = jsonschema.validators.validator_for(schema)
    # jsonschema checks "date-time" only with an optional package; RFC 3339 date-times are
    # what the credentials' own parser accepts, so it does the check.
    formats = jsonschema.FormatChecker(formats=())
    formats.checks("date-time")(_is_date_time)
    return validator_class(schema, format_checker=formats)


def open_badge_schema_errors(document: Mapping[str, Any]) -> list[str]:
    """Where ``document`` breaks the OB 3.0 AchievementCredential JSON schema (empty if nowhere).

    Each message starts with the JSON path of the offending value, e.g.
    ``$.credentialSubject.identifier[0]: 'hashed' is a required property``.
    """
    errors = sorted(_validator().iter_errors(document), key=lambda error: error.json_path)
    return [f"{error.json_path}: {error.message}" for error in errors]
