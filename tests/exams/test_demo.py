"""What `hallmark demo` shows of the candidate journey."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from hallmark.accounts.data import DeliveryStatus, MessageKey
from hallmark.accounts.models import SentMessage, User
from hallmark.exams.data import (
    AccommodationStatus,
    ApplicationStatus,
    AttemptOutcome,
    DeliveryMode,
    RegistrationStatus,
)
from hallmark.exams.delivery import services as delivery
from hallmark.exams.journey.retakes import retake_check
from hallmark.exams.models import TestingWindow


@pytest.mark.django_db(transaction=True)
def test_the_demo_shows_every_state_of_the_journey(capsys) -> None:
    call_command("demo", no_serve=True)
    assert "retake@ (failed attempt; may book again from" in capsys.readouterr().out

    jordan = User.objects.get(email="candidate@example.org")
    application = jordan.applications.get()
    assert application.status == ApplicationStatus.APPROVED
    assert application.approval_current(application.program.today())
    seat = jordan.registrations.get()
    assert seat.status == RegistrationStatus.BOOKED
    assert seat.window.delivery_mode == DeliveryMode.ONLINE
    assert not seat.window.launch_code_required
    assert not seat.window.needs_check_in  # one person can try the exam alone (docs)
    test_centre = TestingWindow.objects.get(delivery_mode=DeliveryMode.TEST_CENTRE)
    assert test_centre.needs_check_in and test_centre.launch_code_required
    assert seat.authorized(timezone.now())  # the exam can start at once
    assert seat.time_factor == Decimal("1.5")
    assert jordan.accommodation_requests.get().status == AccommodationStatus.APPROVED
    proctor = User.objects.get(email="proctor@example.org")
    assert seat.window in delivery.proctored_windows(proctor)  # the demo proctor's windows

    def status(email: str) -> str:
        return User.objects.get(email=email).applications.get().status

    assert status("pending@example.org") == ApplicationStatus.SUBMITTED
    assert status("moreinfo@example.org") == ApplicationStatus.MORE_INFORMATION
    riley = User.objects.get(email="moreinfo@example.org")
    asked = SentMessage.objects.get(person=riley, key=MessageKey.APPLICATION_MORE_INFORMATION)
    assert riley.language == "es" and asked.subject.startswith("Su solicitud de")
    denied = User.objects.get(email="denied@example.org").applications.get()
    assert denied.status == ApplicationStatus.DENIED and denied.decision_reason
    taylor = User.objects.get(email="retake@example.org")
    attempt = taylor.registrations.get()
    assert attempt.attempt_outcome == AttemptOutcome.FAIL
    check = retake_check(taylor, attempt.program, attempt.program.today())
    assert not check.allowed and check.earliest > attempt.program.today()

    assert SentMessage.objects.filter(person=jordan).exists()
    assert set(SentMessage.objects.values_list("status", flat=True)) == {
        DeliveryStatus.RECORDED_ONLY
    }
    assert jordan.check_password("hallmark-demo")
