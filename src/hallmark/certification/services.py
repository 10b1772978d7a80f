"""Changes in a credential's life, its signed documents, status lists, keys and decisions.

Each change is one transaction; a credential's changes append one chained event each. Issuing
signs the credential's OpenBadgeCredential; suspending, reinstating and revoking sign its status
list again, in the same transaction, so the published list never disagrees with the registry.
"""

import datetime
import hashlib
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import User
from hallmark.certification import issuance
from hallmark.certification.audit import chain_problem
from hallmark.certification.badges import image_problems
from hallmark.certification.conditions import decision_problems, problems_of_passes
from hallmark.certification.data import (
    STATUS_LIST_VALUES,
    CredentialEventKind,
    CredentialStatus,
    CycleOutcome,
    DecisionStatus,
    KeySource,
)
from hallmark.certification.documents import (
    STATUS_LIST_REFRESH_AFTER,
    open_badge,
    status_list_credential,
)
from hallmark.certification.issuer import issuer_id
from hallmark.certification.keys import (
    PRIVATE_KEY_VARIABLE,
    encrypt_secret,
    environment_key_pair,
    key_pair,
)
from hallmark.certification.messages import tell_decision
from hallmark.certification.models import (
    BadgeImage,
    CertificationDecision,
    Credential,
    CredentialDocument,
    CredentialEvent,
    Cycle,
    IssuerKey,
    StatusEntry,
    StatusList,
)
from hallmark.credentials import (
    KeyPair,
    event_hash,
    generate_key_pair,
    sign_credential,
    sign_head,
)
from hallmark.lib.decisions import (
    DecisionFields,
    locked,
    on_hearing,
    reason_given,
    record_decision,
    take_case,
)
from hallmark.lib.permissions import need
from hallmark.programs.models import Program, RecertificationPolicy
from hallmark.results.models import Result
from hallmark.results.signals import ReleasedPass


def append_event(
    credential: Credential,
    kind: CredentialEventKind,
    *,
    actor: User | None,
    reason: str = "",
    data: dict[str, Any] | None = None,
) -> CredentialEvent:
    """Add an event at the end of the credential's chain (the caller holds the row lock), its
    hash, the new head, signed with the issuer's current key."""
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
    event.signed_with, pair = signing_key()
    event.head_signature = sign_head(event.hash, pair)
    event.save()
    credential.chain_head = event.hash
    credential.save(update_fields=["chain_head"])
    return event


@transaction.atomic
def sign_history(credential: Credential) -> int:
    """Sign the heads of a credential's events from before heads were signed, with the
    issuer's current key; return how many were signed.

    Such events can only be the start of a chain, and the chain must be intact: signing a
    broken one, or one whose signatures were removed, would vouch for the change.
    """
    credential = _locked(credential)
    events = list(credential.events.order_by("sequence"))
    unsigned = [event for event in events if not event.head_signature]
    if not unsigned:
        return 0
    if unsigned != events[: len(unsigned)]:
        raise ValidationError(
            f"{credential.number}: an event after a signed one has no signature (it was "
            "removed): the history is not signed again"
        )
    problem = chain_problem(credential, signatures=False)
    if problem is not None:
        raise ValidationError(f"{credential.number}: the history is broken ({problem})")
    key, pair = signing_key()
    for event in unsigned:
        event.signed_with, event.head_signature = key, sign_head(event.hash, pair)
        event.save(update_fields=["signed_with", "head_signature"])
    return len(unsigned)


@transaction.atomic
def issue_credential(
    holder: User,
    program: Program,
    *,
    issued_on: datetime.date | None = None,
    actor: User | None = None,
    reason: str = "",
) -> Credential:
    """Grant a program's award to a person: a certification, or a certificate of completion.

    In the same transaction the credential gets its status list index and its signed
    OpenBadgeCredential (ValidationError if there is no issuer key to sign with), and the
    holder's message is queued.
    """
    need(actor, "certification.issue_credential", "issue credential")
    return _issue(holder, program, issued_on=issued_on, actor=actor, reason=reason)


def _issue(
    holder: User,
    program: Program,
    *,
    issued_on: datetime.date | None = None,
    actor: User | None,
    reason: str,
) -> Credential:
    award = issuance.Award(holder, program, issued_on or program.today(), reason, actor)
    (credential,) = issuance.issue([award])
    return credential


