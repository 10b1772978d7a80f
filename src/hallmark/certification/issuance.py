"""Issuing credentials in batches: many awards in one transaction, their numbers allocated in a
block, their rows written with bulk inserts, the signing key read once.

Each award becomes what a credential issued alone always was: the credential (number, dates),
the first event of its hash chain with its signed head, its index in a status list, its signed
OpenBadgeCredential, its first recertification cycle and the holder's message. A status list is
signed only when a new one is opened: a new credential's entry is 0 (active) in the list as
already signed.

`allocate` can take the numbers and status indexes in a short transaction of its own before the
long one that signs (`issue`), so that batches on several workers sign at the same time instead
of queueing on the serial's lock. A batch that fails after allocating leaves its numbers and
indexes unused (a gap in the numbering), never a half-issued credential.
"""

import datetime
import functools
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F
from django.utils import timezone

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import User
from hallmark.accounts.notifications import notify_many
from hallmark.certification import services
from hallmark.certification.data import (
    CURRENT_STATUSES,
    AwardKind,
    CredentialEventKind,
)
from hallmark.certification.dates import expiry_date
from hallmark.certification.documents import award_of, index_at
from hallmark.certification.issuer import issuer_profile
from hallmark.certification.messages import issued_context
from hallmark.certification.models import (
    Credential,
    CredentialDocument,
    CredentialEvent,
    CredentialSerial,
    Cycle,
    StatusEntry,
    StatusList,
)
from hallmark.credentials import (
    build_open_badge,
    event_hash,
    make_credential_number,
    sign_credential,
    sign_head,
)
from hallmark.programs.models import Program, RecertificationPolicy


@dataclass(frozen=True)
class Award:
    """One credential to issue: to whom, of which program, on which day, and why."""

    holder: User
    program: Program
    issued_on: datetime.date
    reason: str
    actor: User | None = None


@dataclass(frozen=True)
class Allocation:
    """Credential numbers of one program and status-list places, one of each per award."""

    numbers: list[str]
    places: list[tuple[StatusList, int]]


def allocate(program: Program, count: int) -> Allocation:
    """The next `count` numbers of the program and status-list places (the caller's
    transaction holds the serial's and the lists' locks until it ends)."""
    return Allocation(_numbers(program, count), status_places(count))


def _numbers(program: Program, count: int) -> list[str]:
    serial, _ = CredentialSerial.objects.get_or_create(program=program)
    serial = CredentialSerial.objects.select_for_update().get(pk=serial.pk)
    first = serial.last_serial + 1
    serial.last_serial += count
    serial.save(update_fields=["last_serial"])
    designation = program.designation
    return [make_credential_number(designation, n) for n in range(first, first + count)]


def status_places(count: int) -> list[tuple[StatusList, int]]:
    """Places in the lists with room, in each list's shuffled order; new lists as needed."""
    places: list[tuple[StatusList, int]] = []
    while len(places) < count:
        status_list = (
            StatusList.objects.select_for_update()
            .filter(allocated__lt=F("length"))
            .order_by("pk")
            .first()
        )
        if status_list is None:
            status_list = StatusList.objects.create(seed=secrets.token_hex(16))
            services.publish_status_list(status_list)
        start = status_list.allocated
        taken = min(count - len(places), status_list.length - start)
        places += [(status_list, index_at(status_list, p)) for p in range(start, start + taken)]
        status_list.allocated = start + taken
        status_list.save(update_fields=["allocated"])
    return places


def current_holdings(awards: Sequence[Award]) -> dict[tuple[int, int], Credential]:
    """The current credentials the awards' holders already hold of the awards' programs."""
    held = Credential.objects.filter(
        holder__in={a.holder.pk for a in awards},
        program__in={a.program.pk for a in awards},
        status__in=CURRENT_STATUSES,
    )
    return {(c.holder_id, c.program_id): c for c in held}


