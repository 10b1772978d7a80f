"""The 404, 403 and 500 pages in the site's own look, with their status codes (DEBUG is off)."""

import re

import pytest
from django.conf import settings
from django.test import Client, RequestFactory
from django.views.defaults import server_error

from hallmark.accounts.data import Role

from factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def heading(response) -> str:
    return re.search(r"<h1>(.*?)</h1>", response.content.decode()).group(1)


def test_the_tests_run_as_production_does() -> None:
    assert settings.DEBUG is False


def test_an_unknown_address_is_a_styled_404_that_offers_a_sign_in(client) -> None:
    response = client.get("/no-such-page/")
    text = response.content.decode()
    assert response.status_code == 404 and heading(response) == "Page not found"
    assert 'nav aria-label="Main"' in text and "Skip to main content" in text
    assert 'href="/accounts/sign-in/?next=/no-such-page/"' in text
    assert 'href="/registry/"' in text


def test_a_signed_in_person_is_offered_their_start_page(client) -> None:
    client.force_login(UserFactory(roles=[Role.PSYCHOMETRICIAN]))
    response = client.get("/items/999999/")
    text = response.content.decode()
    assert response.status_code == 404 and heading(response) == "Page not found"
    assert '<a href="/results/staff/">Go to your start page</a>' in text
    assert "/accounts/sign-in/?next=" not in text


def test_a_refusal_in_a_staff_view_is_a_styled_403(client) -> None:
    candidate = UserFactory(email="candidate@example.org", roles=[Role.CANDIDATE])
    client.force_login(candidate)
    response = client.get("/casework/")
    text = response.content.decode()
    assert response.status_code == 403
    assert heading(response) == "You do not have access to this page"
    assert "signed in as candidate@example.org" in text
    assert '<a href="/portal/">Go to your start page</a>' in text


def test_a_post_without_its_security_token_is_refused_on_a_styled_page(cast) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/accounts/sign-in/", {"username": cast.officer.email, "password": PASSWORD}
    )
    assert response.status_code == 403 and heading(response) == "Your form was not sent"
    assert "_auth_user_id" not in client.session
    # The refusal hands out a fresh token, so the form works once the page is reloaded.
    form = client.get("/accounts/sign-in/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.content.decode())
    signed = {
        "username": cast.candidate.email,
        "password": PASSWORD,
        "csrfmiddlewaretoken": token.group(1),
    }
    assert client.post("/accounts/sign-in/", signed).status_code == 302


def test_the_500_page_needs_no_context_and_no_database(django_assert_num_queries) -> None:
    with django_assert_num_queries(0):
        response = server_error(RequestFactory().get("/"))
    text = response.content.decode()
    assert response.status_code == 500 and heading(response) == "Something went wrong"
    assert 'href="/registry/"' in text and "Skip to main content" in text
