"""Changes of state of the candidate journey, each one function in one transaction.

Every function takes the person acting (`by`) and refuses with PermissionDenied when they may
not act, or with ValidationError saying what is wrong and where. `now` defaults to the present;
days are counted in the program's time zone.
"""

import datetime
import hashlib
import secrets
from collections.abc import Mapping
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from hallmark.accounts.data import MessageKey, Role
from hallmark.accounts.models import User
from hallmark.accounts.notifications import notify
from hallmark.accounts.services import grant_role
from hallmark.exams.data import (
    EXTRA_TIME_FACTORS,
    OPEN_APPLICATION,
    SEAT_HOLDING,
    TIMES,
    AccommodationDecision,
    AccommodationKind,
    AccommodationStatus,
    AppealDecision,
    AppealStatus,
    ApplicationEventKind,
    ApplicationStatus,
    AttemptOutcome,
    Decision,
    EmployerVerificationStatus,
    FeeStatus,
    RegistrationStatus,
)
from hallmark.exams.journey.fees import application_fee, fee_due, fee_label
from hallmark.exams.journey.retakes import long_date, retake_check
from hallmark.exams.models import (
    AccommodationRequest,
    Appeal,
    Application,
    ApplicationEvent,
    EligibilityAnswer,
    EmployerVerification,
    Evidence,
    Registration,
    RegistrationAccommodation,
    TestingWindow,
)
from hallmark.lib.clock import now_or
from hallmark.lib.permissions import need
from hallmark.lib.storage import check_upload
from hallmark.programs.data import ProgramStatus
from hallmark.programs.models import (
    EligibilityCriterion,
    EligibilityPolicy,
    EvidenceKind,
    Program,
)

EMPLOYER_LINK_DAYS = 30
DEFAULT_APPEAL_DAYS = 30
_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread


# --- small helpers -------------------------------------------------------------------------


def local_date(program: Program, instant: datetime.datetime) -> datetime.date:
    """The date an instant falls on in the program's time zone (23:30 local is that day)."""
    return timezone.localtime(instant, program.time_zone).date()


def start_of_day(program: Program, day: datetime.date) -> datetime.datetime:
    """Midnight at the start of `day` in the program's time zone."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=program.time_zone)


def local_datetime_text(program: Program, instant: datetime.datetime) -> str:
    local = timezone.localtime(instant, program.time_zone)
    return f"{local.day} {local:%B %Y, %H:%M} {local.tzname()}"


def absolute_url(name: str, *args: object) -> str:
    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse(name, args=args)


def _own(record_owner_id: int, by: User | AnonymousUser, what: str) -> None:
    if not by.is_authenticated or by.pk != record_owner_id:
        raise PermissionDenied(f"{what} belongs to another candidate.")


def _not_own_case(by: User, candidate_id: int, what: str) -> None:
    if by.pk == candidate_id:
        raise PermissionDenied(f"Nobody may {what} their own case.")


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update()
        .select_related("program", "policy")
        .get(pk=application.pk)
    )


def _editable(application: Application, on: datetime.date) -> None:
    if application.status == ApplicationStatus.DRAFT:
        return
    if application.resubmission_open(on):
        return
    if application.status == ApplicationStatus.MORE_INFORMATION:
        raise ValidationError(
            f"The deadline to answer the request for more information on {application} passed "
            f"on {long_date(application.resubmit_by)}."  # type: ignore[arg-type]
        )
    raise ValidationError(
        f"{application} is {application.get_status_display().lower()}: it can no longer change."
    )


def _event(
    application: Application,
    kind: ApplicationEventKind,
    by: User | None,
    at: datetime.datetime,
    reason: str = "",
) -> None:
    ApplicationEvent.objects.create(application=application, kind=kind, by=by, at=at, reason=reason)


def _appeal_days(program: Program, on: datetime.date) -> int:
    policy = EligibilityPolicy.in_force(program, on)
    return policy.appeal_days if policy else DEFAULT_APPEAL_DAYS


def _store(evidence: Evidence, upload: UploadedFile) -> Evidence:
    checked = check_upload(upload)
    evidence.original_name = (upload.name or "document")[-200:]
    evidence.content_type = checked.content_type
    evidence.size = checked.size
    evidence.sha256 = checked.sha256
    evidence._extension = checked.extension  # type: ignore[attr-defined]  # read by stored_name
    evidence.file.save(evidence.original_name, upload, save=False)
    evidence.save()
    return evidence


# --- applications ---------------------------------------------------------------------------


@transaction.atomic
def start_application(
    candidate: User, program: Program, *, by: User, now: datetime.datetime | None = None
) -> Application:
    """Open a draft application to a program, answered against its eligibility policy in force."""
    _own(candidate.pk, by, "This application")
    at = now_or(now)
    if program.status != ProgramStatus.ACTIVE:
        raise ValidationError(f"{program} is not open to applications.")
    policy = EligibilityPolicy.in_force(program, local_date(program, at))
    if policy is None:
        raise ValidationError(
            f"{program} has no eligibility policy in force: it takes no applications yet."
        )
    if Application.objects.filter(
        candidate=candidate, program=program, status__in=OPEN_APPLICATION
    ).exists():
        raise ValidationError(f"You already have an open application to {program.designation}.")
    if not candidate.has_role(Role.CANDIDATE):
        grant_role(candidate, Role.CANDIDATE)
    application = Application.objects.create(
        candidate=candidate, program=program, policy=policy, created_at=at
    )
    _event(application, ApplicationEventKind.STARTED, by, at)
    return application


@transaction.atomic
def save_answers(
    application: Application,
    answers: Mapping[int, str],
    *,
    by: User,
    now: datetime.datetime | None = None,
) -> None:
    """Store the candidate's answer to each criterion (criterion id -> text)."""
    _own(application.candidate_id, by, str(application))
    application = _locked(application)
    _editable(application, local_date(application.program, now_or(now)))
    criteria = {c.pk: c for c in application.policy.criteria.all()}
    for criterion_id, text in answers.items():
        if criterion_id not in criteria:
            raise ValidationError(f"Criterion #{criterion_id} is not part of {application.policy}.")
        EligibilityAnswer.objects.update_or_create(
            application=application,
            criterion=criteria[criterion_id],
            defaults={"text": text.strip()},
        )


