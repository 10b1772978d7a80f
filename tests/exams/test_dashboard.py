"""The dashboard: where the candidate is, and the one next step."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hallmark.certification.appeals import services as appeals
from hallmark.exams.data import AttemptOutcome, Decision
from hallmark.exams.journey import applications, registrations
from hallmark.exams.journey.next_step import next_step

from factories import TestingWindowFactory, approved, submitted

pytestmark = pytest.mark.django_db


def test_the_next_step_follows_the_journey(program, cast) -> None:
    person = cast.candidate
    assert next_step(person).title == "Apply to a program"
    application = applications.start_application(person, program, by=person)
    step = next_step(person)
    assert step.title == "Finish your application"
    assert "needs 5 more things" in step.text
    assert step.url == reverse("exams:application", args=[application.pk])
    applications.withdraw_application(application, by=person)
    application = submitted(person, program)
    assert next_step(person).title == "Wait for the decision"
    applications.decide_application(
        application, Decision.MORE_INFORMATION, reason="More.", by=cast.officer
    )
    assert next_step(person).title == "Send the information asked for"
    late = timezone.now() + datetime.timedelta(days=40)
    assert next_step(person, late).title == "Start a new application"


def test_the_next_step_after_a_denial_is_the_appeal(program, cast) -> None:
    application = submitted(cast.candidate, program)
    applications.decide_application(application, Decision.DENY, reason="No.", by=cast.officer)
    step = next_step(cast.candidate)
    assert step.title == "Appeal, if you disagree"
    assert step.url == reverse("appeals:file", args=["application", application.pk])
    later = timezone.now() + datetime.timedelta(days=31)
    assert next_step(cast.candidate, later).title == "Apply again when you are ready"
    appeal = appeals.file_appeal("application", application, by=cast.candidate, grounds="Please.")
    step = next_step(cast.candidate)
    assert step.title == "Wait for the appeal decision"
    assert step.url == reverse("appeals:appeal", args=[appeal.pk])


def test_the_next_step_from_approval_to_the_exam_and_after(program, cast) -> None:
    approved(cast.candidate, program, cast.officer)
    assert next_step(cast.candidate).title == "Book a seat in a testing window"
    now = timezone.now()
    window = TestingWindowFactory(
        program=program,
        opens_at=now - datetime.timedelta(hours=1),
        closes_at=now + datetime.timedelta(days=3),
    )
    seat = registrations.book(cast.candidate, window, by=cast.candidate)
    step = next_step(cast.candidate)
    assert step.title == "Take your exam" and "It is open now" in step.text
    seat = registrations.record_attempt(seat, on=now)
    assert next_step(cast.candidate).title == "Wait for your result"
    seat.attempt_outcome = AttemptOutcome.FAIL
    seat.save()
    step = next_step(cast.candidate)
    assert step.title == "Wait before you book again" and "30 days between attempts" in step.text
    seat.attempt_outcome = AttemptOutcome.PASS
    seat.save()
    assert next_step(cast.candidate).title == "You passed"
    expired = now + datetime.timedelta(days=400)
    assert next_step(cast.candidate, expired).title == "Apply again"


def test_the_dashboard_shows_my_records_in_the_programs_time_zone(client, program, cast) -> None:
    approved(cast.candidate, program, cast.officer)
    opens = datetime.datetime(2030, 1, 15, 14, 0, tzinfo=datetime.UTC)
    window = TestingWindowFactory(
        program=program,
        name="Winter window",
        opens_at=opens,
        closes_at=opens + datetime.timedelta(days=2),
    )
    registrations.book(cast.candidate, window, by=cast.candidate)
    client.force_login(cast.candidate)
    page = client.get(reverse("portal")).content.decode()
    assert "My dashboard" in page and "Your next step: Take your exam" in page
    assert "Winter window" in page
    assert "15 January 2030, 09:00 EST" in page  # 14:00 UTC in New York
    assert "ESP application" in page and "Approved" in page
    assert "Your approval expires on" in page
    assert reverse("exams:apply", args=["ESP"]) not in page  # approved: nothing to apply for


def test_the_dashboard_lists_programs_to_apply_to(client, program, cast) -> None:
    client.force_login(cast.outsider)
    page = client.get(reverse("portal")).content.decode()
    assert reverse("exams:apply", args=["ESP"]) in page
    assert "Your next step: Apply to a program" in page
