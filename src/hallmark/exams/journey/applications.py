"""Applications: start, answers, evidence, the code of conduct, submission, withdrawal, the
staff's decision and the fee.

Each change of state is one function in one transaction, under the journey's contract (see
`hallmark.exams.journey`): the person acting is `by`; refusals are PermissionDenied or
ValidationError.
"""

import datetime
from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from hallmark.accounts.data import MessageKey, Role
from hallmark.accounts.models import User
from hallmark.accounts.notifications import notify
from hallmark.accounts.services import grant_role
from hallmark.exams.data import (
    APPLICATION_FEES,
    OPEN_APPLICATION,
    AccommodationStatus,
    ApplicationEventKind,
    ApplicationStatus,
    Decision,
    EmployerVerificationStatus,
)
from hallmark.exams.journey.common import (
    APPROVAL_DATES,
    WITH_PROGRAM_AND_POLICY,
    absolute_url,
    application_to_edit,
    editable,
    local_date,
    locked_application,
    record_event,
    set_approval_dates,
    store_evidence,
)
from hallmark.exams.journey.fees import application_fee, fee_due, fee_label
from hallmark.exams.models import Application, EligibilityAnswer, Evidence
from hallmark.lib.clock import now_or
from hallmark.lib.decisions import (
    DecisionFields,
    reason_given,
    record_decision,
    take_case,
    take_own_case,
)
from hallmark.lib.permissions import own
from hallmark.programs.data import FeeStatus, ProgramStatus
from hallmark.programs.models import EligibilityCriterion, EligibilityPolicy, EvidenceKind, Program


@transaction.atomic
def start_application(
    candidate: User, program: Program, *, by: User, now: datetime.datetime | None = None
) -> Application:
    """Open a draft application to a program, answered against its eligibility policy in force."""
    own(by, candidate.pk, "This application")
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
    record_event(application, ApplicationEventKind.STARTED, by, at)
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
    application = application_to_edit(application, by=by, at=now_or(now))
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
    at = now_or(now)
    application = application_to_edit(application, by=by, at=at)
    if (
        criterion.policy_id != application.policy_id
        or criterion.evidence_kind != EvidenceKind.UPLOAD
    ):
        raise ValidationError(
            f"Criterion {criterion.code} takes no uploaded evidence in {application}."
        )
    evidence = Evidence(owner=by, application=application, criterion=criterion, uploaded_at=at)
    return store_evidence(evidence, upload)


@transaction.atomic
def withdraw_evidence(
    evidence: Evidence, *, by: User, now: datetime.datetime | None = None
) -> None:
    """Take a document back from an application being edited (it is kept, marked withdrawn)."""
    own(by, evidence.owner_id, "This document")
    at = now_or(now)
    if evidence.application is not None:
        editable(
            locked_application(evidence.application), local_date(evidence.application.program, at)
        )
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
    at = now_or(now)
    application = application_to_edit(application, by=by, at=at)
    if not application.policy.code_of_conduct:
        raise ValidationError(f"{application.policy} has no code of conduct to sign.")
    application.conduct_version = application.policy.code_of_conduct_version or "unversioned"
    application.conduct_accepted_at = at
    application.save(update_fields=["conduct_version", "conduct_accepted_at"])
    return application


def application_problems(application: Application) -> list[str]:
    """What is still missing before the application can be submitted; empty when nothing is."""
    problems = []
    answered = {a.criterion_id for a in application.answers.all() if a.text.strip()}
    with_files = set(application.live_evidence().values_list("criterion_id", flat=True))
    for criterion in application.policy.criteria.all():
        if criterion.pk not in answered:
            problems.append(_("Say how you meet “%(code)s”.") % {"code": criterion.code})
        if criterion.evidence_kind == EvidenceKind.UPLOAD and criterion.pk not in with_files:
            problems.append(_("Upload evidence for “%(code)s”.") % {"code": criterion.code})
        if criterion.evidence_kind == EvidenceKind.EMPLOYER and (
            application.current_employer_verification() is None
        ):
            problems.append(_("Name a reference who can confirm your work."))
    if application.policy.code_of_conduct and (
        application.conduct_version != (application.policy.code_of_conduct_version or "unversioned")
        or application.conduct_accepted_at is None
    ):
        problems.append(_("Sign the code of conduct and candidate agreement."))
    return problems