@transaction.atomic
def add_evidence(
    application: Application,
    criterion: EligibilityCriterion,
    upload: UploadedFile,
    *,
    by: User,
    now: datetime.datetime | None = None,
) -> Evidence:
    """Store an uploaded document as evidence for one criterion (PDF, PNG or JPEG, 10 MB)."""
    _own(application.candidate_id, by, str(application))
    at = now_or(now)
    application = _locked(application)
    _editable(application, local_date(application.program, at))
    if (
        criterion.policy_id != application.policy_id
        or criterion.evidence_kind != EvidenceKind.UPLOAD
    ):
        raise ValidationError(
            f"Criterion {criterion.code} takes no uploaded evidence in {application}."
        )
    evidence = Evidence(owner=by, application=application, criterion=criterion, uploaded_at=at)
    return _store(evidence, upload)


@transaction.atomic
def withdraw_evidence(
    evidence: Evidence, *, by: User, now: datetime.datetime | None = None
) -> None:
    """Take a document back from an application being edited (it is kept, marked withdrawn)."""
    _own(evidence.owner_id, by, "This document")
    at = now_or(now)
    if evidence.application is not None:
        _editable(_locked(evidence.application), local_date(evidence.application.program, at))
    elif (
        evidence.accommodation is not None
        and evidence.accommodation.status != AccommodationStatus.REQUESTED
    ):
        raise ValidationError("The request has been decided: its documentation stays.")
    if evidence.withdrawn_at is None:
        evidence.withdrawn_at = at
        evidence.save(update_fields=["withdrawn_at"])


