"""Employer confirmation: a reference confirms the candidate's work through a one-time link,
or staff record an answer given another way.

Each change of state is one function in one transaction, under the journey's contract (see
`hallmark.exams.journey`): the person acting is `by`; refusals are PermissionDenied or
ValidationError.
"""

import datetime
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import User
from hallmark.accounts.notifications import notify
from hallmark.exams.data import ApplicationEventKind, EmployerVerificationStatus
from hallmark.exams.journey.common import (
    absolute_url,
    application_to_edit,
    local_date,
    record_event,
)
from hallmark.exams.models import Application, EmployerVerification
from hallmark.lib.clock import now_or
from hallmark.lib.dates import long_date
from hallmark.lib.permissions import need, not_own_case

EMPLOYER_LINK_DAYS = 30


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def request_employer_verification(
    application: Application,
    *,
    reference_name: str,
    reference_email: str,
    employer: str = "",
    by: User,
    now: datetime.datetime | None = None,
) -> EmployerVerification:
    """Ask a reference to confirm the candidate's work through a one-time link (an earlier
    request of this application is replaced and its link stops working)."""
    at = now_or(now)
    application = application_to_edit(application, by=by, at=at)
    if reference_email.strip().lower() == application.candidate.email.lower():
        raise ValidationError(
            {"reference_email": _("The reference must be someone other than you.")}
        )
    application.employer_verifications.exclude(status=EmployerVerificationStatus.REPLACED).update(
        status=EmployerVerificationStatus.REPLACED, token_hash=None
    )
    token = secrets.token_urlsafe(32)
    verification = EmployerVerification.objects.create(
        application=application,
        reference_name=reference_name.strip(),
        reference_email=reference_email.strip(),
        employer=employer.strip(),
        token_hash=_token_hash(token),
        requested_at=at,
        link_expires_at=at + datetime.timedelta(days=EMPLOYER_LINK_DAYS),
    )
    program = application.program
    notify(
        application.candidate,
        MessageKey.EMPLOYER_VERIFICATION,
        {
            "candidate": application.candidate.legal_name or application.candidate.display_name,
            "reference_name": verification.reference_name,
            "employer": verification.employer,
            "program": program.name,
            "expires_on": long_date(local_date(program, verification.link_expires_at)),
        },
        to=verification.reference_email,
        secrets={"link": absolute_url("exams:employer-verification", token)},
    )
    return verification


def verification_for_link(
    token: str, now: datetime.datetime | None = None
) -> EmployerVerification | None:
    """The open request a link belongs to; None if the link is unknown, used or expired."""
    verification = (
        EmployerVerification.objects.select_related(
            "application__program", "application__candidate"
        )
        .filter(token_hash=_token_hash(token), status=EmployerVerificationStatus.REQUESTED)
        .first()
    )
    if verification is None or verification.link_expires_at <= now_or(now):
        return None
    return verification


def _employer_answer(
    verification: EmployerVerification,
    confirmed: bool,
    note: str,
    at: datetime.datetime,
    by: User | None,
) -> EmployerVerification:
    verification.status = (
        EmployerVerificationStatus.CONFIRMED if confirmed else EmployerVerificationStatus.DECLINED
    )
    verification.responded_at = at
    verification.response_note = note.strip()
    verification.recorded_by = by
    verification.token_hash = None  # the link works once
    verification.save()
    how = "recorded by staff" if by else "through the one-time link"
    record_event(
        verification.application,
        ApplicationEventKind.EMPLOYER,
        by,
        at,
        f"{verification.reference_name} {verification.get_status_display().lower()} ({how}).",
    )
    return verification


@transaction.atomic
def answer_employer_verification(
    token: str, *, confirmed: bool, note: str = "", now: datetime.datetime | None = None
) -> EmployerVerification:
    """The reference's answer through the one-time link."""
    at = now_or(now)
    verification = verification_for_link(token, at)
    if verification is None:
        raise ValidationError("This link is not valid: it has been used, replaced or has expired.")
    verification = EmployerVerification.objects.select_for_update().get(pk=verification.pk)
    if verification.status != EmployerVerificationStatus.REQUESTED:
        raise ValidationError("This link has already been used.")
    return _employer_answer(verification, confirmed, note, at, None)


@transaction.atomic
def record_employer_verification(
    verification: EmployerVerification,
    *,
    confirmed: bool,
    note: str,
    by: User,
    now: datetime.datetime | None = None,
) -> EmployerVerification:
    """Staff record a reference's answer given another way (telephone, letter)."""
    need(
        by,
        "exams.record_employer_verification",
        f"record the employer's answer for {verification.application}",
    )
    not_own_case(by, verification.application.candidate_id, "verify the employment in")
    if not note.strip():
        raise ValidationError(
            {"note": "Say how the reference answered (e.g. by telephone on a date)."}
        )
    verification = EmployerVerification.objects.select_for_update().get(pk=verification.pk)
    if verification.status == EmployerVerificationStatus.REPLACED:
        raise ValidationError("This request was replaced by a newer one: record the answer there.")
    return _employer_answer(verification, confirmed, note, now_or(now), by)
