"""Every candidate page, in a real browser, passes axe-core's WCAG 2.1 A and AA rules."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.utils import timezone

from hallmark.accounts.data import Role
from hallmark.exams.data import TIMES, AccommodationKind, Decision
from hallmark.exams.journey import accommodations, applications, employer

from a11y import assert_accessible
from factories import (
    TestingWindowFactory,
    UserFactory,
    approved,
    pdf,
    ready_program,
    submitted,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct-horse-battery"
DAY = datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def quick(settings, tmp_path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"


def sign_in(page, live_server, person) -> None:
    page.goto(live_server.url + "/accounts/sign-in/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.get_by_role("heading", name="My dashboard").wait_for()


def check(page, axe, live_server, path: str, heading: str) -> None:
    page.goto(live_server.url + path)
    page.get_by_role("heading", name=heading).first.wait_for()
    assert_accessible(axe, page)


def test_sign_up_verification_and_profile_pages(live_server, page, axe) -> None:
    page.goto(live_server.url + "/accounts/sign-up/")
    assert_accessible(axe, page)
    page.get_by_label("Email address").fill("not an address")
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)  # the error summary and the fields in error
    page.get_by_label("Email address").fill("sam.new@example.org")
    page.get_by_label("Legal name").fill("Sam New")
    page.locator("#id_password1").fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.get_by_role("heading", name="Check your email").wait_for()
    assert_accessible(axe, page)
    link = re.search(r"http://127.0.0.1:8000(/accounts/verify/\S+/)", mail.outbox[-1].body)
    check(page, axe, live_server, link.group(1), "Confirm your email address")
    page.get_by_role("button", name="Confirm my email address").click()
    page.get_by_role("heading", name="My profile").wait_for()
    assert_accessible(axe, page)
    check(
        page, axe, live_server, "/accounts/profile/demographics/", "Voluntary questions about you"
    )
    page.goto(live_server.url + link.group(1))
    page.get_by_role("button", name="Confirm my email address").click()
    page.get_by_role("heading", name="This link does not work").wait_for()
    assert_accessible(axe, page)


def test_application_pages(live_server, page, axe) -> None:
    program = ready_program(designation="ESP", name="Employment Support Professional")
    other = ready_program(designation="JC", name="Job Coach")
    officer = UserFactory(roles=[Role.CREDENTIALING_OFFICER])
    person = UserFactory(roles=[Role.CANDIDATE], legal_name="Robin Candidate")
    sign_in(page, live_server, person)
    assert_accessible(axe, page)  # the dashboard with nothing yet
    check(
        page,
        axe,
        live_server,
        "/portal/apply/ESP/",
        "Apply to Employment Support Professional (ESP)",
    )
    application = applications.start_application(person, program, by=person)
    base = f"/portal/applications/{application.pk}/"
    check(page, axe, live_server, base, "My ESP application")
    check(page, axe, live_server, base + "answers/", "How you meet the requirements")
    check(page, axe, live_server, base + "evidence/", "Upload evidence")
    page.get_by_label("Document").set_input_files(
        files=[{"name": "cv.pdf", "mimeType": "application/pdf", "buffer": b"PK\x03\x04 zip"}]
    )
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)  # the refusal of a wrong type
    page.get_by_label("Document").set_input_files(
        files=[{"name": "diploma.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4 x"}]
    )
    page.get_by_role("button", name="Upload").click()
    page.get_by_role("button", name="Remove diploma.pdf").wait_for()
    assert_accessible(axe, page)  # with the uploaded document listed
    check(page, axe, live_server, base + "conduct/", "Code of conduct and candidate agreement")
    check(page, axe, live_server, base + "employer/", "Employer verification")
    check(page, axe, live_server, "/portal/", "My dashboard")
    denied = submitted(person, other)
    applications.decide_application(denied, Decision.DENY, reason="Too short.", by=officer)
    check(page, axe, live_server, f"/portal/applications/{denied.pk}/", "My JC application")
    page.get_by_role("link", name="Appeal this decision").click()
    page.get_by_role("heading", name="Appeal this decision").wait_for()
    assert "Too short." in page.content()
    assert_accessible(axe, page)


def test_booking_and_accommodation_pages(live_server, page, axe) -> None:
    program = ready_program(designation="ESP", name="Employment Support Professional")
    officer = UserFactory(roles=[Role.CREDENTIALING_OFFICER])
    person = UserFactory(roles=[Role.CANDIDATE], legal_name="Kim Booker")
    now = timezone.now()
    first = TestingWindowFactory(
        program=program, name="Online now", opens_at=now - DAY, closes_at=now + 9 * DAY
    )
    TestingWindowFactory(
        program=program, name="Test centre later", opens_at=now + 5 * DAY, closes_at=now + 6 * DAY
    )
    approved(person, program, officer)
    request = accommodations.request_accommodation(
        person,
        program,
        kind=AccommodationKind.EXTRA_TIME,
        time_factor=Decimal("1.50"),
        documentation=pdf(),
        by=person,
    )
    sign_in(page, live_server, person)
    check(page, axe, live_server, "/portal/book/", "Book a seat in a testing window")
    check(page, axe, live_server, f"/portal/book/{first.pk}/", "Book a seat in Online now")
    page.get_by_role("button", name="Book this seat").click()
    page.get_by_role("heading", name="My booking: Online now").wait_for()
    assert_accessible(axe, page)
    seat = person.registrations.get()
    check(
        page,
        axe,
        live_server,
        f"/portal/bookings/{seat.pk}/move/",
        "Move my booking from Online now",
    )
    check(
        page,
        axe,
        live_server,
        f"/portal/bookings/{seat.pk}/cancel/",
        "Cancel my booking in Online now?",
    )
    check(page, axe, live_server, "/portal/", "My dashboard")
    check(
        page,
        axe,
        live_server,
        f"/portal/accommodations/{request.pk}/",
        f"My accommodation request: Extra time {TIMES}1.5",
    )
    check(page, axe, live_server, "/portal/accommodations/new/", "Ask for an accommodation")
    page.get_by_role("button", name="Send my request").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)


def test_the_employer_pages(live_server, page, axe) -> None:
    program = ready_program(designation="ESP", name="Employment Support Professional")
    person = UserFactory(roles=[Role.CANDIDATE], legal_name="Lee Applicant")
    application = applications.start_application(person, program, by=person)
    employer.request_employer_verification(
        application, reference_name="Pat Boss", reference_email="pat@employer.example", by=person
    )
    link = re.search(r"http://127.0.0.1:8000(/portal/verify-employment/\S+/)", mail.outbox[-1].body)
    check(page, axe, live_server, link.group(1), "Confirm Lee Applicant's work")
    page.get_by_role("button", name="I confirm this work").click()
    page.get_by_role("heading", name="Thank you").wait_for()
    assert_accessible(axe, page)
    check(page, axe, live_server, link.group(1), "This link does not work")