def open_cycle(
    credential: Credential, *, starts_on: datetime.date, expires_on: datetime.date
) -> Cycle:
    """Start the credential's next cycle, governed by the recertification policy in force on
    its first day (the caller closes the one before)."""
    last = credential.cycles.order_by("-sequence").first()
    return Cycle.objects.create(
        credential=credential,
        sequence=last.sequence + 1 if last else 1,
        starts_on=starts_on,
        expires_on=expires_on,
        policy=RecertificationPolicy.in_force(credential.program, starts_on)
        # A cycle that started before the program's first policy is governed by that policy.
        or RecertificationPolicy.objects.filter(program=credential.program)
        .order_by("effective_from", "version")
        .first(),
    )


def close_cycle(credential: Credential, outcome: CycleOutcome) -> None:
    credential.cycles.filter(outcome=CycleOutcome.OPEN).update(
        outcome=outcome, closed_at=timezone.now()
    )


def _locked(credential: Credential) -> Credential:
    return Credential.objects.select_for_update().get(pk=credential.pk)


def _change_status(
    credential: Credential,
    *,
    allowed_from: tuple[CredentialStatus, ...],
    to: CredentialStatus,
    event: CredentialEventKind,
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
    before = credential.status
    credential.status = to
    credential.save(update_fields=["status"])
    append_event(credential, event, actor=actor, reason=reason)
    if STATUS_LIST_VALUES[before] != STATUS_LIST_VALUES[to]:
        _republish_status_of(credential)
    return credential


@transaction.atomic
def suspend_credential(credential: Credential, *, actor: User | None, reason: str) -> Credential:
    """Withdraw a credential for a time (discipline, misuse of the mark); it may be reinstated.
    The holder is told why, and until when they may appeal."""
    need(actor, "certification.suspend_credential", "suspend credential")
    return _suspend(credential, actor=actor, reason=reason)


def _suspend(credential: Credential, *, actor: User | None, reason: str) -> Credential:
    credential = _change_status(
        credential,
        allowed_from=(CredentialStatus.ACTIVE,),
        to=CredentialStatus.SUSPENDED,
        event=CredentialEventKind.SUSPENDED,
        actor=actor,
        reason=reason,
    )
    tell_decision(credential, MessageKey.CREDENTIAL_SUSPENDED, reason=reason)
    return credential


@transaction.atomic
def revoke_credential(credential: Credential, *, actor: User | None, reason: str) -> Credential:
    """Withdraw a credential for good. The holder is told why, and until when they may appeal."""
    need(actor, "certification.revoke_credential", "revoke credential")
    return _revoke(credential, actor=actor, reason=reason)


def _revoke(credential: Credential, *, actor: User | None, reason: str) -> Credential:
    credential = _change_status(
        credential,
        allowed_from=(CredentialStatus.ACTIVE, CredentialStatus.SUSPENDED),
        to=CredentialStatus.REVOKED,
        event=CredentialEventKind.REVOKED,
        actor=actor,
        reason=reason,
    )
    close_cycle(credential, CycleOutcome.CLOSED)
    tell_decision(credential, MessageKey.CREDENTIAL_REVOKED, reason=reason)
    return credential


@transaction.atomic
def reinstate_credential(credential: Credential, *, actor: User | None, reason: str) -> Credential:
    """Lift a suspension (or an appeal's reversal); a credential past expiry becomes expired.
    The holder is told."""
    need(actor, "certification.reinstate_credential", "reinstate credential")
    credential = _locked(credential)
    to = (
        CredentialStatus.EXPIRED
        if credential.is_expired_on(credential.program.today())
        else CredentialStatus.ACTIVE
    )
    credential = _change_status(
        credential,
        allowed_from=(CredentialStatus.SUSPENDED, CredentialStatus.REVOKED),
        to=to,
        event=CredentialEventKind.REINSTATED,
        actor=actor,
        reason=reason,
    )
    tell_decision(credential, MessageKey.CREDENTIAL_REINSTATED, reason=reason)
    return credential


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
        event=CredentialEventKind.EXPIRED,
        actor=None,
        reason=f"Expired after {credential.expires_on}.",
    )


# --- issuer keys --------------------------------------------------------------------------


def signing_key() -> tuple[IssuerKey, KeyPair]:
    """The key that signs now: HALLMARK_ISSUER_PRIVATE_KEY if set, else the stored one."""
    controller = issuer_id()
    pair = environment_key_pair(controller)
    if pair is not None:
        key = IssuerKey.objects.filter(public_multibase=pair.public_multibase).first()
        if key is None:
            key = _register_environment_key(pair, actor=None)
        elif key.retired_at is not None:
            raise ValidationError(
                f"The key in {PRIVATE_KEY_VARIABLE} ({pair.public_multibase}) was retired on "
                f"{key.retired_at:%Y-%m-%d}: set a new one."
            )
        return key, pair
    key = IssuerKey.objects.filter(controller=controller, retired_at__isnull=True).first()
    if key is None:
        raise ValidationError(
            "There is no issuer key to sign credentials with: run `hallmark keys create` "
            f"(or set {PRIVATE_KEY_VARIABLE})."
        )
    return key, key_pair(key)


