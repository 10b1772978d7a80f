"""A verified credential in plain words: whose it is, what it is, its dates and its status now.

What a credential says of itself counts as fact only when it verifies. When it does not, the
summary says so and carries none of its claims; its status is still given when the signature
holds (an authentic credential that was revoked, suspended or has expired says so plainly).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, tzinfo
from enum import StrEnum
from typing import Any

from ._dates import parse_datetime
from ._open_badge import ACHIEVEMENT_TYPES, AchievementKind, holder_name_of, stated_text
from ._verify import CheckStatus, VerificationResult

__all__ = ["CredentialState", "CredentialSummary", "summarize"]

# The checks that make a credential the issuer's own, unchanged: without them, nothing it says
# (its status entry included) is the issuer's word.
_AUTHENTICITY = ("structure", "proof", "issuer")

# The kinds by the achievementType a credential gives (any JSON value may be given).
_KINDS: Mapping[object, AchievementKind] = {
    value: kind for kind, value in ACHIEVEMENT_TYPES.items()
}


class CredentialState(StrEnum):
    """A credential's status now, as its verification found it."""

    ACTIVE = "active"
    EXPIRED = "expired"
    NOT_YET_VALID = "not yet valid"
    SUSPENDED = "suspended"
    REVOKED = "revoked"


# What is said of a credential that does not verify when its issuer's signature holds.
_UNTRUSTED_STATUS = {
    CredentialState.REVOKED: "Its issuer's signature holds, and it has been revoked: it is no "
    "longer valid.",
    CredentialState.SUSPENDED: "Its issuer's signature holds, and it is suspended: it is not "
    "valid while suspended.",
    CredentialState.EXPIRED: "Its issuer's signature holds, and it has expired: it is no longer "
    "current.",
    CredentialState.NOT_YET_VALID: "Its issuer's signature holds, but it is not valid yet.",
}
_KIND_WORDS: Mapping[AchievementKind | None, str] = {
    AchievementKind.CERTIFICATION: ", a certification",
    AchievementKind.CERTIFICATE: ", a certificate of completion (not a certification)",
}


@dataclass(frozen=True)
class CredentialSummary:
    """What a person reading a verification needs first.

    Attributes:
        trusted: the credential verified: its claims below are facts.
        state: its status now; None when that cannot be told (not authentic, or unknown).
        holder_name: the holder's name, None when the credential names none (or is not trusted).
        name: the achievement's name, e.g. "Certified Employment Support Professional".
        designation: the program's designation, e.g. "CESP".
        kind: certification or certificate.
        issued: when it was awarded (awardedDate, else validFrom).
        valid_until: the first moment it is no longer valid; None when it does not expire.
    """

    trusted: bool
    state: CredentialState | None = None
    holder_name: str | None = None
    name: str | None = None
    designation: str | None = None
    kind: AchievementKind | None = None
    issued: datetime | None = None
    valid_until: datetime | None = None

    def issued_on(self, zone: tzinfo = UTC) -> date | None:
        """The day it was awarded, in ``zone`` (the program's, when known)."""
        return self.issued.astimezone(zone).date() if self.issued else None

    def valid_through(self, zone: tzinfo = UTC) -> date | None:
        """Its last valid day in ``zone``: validUntil is midnight at the end of that day in the
        program's zone, the first moment it is not valid."""
        if self.valid_until is None:
            return None
        return (self.valid_until.astimezone(zone) - timedelta(microseconds=1)).date()

    def sentences(
        self, zone: tzinfo = UTC, day: Callable[[date], str] = date.isoformat
    ) -> list[str]:
        """The summary in plain English, one sentence a line, as the verifier page words it
        (`hallmark verify` prints them, the verification API returns them): its days in ``zone``
        (the program's, when known), written by ``day`` (ISO 8601 by default)."""
        if not self.trusted:
            said = [
                "This credential cannot be trusted: it did not pass verification, so nothing "
                "it says about its holder is shown as fact."
            ]
            if self.state in _UNTRUSTED_STATUS:
                said.append(_UNTRUSTED_STATUS[self.state])
            return said
        issued_on, valid_through = self.issued_on(zone), self.valid_through(zone)
        return [
            f"Holder: {self.holder_name}."
            if self.holder_name
            else "This credential does not name its holder; it identifies them by a hashed "
            "email address.",
            f"Credential: {self.credential()}{_KIND_WORDS.get(self.kind, '')}.",
            f"Issued on {day(issued_on)}." if issued_on else "Issue date not stated.",
            f"Valid through {day(valid_through)}." if valid_through else "Does not expire.",
            f"Status now: {self.state}." if self.state else "Status now: unknown.",
        ]

    def credential(self) -> str:
        """Its name and designation, e.g. "Certified ... (CESP)"; "Not named" when it has none."""
        named = self.name or "Not named"
        return f"{named} ({self.designation})" if self.designation else named


def summarize(document: Any, result: VerificationResult) -> CredentialSummary:
    """The plain-words summary of ``document`` as ``result`` (its verification) found it."""
    state = _state(result)
    if not result.valid or not isinstance(document, Mapping):
        return CredentialSummary(trusted=False, state=state)
    achievement = _achievement(document)
    return CredentialSummary(
        trusted=True,
        state=state,
        holder_name=holder_name_of(document),
        name=stated_text(achievement.get("name")) or stated_text(document.get("name")),
        designation=stated_text(achievement.get("humanCode")),
        kind=_KINDS.get(achievement.get("achievementType")),
        issued=_moment(document.get("awardedDate") or document.get("validFrom")),
        valid_until=_moment(document.get("validUntil")),
    )


def _state(result: VerificationResult) -> CredentialState | None:
    """The status the checks found, when the credential is the issuer's own."""
    checks = {check.name: check for check in result.checks}
    if any(name not in checks or not checks[name].ok for name in _AUTHENTICITY):
        return None
    for check in result.checks:
        if check.status is CheckStatus.FAILED and check.found is not None:
            return CredentialState(check.found)  # "revoked" or "suspended"
    if _failed(result, "validUntil"):
        return CredentialState.EXPIRED
    if _failed(result, "validFrom"):
        return CredentialState.NOT_YET_VALID
    return CredentialState.ACTIVE if result.valid else None


def _failed(result: VerificationResult, name: str) -> bool:
    return any(c.name == name and c.status is CheckStatus.FAILED for c in result.checks)


def _achievement(document: Mapping[str, Any]) -> Mapping[str, Any]:
    subject = document.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, Mapping) else None
    return achievement if isinstance(achievement, Mapping) else {}


def _moment(text: Any) -> datetime | None:
    try:
        return parse_datetime(text, what="date")
    except ValueError:
        return None