@transaction.atomic
def submit_application(
    application: Application, *, by: User, now: datetime.datetime | None = None
) -> Application:
    """Send a complete application to the credentialing staff (again, after more information)."""
    at = now_or(now)
    application = application_to_edit(application, by=by, at=at)
    problems = application_problems(application)
    if problems:
        raise ValidationError(problems)
    first_time = application.status == ApplicationStatus.DRAFT
    application.status = ApplicationStatus.SUBMITTED
    application.submitted_at = at
    application.save(update_fields=["status", "submitted_at"])
    record_event(
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
            "submitted_on": local_date(application.program, at),
            "fee_status": lazy(fee_label, str)(application),  # in the reader's language
            "url": absolute_url("exams:application", application.pk),
        },
    )
    return application


@transaction.atomic
def withdraw_application(
    application: Application, *, by: User, now: datetime.datetime | None = None
) -> Application:
    """The candidate takes back an application that is not decided yet."""
    at = now_or(now)
    application = take_own_case(
        application,
        by=by,
        open_states=OPEN_APPLICATION,
        refusal="cannot be withdrawn",
        related=WITH_PROGRAM_AND_POLICY,
    )
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    record_event(application, ApplicationEventKind.WITHDRAWN, by, at)
    return application


def approval_problems(application: Application) -> list[str]:
    """What stops an approval: the fee and, where the policy asks for it, the employer."""
    problems = []
    if application.fee_status == FeeStatus.DUE:
        problems.append("The application fee is still due: record the payment or a waiver first.")
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
    at = now_or(now)
    application = take_case(
        application,
        by=by,
        permission="exams.decide_application",
        what="decide",
        open_states=(ApplicationStatus.SUBMITTED,),
        related=("program", "policy"),
    )
    program, policy = application.program, application.policy
    today = local_date(program, at)
    url = absolute_url("exams:application", application.pk)
    changed: tuple[str, ...]  # the fields a decision sets besides who, when and why
    if decision == Decision.APPROVE:
        problems = approval_problems(application)
        if problems:
            raise ValidationError(problems)
        set_approval_dates(application, today)
        status, changed = ApplicationStatus.APPROVED, APPROVAL_DATES
        kind, key = ApplicationEventKind.APPROVED, MessageKey.APPLICATION_APPROVED
        context = {
            "expires_on": application.approval_expires_on,
            "url": absolute_url("exams:book"),
        }
    elif decision == Decision.MORE_INFORMATION:
        reason = reason_given(reason, "Say what information is needed.")
        days = resubmission_days if resubmission_days is not None else policy.resubmission_days
        if days < 1:
            raise ValidationError({"resubmission_days": "Give the candidate at least one day."})
        application.resubmit_by = today + datetime.timedelta(days=days)
        status, changed = ApplicationStatus.MORE_INFORMATION, ("resubmit_by",)
        kind, key = ApplicationEventKind.MORE_INFORMATION, MessageKey.APPLICATION_MORE_INFORMATION
        context = {"resubmit_by": application.resubmit_by, "url": url}
    elif decision == Decision.DENY:
        reason = reason_given(reason, "Give the reason for the denial: the candidate reads it.")
        application.appeal_by = today + datetime.timedelta(days=policy.appeal_days)
        status, changed = ApplicationStatus.DENIED, ("appeal_by",)
        kind, key = ApplicationEventKind.DENIED, MessageKey.APPLICATION_DENIED
        context = {"appeal_by": application.appeal_by, "url": url}
    else:
        raise ValidationError(f"Unknown decision {decision!r}.")
    reason = reason.strip()
    record_decision(application, status, by=by, at=at, reason=reason, also=changed)
    record_event(application, kind, by, at, reason)
    notify(application.candidate, key, {"program": program.name, "reason": reason, **context})
    return application


# Who recorded the fee, when, and the receipt or the reason for a waiver.
FEE_RECORDED = DecisionFields(
    status="fee_status", by="fee_recorded_by", at="fee_recorded_at", reason="fee_reference"
)


@transaction.atomic
def record_fee(
    application: Application,
    status: FeeStatus,
    *,
    by: User | None,
    reference: str = "",
    now: datetime.datetime | None = None,
) -> Application:
    """Record that the fee is paid or waived (or due again). `by=None` is the payment
    integration behind the `fee_due` hook; a person needs the record_fee permission."""
    at = now_or(now)
    application = take_case(
        application,
        by=by,
        permission="exams.record_fee",
        what="record the fee of",
        open_states=None,
        related=("program", "policy"),
        system_may=True,
    )
    if status not in APPLICATION_FEES:
        raise ValidationError(f"Unknown fee status {status!r}.")
    reference = reference.strip()
    if status == FeeStatus.WAIVED:
        reason_given(reference, "Say why the fee is waived.", field="reference")
    record_decision(application, status, by=by, at=at, reason=reference, fields=FEE_RECORDED)
    said = FeeStatus(status).label + (f": {reference}" if reference else "")
    record_event(application, ApplicationEventKind.FEE, by, at, said)
    return application
