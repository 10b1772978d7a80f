import datetime

import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from hallmark.certification import services

from factories import CertificateProgramFactory, ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def holders(cast):
    cesp = ProgramFactory(designation="CESP", name="Employment Support")
    course = CertificateProgramFactory(designation="CEF", name="Foundations Course")
    ada = UserFactory(legal_name="Ada Lovelace")
    hidden = UserFactory(legal_name="Ada Hidden")
    certification = services.issue_credential(ada, cesp, issued_on=datetime.date(2026, 3, 15))
    certificate = services.issue_credential(ada, course, issued_on=datetime.date(2026, 4, 1))
    private = services.issue_credential(hidden, cesp)
    private.listed_by_name = False
    private.save()
    return certification, certificate, private


def test_it_finds_holders_by_name_and_program(client, holders) -> None:
    certification, certificate, private = holders
    page = client.get(reverse("registry"), {"search-name": "ada"}).content.decode()
    assert certification.number in page and certificate.number in page
    assert private.number not in page  # opted out of name search
    assert "2 credentials found" in page
    page = client.get(
        reverse("registry"), {"search-name": "ada", "search-program": "CEF"}
    ).content.decode()
    assert certificate.number in page and certification.number not in page


def test_lookup_by_number_always_works_and_says_plainly_what_the_credential_is(
    client, holders
) -> None:
    certification, certificate, private = holders
    page = client.get(reverse("registry-lookup"), {"lookup-number": private.number.lower()})
    assert page.status_code == 200 and "Ada Hidden" in page.content.decode()
    page = client.get(reverse("registry-credential", args=[certificate.number])).content.decode()
    assert "A certificate of completion" in page and "It is not a certification." in page
    assert "Does not expire" in page
    page = client.get(reverse("registry-credential", args=[certification.number])).content.decode()
    assert "A certification:" in page and "15 March 2029" in page


def test_a_mistyped_number_is_caught_by_its_check_digits(client, holders) -> None:
    certification = holders[0]
    typo = (
        certification.number[:-4]
        + str((int(certification.number[-4]) + 1) % 10)
        + (certification.number[-3:])
    )
    page = client.get(reverse("registry-lookup"), {"lookup-number": typo})
    assert page.status_code == 400
    assert "check it for a mistyped character" in page.content.decode()


def test_an_unknown_number_is_a_404(client) -> None:
    assert client.get(reverse("registry-credential", args=["CESP-999999-00"])).status_code == 404


def test_the_api_returns_the_registry_entry_and_never_a_score(client, holders) -> None:
    certification = holders[0]
    response = client.get(f"/api/v1/credentials/{certification.number}")
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "certification" and body["is_certification"] is True
    assert body["status"] == "active" and body["expires_on"] == "2029-03-15"
    assert not any("score" in key for key in body)
    assert client.get("/api/v1/credentials/CESP-999999-00").status_code == 404
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/credentials/{number}" in schema["paths"]


API_V1_CREDENTIAL = [
    "number",
    "holder_name",
    "designation",
    "program_name",
    "kind",
    "kind_label",
    "is_certification",
    "status",
    "status_label",
    "issued_on",
    "expires_on",
]


# Added to version 1 later, so optional: null unless the policy discloses a sanction.
API_V1_OPTIONAL = ["sanction"]


def test_api_v1_publishes_these_registry_fields_and_no_others(client) -> None:
    """The schema follows RegistryEntry: a field added there must not enter version 1 unseen."""
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["CredentialOut"]
    assert list(schema["properties"]) == API_V1_CREDENTIAL + API_V1_OPTIONAL
    assert schema["required"] == API_V1_CREDENTIAL
    assert schema["properties"]["sanction"]["anyOf"] == [{"type": "string"}, {"type": "null"}]


def test_the_registry_is_rate_limited(client, settings, holders) -> None:
    settings.HALLMARK_RATE_LIMITS = {**settings.HALLMARK_RATE_LIMITS, "registry": 3}
    url = f"/api/v1/credentials/{holders[0].number}"
    assert [client.get(url).status_code for _ in range(4)] == [200, 200, 200, 429]
    # A lookup by the form is one request, counted once.
    settings.HALLMARK_RATE_LIMITS = {**settings.HALLMARK_RATE_LIMITS, "registry": 2}
    caches["ratelimit"].clear()
    form = reverse("registry-lookup")
    asked = [client.get(form, {"lookup-number": holders[0].number}) for _ in range(3)]
    assert [response.status_code for response in asked] == [200, 200, 429]
    response = client.get(reverse("registry"))
    assert response.status_code == 429 and int(response["Retry-After"]) <= 60


