import pytest

from a11y import assert_accessible
from factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_404_page_is_accessible(live_server, page, axe) -> None:
    response = page.goto(live_server.url + "/no-such-page/")
    assert response.status == 404
    page.get_by_role("heading", name="Page not found", level=1).wait_for()
    assert_accessible(axe, page)


def test_the_403_pages_are_accessible(live_server, page, axe, cast) -> None:
    page.goto(live_server.url + "/accounts/sign-in/")
    page.context.clear_cookies()  # as if the browser had blocked them: the form's token is lost
    page.get_by_label("Email address").fill(cast.candidate.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Your form was not sent", level=1).wait_for()
    assert_accessible(axe, page)

    page.goto(live_server.url + "/accounts/sign-in/")
    page.get_by_label("Email address").fill(cast.candidate.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/portal/")
    response = page.goto(live_server.url + "/casework/")
    assert response.status == 403
    page.get_by_role("heading", name="You do not have access to this page", level=1).wait_for()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Go to your start page").click()
    page.wait_for_url(live_server.url + "/portal/")
