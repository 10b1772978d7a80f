from base64 import b32decode

import pytest
from django.conf import settings
from django_otp.oath import totp

from a11y import assert_accessible
from factories import PASSWORD, CertificateProgramFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_public_pages_have_no_accessibility_violations(live_server, page, axe) -> None:
    ProgramFactory(name="Employment Support", designation="ES", is_demo=True)
    CertificateProgramFactory(name="Intro Course", designation="IC")
    # The guides: their index and one guide with its screenshots.
    paths = ["/", "/registry/", "/accounts/sign-in/", "/accounts/password-reset/"]
    for path in [*paths, "/guides/", "/guides/certificant/"]:
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


def test_the_sign_in_security_pages_are_accessible(live_server, page, axe, cast) -> None:
    def sign_in(person, password: str = PASSWORD) -> None:
        page.goto(live_server.url + "/accounts/sign-in/?next=/items/")
        page.get_by_label("Email address").fill(person.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()

    sign_in(cast.writer)
    page.get_by_role("heading", name="Set up your authenticator app").wait_for()
    assert page.locator(".qr svg").count() == 1
    assert_accessible(axe, page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Confirm and continue").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)
    key = b32decode(page.locator("#secret").inner_text().replace(" ", ""))
    page.get_by_label("Code").fill(f"{totp(key):06d}")
    page.get_by_role("button", name="Confirm and continue").click()
    page.get_by_role("heading", name="Your backup codes").wait_for()
    assert page.locator(".codes code").count() == 10
    assert_accessible(axe, page)
    page.get_by_role("link", name="Continue").click()
    page.wait_for_url(live_server.url + "/items/")

    page.get_by_role("button", name="Sign out").click()
    sign_in(cast.writer)
    page.get_by_role("heading", name="Enter your code").wait_for()
    assert_accessible(axe, page)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)

    page.get_by_role("button", name="Sign out").click()
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        sign_in(cast.candidate, "wrong")
    page.get_by_role("heading", name="Signing in is paused").wait_for()
    assert_accessible(axe, page)