def test_suspension_and_revocation_show_in_the_registry(client, cast, holders) -> None:
    certification = holders[0]
    services.suspend_credential(certification, actor=cast.officer, reason="Under review")
    assert client.get(f"/api/v1/credentials/{certification.number}").json()["status"] == (
        "suspended"
    )
    services.revoke_credential(certification, actor=cast.officer, reason="Misconduct")
    page = client.get(reverse("registry-credential", args=[certification.number]))
    assert "Revoked" in page.content.decode()


def entry_url(credential) -> str:
    return f"/api/v1/credentials/{credential.number}"


def test_a_lookup_is_one_read_of_the_credential_and_writes_nothing(client, holders) -> None:
    """The API's answer and the registry page of an active credential: one SELECT each (the
    credential, its program and its latest probation); the rate limit counts outside the
    database."""
    certification = holders[0]
    for url in (
        entry_url(certification),
        reverse("registry-credential", args=[certification.number]),
    ):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        said = [query["sql"] for query in queries.captured_queries]
        assert len(said) == 1 and said[0].startswith("SELECT"), said
        assert "certification_credential" in said[0]


@pytest.mark.parametrize("where", ["api", "page"])
def test_a_registry_answer_is_cacheable_until_the_status_changes(
    client, cast, holders, where
) -> None:
    certification = holders[0]
    url = (
        entry_url(certification)
        if where == "api"
        else reverse("registry-credential", args=[certification.number])
    )
    first = client.get(url)
    etag = first["ETag"]
    assert first.status_code == 200 and first["Cache-Control"] == "public, max-age=60"
    assert etag.startswith('"') and len(etag) == 34
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304 and again.content == b"" and again["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH='"something else"').status_code == 200

    services.suspend_credential(certification, actor=cast.officer, reason="Under review")
    after = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert after.status_code == 200 and after["ETag"] != etag
    assert "uspended" in after.content.decode()
    assert client.get(url, HTTP_IF_NONE_MATCH=after["ETag"]).status_code == 304


def test_the_api_and_the_page_have_validators_of_their_own(client, holders) -> None:
    certification = holders[0]
    api = client.get(entry_url(certification))["ETag"]
    page = client.get(reverse("registry-credential", args=[certification.number]))["ETag"]
    assert api != page


def test_a_signed_in_visitors_page_is_for_their_browser_only(client, cast, holders) -> None:
    client.force_login(cast.candidate)
    page = client.get(reverse("registry-credential", args=[holders[0].number]))
    assert page.status_code == 200 and page["Cache-Control"] == "private, no-cache"
    assert not page.has_header("ETag")


def test_searches_refusals_and_unknown_numbers_are_not_kept_by_caches(
    client, settings, holders
) -> None:
    search = client.get(reverse("registry"), {"search-name": "ada"})
    assert search.status_code == 200 and "public" not in search.get("Cache-Control", "")
    assert not client.get("/api/v1/credentials/CESP-999999-00").has_header("ETag")
    settings.HALLMARK_RATE_LIMITS = {**settings.HALLMARK_RATE_LIMITS, "registry": 1}
    client.get(entry_url(holders[0]))
    for url in (entry_url(holders[0]), reverse("registry-credential", args=[holders[0].number])):
        refused = client.get(url)
        assert refused.status_code == 429 and refused["Cache-Control"] == "no-store"
        assert not refused.has_header("ETag") and int(refused["Retry-After"]) <= 60


def test_a_registry_page_varies_on_the_language_cookie_and_the_json_entry_does_not(
    client, holders
) -> None:
    """A signed-out reader picks Spanish with the switcher's cookie: a shared cache must not hand
    them the English copy it keeps for the same Accept-Language."""
    number = holders[0].number
    page = client.get(reverse("registry-credential", args=[number]), HTTP_ACCEPT_LANGUAGE="en")
    again = client.get(
        reverse("registry-credential", args=[number]), HTTP_IF_NONE_MATCH=page["ETag"]
    )
    for answer in (page, again):
        varies = {name.strip() for name in answer["Vary"].split(",")}
        assert {"Cookie", "Accept-Language"} <= varies, answer["Vary"]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    spanish = client.get(
        reverse("registry-credential", args=[number]),
        HTTP_ACCEPT_LANGUAGE="en",
        HTTP_IF_NONE_MATCH=page["ETag"],
    )
    assert spanish.status_code == 200 and "Fecha de emisión" in spanish.content.decode()
    entry = client.get(entry_url(holders[0]))
    assert "Cookie" not in entry.get("Vary", "")