def _retire_signing_key(controller: str, *, actor: User | None, reason: str) -> None:
    current = (
        IssuerKey.objects.select_for_update()
        .filter(controller=controller, retired_at__isnull=True)
        .first()
    )
    if current is not None:
        current.retired_at = timezone.now()
        current.retired_by = actor
        current.retired_reason = reason
        current.save(update_fields=["retired_at", "retired_by", "retired_reason"])


def _register_environment_key(pair: KeyPair, *, actor: User | None) -> IssuerKey:
    """Record (public part only) the key of HALLMARK_ISSUER_PRIVATE_KEY; it signs from now on."""
    _retire_signing_key(
        pair.controller, actor=actor, reason=f"Replaced by the key in {PRIVATE_KEY_VARIABLE}."
    )
    return IssuerKey.objects.create(
        controller=pair.controller,
        verification_method=pair.verification_method_id,
        public_multibase=pair.public_multibase,
        source=KeySource.ENVIRONMENT,
        created_by=actor,
    )


def _store_new_key(controller: str, actor: User | None) -> IssuerKey:
    pair = generate_key_pair(controller)
    return IssuerKey.objects.create(
        controller=controller,
        verification_method=pair.verification_method_id,
        public_multibase=pair.public_multibase,
        source=KeySource.STORED,
        encrypted_secret=encrypt_secret(pair.private_multibase),
        created_by=actor,
    )


@transaction.atomic
def create_issuer_key(*, actor: User | None = None) -> IssuerKey:
    """Make the issuer's first signing key (an Ed25519 pair, the secret stored encrypted), or
    record the one in HALLMARK_ISSUER_PRIVATE_KEY."""
    need(actor, "certification.manage_issuer_keys", "manage issuer keys")
    controller = issuer_id()
    pair = environment_key_pair(controller)
    if pair is not None:
        if IssuerKey.objects.filter(public_multibase=pair.public_multibase).exists():
            raise ValidationError(f"The key in {PRIVATE_KEY_VARIABLE} is already recorded.")
        return _register_environment_key(pair, actor=actor)
    if IssuerKey.objects.filter(controller=controller, retired_at__isnull=True).exists():
        raise ValidationError(
            "The issuer already has a signing key: use `hallmark keys rotate` to replace it."
        )
    return _store_new_key(controller, actor)


@transaction.atomic
def rotate_issuer_key(*, actor: User | None = None, reason: str = "") -> IssuerKey:
    """A new key signs from now on; the old one is retired but stays published, so that what
    it signed still verifies through its verification method id."""
    need(actor, "certification.manage_issuer_keys", "manage issuer keys")
    controller = issuer_id()
    pair = environment_key_pair(controller)
    if pair is not None:
        if IssuerKey.objects.filter(public_multibase=pair.public_multibase).exists():
            raise ValidationError(
                f"The signing key comes from {PRIVATE_KEY_VARIABLE}: put a new secret there "
                "(`hallmark keys generate` makes one) to rotate."
            )
        return _register_environment_key(pair, actor=actor)
    if not IssuerKey.objects.filter(controller=controller, retired_at__isnull=True).exists():
        raise ValidationError("There is no signing key to rotate: run `hallmark keys create`.")
    _retire_signing_key(controller, actor=actor, reason=reason.strip() or "Rotated.")
    return _store_new_key(controller, actor)


# --- badge images -------------------------------------------------------------------------


@transaction.atomic
def upload_badge_image(program: Program, data: bytes, *, actor: User | None) -> BadgeImage:
    """Record a new picture of the program's credential (a PNG or an SVG); from now on it is
    baked into its holders' badges of that format. Earlier uploads are kept, never changed."""
    need(actor, "certification.add_badgeimage", "upload a program's badge image")
    found, problems = image_problems(data)
    if found is None or problems:
        raise ValidationError(problems)
    return BadgeImage.objects.create(
        program=program,
        format=found,
        image=data,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=actor,
    )


# --- status lists -------------------------------------------------------------------------


def publish_status_list(status_list: StatusList) -> None:
    """Sign the list as the credentials' statuses are now (the caller holds its lock)."""
    key, pair = signing_key()
    status_list.document = sign_credential(status_list_credential(status_list), pair)
    status_list.signed_at = timezone.now()
    status_list.signed_with = key
    status_list.save(update_fields=["document", "signed_at", "signed_with"])


