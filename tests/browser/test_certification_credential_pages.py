"""The verifier, the holder's credentials page and a credential's share page pass axe-core's
WCAG 2.1 A and AA rules."""

import json

import pytest

from hallmark.certification import services
from hallmark.certification.badges import default_png
from hallmark.credentials import bake

from a11y import assert_accessible
from factories import PASSWORD, CertificateProgramFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def holder():
    services.create_issuer_key()
    person = UserFactory(email="ada@example.org", legal_name="Ada Lovelace")
    certification = services.issue_credential(person, ProgramFactory(designation="CESP"))
    services.issue_credential(person, CertificateProgramFactory(designation="CEF"))
    services.suspend_credential(certification, actor=None, reason="Complaint")
    return person, certification


def test_the_verifier_pages_are_accessible(live_server, page, axe, holder) -> None:
    _, certification = holder
    page.goto(live_server.url + "/credentials/verify/")
    assert_accessible(axe, page)
    page.get_by_role("button", name="Verify").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)  # the error summary
    document = certification.current_document().document
    page.get_by_label("Paste the credential").fill(json.dumps(document))
    page.get_by_role("button", name="Verify").click()
    page.get_by_role("heading", name="Result: not valid").wait_for()
    assert "suspended:" in page.get_by_role("table").inner_text()
    assert page.get_by_text("This credential cannot be trusted.").count() == 1
    assert_accessible(axe, page)


def test_the_holder_s_credentials_and_share_pages_are_accessible(
    live_server, page, axe, holder
) -> None:
    person, _ = holder
    certificate = person.credentials.get(program__designation="CEF")
    page.goto(live_server.url + "/credentials/mine/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.get_by_role("heading", name="My credentials").wait_for()
    assert page.get_by_text("Certificate of completion", exact=True).count() == 1
    assert_accessible(axe, page)
    # The holder switches the certificate's share page on, and opens it.
    page.get_by_role("button", name=f"Switch the share page of {certificate.number} on").click()
    page.get_by_text(f"The share page of {certificate.number} is on.").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("link", name=f"Open the share page of {certificate.number}").click()
    page.get_by_role("heading", name="Ada Lovelace").wait_for()
    assert page.get_by_text("This credential is active.").count() == 1
    linkedin = page.get_by_role("link", name="Add to LinkedIn profile")
    assert linkedin.get_attribute("target") == "_blank"
    assert_accessible(axe, page)


def test_the_verifier_s_result_for_a_baked_badge_is_accessible(
    live_server, page, axe, holder, tmp_path
) -> None:
    person, _ = holder
    certificate = person.credentials.get(program__designation="CEF")
    badge = tmp_path / "badge.png"
    badge.write_bytes(
        bake(default_png(certificate.program), certificate.current_document().document)
    )
    page.goto(live_server.url + "/credentials/verify/")
    page.get_by_label("Or upload the credential file").set_input_files(str(badge))
    page.get_by_role("button", name="Verify").click()
    page.get_by_role("heading", name="Result: valid").wait_for()
    assert page.get_by_text("read from the PNG badge image it is baked into").count() == 1
    # Above the checks, in plain words: whose it is, and what.
    page.get_by_role("heading", name="In plain words").wait_for()
    summary = page.locator(".plain-summary").inner_text()
    assert "Ada Lovelace" in summary and "A certificate of completion" in summary
    assert_accessible(axe, page)
