"""The certificant's recertification page (progress, activities, forms, error summaries, the
audit section) and the providers' course application page pass axe-core's WCAG 2.1 A and AA
rules in a real browser."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hallmark.certification import services
from hallmark.certification.models import RenewalAudit
from hallmark.certification.recertification import ce, renewals

from a11y import assert_accessible
from factories import PASSWORD, UserFactory, accepted_activity, recertification_program

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def credential():
    services.create_issuer_key()
    program = recertification_program(designation="CESP")
    person = UserFactory(email="ada@example.org", legal_name="Ada Lovelace")
    issued = program.today().replace(day=1) - datetime.timedelta(days=30 * 30)
    credential = services.issue_credential(person, program, issued_on=issued)
    cycle = renewals.current_cycle(credential)
    day = cycle.starts_on + datetime.timedelta(days=50)
    accepted_activity(cycle, "teaching", 10, day, title="Teaching: job development")
    ce.log_activity(
        cycle,
        by=person,
        title="Benefits planning update",
        provider_name="State VR Agency",
        category_code="general",
        started_on=day,
        completed_on=day,
        hours=Decimal(6),
        upload=SimpleUploadedFile("attendance.pdf", b"%PDF-1.4 x", "application/pdf"),
    )
    return credential


def _sign_in(page, url: str) -> None:
    page.goto(url)
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")


def test_the_recertification_page_is_accessible(live_server, page, axe, credential) -> None:
    _sign_in(page, f"{live_server.url}/credentials/{credential.number}/renewal/")
    page.get_by_role("heading", name=f"Recertification of {credential.number}").wait_for()
    assert page.get_by_role("table", name="Credits per category").is_visible()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Log the activity").click()
    page.get_by_role("heading", name="There is a problem").first.wait_for()
    assert_accessible(axe, page)  # the error summary and the fields in error


def test_the_audit_section_is_accessible(live_server, page, axe, credential) -> None:
    cycle = renewals.current_cycle(credential)
    accepted_activity(cycle, "general", 30, cycle.starts_on + datetime.timedelta(days=60))
    accepted_activity(cycle, "ethics", 3, cycle.starts_on + datetime.timedelta(days=60))
    application = renewals.apply_for_renewal(credential, by=credential.holder, attest=True)
    if not hasattr(application, "audit"):
        renewals.select_for_audit(application, by=None, reason="For the test.")
    _sign_in(page, f"{live_server.url}/credentials/{credential.number}/renewal/")
    page.get_by_role("heading", name="Audit: evidence requested").wait_for()
    assert_accessible(axe, page)


def test_adverse_decisions_with_their_appeal_period_are_accessible(
    live_server, page, axe, credential
) -> None:
    cycle = renewals.current_cycle(credential)
    officer = UserFactory(email="officer@example.org", is_superuser=True)
    pending = cycle.activities.get(title="Benefits planning update")
    ce.review_activity(pending, by=officer, decision="reject", reason="Not employment support.")
    accepted_activity(cycle, "general", 30, cycle.starts_on + datetime.timedelta(days=60))
    accepted_activity(cycle, "ethics", 3, cycle.starts_on + datetime.timedelta(days=60))
    application = renewals.apply_for_renewal(credential, by=credential.holder, attest=True)
    if not hasattr(application, "audit"):
        renewals.select_for_audit(application, by=None, reason="For the test.")
    audit = RenewalAudit.objects.get(application=application)
    renewals.decide_audit(audit, by=officer, passed=False, reason="No certificate.")
    _sign_in(page, f"{live_server.url}/credentials/{credential.number}/renewal/")
    page.get_by_role("heading", name=f"Recertification of {credential.number}").wait_for()
    assert page.get_by_text("You may appeal until").count() == 2  # the activity, the audit
    assert_accessible(axe, page)


def test_the_course_application_page_is_accessible(live_server, page, axe, credential) -> None:
    _sign_in(page, f"{live_server.url}/credentials/ce-courses/apply/")
    page.get_by_role("heading", name="Apply for CE course pre-approval").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Submit the course").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_accessible(axe, page)


def test_the_dashboard_line_on_recertification_is_accessible(
    live_server, page, axe, credential
) -> None:
    _sign_in(page, f"{live_server.url}/portal/")
    link = page.get_by_role("link", name=f"Recertification of {credential.number}")
    link.wait_for()
    assert_accessible(axe, page)
    link.click()
    page.get_by_role("heading", name=f"Recertification of {credential.number}").wait_for()