def issue(awards: Sequence[Award], allocation: Allocation | None = None) -> list[Credential]:
    """Issue every award in the caller's transaction; all of one program. Numbers and places
    come from `allocation` when given (it may hold more than needed), else are allocated now.

    Raises ValidationError naming each holder who already holds a current credential of the
    program, or when there is no issuer key to sign with; then nothing is issued.
    """
    if not awards:
        return []
    program = awards[0].program
    if any(a.program.pk != program.pk for a in awards):
        raise ValueError("a batch of awards is of one program")
    _refuse_current_holders(awards, program)
    allocation = allocation or allocate(program, len(awards))
    key, pair = services.signing_key()
    now = timezone.now()
    credentials = [
        _credential(award, number)
        for award, number in zip(awards, allocation.numbers, strict=False)
    ]
    events = [_first_event(c, a, now) for c, a in zip(credentials, awards, strict=True)]
    for event in events:
        event.signed_with, event.head_signature = key, sign_head(event.hash, pair)
        event.credential.chain_head = event.hash
    Credential.objects.bulk_create(credentials)
    CredentialEvent.objects.bulk_create(events)
    StatusEntry.objects.bulk_create(
        StatusEntry(credential=c, status_list=status_list, index=index)
        for c, (status_list, index) in zip(credentials, allocation.places, strict=False)
    )
    profile = issuer_profile()
    CredentialDocument.objects.bulk_create(
        CredentialDocument(
            credential=c,
            document=sign_credential(build_open_badge(award_of(c), profile), pair, created=now),
            signed_with=key,
            issued_at=now,
        )
        for c in credentials
    )
    _open_cycles(program, credentials)
    notify_many(MessageKey.CREDENTIAL_ISSUED, [(c.holder, issued_context(c)) for c in credentials])
    return credentials


def _refuse_current_holders(awards: Sequence[Award], program: Program) -> None:
    held = current_holdings(awards)
    if held:
        raise ValidationError(
            [
                f"{c.holder.email} already holds {c.number} of {program.designation}, "
                f"which is {c.get_status_display().lower()}."
                for c in held.values()
            ]
        )


def _credential(award: Award, number: str) -> Credential:
    program, holder = award.program, award.holder
    expires_on = None
    if program.validity_months:
        expires_on = expiry_date(
            award.issued_on, program.validity_months, at_month_end=program.expiry_at_month_end
        )
    return Credential(
        number=number,
        holder=holder,
        holder_name=holder.legal_name or holder.email,
        program=program,
        kind=AwardKind.CERTIFICATION if program.is_certification else AwardKind.CERTIFICATE,
        issued_on=award.issued_on,
        expires_on=expires_on,
    )


def _first_event(credential: Credential, award: Award, now: datetime.datetime) -> CredentialEvent:
    expires_on = credential.expires_on
    event = CredentialEvent(
        credential=credential,
        sequence=1,
        kind=CredentialEventKind.ISSUED,
        occurred_at=now,
        actor=award.actor,
        reason=award.reason,
        data={
            "issued_on": credential.issued_on.isoformat(),
            "expires_on": expires_on.isoformat() if expires_on else None,
        },
        previous_hash="",
    )
    event.hash = event_hash(None, event.chain_payload())
    return event


def _open_cycles(program: Program, credentials: list[Credential]) -> None:
    """The first cycle of each credential that expires, under the policy in force on its first
    day (one that started before the program's first policy is governed by that policy)."""

    @functools.cache
    def policy_on(day: datetime.date) -> RecertificationPolicy | None:
        return (
            RecertificationPolicy.in_force(program, day)
            or RecertificationPolicy.objects.filter(program=program)
            .order_by("effective_from", "version")
            .first()
        )

    cycles = [
        Cycle(
            credential=c,
            sequence=1,
            starts_on=c.issued_on,
            expires_on=c.expires_on,
            policy=policy_on(c.issued_on),
        )
        for c in credentials
        if c.expires_on is not None
    ]
    Cycle.objects.bulk_create(cycles)