def _give_status_entry(credential: Credential) -> StatusEntry:
    """The credential's index in a status list with room, as issuing gives one."""
    ((status_list, index),) = issuance.status_places(1)
    return StatusEntry.objects.create(credential=credential, status_list=status_list, index=index)


def _republish_status_of(credential: Credential) -> None:
    entry = StatusEntry.objects.filter(credential=credential).first()
    if entry is not None:  # credentials issued before status lists existed have none
        publish_status_list(StatusList.objects.select_for_update().get(pk=entry.status_list_id))


def status_list_is_stale(status_list: StatusList) -> bool:
    """Whether the signed copy is a day old or more (it stays valid for a week)."""
    signed_at = status_list.signed_at
    return signed_at is None or timezone.now() - signed_at >= STATUS_LIST_REFRESH_AFTER


@transaction.atomic
def refresh_status_list(status_list: StatusList) -> StatusList:
    """Sign a status list again if its signed copy is stale; return the list as published."""
    status_list = StatusList.objects.select_for_update().get(pk=status_list.pk)
    if status_list_is_stale(status_list):
        publish_status_list(status_list)
    return status_list


# --- signed documents ---------------------------------------------------------------------


def _sign_document(credential: Credential) -> CredentialDocument:
    key, pair = signing_key()
    now = timezone.now()
    return CredentialDocument.objects.create(
        credential=credential,
        document=sign_credential(open_badge(credential), pair, created=now),
        signed_with=key,
        issued_at=now,
    )


@transaction.atomic
def reissue_document(
    credential: Credential, *, actor: User | None = None, reason: str = ""
) -> CredentialDocument:
    """Sign the credential's OpenBadgeCredential again, from its record as it is now (after a
    renewal or a correction); the document before is kept, marked superseded. The credential
    keeps its place in its status list."""
    need(actor, "certification.issue_credential", "issue credential")
    credential = _locked(credential)
    if not StatusEntry.objects.filter(credential=credential).exists():
        _give_status_entry(credential)
        if STATUS_LIST_VALUES[credential.status]:
            _republish_status_of(credential)
    credential.documents.filter(superseded_at__isnull=True).update(superseded_at=timezone.now())
    document = _sign_document(credential)
    append_event(
        credential,
        CredentialEventKind.REISSUED,
        actor=actor,
        reason=reason or "Signed document reissued.",
        data={"issued_at": document.issued_at.isoformat()},
    )
    return document


# --- the certification decision -----------------------------------------------------------


@transaction.atomic
def decide_certification(
    candidate: User,
    program: Program,
    *,
    passed_on: datetime.date,
    source: str,
    result: Result | None = None,
    actor: User | None = None,
) -> CertificationDecision:
    """Decide on a released pass (`result`, when results announced it): issue the credential at
    once if the program issues automatically, else leave the decision pending a credentialing
    officer's confirmation. (A release decides on its passes together: `decide_released`.)

    Raises ValidationError naming every condition that is not met (an approved application,
    no current credential of the program, no decision already pending, a pass not in the
    future).
    """
    need(actor, "certification.issue_credential", "issue credential")
    problems = decision_problems(candidate, program, passed_on)
    if problems:
        raise ValidationError(problems)
    decision = CertificationDecision.objects.create(
        candidate=candidate, program=program, passed_on=passed_on, source=source, result=result
    )
    if program.issue_automatically:
        _issue_decided(decision, actor=actor, reason=decision_reason(source))
    return decision


def decide_released(
    program: Program, passes: Sequence[ReleasedPass]
) -> list[tuple[ReleasedPass, list[str]]]:
    """Decide on a release's passes together (a few queries for any number): each is pending an
    officer, or approved to be issued with the others (`issuing`) when the program issues
    automatically. Returns the passes not decided, with every condition each does not meet."""
    problems = problems_of_passes(program, [(p.candidate, p.passed_on) for p in passes])
    refused = [(p, problems[p.candidate.pk]) for p in passes if problems[p.candidate.pk]]
    now = timezone.now()
    approved = program.issue_automatically
    CertificationDecision.objects.bulk_create(
        CertificationDecision(
            candidate=p.candidate,
            program=program,
            passed_on=p.passed_on,
            source=p.source,
            result=p.result,
            status=DecisionStatus.APPROVED if approved else DecisionStatus.PENDING,
            resolved_at=now if approved else None,
        )
        for p in passes
        if not problems[p.candidate.pk]
    )
    return refused


def decision_reason(source: str) -> str:
    """Why a credential decided on a pass was issued, in its history."""
    return f"Certification decision: {source}"


