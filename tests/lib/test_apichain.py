"""The JSON API's shorter middleware chain (hallmark.lib.apichain): an answer carries every
header a page carries, and nothing about a session, even for a browser that is signed in."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hallmark.certification import services
from hallmark.lib.apichain import ApiChainMiddleware

from factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADERS = [
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "Referrer-Policy",
    "Cross-Origin-Opener-Policy",
    "X-Request-ID",
    "Content-Length",
]


@pytest.fixture
def number(cast) -> str:
    services.create_issuer_key()
    ada = UserFactory(legal_name="Ada Lovelace")
    program = ProgramFactory(designation="CESP")
    return services.issue_credential(ada, program, issued_on=datetime.date(2026, 3, 15)).number


def test_an_api_answer_has_the_pages_headers_and_no_session(client, number) -> None:
    page = client.get(reverse("registry"))
    answer = client.get(f"/api/v1/credentials/{number}")
    assert answer.status_code == 200
    for header in HEADERS:
        assert answer.has_header(header), header
        if header not in ("X-Request-ID", "Content-Length"):
            assert answer[header] == page[header], header
    assert "Vary" not in answer and not answer.cookies


def test_a_signed_in_browser_s_lookup_reads_no_session(client, cast, number) -> None:
    client.force_login(cast.candidate)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(f"/api/v1/credentials/{number}").status_code == 200
    assert len(queries.captured_queries) == 1, queries.captured_queries
    assert "django_session" not in queries.captured_queries[0]["sql"]
    # Pages still have the session: the portal knows who is signed in.
    assert client.get(reverse("portal")).status_code == 200


def test_a_layer_with_a_handler_hook_is_refused(settings) -> None:
    settings.API_MIDDLEWARE = ["django.middleware.csrf.CsrfViewMiddleware"]
    with pytest.raises(ImproperlyConfigured, match="CsrfViewMiddleware"):
        ApiChainMiddleware(lambda request: None)  # type: ignore[arg-type, return-value]
