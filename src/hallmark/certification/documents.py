"""The unsigned documents: a credential as an OpenBadgeCredential, a status list as a
BitstringStatusListCredential. Services sign and store them."""

import datetime
import hashlib
from typing import Any

from django.urls import reverse
from django.utils import timezone

from hallmark.certification.data import STATUS_LIST_VALUES, CredentialStatus
from hallmark.certification.issuer import absolute, issuer_id, issuer_profile, status_list_url
from hallmark.certification.models import Credential, StatusEntry, StatusList
from hallmark.credentials import (
    ACHIEVEMENT_TYPES,
    CREDENTIALS_V2,
    OB3_CONTEXT,
    AchievementKind,
    BitstringStatusList,
    BitstringStatusListEntry,
    CredentialAward,
    StatusPurpose,
    build_open_badge,
    build_status_list_credential,
)
from hallmark.programs.models import Program

# A signed status list says how long a cached copy may be trusted; it is signed again on every
# status change, and when it is served (or checked here) a day or more after its last signing.
STATUS_LIST_VALIDITY = datetime.timedelta(days=7)
STATUS_LIST_REFRESH_AFTER = datetime.timedelta(days=1)


def start_of(day: datetime.date, program: Program) -> datetime.datetime:
    """Midnight at the start of ``day`` in the program's time zone."""
    return datetime.datetime.combine(day, datetime.time(0), tzinfo=program.time_zone)


def achievement_text(program: Program) -> tuple[str, str]:
    """The achievement's description and criteria, in words that never confuse the two kinds."""
    if program.is_certification:
        return (
            program.description
            or f"A time-limited certification: the holder passed the {program.designation} "
            "exam on standardized competencies.",
            f"Meet the eligibility requirements of {program.designation} and pass its exam; "
            f"renew every {program.validity_months} months.",
        )
    return (
        f"A certificate of completion: a record that the holder completed {program.name}.",
        f"Complete {program.name}.",
    )


def award_of(credential: Credential) -> CredentialAward:
    """What the credential's OpenBadgeCredential says."""
    program = credential.program
    description, criteria = achievement_text(program)
    entry = credential.status_entry
    return CredentialAward(
        credential_id=absolute(reverse("registry-credential", args=[credential.number])),
        credential_number=credential.number,
        kind=credential.kind,
        designation=program.designation,
        achievement_id=absolute(reverse("credentials-achievement", args=[program.designation])),
        achievement_name=program.name,
        achievement_description=description,
        criteria=criteria,
        holder_email=credential.holder.email,
        valid_from=start_of(credential.issued_on, program),
        # Valid through the expiry date: until midnight at its end, in the program's zone.
        valid_until=start_of(credential.expires_on + datetime.timedelta(days=1), program)
        if credential.expires_on
        else None,
        status=(
            BitstringStatusListEntry.suspension_and_revocation(
                status_list_url(entry.status_list), entry.index
            ),
        ),
        holder_name=named_holder(credential),
    )


def named_holder(credential: Credential) -> str | None:
    """The holder's name the signed credential carries, as the program's policy allows: never
    an email address (a holder without a legal name is shown by email in the registry)."""
    name = credential.holder_name.strip()
    if not credential.program.credential_names_holder or not name or "@" in name:
        return None
    return name


def achievement_document(program: Program) -> dict[str, Any]:
    """The program's OB 3.0 Achievement, served at the achievement id credentials name."""
    description, criteria = achievement_text(program)
    kind = (
        AchievementKind.CERTIFICATION if program.is_certification else AchievementKind.CERTIFICATE
    )
    return {
        "@context": [CREDENTIALS_V2, OB3_CONTEXT],
        "id": absolute(reverse("credentials-achievement", args=[program.designation])),
        "type": ["Achievement"],
        "achievementType": ACHIEVEMENT_TYPES[kind],
        "name": program.name,
        "description": description,
        "criteria": {"narrative": criteria},
        "humanCode": program.designation,
        "creator": {"id": issuer_id(), "type": ["Profile"], "name": issuer_profile().name},
    }


def open_badge(credential: Credential) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential of a credential that has its status entry."""
    return build_open_badge(award_of(credential), issuer_profile())


def index_at(status_list: StatusList, position: int) -> int:
    """The index handed out ``position``-th in a list: a keyed shuffle of all its indexes.

    A four-round Feistel network keyed by the list's seed permutes the numbers below the
    next even power of two; values past the list's length walk the cycle on to the next one
    below it. So every position has its own index, and the order tells nothing of time.
    """
    length = status_list.length
    if not 0 <= position < length:
        raise ValueError(f"position {position} is outside the list (0 to {length - 1})")
    half = max(1, ((length - 1).bit_length() + 1) // 2)
    mask = (1 << half) - 1
    value = position
    while True:
        left, right = value >> half, value & mask
        for round_number in range(4):
            digest = hashlib.sha256(f"{status_list.seed}:{round_number}:{right}".encode()).digest()
            left, right = right, left ^ (int.from_bytes(digest[:8], "big") & mask)
        value = (left << half) | right
        if value < length:
            return value


def status_bits(status_list: StatusList) -> BitstringStatusList:
    """The list's statuses as the credentials' statuses are now."""
    bits = BitstringStatusList(status_list.length, status_size=status_list.status_size)
    withdrawn = StatusEntry.objects.filter(
        status_list=status_list,
        credential__status__in=[CredentialStatus.SUSPENDED, CredentialStatus.REVOKED],
    ).values_list("index", "credential__status")
    for index, status in withdrawn:
        bits.set_status(index, STATUS_LIST_VALUES[status])
    return bits


def status_list_credential(status_list: StatusList) -> dict[str, Any]:
    """The unsigned BitstringStatusListCredential of a list, valid from now for a week."""
    now = timezone.now().replace(microsecond=0)
    return build_status_list_credential(
        url=status_list_url(status_list),
        issuer=issuer_id(),
        purpose=StatusPurpose.MESSAGE,
        status_list=status_bits(status_list),
        valid_from=now,
        valid_until=now + STATUS_LIST_VALIDITY,
    )