# A certification decision is resolved: confirmed (issued) or declined.
RESOLVED = DecisionFields(by="resolved_by", at="resolved_at", reason="reason")


def _issue_decided(decision: CertificationDecision, *, actor: User | None, reason: str) -> None:
    decision.credential = issue_credential(
        decision.candidate, decision.program, actor=actor, reason=reason
    )
    issued, at = DecisionStatus.ISSUED, timezone.now()
    record_decision(decision, issued, by=actor, at=at, fields=RESOLVED, also=("credential",))


def _pending(decision: CertificationDecision, actor: User, what: str) -> CertificationDecision:
    """The pending decision, locked for a credentialing officer to confirm or decline."""
    return take_case(
        decision,
        by=actor,
        permission="certification.confirm_decision",
        what=what,
        open_states=(DecisionStatus.PENDING,),
        owner=None,
        related=("candidate", "program"),
    )


@transaction.atomic
def confirm_decision(decision: CertificationDecision, actor: User) -> CertificationDecision:
    """A credentialing officer confirms a pending decision: the credential is issued."""
    decision = _pending(decision, actor, "confirm")
    problems = decision_problems(
        decision.candidate, decision.program, decision.passed_on, pending=decision
    )
    if problems:
        raise ValidationError(problems)
    _issue_decided(decision, actor=actor, reason=f"Decision confirmed: {decision.source}")
    return decision


@transaction.atomic
def decline_decision(
    decision: CertificationDecision, actor: User, reason: str
) -> CertificationDecision:
    """A credentialing officer declines a pending decision, saying why; nothing is issued."""
    decision = _pending(decision, actor, "decline")
    reason = reason_given(reason, "Give a reason to decline the decision.")
    declined, at = DecisionStatus.DECLINED, timezone.now()
    record_decision(decision, declined, by=actor, at=at, reason=reason, fields=RESOLVED)
    return decision


# --- appeals and hearings -------------------------------------------------------------------
# An independent panel's outcome is the authority for these: `by` is its chair, who needs no
# officer's permission, and `reference` names the appeal or the discipline case in the
# credential's history ("DSC-2026-0001: …").


@transaction.atomic
def suspend_on_hearing(
    credential: Credential, *, by: User, reason: str, reference: str
) -> Credential:
    """Suspend on a hearing panel's decision; a credential already suspended (pending the case)
    stays suspended, and its history records the sanction all the same."""
    text = on_hearing(reason, reference)
    credential = _locked(credential)
    if credential.status == CredentialStatus.SUSPENDED:
        append_event(credential, CredentialEventKind.SUSPENDED, actor=by, reason=text)
        return credential
    return _suspend(credential, actor=by, reason=text)


@transaction.atomic
def revoke_on_hearing(
    credential: Credential, *, by: User, reason: str, reference: str
) -> Credential:
    """Revoke on a hearing panel's decision (a sanction, or the result that earned it voided)."""
    return _revoke(credential, actor=by, reason=on_hearing(reason, reference))


@transaction.atomic
def note_appeal(
    credential: Credential,
    kind: CredentialEventKind,
    *,
    actor: User | None,
    reason: str,
    reference: str,
) -> CredentialEvent:
    """Record an appeal of a decision about the credential (filed, decided) in its history."""
    credential = _locked(credential)
    return append_event(credential, kind, actor=actor, reason=reason, data={"appeal": reference})


@transaction.atomic
def reinstate_on_appeal(
    credential: Credential, *, by: User, reason: str, reference: str
) -> Credential:
    """Lift a suspension or a revocation the appeal panel overturned; the status list is
    signed again."""
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
        event=CredentialEventKind.REINSTATED,
        actor=by,
        reason=f"{reference}: {reason}",
    )


@transaction.atomic
def issue_on_appeal(
    decision: CertificationDecision, *, by: User, reason: str, reference: str
) -> CertificationDecision:
    """Issue the credential of a declined decision the appeal panel overturned, if the
    conditions of the award are met today."""
    decision = locked(decision, "candidate", "program")
    if decision.status != DecisionStatus.DECLINED:
        raise ValidationError(f"{decision} is not declined: an appeal cannot overturn it.")
    problems = decision_problems(decision.candidate, decision.program, decision.passed_on)
    if problems:
        raise ValidationError(problems)
    text = f"{reference}: {reason}"
    decision.credential = _issue(decision.candidate, decision.program, actor=by, reason=text)
    issued, at = DecisionStatus.ISSUED, timezone.now()
    record_decision(
        decision, issued, by=by, at=at, reason=text, fields=RESOLVED, also=("credential",)
    )
    return decision
