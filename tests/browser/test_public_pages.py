import pytest

from a11y import assert_accessible
from factories import PASSWORD, CertificateProgramFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_pages_have_no_accessibility_violations(live_server, page, axe) -> None:
    ProgramFactory(name="Employment Support", designation="ES", is_demo=True)
    CertificateProgramFactory(name="Intro Course", designation="IC")
    for path in ["/", "/registry/", "/accounts/sign-in/", "/accounts/password-reset/"]:
        page.goto(live_server.url + path)
        assert_accessible(axe, page)


def test_a_sign_in_error_is_accessible_and_linked_to_its_field(live_server, page, axe) -> None:
    page.goto(live_server.url + "/accounts/sign-in/")
    page.get_by_label("Email address").fill("not-an-email")
    page.get_by_label("Password").fill("x")
    page.get_by_role("button", name="Sign in").click()
    summary = page.get_by_role("alert")
    assert "There is a problem" in summary.inner_text()
    summary.get_by_role("link").first.click()
    assert page.evaluate("document.activeElement.id") == "id_username"
    assert_accessible(axe, page)


def test_a_candidate_signs_in_with_the_keyboard_and_reaches_the_dashboard(
    live_server, page, axe, cast
) -> None:
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.goto(live_server.url + "/portal/")
    page.get_by_label("Email address").fill(cast.candidate.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.get_by_role("heading", name="My dashboard").wait_for()
    assert_accessible(axe, page)
