"""The officer's casework overview, and a complaint's page offering to open a discipline case,
pass axe-core's WCAG 2.1 A and AA rules in a real browser."""

import pytest

from hallmark.certification import services as credentials
from hallmark.certification.complaints import services
from hallmark.certification.complaints.data import ComplaintAbout, Scope

from a11y import assert_accessible
from factories import PASSWORD, filed_complaint, program_with_case_policy

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_overview_and_the_case_form_are_accessible(
    live_server, page, axe, cast, second_factor, settings, tmp_path
) -> None:
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    program = program_with_case_policy(name="Employment Support", designation="ESP")
    credentials.create_issuer_key()  # a transactional test starts with none
    credential = credentials.issue_credential(cast.candidate, program)
    complaint = filed_complaint(
        program, about=ComplaintAbout.CERTIFICANT, certificant_name="Casey Holder"
    )
    services.acknowledge(complaint, by=cast.officer)
    services.triage(
        complaint, Scope.IN_SCOPE, reason="", by=cast.officer, credential_number=credential.number
    )
    page.goto(live_server.url + "/casework/")
    page.get_by_label("Email address").fill(cast.officer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    second_factor(page, cast.officer)
    page.goto(live_server.url + "/casework/")
    page.get_by_role("heading", name="Casework").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("link", name=complaint.reference).click()
    page.get_by_role("heading", name="Open a discipline case").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Open the case").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)  # the allegations in error
