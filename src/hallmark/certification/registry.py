"""The public registry's queries: what anyone may see of a credential, and nothing more."""

import datetime
from dataclasses import dataclass

from django.db.models import Q, QuerySet

from hallmark.certification.data import (
    CASE_PREFIX,
    CredentialStatus,
    CycleOutcome,
    Phase,
    Sanction,
)
from hallmark.certification.models import Credential, DisciplineCase
from hallmark.credentials import check_credential_number, normalize_credential_number
from hallmark.programs.models import CasePolicy, Disclosure


@dataclass(frozen=True)
class RegistryEntry:
    """A credential as the public sees it: never a score, never contact details."""

    number: str
    holder_name: str
    designation: str
    program_name: str
    kind: str
    kind_label: str
    is_certification: bool
    status: str
    status_label: str
    issued_on: datetime.date
    expires_on: datetime.date | None
    grace_ends_on: datetime.date | None = None  # set while expired but still renewable
    # The sanction's category, where the program's policy discloses it ("Probation until …").
    sanction: str | None = None

    @classmethod
    def of(cls, credential: Credential) -> "RegistryEntry":
        grace_ends_on = _grace_ends_on(credential)
        return cls(
            number=credential.number,
            holder_name=credential.holder_name,
            designation=credential.program.designation,
            program_name=credential.program.name,
            kind=credential.kind,
            kind_label=credential.kind_label,
            is_certification=credential.is_certification,
            status=credential.status,
            status_label=GRACE_LABEL
            if grace_ends_on
            else CredentialStatus(credential.status).label,
            issued_on=credential.issued_on,
            expires_on=credential.expires_on,
            grace_ends_on=grace_ends_on,
            sanction=sanction_disclosed(credential),
        )


GRACE_LABEL = Phase.GRACE.label


def _grace_ends_on(credential: Credential) -> datetime.date | None:
    """The end of the grace period, while an expired credential is in it; otherwise None."""
    if credential.status != CredentialStatus.EXPIRED:
        return None
    cycle = credential.cycles.filter(outcome=CycleOutcome.OPEN).select_related("policy").first()
    if cycle is None:
        return None
    dates = cycle.dates()
    return dates.grace_ends_on if dates.phase(credential.program.today()) == Phase.GRACE else None


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _case_behind(credential: Credential) -> DisciplineCase | None:
    """The discipline case whose decision put the credential in its status, if one did: the
    credential event of that status names the case first ("DSC-2026-0001: …")."""
    event = credential.events.filter(kind=credential.status).order_by("-sequence").first()
    if event is None or not event.reason.startswith(f"{CASE_PREFIX}-"):
        return None
    reference = event.reason.split(":", 1)[0]
    return DisciplineCase.objects.filter(reference=reference, overturned_at__isnull=True).first()


def _withdrawal(credential: Credential) -> str | None:
    case = _case_behind(credential)
    if case is None:
        return None
    if credential.status == CredentialStatus.SUSPENDED and case.decision == Sanction.SUSPENSION:
        assert case.suspended_until is not None
        return f"Suspended (disciplinary sanction) until {_day(case.suspended_until)}"
    if case.decision == Sanction.REVOCATION and case.credential_id == credential.pk:
        return "Revoked (disciplinary sanction)"
    if case.voids_result:
        return "Revoked (exam result voided for misconduct)"
    return None


def sanction_disclosed(credential: Credential) -> str | None:
    """What the registry says of a discipline sanction on the credential: its category, when
    the program's policy discloses sanctions; nothing (the status alone) when it does not."""
    policy = CasePolicy.in_force(credential.program)
    if policy is not None and policy.disclosure != Disclosure.SANCTION:
        return None
    if credential.status in (CredentialStatus.SUSPENDED, CredentialStatus.REVOKED):
        return _withdrawal(credential)
    if credential.status != CredentialStatus.ACTIVE:
        return None
    probation = (
        credential.discipline_cases.filter(
            decision=Sanction.PROBATION,
            probation_ends_on__gte=credential.program.today(),
            overturned_at__isnull=True,
        )
        .order_by("-probation_ends_on")
        .first()
    )
    if probation is None or probation.probation_ends_on is None:
        return None
    return f"Probation until {_day(probation.probation_ends_on)}"


def _public() -> QuerySet[Credential]:
    return Credential.objects.select_related("program").order_by("holder_name", "number")


def find_by_number(number: str) -> Credential | None:
    """The credential of a number typed in any case, with or without dashes and spaces.

    Stored numbers are canonical, so the lookup is an exact match on the unique index.
    """
    if check_credential_number(number):
        number = normalize_credential_number(number)
    return _public().filter(number=number).first()


def search_by_name(name: str, designation: str = "") -> QuerySet[Credential]:
    """Holders who opted out of name search are never found by name."""
    words = name.split()
    query = Q(listed_by_name=True)
    for word in words:
        query &= Q(holder_name__icontains=word)
    if designation:
        query &= Q(program__designation__iexact=designation)
    return _public().filter(query)
