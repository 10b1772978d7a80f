"""Changes in a credential's life. Each is one transaction and appends one chained event."""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hallmark.accounts.models import User
from hallmark.certification.data import AwardKind, CredentialStatus, EventKind
from hallmark.certification.dates import expiry_date
from hallmark.certification.models import Credential, CredentialEvent, CredentialSerial
from hallmark.credentials import event_hash, make_credential_number
from hallmark.programs.models import Program


def _require(actor: User | None, permission: str) -> None:
    """People need the permission; `None` is Hallmark itself (the daily job, the demo)."""
    if actor is not None and not actor.has_perm(f"certification.{permission}"):
        raise PermissionDenied(f"{actor} may not {permission.replace('_', ' ')}.")


def append_event(
    credential: Credential,
    kind: EventKind,
    *,
    actor: User | None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> CredentialEvent:
    """Add an event at the end of the credential's chain (the caller holds the row lock)."""
    last = credential.events.order_by("-sequence").first()
    previous = last.hash if last else None
    event = CredentialEvent(
        credential=credential,
        sequence=last.sequence + 1 if last else 1,
        kind=kind,
        occurred_at=timezone.now(),
        actor=actor,
        reason=reason,
        data=data or {},
        previous_hash=previous or "",
    )
    event.hash = event_hash(previous, event.chain_payload())
    event.save()
    credential.chain_head = event.hash
    credential.save(update_fields=["chain_head"])
    return event


def _next_number(program: Program) -> str:
    serial, _ = CredentialSerial.objects.get_or_create(program=program)
    serial = CredentialSerial.objects.select_for_update().get(pk=serial.pk)
    serial.last_serial += 1
    serial.save(update_fields=["last_serial"])
    return make_credential_number(program.designation, serial.last_serial)


@transaction.atomic
def issue_credential(
    holder: User,
    program: Program,
    *,
    issued_on: datetime.date | None = None,
    actor: User | None = None,
    reason: str = "",
) -> Credential:
    """Grant a program's award to a person: a certification, or a certificate of completion."""
    _require(actor, "issue_credential")
    current = Credential.objects.filter(
        holder=holder,
        program=program,
        status__in=[CredentialStatus.ACTIVE, CredentialStatus.SUSPENDED],
    ).first()
    if current is not None:
        raise ValidationError(
            f"{holder.email} already holds {current.number} of {program.designation}, "
            f"which is {current.get_status_display().lower()}."
        )
    issued_on = issued_on or program.today()
    expires_on = None
    if program.validity_months:
        expires_on = expiry_date(
            issued_on, program.validity_months, at_month_end=program.expiry_at_month_end
        )
    credential = Credential.objects.create(
        number=_next_number(program),
        holder=holder,
        holder_name=holder.legal_name or holder.email,
        program=program,
        kind=AwardKind.CERTIFICATION if program.is_certification else AwardKind.CERTIFICATE,
        issued_on=issued_on,
        expires_on=expires_on,
    )
    append_event(
        credential,
        EventKind.ISSUED,
        actor=actor,
        reason=reason,
        data={
            "issued_on": issued_on.isoformat(),
            "expires_on": expires_on.isoformat() if expires_on else None,
        },
    )
    return credential


def _locked(credential: Credential) -> Credential:
    return Credential.objects.select_for_update().get(pk=credential.pk)


def _change_status(
    credential: Credential,
    *,
    allowed_from: tuple[CredentialStatus, ...],
    to: CredentialStatus,
    event: EventKind,
    actor: User | None,
    reason: str,
) -> Credential:
    if actor is not None and not reason.strip():
        raise ValidationError(f"Give a reason to mark {credential.number} {to.label.lower()}.")
    credential = _locked(credential)
    if credential.status not in allowed_from:
        raise ValidationError(
            f"{credential.number} is {credential.get_status_display().lower()}; it cannot be "
            f"{event.label.lower()}."
        )
    credential.status = to
    credential.save(update_fields=["status"])
    append_event(credential, event, actor=actor, reason=reason)
    return credential


@transaction.atomic
def suspend_credential(credential: Credential, *, actor: User | None, reason: str) -> Credential:
    """Withdraw a credential for a time (discipline, misuse of the mark); it may be reinstated."""
    _require(actor, "suspend_credential")
    return _change_status(
        credential,
        allowed_from=(CredentialStatus.ACTIVE,),
        to=CredentialStatus.SUSPENDED,
        event=EventKind.SUSPENDED,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def revoke_credential(credential: Credential, *, actor: User | None, reason: str) -> Credential:
    """Withdraw a credential for good."""
    _require(actor, "revoke_credential")
    return _change_status(
        credential,
        allowed_from=(CredentialStatus.ACTIVE, CredentialStatus.SUSPENDED),
        to=CredentialStatus.REVOKED,
        event=EventKind.REVOKED,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def reinstate_credential(credential: Credential, *, actor: User | None, reason: str) -> Credential:
    """Lift a suspension (or an appeal's reversal); a credential past expiry becomes expired."""
    _require(actor, "reinstate_credential")
    credential = _locked(credential)
    to = (
        CredentialStatus.EXPIRED
        if credential.is_expired_on(credential.program.today())
        else CredentialStatus.ACTIVE
    )
    return _change_status(
        credential,
        allowed_from=(CredentialStatus.SUSPENDED, CredentialStatus.REVOKED),
        to=to,
        event=EventKind.REINSTATED,
        actor=actor,
        reason=reason,
    )


@transaction.atomic
def expire_credential(credential: Credential, *, on: datetime.date) -> Credential:
    """Mark a credential expired once its expiry date has passed (the daily job calls this)."""
    credential = _locked(credential)
    if not credential.is_expired_on(on):
        raise ValidationError(f"{credential.number} is valid until {credential.expires_on}.")
    return _change_status(
        credential,
        allowed_from=(CredentialStatus.ACTIVE,),
        to=CredentialStatus.EXPIRED,
        event=EventKind.EXPIRED,
        actor=None,
        reason=f"Expired after {credential.expires_on}.",
    )