@transaction.atomic
def accept_conduct(
    application: Application, *, by: User, now: datetime.datetime | None = None
) -> Application:
    """Sign the code of conduct and candidate agreement: the version and time are kept."""
    _own(application.candidate_id, by, str(application))
    at = now_or(now)
    application = _locked(application)
    _editable(application, local_date(application.program, at))
    if not application.policy.code_of_conduct:
        raise ValidationError(f"{application.policy} has no code of conduct to sign.")
    application.conduct_version = application.policy.code_of_conduct_version or "unversioned"
    application.conduct_accepted_at = at
    application.save(update_fields=["conduct_version", "conduct_accepted_at"])
    return application


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
    _own(application.candidate_id, by, str(application))
    at = now_or(now)
    application = _locked(application)
    _editable(application, local_date(application.program, at))
    if reference_email.strip().lower() == application.candidate.email.lower():
        raise ValidationError({"reference_email": "The reference must be someone other than you."})
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
    _event(
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
    _not_own_case(by, verification.application.candidate_id, "verify the employment in")
    if not note.strip():
        raise ValidationError(
            {"note": "Say how the reference answered (e.g. by telephone on a date)."}
        )
    verification = EmployerVerification.objects.select_for_update().get(pk=verification.pk)
    if verification.status == EmployerVerificationStatus.REPLACED:
        raise ValidationError("This request was replaced by a newer one: record the answer there.")
    return _employer_answer(verification, confirmed, note, now_or(now), by)


def application_problems(application: Application) -> list[str]:
    """What is still missing before the application can be submitted; empty when nothing is."""
    problems = []
    answered = {a.criterion_id for a in application.answers.all() if a.text.strip()}
    with_files = set(application.live_evidence().values_list("criterion_id", flat=True))
    for criterion in application.policy.criteria.all():
        if criterion.pk not in answered:
            problems.append(f"Say how you meet “{criterion.code}”.")
        if criterion.evidence_kind == EvidenceKind.UPLOAD and criterion.pk not in with_files:
            problems.append(f"Upload evidence for “{criterion.code}”.")
        if criterion.evidence_kind == EvidenceKind.EMPLOYER and (
            application.current_employer_verification() is None
        ):
            problems.append("Name a reference who can confirm your work.")
    if application.policy.code_of_conduct and (
        application.conduct_version != (application.policy.code_of_conduct_version or "unversioned")
        or application.conduct_accepted_at is None
    ):
        problems.append("Sign the code of conduct and candidate agreement.")
    return problems


@transaction.atomic
def submit_application(
    application: Application, *, by: User, now: datetime.datetime | None = None
) -> Application:
    """Send a complete application to the credentialing staff (again, after more information)."""
    _own(application.candidate_id, by, str(application))
    at = now_or(now)
    application = _locked(application)
    _editable(application, local_date(application.program, at))
    problems = application_problems(application)
    if problems:
        raise ValidationError(problems)
    first_time = application.status == ApplicationStatus.DRAFT
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = at
    application.save(update_fields=["status", "submitted_at"])
    _event(
        application,
        ApplicationEventKind.SUBMITTED if first_time else ApplicationEventKind.RESUBMITTED,
        by,
        at,
    )
    if first_time:
        fee_due.send(Application, application=application, fee=application_fee(application))
    notify(
        application.candidate,
        MessageKey.APPLICATION_SUBMITTED,
        {
            "program": application.program.name,
            "submitted_on": long_date(local_date(application.program, at)),
            "fee_status": fee_label(application),
            "url": absolute_url("exams:application", application.pk),
        },
    )
    return application


@transaction.atomic
def withdraw_application(
    application: Application, *, by: User, now: datetime.datetime | None = None
) -> Application:
    """The candidate takes back an application that is not decided yet."""
    _own(application.candidate_id, by, str(application))
    at = now_or(now)
    application = _locked(application)
    if application.status not in OPEN_APPLICATION:
        raise ValidationError(
            f"{application} is {application.get_status_display().lower()}: it cannot be withdrawn."
        )
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    _event(application, ApplicationEventKind.WITHDRAWN, by, at)
    return application


def approval_problems(application: Application) -> list[str]:
    """What stops an approval: the fee and, where the policy asks for it, the employer."""
    problems = []
    if application.fee_status == FeeStatus.PENDING:
        problems.append(
            "The application fee is still pending: record the payment or a waiver first."
        )
    needs_employer = application.policy.criteria.filter(
        evidence_kind=EvidenceKind.EMPLOYER
    ).exists()
    verification = application.current_employer_verification()
    if needs_employer and (
        verification is None or verification.status != EmployerVerificationStatus.CONFIRMED
    ):
        problems.append(
            "The employer has not confirmed the candidate's work: wait for the answer, record "
            "it by hand, or ask the candidate for more information."
        )
    return problems


def _approve(application: Application, on: datetime.date) -> None:
    application.status = ApplicationStatus.APPROVED
    application.approved_on = on
    application.approval_expires_on = on + datetime.timedelta(
        days=application.policy.approval_valid_days
    )


@transaction.atomic
def decide_application(
    application: Application,
    decision: Decision,
    *,
    reason: str = "",
    by: User,
    resubmission_days: int | None = None,
    now: datetime.datetime | None = None,
) -> Application:
    """Approve, ask for more information (with a deadline) or deny (with a reason) a submitted
    application; who, when and why are recorded and the candidate is told."""
    need(by, "exams.decide_application", f"decide {application}")
    _not_own_case(by, application.candidate_id, "decide")
    at = now_or(now)
    application = _locked(application)
    if application.status != ApplicationStatus.SUBMITTED:
        raise ValidationError(
            f"{application} is {application.get_status_display().lower()}: only a submitted "
            "application can be decided."
        )
    program, policy = application.program, application.policy
    today = local_date(program, at)
    reason = reason.strip()
    url = absolute_url("exams:application", application.pk)
    if decision == Decision.APPROVE:
        problems = approval_problems(application)
        if problems:
            raise ValidationError(problems)
        _approve(application, today)
        kind, key = ApplicationEventKind.APPROVED, MessageKey.APPLICATION_APPROVED
        context = {
            "expires_on": long_date(application.approval_expires_on),  # type: ignore[arg-type]
            "url": absolute_url("exams:book"),
        }
    elif decision == Decision.MORE_INFORMATION:
        if not reason:
            raise ValidationError({"reason": "Say what information is needed."})
        days = resubmission_days if resubmission_days is not None else policy.resubmission_days
        if days < 1:
            raise ValidationError({"resubmission_days": "Give the candidate at least one day."})
        application.status = ApplicationStatus.MORE_INFORMATION
        application.resubmit_by = today + datetime.timedelta(days=days)
        kind, key = ApplicationEventKind.MORE_INFORMATION, MessageKey.APPLICATION_MORE_INFORMATION
        context = {"resubmit_by": long_date(application.resubmit_by), "url": url}
    elif decision == Decision.DENY:
        if not reason:
            raise ValidationError(
                {"reason": "Give the reason for the denial: the candidate reads it."}
            )
        application.status = ApplicationStatus.DENIED
        application.appeal_by = today + datetime.timedelta(days=policy.appeal_days)
        kind, key = ApplicationEventKind.DENIED, MessageKey.APPLICATION_DENIED
        context = {"appeal_by": long_date(application.appeal_by), "url": url}
    else:
        raise ValidationError(f"Unknown decision {decision!r}.")
    application.decided_at = at
    application.decided_by = by
    application.decision_reason = reason
    application.save()
    _event(application, kind, by, at, reason)
    notify(application.candidate, key, {"program": program.name, "reason": reason, **context})
    return application


@transaction.atomic
def record_fee(
    application: Application,
    status: FeeStatus,
    *,
    by: User | None,
    reference: str = "",
    now: datetime.datetime | None = None,
) -> Application:
    """Record that the fee is paid or waived (or pending again). `by=None` is the payment
    integration behind the `fee_due` hook; a person needs the record_fee permission."""
    if by is not None:
        need(by, "exams.record_fee", f"record the fee of {application}")
        _not_own_case(by, application.candidate_id, "record the fee in")
    at = now_or(now)
    application = _locked(application)
    if status not in FeeStatus.values:
        raise ValidationError(f"Unknown fee status {status!r}.")
    if status == FeeStatus.WAIVED and not reference.strip():
        raise ValidationError({"reference": "Say why the fee is waived."})
    application.fee_status = status
    application.fee_reference = reference.strip()
    application.fee_recorded_at = at
    application.fee_recorded_by = by
    application.save(
        update_fields=["fee_status", "fee_reference", "fee_recorded_at", "fee_recorded_by"]
    )
    _event(
        application,
        ApplicationEventKind.FEE,
        by,
        at,
        f"{FeeStatus(status).label}{': ' + reference.strip() if reference.strip() else ''}",
    )
    return application


# --- appeals ------------------------------------------------------------------------------


@transaction.atomic
def file_appeal(
    *,
    statement: str,
    by: User,
    application: Application | None = None,
    accommodation: AccommodationRequest | None = None,
    now: datetime.datetime | None = None,
) -> Appeal:
    """Appeal a denial, within the days the policy allows."""
    if (application is None) == (accommodation is None):
        raise ValueError("appeal exactly one of an application or an accommodation request")
    decided: Application | AccommodationRequest
    if application is not None:
        decided = application = _locked(application)
    else:
        decided = accommodation = AccommodationRequest.objects.select_for_update().get(
            pk=accommodation.pk  # type: ignore[union-attr]
        )
    _own(decided.candidate_id, by, str(decided))
    at = now_or(now)
    today = local_date(decided.program, at)
    if not decided.appeal_open(today):
        if decided.status != "denied":
            raise ValidationError(f"{decided} is not denied: there is nothing to appeal.")
        if Appeal.objects.filter(application=application, accommodation=accommodation).exists():
            raise ValidationError(f"{decided} has already been appealed.")
        raise ValidationError(
            f"The time to appeal {decided} ended on {long_date(decided.appeal_by)}."  # type: ignore[arg-type]
        )
    if not statement.strip():
        raise ValidationError({"statement": "Say why the decision should change."})
    appeal = Appeal.objects.create(
        candidate=by,
        application=application,
        accommodation=accommodation,
        statement=statement.strip(),
        filed_at=at,
    )
    if application is not None:
        _event(application, ApplicationEventKind.APPEALED, by, at, statement.strip())
    return appeal


@transaction.atomic
def decide_appeal(
    appeal: Appeal,
    decision: AppealDecision,
    *,
    reason: str,
    by: User,
    now: datetime.datetime | None = None,
) -> Appeal:
    """Uphold or overturn a denial; the appeal is heard by someone other than the first decider."""
    need(by, "exams.decide_appeal", f"decide appeal #{appeal.pk}")
    _not_own_case(by, appeal.candidate_id, "decide an appeal in")
    at = now_or(now)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    decided = appeal.application or appeal.accommodation
    assert decided is not None
    if decided.decided_by_id == by.pk:
        raise PermissionDenied(
            f"{by.email} made the decision under appeal: another officer hears the appeal."
        )
    if appeal.status != AppealStatus.OPEN:
        raise ValidationError(f"Appeal #{appeal.pk} is already decided.")
    if not reason.strip():
        raise ValidationError(
            {"reason": "Give the reason for the decision: the candidate reads it."}
        )
    overturn = decision == AppealDecision.OVERTURN
    appeal.status = AppealStatus.OVERTURNED if overturn else AppealStatus.UPHELD
    appeal.decided_at, appeal.decided_by, appeal.decision_reason = at, by, reason.strip()
    appeal.save()
    today = local_date(decided.program, at)
    if appeal.application is not None:
        application = _locked(appeal.application)
        if overturn:
            _approve(application, today)
            application.decided_at, application.decided_by = at, by
            application.decision_reason = reason.strip()
            application.save()
        _event(
            application,
            ApplicationEventKind.APPEAL_OVERTURNED
            if overturn
            else ApplicationEventKind.APPEAL_UPHELD,
            by,
            at,
            reason.strip(),
        )
        url = absolute_url("exams:application", application.pk)
    else:
        accommodation = AccommodationRequest.objects.select_for_update().get(
            pk=appeal.accommodation_id
        )
        if overturn:
            accommodation.status = AccommodationStatus.APPROVED
            accommodation.decided_at, accommodation.decided_by = at, by
            accommodation.decision_reason = reason.strip()
            accommodation.save()
            _attach_to_bookings(accommodation, at)
        url = absolute_url("exams:accommodation", accommodation.pk)
    notify(
        appeal.candidate,
        MessageKey.APPEAL_DECIDED,
        {
            "program": decided.program.name,
            "subject": appeal.subject,
            "outcome": appeal.get_status_display().lower(),
            "reason": reason.strip(),
            "url": url,
        },
    )
    return appeal


# --- accommodations -----------------------------------------------------------------------


@transaction.atomic
def request_accommodation(
    candidate: User,
    program: Program,
    *,
    kind: AccommodationKind,
    time_factor: Decimal | None = None,
    details: str = "",
    documentation: UploadedFile | None = None,
    by: User,
    now: datetime.datetime | None = None,
) -> AccommodationRequest:
    """Ask for an accommodation, with documentation, for every exam in a program."""
    _own(candidate.pk, by, "This request")
    at = now_or(now)
    if kind == AccommodationKind.EXTRA_TIME and time_factor not in EXTRA_TIME_FACTORS:
        raise ValidationError(
            {"time_factor": f"Choose how much extra time: {TIMES}1.25, {TIMES}1.5 or {TIMES}2."}
        )
    if kind != AccommodationKind.EXTRA_TIME:
        time_factor = None
    if kind == AccommodationKind.OTHER and not details.strip():
        raise ValidationError({"details": "Say what you need."})
    if (
        AccommodationRequest.objects.filter(
            candidate=candidate,
            program=program,
            kind=kind,
            status__in=[AccommodationStatus.REQUESTED, AccommodationStatus.APPROVED],
        )
        .exclude(kind=AccommodationKind.OTHER)
        .exists()
    ):
        raise ValidationError(
            f"You already have a request for {AccommodationKind(kind).label.lower()} for "
            f"{program.designation}; it covers every exam you book."
        )
    request = AccommodationRequest.objects.create(
        candidate=candidate,
        program=program,
        kind=kind,
        time_factor=time_factor,
        details=details.strip(),
        requested_at=at,
    )
    if documentation is not None:
        _store(Evidence(owner=by, accommodation=request, uploaded_at=at), documentation)
    return request


@transaction.atomic
def add_accommodation_document(
    request: AccommodationRequest,
    upload: UploadedFile,
    *,
    by: User,
    now: datetime.datetime | None = None,
) -> Evidence:
    _own(request.candidate_id, by, str(request))
    if request.status != AccommodationStatus.REQUESTED:
        raise ValidationError(
            f"{request} is {request.get_status_display().lower()}: add documents to a new request."
        )
    return _store(Evidence(owner=by, accommodation=request, uploaded_at=now_or(now)), upload)


@transaction.atomic
def withdraw_accommodation(
    request: AccommodationRequest, *, by: User, now: datetime.datetime | None = None
) -> AccommodationRequest:
    _own(request.candidate_id, by, str(request))
    request = AccommodationRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != AccommodationStatus.REQUESTED:
        raise ValidationError(
            f"{request} is {request.get_status_display().lower()}: it cannot be withdrawn."
        )
    request.status = AccommodationStatus.WITHDRAWN
    request.decided_at = now_or(now)
    request.save(update_fields=["status", "decided_at"])
    return request


def _attach(
    registration: Registration, accommodation: AccommodationRequest, at: datetime.datetime
) -> None:
    RegistrationAccommodation.objects.get_or_create(
        registration=registration, accommodation=accommodation, defaults={"attached_at": at}
    )


def _attach_to_bookings(accommodation: AccommodationRequest, at: datetime.datetime) -> None:
    """An accommodation approved after booking reaches the seats already booked."""
    for registration in Registration.objects.filter(
        candidate_id=accommodation.candidate_id,
        program_id=accommodation.program_id,
        status=RegistrationStatus.BOOKED,
    ):
        _attach(registration, accommodation, at)


def _attach_approved(registration: Registration, at: datetime.datetime) -> None:
    """A new seat carries every accommodation approved for the candidate in the program."""
    for accommodation in AccommodationRequest.objects.filter(
        candidate_id=registration.candidate_id,
        program_id=registration.program_id,
        status=AccommodationStatus.APPROVED,
    ):
        _attach(registration, accommodation, at)


@transaction.atomic
def decide_accommodation(
    request: AccommodationRequest,
    decision: AccommodationDecision,
    *,
    reason: str = "",
    by: User,
    now: datetime.datetime | None = None,
) -> AccommodationRequest:
    """Approve (it reaches every booking of the candidate in the program) or deny with a reason
    (appealable)."""
    need(by, "exams.decide_accommodation", f"decide {request}")
    _not_own_case(by, request.candidate_id, "decide")
    at = now_or(now)
    request = (
        AccommodationRequest.objects.select_for_update()
        .select_related("program")
        .get(pk=request.pk)
    )
    if request.status != AccommodationStatus.REQUESTED:
        raise ValidationError(f"{request} is already {request.get_status_display().lower()}.")
    today = local_date(request.program, at)
    context: dict[str, str] = {}
    if decision == AccommodationDecision.APPROVE:
        request.status = AccommodationStatus.APPROVED
        key = MessageKey.ACCOMMODATION_APPROVED
    elif decision == AccommodationDecision.DENY:
        if not reason.strip():
            raise ValidationError(
                {"reason": "Give the reason for the denial: the candidate reads it."}
            )
        request.status = AccommodationStatus.DENIED
        request.appeal_by = today + datetime.timedelta(days=_appeal_days(request.program, today))
        key = MessageKey.ACCOMMODATION_DENIED
        context["appeal_by"] = long_date(request.appeal_by)
    else:
        raise ValidationError(f"Unknown decision {decision!r}.")
    request.decided_at, request.decided_by, request.decision_reason = at, by, reason.strip()
    request.save()
    if request.status == AccommodationStatus.APPROVED:
        _attach_to_bookings(request, at)
    notify(
        request.candidate,
        key,
        {
            "program": request.program.name,
            "accommodation": request.summary.lower(),
            "reason": request.decision_reason,
            "url": absolute_url("exams:accommodation", request.pk),
            **context,
        },
    )
    return request


# --- testing windows and registrations ----------------------------------------------------


@transaction.atomic
def save_window(window: TestingWindow, *, by: User) -> TestingWindow:
    """Create or change a testing window (program managers set windows up)."""
    action = "change" if window.pk else "add"
    need(by, f"exams.{action}_testingwindow", f"{action} the testing window {window}")
    window.full_clean()
    window.save()
    return window


def bookable_windows(program: Program, now: datetime.datetime | None = None) -> list[TestingWindow]:
    """Windows of a program that have not closed and still have seats, soonest first."""
    at = now_or(now)
    windows = TestingWindow.objects.filter(program=program, closes_at__gt=at).order_by("opens_at")
    return [w for w in windows if w.seats_left() > 0]


def current_approval(candidate: User, program: Program, on: datetime.date) -> Application | None:
    for application in Application.objects.filter(
        candidate=candidate, program=program, status=ApplicationStatus.APPROVED
    ).order_by("-approved_on"):
        if application.approval_current(on):
            return application
    return None


def _authorization_code(program: Program) -> str:
    while True:
        code = (
            program.designation[:6]
            + "-"
            + "".join(secrets.choice(_CODE_ALPHABET) for _ in range(8))
        )
        if not Registration.objects.filter(authorization_code=code).exists():
            return code


def _acting_for(candidate: User, by: User, what: str) -> bool:
    """Whether staff act on the candidate's behalf (True) or the candidate themself (False)."""
    if by.pk == candidate.pk:
        return False
    need(by, "exams.manage_registration", what)
    _not_own_case(by, candidate.pk, what)
    return True


def _book(
    candidate: User,
    window: TestingWindow,
    by: User,
    at: datetime.datetime,
    rescheduled_from: Registration | None = None,
) -> Registration:
    program = window.program
    today = local_date(program, at)
    window = TestingWindow.objects.select_for_update().get(pk=window.pk)  # one seat at a time
    if at >= window.closes_at:
        raise ValidationError(
            f"{window} closed on {local_datetime_text(program, window.closes_at)}."
        )
    application = current_approval(candidate, program, today)
    if application is None:
        raise ValidationError(
            f"You need a current approved application to {program.designation} to book a seat."
        )
    if window.registrations.filter(status__in=SEAT_HOLDING).count() >= window.capacity:
        raise ValidationError(f"{window} is full: choose another window.")
    if Registration.objects.filter(
        candidate=candidate, program=program, status=RegistrationStatus.BOOKED
    ).exists():
        raise ValidationError(
            f"You already have a booking for {program.designation}: cancel or move it instead."
        )
    check = retake_check(candidate, program, today)
    if not check.allowed:
        raise ValidationError(check.reason)
    approval_end = start_of_day(program, application.approval_expires_on)  # type: ignore[arg-type]
    registration = Registration.objects.create(
        candidate=candidate,
        program=program,
        application=application,
        window=window,
        booked_at=at,
        booked_by=by,
        authorization_code=_authorization_code(program),
        authorization_expires_at=min(window.closes_at, approval_end),
        rescheduled_from=rescheduled_from,
    )
    _attach_approved(registration, at)
    return registration


def _booking_context(registration: Registration) -> dict[str, str]:
    window, program = registration.window, registration.program
    return {
        "window": window.name,
        "delivery_mode": window.get_delivery_mode_display(),
        "opens": local_datetime_text(program, window.opens_at),
        "closes": local_datetime_text(program, window.closes_at),
        "time_zone": program.display_time_zone,
        "authorization_code": registration.authorization_code,
        "authorization_expires": local_datetime_text(
            program, registration.authorization_expires_at
        ),
        "accommodations": ", ".join(a.summary for a in registration.approved_accommodations()),
        "url": absolute_url("exams:booking", registration.pk),
    }


@transaction.atomic
def book(
    candidate: User,
    window: TestingWindow,
    *,
    by: User,
    now: datetime.datetime | None = None,
) -> Registration:
    """Book an approved candidate into a window: a seat, an authorization that expires when the
    window closes (or the approval lapses, if sooner), and their approved accommodations.
    The retake policy is applied on the program's today."""
    _acting_for(candidate, by, f"book a seat for {candidate.email}")
    at = now_or(now)
    registration = _book(candidate, window, by, at)
    notify(candidate, MessageKey.BOOKING_CONFIRMED, _booking_context(registration))
    return registration


def _changeable(registration: Registration, by: User, at: datetime.datetime, what: str) -> bool:
    staff = _acting_for(registration.candidate, by, f"{what} {registration}")
    if registration.status != RegistrationStatus.BOOKED:
        raise ValidationError(
            f"{registration} is {registration.get_status_display().lower()}: it cannot change."
        )
    if not staff and at >= registration.window.changes_close_at():
        raise ValidationError(
            f"Bookings in {registration.window} can be changed until "
            f"{local_datetime_text(registration.program, registration.window.changes_close_at())}; "
            "after that, ask the credentialing staff."
        )
    return staff


@transaction.atomic
def cancel_registration(
    registration: Registration,
    *,
    by: User,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Give a seat up: the candidate until the window's change deadline, staff at any time
    (with a reason)."""
    at = now_or(now)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    staff = _changeable(registration, by, at, "cancel")
    if staff and not reason.strip():
        raise ValidationError(
            {"reason": "Say why the booking is cancelled: the candidate reads it."}
        )
    registration.status = RegistrationStatus.CANCELLED
    registration.changed_at, registration.changed_by = at, by
    registration.change_reason = reason.strip()
    registration.save()
    notify(
        registration.candidate,
        MessageKey.BOOKING_CANCELLED,
        {
            "window": registration.window.name,
            "reason": registration.change_reason,
            "url": absolute_url("portal"),
        },
    )
    return registration


@transaction.atomic
def reschedule_registration(
    registration: Registration,
    window: TestingWindow,
    *,
    by: User,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Registration:
    """Move a booking to another window of the same program (same rules as a new booking)."""
    at = now_or(now)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    _changeable(registration, by, at, "move")
    if window.program_id != registration.program_id:
        raise ValidationError(f"{window} is a window of another program.")
    if window.pk == registration.window_id:
        raise ValidationError(f"The booking is already in {window}.")
    old_window = registration.window
    registration.status = RegistrationStatus.RESCHEDULED
    registration.changed_at, registration.changed_by = at, by
    registration.change_reason = reason.strip()
    registration.save()
    new = _book(registration.candidate, window, by, at, rescheduled_from=registration)
    notify(
        registration.candidate,
        MessageKey.BOOKING_RESCHEDULED,
        {"old_window": old_window.name, **_booking_context(new)},
    )
    return new


@transaction.atomic
def record_attempt(
    registration: Registration,
    *,
    on: datetime.date | datetime.datetime,
    outcome: AttemptOutcome = AttemptOutcome.UNKNOWN,
    by: User | None = None,
) -> Registration:
    """Record that the candidate sat the exam (delivery calls this when a session starts).

    A moment is turned into the program's local date, so 23:30 local counts as that day.
    """
    if by is not None:
        need(by, "exams.manage_registration", f"record an attempt for {registration}")
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status not in (RegistrationStatus.BOOKED, RegistrationStatus.SAT):
        raise ValidationError(
            f"{registration} is {registration.get_status_display().lower()}: "
            "no attempt can be recorded."
        )
    day = local_date(registration.program, on) if isinstance(on, datetime.datetime) else on
    registration.status = RegistrationStatus.SAT
    registration.sat_on = day
    registration.attempt_outcome = outcome
    registration.save(update_fields=["status", "sat_on", "attempt_outcome"])
    return registration


@transaction.atomic
def record_no_show(
    registration: Registration, *, by: User, now: datetime.datetime | None = None
) -> Registration:
    """Close a seat the candidate did not use, once the window has closed."""
    need(by, "exams.manage_registration", f"record a no-show for {registration}")
    at = now_or(now)
    registration = Registration.objects.select_for_update().get(pk=registration.pk)
    if registration.status != RegistrationStatus.BOOKED:
        raise ValidationError(f"{registration} is {registration.get_status_display().lower()}.")
    if at < registration.window.closes_at:
        raise ValidationError(f"{registration.window} has not closed yet.")
    registration.status = RegistrationStatus.NO_SHOW
    registration.changed_at, registration.changed_by = at, by
    registration.save(update_fields=["status", "changed_at", "changed_by"])
    return registration


@transaction.atomic
def expire_registrations(now: datetime.datetime | None = None) -> int:
    """Mark booked seats whose authorization has run out as expired; return how many.

    Safe to run as often as wanted (a daily job); `Registration.authorized` never relies on it.
    """
    at = now_or(now)
    return Registration.objects.filter(
        status=RegistrationStatus.BOOKED, authorization_expires_at__lte=at
    ).update(
        status=RegistrationStatus.EXPIRED, changed_at=at, change_reason="The authorization expired."
    )
