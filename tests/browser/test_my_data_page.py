"""The holder's data page passes axe-core's WCAG 2.1 A and AA rules: as first seen, after
turning the registry's name search off, with the erasure form's error, and with a request
waiting; and the officer's pages for deciding the request."""

import pytest

from hallmark.accounts.data import ErasureStatus
from hallmark.accounts.models import ErasureRequest
from hallmark.certification import services

from a11y import assert_accessible
from factories import PASSWORD, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def holder():
    services.create_issuer_key()
    person = UserFactory(email="ada@example.org", legal_name="Ada Lovelace")
    services.issue_credential(person, ProgramFactory(designation="CESP"))
    return person


def _sign_in(page, live_server, path: str, email: str) -> None:
    page.goto(live_server.url + path)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")


def test_the_data_page_is_accessible(live_server, page, axe, holder) -> None:
    _sign_in(page, live_server, "/accounts/my-data/", holder.email)
    page.get_by_role("heading", name="Your data", level=1).wait_for()
    assert_accessible(axe, page)

    page.get_by_role("button", name="Stop the name search finding me").click()
    page.get_by_role("button", name="Let the name search find me again").wait_for()
    assert "no longer finds you" in page.get_by_role("status").first.inner_text()
    assert_accessible(axe, page)

    page.get_by_role("button", name="Ask for erasure").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)  # the error summary

    page.get_by_label("I understand").check()
    page.get_by_role("button", name="Ask for erasure").click()
    page.get_by_text("It waits for a credentialing officer").wait_for()
    assert_accessible(axe, page)
    assert ErasureRequest.objects.get(person=holder).status == ErasureStatus.PENDING

    with page.expect_download() as download:
        page.get_by_role("link", name="Download as JSON").click()
    assert download.value.suggested_filename.endswith(".json")


def test_the_officer_s_erasure_pages_are_accessible(
    live_server, page, axe, holder, cast, second_factor
) -> None:
    ErasureRequest.objects.create(person=holder, reason="Moving on.")
    _sign_in(page, live_server, "/accounts/erasure-requests/", cast.officer.email)
    second_factor(page, cast.officer)
    page.goto(live_server.url + "/accounts/erasure-requests/")
    page.get_by_role("heading", name="Requests for erasure").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Request #").first.click()
    page.get_by_role("button", name="Carry out the erasure").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Refuse the request").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Carry out the erasure").click()
    page.get_by_role("heading", name="Requests for erasure").wait_for()
    assert ErasureRequest.objects.get(person=holder).status == ErasureStatus.CARRIED_OUT
    assert_accessible(axe, page)
