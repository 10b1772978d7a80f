"""The public registry's queries: what anyone may see of a credential, and nothing more."""

import dataclasses
import datetime
import functools
import hashlib
import json
from dataclasses import dataclass

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _

import hallmark
from hallmark.certification.data import (
    CASE_PREFIX,
    CredentialStatus,
    CycleOutcome,
    Phase,
    Sanction,
)
from hallmark.certification.models import Credential, DisciplineCase
from hallmark.credentials import check_credential_number, normalize_credential_number
from hallmark.lib.dates import long_date
from hallmark.lib.prepared import Greatest, PreparedRead, columns, instance
from hallmark.lib.replica import read_alias
from hallmark.programs.models import CasePolicy, Disclosure, Program


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
            # In the active language, as the kind is (the API answers in English).
            status_label=str(
                GRACE_LABEL if grace_ends_on else CredentialStatus(credential.status).label
            ),
            issued_on=credential.issued_on,
            expires_on=credential.expires_on,
            grace_ends_on=grace_ends_on,
            sanction=sanction_disclosed(credential),
        )


GRACE_LABEL = Phase.GRACE.label
# How long a cache may answer for the registry without asking again: a suspension or a
# revocation shows everywhere within this many seconds.
MAX_AGE = 60


# What an entry says, in order: as `dataclasses.astuple`, without its deep copy of each value.
_SAID = tuple(field.name for field in dataclasses.fields(RegistryEntry))


def etag_of(entry: RegistryEntry, representation: str) -> str:
    """A validator of what the registry says of a credential in one representation ("json",
    "page"): it changes when anything said does (a status change, a sanction, the grace period
    ending) and with each release, which may say it differently."""
    said = [representation, hallmark.__version__, *(getattr(entry, name) for name in _SAID)]
    digest = hashlib.sha256(json.dumps(said, default=str).encode()).hexdigest()
    return f'"{digest[:32]}"'


def _grace_ends_on(credential: Credential) -> datetime.date | None:
    """The end of the grace period, while an expired credential is in it; otherwise None."""
    if credential.status != CredentialStatus.EXPIRED:
        return None
    cycle = credential.cycles.filter(outcome=CycleOutcome.OPEN).select_related("policy").first()
    if cycle is None:
        return None
    dates = cycle.dates()
    return dates.grace_ends_on if dates.phase(credential.program.today()) == Phase.GRACE else None


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
        return _("Suspended (disciplinary sanction) until %(day)s") % {
            "day": long_date(case.suspended_until)
        }
    if case.decision == Sanction.REVOCATION and case.credential_id == credential.pk:
        return _("Revoked (disciplinary sanction)")
    if case.voids_result:
        return _("Revoked (exam result voided for misconduct)")
    return None


def sanction_disclosed(credential: Credential) -> str | None:
    """What the registry says of a discipline sanction on the credential: its category, when
    the program's policy discloses sanctions; nothing (the status alone) when it does not."""
    shown = _sanction(credential)
    if shown is None:  # the usual case: no policy to read
        return None
    policy = CasePolicy.in_force(credential.program)
    if policy is not None and policy.disclosure != Disclosure.SANCTION:
        return None
    return shown


def _sanction(credential: Credential) -> str | None:
    if credential.status in (CredentialStatus.SUSPENDED, CredentialStatus.REVOKED):
        return _withdrawal(credential)
    if credential.status != CredentialStatus.ACTIVE:
        return None
    ends_on = _probation_ends_on(credential)
    if ends_on is None or ends_on < credential.program.today():
        return None
    return _("Probation until %(day)s") % {"day": long_date(ends_on)}


def _probations() -> QuerySet[DisciplineCase]:
    """The probations standing on a credential (an overturned one does not), latest end first."""
    return DisciplineCase.objects.filter(
        decision=Sanction.PROBATION, probation_ends_on__isnull=False, overturned_at__isnull=True
    ).order_by("-probation_ends_on")


def _probation_ends_on(credential: Credential) -> datetime.date | None:
    """The end of the credential's latest probation: read with it by the registry's queries
    (`_public`), else here."""
    if hasattr(credential, "probation_ends_on"):
        ends_on: datetime.date | None = credential.probation_ends_on
        return ends_on
    return (
        _probations()
        .filter(credential=credential)
        .values_list("probation_ends_on", flat=True)
        .first()
    )


@functools.cache  # built once per process (a fifth of a lookup's time); each use clones it
def _public() -> QuerySet[Credential]:
    """Credentials with their program and the end of their latest probation, in one read."""
    latest = _probations().filter(credential=OuterRef("pk")).values("probation_ends_on")[:1]
    return (
        Credential.objects.select_related("program")
        .annotate(probation_ends_on=Subquery(latest))
        .order_by("holder_name", "number")
    )


# `_public()` of one number, as SQL written once per process: compiling the queryset was most
# of a lookup's time. MAX of the standing probations' ends is the latest one's.
_BY_NUMBER = PreparedRead(
    Credential,
    [*columns(Credential), *columns(Program, "program__")],
    where={"number": "number"},
    greatest={
        "probation_ends_on": Greatest(
            DisciplineCase,
            to="credential",
            field="probation_ends_on",
            equal={"decision": Sanction.PROBATION, "overturned_at": None},
        )
    },
)


def find_by_number(number: str) -> Credential | None:
    """The credential of a number typed in any case, with or without dashes and spaces, with
    its program and the end of its latest probation, in one read (from the replica inside
    `registry_reads()`).

    Stored numbers are canonical, so the lookup is an exact match on the unique index.
    """
    if check_credential_number(number):
        number = normalize_credential_number(number)
    using = read_alias()
    row = _BY_NUMBER.first(using, number=number)
    return None if row is None else instance(Credential, row, using)


def search_by_name(name: str, designation: str = "") -> QuerySet[Credential]:
    """Holders who opted out of name search (for one credential, or from their account for all)
    are never found by name; a lookup by number still finds them."""
    words = name.split()
    query = Q(listed_by_name=True, holder__listed_by_name=True)
    for word in words:
        query &= Q(holder_name__icontains=word)
    if designation:
        query &= Q(program__designation__iexact=designation)
    return _public().filter(query)
