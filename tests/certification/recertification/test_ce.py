"""Continuing education: logging activities (with evidence, or under an approved course's
code), staff review with reasons, and providers' course approvals."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError

from hallmark.certification import services
from hallmark.certification.data import ActivityStatus, CourseStatus, EvidenceKind
from hallmark.certification.models import CEActivity
from hallmark.certification.recertification import ce, renewals

from factories import local_noon

pytestmark = pytest.mark.django_db
D = datetime.date
PDF = b"%PDF-1.4 certificate of completion"


@pytest.fixture
def cycle(cast, program):
    credential = services.issue_credential(cast.candidate, program, issued_on=D(2024, 3, 15))
    return renewals.current_cycle(credential)


def _log(cycle, **overrides):
    values = {
        "by": cycle.credential.holder,
        "title": "Job development workshop",
        "provider_name": "State VR Agency",
        "category_code": "general",
        "started_on": D(2025, 4, 1),
        "completed_on": D(2025, 4, 2),
        "hours": Decimal(12),
        "now": local_noon(cycle.credential.program, D(2025, 5, 1)),
    }
    return ce.log_activity(cycle, **(values | overrides))


def test_an_activity_waits_for_review_with_its_certificate_kept_as_such(cycle) -> None:
    upload = SimpleUploadedFile("completion.pdf", PDF, "application/pdf")
    activity = _log(cycle, upload=upload, evidence_kind=EvidenceKind.COMPLETION)
    assert activity.status == ActivityStatus.PENDING
    assert activity.hours_accepted is None
    assert activity.get_evidence_kind_display() == "Certificate of completion"
    assert activity.content_type == "application/pdf"
    assert activity.file.name.startswith("recertification/2025/05/")
    assert renewals.cycle_progress(cycle).pending == Decimal(12)
    assert renewals.cycle_progress(cycle).counted == 0


def test_a_file_that_is_not_a_document_is_refused(cycle) -> None:
    upload = SimpleUploadedFile("certificate.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    with pytest.raises(ValidationError, match="not a PDF"):
        _log(cycle, upload=upload)
    assert not CEActivity.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"completed_on": D(2024, 3, 1), "started_on": D(2024, 3, 1)}, "completed in this cycle"),
        ({"completed_on": D(2025, 6, 1)}, "not in the future"),
        ({"completed_on": D(2025, 3, 1)}, "cannot end before it starts"),
        ({"category_code": "hobby"}, "not a CE category"),
        ({"hours": Decimal(0)}, "more than 0"),
    ],
)
def test_an_activity_that_cannot_count_is_refused(cycle, overrides, message) -> None:
    with pytest.raises(ValidationError, match=message):
        _log(cycle, **overrides)


def test_only_the_holder_logs_and_not_for_a_suspended_credential(cast, cycle) -> None:
    with pytest.raises(PermissionDenied):
        _log(cycle, by=cast.outsider)
    services.suspend_credential(cycle.credential, actor=cast.officer, reason="Complaint")
    with pytest.raises(ValidationError, match="suspended"):
        _log(cycle)


def test_staff_accept_reduce_or_reject_with_a_reason(cast, cycle) -> None:
    accepted = ce.review_activity(_log(cycle), by=cast.officer, decision="accept")
    assert (accepted.status, accepted.hours_accepted) == (ActivityStatus.ACCEPTED, Decimal(12))
    assert accepted.reviewed_by == cast.officer and accepted.reviewed_at is not None
    with pytest.raises(ValidationError, match="Say why"):
        ce.review_activity(
            _log(cycle), by=cast.officer, decision="reduce", hours_accepted=Decimal(6)
        )
    reduced = ce.review_activity(
        _log(cycle),
        by=cast.officer,
        decision="reduce",
        hours_accepted=Decimal(6),
        reason="Only the afternoon sessions were on employment supports.",
    )
    assert (reduced.status, reduced.hours_accepted) == (ActivityStatus.REDUCED, Decimal(6))
    rejected = ce.review_activity(
        _log(cycle), by=cast.officer, decision="reject", reason="A sales seminar."
    )
    assert (rejected.status, rejected.hours_accepted) == (ActivityStatus.REJECTED, Decimal(0))
    assert renewals.cycle_progress(cycle).counted == Decimal(18)
    with pytest.raises(ValidationError, match="its status is “Accepted”"):
        ce.review_activity(accepted, by=cast.officer, decision="reject", reason="Changed mind")


def test_a_reduction_must_be_fewer_hours(cast, cycle) -> None:
    with pytest.raises(ValidationError, match="between 0 and 12"):
        ce.review_activity(
            _log(cycle), by=cast.officer, decision="reduce", hours_accepted=Decimal(12),
            reason="x",
        )  # fmt: skip


def test_reviewers_need_the_permission(cast, cycle) -> None:
    for person in (cast.candidate, cast.manager, cast.reviewer, cast.outsider):
        with pytest.raises(PermissionDenied):
            ce.review_activity(_log(cycle), by=person, decision="accept")


def test_the_database_refuses_a_reduction_without_a_reason(cycle) -> None:
    activity = _log(cycle)
    with pytest.raises(IntegrityError):
        CEActivity.objects.filter(pk=activity.pk).update(
            status=ActivityStatus.REDUCED, hours_accepted=Decimal(3)
        )


def _course(cast, program, **overrides):
    values = {
        "by": cast.outsider,
        "program": program,
        "provider_name": "Valley Community Services",
        "email": "training@valley.example.org",
        "title": "Benefits counselling essentials",
        "hours": Decimal(6),
        "category_code": "general",
        "offered_from": D(2025, 1, 1),
        "offered_until": D(2025, 12, 31),
    }
    return ce.apply_for_course(**(values | overrides))


def test_a_provider_applies_and_staff_approve_with_an_expiry_and_a_code(cast, program) -> None:
    course = _course(cast, program)
    assert course.status == CourseStatus.SUBMITTED and course.code is None
    with pytest.raises(PermissionDenied):
        ce.decide_course(course, by=cast.outsider, approve=True, approved_until=D(2026, 1, 1))
    with pytest.raises(ValidationError, match="last day of approval"):
        ce.decide_course(course, by=cast.officer, approve=True)
    approved = ce.decide_course(
        course, by=cast.officer, approve=True, approved_until=D(2025, 10, 31)
    )
    assert approved.status == CourseStatus.APPROVED
    assert approved.code.startswith(f"{program.designation}-CE-")
    assert (approved.decided_by, approved.approved_until) == (cast.officer, D(2025, 10, 31))


def test_a_declined_course_says_why(cast, program) -> None:
    course = _course(cast, program)
    with pytest.raises(ValidationError, match="Say why"):
        ce.decide_course(course, by=cast.officer, approve=False)
    declined = ce.decide_course(course, by=cast.officer, approve=False, reason="Sales content.")
    assert (declined.status, declined.reason) == (CourseStatus.DECLINED, "Sales content.")


def test_another_account_cannot_apply_in_a_provider_s_name(cast, program) -> None:
    _course(cast, program)
    with pytest.raises(ValidationError, match="another account"):
        _course(cast, program, by=cast.candidate, provider_name="valley community services")


def test_an_approved_course_code_is_accepted_on_entry(cast, program, cycle) -> None:
    course = _course(cast, program)
    course = ce.decide_course(course, by=cast.officer, approve=True, approved_until=D(2025, 10, 31))
    typed = course.code.lower().replace("-ce-", "-ce- ")
    activity = _log(cycle, course_code=typed, title="", provider_name="", hours=Decimal(8))
    assert activity.status == ActivityStatus.ACCEPTED
    assert activity.hours_accepted == Decimal(6)  # never more than the course's hours
    assert (activity.title, activity.provider_name) == (course.title, course.provider.name)
    assert activity.course == course
    with pytest.raises(ValidationError, match="approved for activities completed from"):
        _log(
            cycle,
            course_code=course.code,
            started_on=D(2025, 11, 2),
            completed_on=D(2025, 11, 2),
            now=local_noon(program, D(2025, 12, 1)),
        )
    with pytest.raises(ValidationError, match="No approved"):
        _log(cycle, course_code="CESP-CE-XXXXXX")
