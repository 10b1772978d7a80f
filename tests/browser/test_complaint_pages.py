"""The public complaint form (blank, in error, and its confirmation), the status lookup and the
staff's complaint pages pass axe-core's WCAG 2.1 A and AA rules in a real browser."""

import pytest

from hallmark.certification.complaints import services
from hallmark.certification.models import Complaint

from a11y import assert_accessible
from factories import PASSWORD, filed_complaint, program_with_case_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


@pytest.fixture
def program(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    return program_with_case_policy(name="Employment Support", designation="ESP")


def test_the_form_its_errors_and_its_confirmation_are_accessible(
    live_server, page, axe, program, tmp_path
) -> None:
    page.goto(live_server.url + "/complaints/")
    page.get_by_role("heading", name="Make a complaint").wait_for()
    assert_accessible(axe, page)

    page.get_by_label("Which program is it about").select_option(label=str(program))
    page.get_by_label("A certified person's conduct").check()
    page.get_by_role("button", name="Send the complaint").click()
    summary = page.get_by_role("alert")
    summary.wait_for()
    assert "There is a problem" in summary.inner_text()
    assert_accessible(axe, page)  # the error summary and the fields in error
    summary.get_by_role("link", name="What happened: This field is required.").click()
    assert page.evaluate("document.activeElement.id") == "id_what_happened"

    page.get_by_label("Us: our service, our process or an exam").check()
    page.get_by_label("What happened").fill("Nobody answered the support line during my window.")
    page.get_by_label("Your email address").fill("ana.ruiz@example.org")
    document = tmp_path / "call-log.pdf"
    document.write_bytes(PDF)
    page.get_by_label("Documents or pictures").set_input_files(str(document))
    page.get_by_role("button", name="Send the complaint").click()
    page.get_by_role("heading", name="Your complaint is received").wait_for()
    complaint = Complaint.objects.get()
    assert complaint.reference in page.content()
    assert complaint.attachments.get().original_name == "call-log.pdf"
    assert_accessible(axe, page)


def test_the_status_lookup_is_accessible(live_server, page, axe, program) -> None:
    complaint = filed_complaint(program)
    page.goto(live_server.url + "/complaints/status/")
    assert_accessible(axe, page)
    page.get_by_label("Reference").fill(complaint.reference)
    page.get_by_label("The email address you gave").fill("someone.else@example.org")
    page.get_by_role("button", name="Look it up").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)
    page.get_by_label("The email address you gave").fill("ana.ruiz@example.org")
    page.get_by_role("button", name="Look it up").click()
    page.get_by_text("Outcome due by").wait_for()
    assert_accessible(axe, page)


def test_the_staff_pages_are_accessible(
    live_server, page, axe, program, cast, second_factor
) -> None:
    complaint = filed_complaint(program)
    services.acknowledge(complaint, by=cast.officer)
    page.goto(live_server.url + "/complaints/staff/")
    page.get_by_label("Email address").fill(cast.officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    second_factor(page, cast.officer)
    page.goto(live_server.url + "/complaints/staff/")
    page.get_by_role("heading", name="Complaints").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("link", name=complaint.reference).click()
    page.get_by_role("heading", name=f"Complaint {complaint.reference}").wait_for()
    assert_accessible(axe, page)  # the triage form, with its radio group
    page.get_by_label("Out of scope").check()
    page.get_by_role("button", name="Record the triage").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)  # the triage form in error
    page.get_by_label("In scope", exact=True).check()
    page.get_by_role("button", name="Record the triage").click()
    page.get_by_role("heading", name="Plan a corrective action").wait_for()
    assert_accessible(axe, page)  # the investigation's forms
