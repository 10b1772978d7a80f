"""Every state transition of an application, and who may make it."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from hallmark.accounts.data import Role
from hallmark.exams.data import (
    ApplicationEventKind,
    ApplicationStatus,
    Decision,
    EmployerVerificationStatus,
)
from hallmark.exams.journey import applications, employer, registrations
from hallmark.exams.journey.fees import fee_due, fee_label
from hallmark.exams.models import Application
from hallmark.programs.data import FeeStatus

from factories import (
    FeeFactory,
    FeeScheduleFactory,
    ProgramFactory,
    UserFactory,
    approved,
    complete,
    submitted,
)

pytestmark = pytest.mark.django_db


def test_it_starts_a_draft_against_the_policy_in_force_and_makes_a_candidate(program) -> None:
    person = UserFactory()
    application = applications.start_application(person, program, by=person)
    assert application.status == ApplicationStatus.DRAFT
    assert application.policy.program == program
    assert person.has_role(Role.CANDIDATE)
    assert [e.kind for e in application.events.all()] == [ApplicationEventKind.STARTED]


def test_it_refuses_a_second_open_application_and_a_program_without_policy(program, cast) -> None:
    applications.start_application(cast.candidate, program, by=cast.candidate)
    with pytest.raises(ValidationError, match="already have an open application"):
        applications.start_application(cast.candidate, program, by=cast.candidate)
    with pytest.raises(ValidationError, match="no eligibility policy"):
        applications.start_application(cast.candidate, ProgramFactory(), by=cast.candidate)
    with transaction.atomic(), pytest.raises(IntegrityError):
        Application.objects.create(
            candidate=cast.candidate,
            program=program,
            policy_id=Application.objects.first().policy_id,
        )


def test_only_the_candidate_edits_their_application(program, cast) -> None:
    application = applications.start_application(cast.candidate, program, by=cast.candidate)
    for person in (cast.outsider, cast.officer):
        with pytest.raises(PermissionDenied):
            applications.save_answers(application, {}, by=person)
        with pytest.raises(PermissionDenied):
            applications.submit_application(application, by=person)
        with pytest.raises(PermissionDenied):
            applications.withdraw_application(application, by=person)
    with pytest.raises(PermissionDenied):
        applications.start_application(cast.candidate, program, by=cast.outsider)


def test_submission_lists_everything_missing(program, cast) -> None:
    application = applications.start_application(cast.candidate, program, by=cast.candidate)
    with pytest.raises(ValidationError) as refused:
        applications.submit_application(application, by=cast.candidate)
    problems = refused.value.messages
    assert "Say how you meet “education”." in problems
    assert "Upload evidence for “education”." in problems
    assert "Name a reference who can confirm your work." in problems
    assert "Sign the code of conduct and candidate agreement." in problems
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.DRAFT


def test_a_complete_application_is_submitted_the_fee_hook_fires_and_the_candidate_is_told(
    program, cast, committed
) -> None:
    FeeFactory(schedule=FeeScheduleFactory(program=program), kind="application")
    heard = []
    fee_due.connect(lambda sender, **kw: heard.append(kw), weak=False, dispatch_uid="t")
    try:
        with committed():
            application = submitted(cast.candidate, program)
    finally:
        fee_due.disconnect(dispatch_uid="t")
    assert application.status == ApplicationStatus.SUBMITTED and application.submitted_at
    assert heard[0]["application"] == application and heard[0]["fee"].amount == 150
    assert application.conduct_version == "2024-1"
    assert mail.outbox[-1].to == [cast.candidate.email]
    assert mail.outbox[-1].subject == "We received your Employment Support Professional application"
    assert "USD 150.00, due" in mail.outbox[-1].body


def test_officers_decide_and_nobody_else_nor_on_their_own_case(program, cast) -> None:
    application = submitted(cast.candidate, program)
    for person in (cast.manager, cast.proctor, cast.candidate, cast.psychometrician):
        with pytest.raises(PermissionDenied):
            applications.decide_application(application, Decision.DENY, reason="x", by=person)
    own = submitted(cast.officer, program)
    with pytest.raises(PermissionDenied, match="own case"):
        applications.decide_application(own, Decision.DENY, reason="x", by=cast.officer)


def test_approval_waits_for_the_fee_and_the_employer(program, cast, committed) -> None:
    application = submitted(cast.candidate, program)
    with pytest.raises(ValidationError) as refused:
        applications.decide_application(application, Decision.APPROVE, by=cast.officer)
    assert any("fee is still due" in m for m in refused.value.messages)
    assert any("employer has not confirmed" in m for m in refused.value.messages)
    applications.record_fee(application, FeeStatus.WAIVED, reference="Hardship", by=cast.officer)
    verification = application.current_employer_verification()
    employer.record_employer_verification(
        verification, confirmed=True, note="Phoned on Monday.", by=cast.officer
    )
    with committed():
        decided = applications.decide_application(application, Decision.APPROVE, by=cast.officer)
    today = program.today()
    assert decided.status == ApplicationStatus.APPROVED
    assert decided.approved_on == today
    assert decided.approval_expires_on == today + datetime.timedelta(days=365)
    assert decided.decided_by == cast.officer
    assert "is approved" in mail.outbox[-1].subject


def test_more_information_sets_a_deadline_and_the_candidate_resubmits_before_it(
    program, cast, committed
) -> None:
    application = submitted(cast.candidate, program)
    with pytest.raises(ValidationError, match="what information"):
        applications.decide_application(application, Decision.MORE_INFORMATION, by=cast.officer)
    asked_at = timezone.now()
    with committed():
        applications.decide_application(
            application,
            Decision.MORE_INFORMATION,
            reason="Upload your training certificates.",
            resubmission_days=10,
            by=cast.officer,
            now=asked_at,
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.MORE_INFORMATION
    assert application.resubmit_by == program.today() + datetime.timedelta(days=10)
    assert "Upload your training certificates." in mail.outbox[-1].body
    applications.save_answers(application, {}, by=cast.candidate)  # editable again
    resubmitted = applications.submit_application(
        application, by=cast.candidate, now=asked_at + datetime.timedelta(days=10)
    )
    assert resubmitted.status == ApplicationStatus.SUBMITTED
    assert resubmitted.events.last().kind == ApplicationEventKind.RESUBMITTED


def test_after_the_resubmission_deadline_the_application_is_frozen(program, cast) -> None:
    application = submitted(cast.candidate, program)
    asked_at = timezone.now()
    applications.decide_application(
        application,
        Decision.MORE_INFORMATION,
        reason="More, please.",
        resubmission_days=10,
        by=cast.officer,
        now=asked_at,
    )
    late = asked_at + datetime.timedelta(days=11)
    with pytest.raises(ValidationError, match=r"deadline .* passed"):
        applications.submit_application(application, by=cast.candidate, now=late)
    applications.withdraw_application(application, by=cast.candidate, now=late)
    assert applications.start_application(cast.candidate, program, by=cast.candidate).pk


def test_a_denial_needs_a_reason_and_opens_the_appeal_period(program, cast, committed) -> None:
    application = submitted(cast.candidate, program)
    with pytest.raises(ValidationError, match="reason"):
        applications.decide_application(application, Decision.DENY, reason=" ", by=cast.officer)
    with committed():
        decided = applications.decide_application(
            application, Decision.DENY, reason="Five months of work, not nine.", by=cast.officer
        )
    assert decided.status == ApplicationStatus.DENIED
    assert decided.appeal_by == program.today() + datetime.timedelta(days=30)
    assert decided.events.last().reason == "Five months of work, not nine."
    assert "Five months of work, not nine." in mail.outbox[-1].body
    with pytest.raises(ValidationError, match="is not open to a decision: its status is “Denied”"):
        applications.decide_application(decided, Decision.APPROVE, by=cast.officer)


def test_a_decided_application_cannot_change_or_be_withdrawn(program, cast) -> None:
    application = approved(cast.candidate, program, cast.officer)
    with pytest.raises(ValidationError, match="can no longer change"):
        applications.save_answers(application, {}, by=cast.candidate)
    with pytest.raises(ValidationError, match="cannot be withdrawn"):
        applications.withdraw_application(application, by=cast.candidate)


def test_withdrawing_keeps_the_application_and_its_history(program, cast) -> None:
    application = applications.start_application(cast.candidate, program, by=cast.candidate)
    complete(application)
    applications.withdraw_application(application, by=cast.candidate)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    assert application.answers.count() == 2 and application.evidence.count() == 1
    assert application.events.last().kind == ApplicationEventKind.WITHDRAWN


def test_an_approval_expires_after_the_policy_period(program, cast) -> None:
    application = approved(cast.candidate, program, cast.officer)
    last_day = application.approval_expires_on - datetime.timedelta(days=1)
    assert application.approval_current(last_day)
    assert not application.approval_current(application.approval_expires_on)
    assert registrations.current_approval(cast.candidate, program, last_day) == application
    assert (
        registrations.current_approval(cast.candidate, program, application.approval_expires_on)
        is None
    )


def test_only_officers_record_fees_and_a_waiver_needs_a_reason(program, cast) -> None:
    application = submitted(cast.candidate, program)
    with pytest.raises(PermissionDenied):
        applications.record_fee(application, FeeStatus.PAID, by=cast.manager)
    with pytest.raises(ValidationError, match="why the fee is waived"):
        applications.record_fee(application, FeeStatus.WAIVED, by=cast.officer)
    applications.record_fee(application, FeeStatus.PAID, by=None, reference="gateway-77")
    application.refresh_from_db()
    assert application.fee_status == FeeStatus.PAID and application.fee_recorded_by is None
    assert application.events.last().reason == "Paid: gateway-77"


def test_an_application_starts_with_its_fee_due_and_never_without_a_fee(program, cast) -> None:
    application = applications.start_application(cast.candidate, program, by=cast.candidate)
    assert application.fee_status == FeeStatus.DUE == "due"
    assert fee_label(application) == "due"  # no fee schedule: the status alone
    with pytest.raises(ValidationError, match="Unknown fee status"):
        applications.record_fee(application, FeeStatus.NONE, by=cast.officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.filter(pk=application.pk).update(fee_status="pending")


def test_employer_verification_states(program, cast) -> None:
    application = applications.start_application(cast.candidate, program, by=cast.candidate)
    first = employer.request_employer_verification(
        application, reference_name="A", reference_email="a@employer.example", by=cast.candidate
    )
    second = employer.request_employer_verification(
        application, reference_name="B", reference_email="b@employer.example", by=cast.candidate
    )
    first.refresh_from_db()
    assert first.status == EmployerVerificationStatus.REPLACED and first.token_hash is None
    assert application.current_employer_verification() == second
    with pytest.raises(ValidationError, match="someone other than you"):
        employer.request_employer_verification(
            application,
            reference_name="Me",
            reference_email=cast.candidate.email,
            by=cast.candidate,
        )
    with pytest.raises(PermissionDenied):
        employer.record_employer_verification(second, confirmed=True, note="x", by=cast.proctor)
    with pytest.raises(ValidationError, match="replaced"):
        employer.record_employer_verification(first, confirmed=True, note="x", by=cast.officer)
    declined = employer.record_employer_verification(
        second, confirmed=False, note="Never worked here.", by=cast.officer
    )
    assert (
        declined.status == EmployerVerificationStatus.DECLINED
        and declined.recorded_by == cast.officer
    )
