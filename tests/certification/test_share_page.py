"""A credential's share page: off until its holder switches it on, recorded in its history, with
Open Graph tags, and the "Add to LinkedIn profile" link."""

import datetime
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from hallmark.certification import services, sharing
from hallmark.certification.audit import chain_problem
from hallmark.certification.data import CredentialEventKind

from factories import ProgramFactory

pytestmark = pytest.mark.django_db

BASE = "https://cert.example.org"


@pytest.fixture(autouse=True)
def public_url(settings, issuer_key) -> None:
    """The site at its public address, with a signing key published there."""
    settings.PUBLIC_BASE_URL = BASE + "/"
    services.create_issuer_key()


@pytest.fixture
def credential(cast):
    program = ProgramFactory(designation="CESP", name="Certified Employment Support Professional")
    return services.issue_credential(cast.candidate, program, issued_on=datetime.date(2026, 3, 15))


def share(client: Client, credential, on: str = "yes"):
    url = reverse("credentials-share-switch", args=[credential.number])
    return client.post(url, {"on": on})


def page_of(client: Client, credential):
    return client.get(reverse("credentials-share", args=[credential.number]))


def meta(page: str) -> dict[str, str]:
    """The page's Open Graph and Twitter tags, property or name -> content."""
    found = re.findall(r'<meta (?:property|name)="((?:og|twitter):[^"]+)" content="([^"]*)"', page)
    return {name: unescape(content) for name, content in found}


def test_the_share_page_is_off_until_the_holder_switches_it_on(client, cast, credential) -> None:
    assert page_of(client, credential).status_code == 404
    client.force_login(cast.candidate)
    response = share(client, credential)
    assert response.status_code == 302
    assert response["Location"].endswith(f"#credential-{credential.pk}")
    credential.refresh_from_db()
    assert credential.shared
    client.logout()
    assert page_of(client, credential).status_code == 200
    client.force_login(cast.candidate)
    share(client, credential, "no")
    client.logout()
    assert page_of(client, credential).status_code == 404


def test_each_switch_is_an_event_of_the_signed_history(client, cast, credential) -> None:
    client.force_login(cast.candidate)
    share(client, credential)
    share(client, credential)  # already on: nothing to record
    share(client, credential, "no")
    events = list(credential.events.order_by("sequence"))
    assert [e.kind for e in events] == [
        CredentialEventKind.ISSUED,
        CredentialEventKind.SHARE_PAGE_ON,
        CredentialEventKind.SHARE_PAGE_OFF,
    ]
    assert events[1].actor == cast.candidate
    credential.refresh_from_db()
    assert chain_problem(credential) is None


def test_only_the_holder_may_switch_it(client, cast, credential) -> None:
    client.force_login(cast.outsider)
    assert share(client, credential).status_code == 404
    with pytest.raises(PermissionDenied):
        sharing.set_share_page(credential, on=True, by=cast.officer)
    credential.refresh_from_db()
    assert not credential.shared and credential.events.count() == 1
    client.logout()
    assert share(client, credential).status_code == 302  # to sign in
    assert "/accounts/sign-in/" in share(client, credential)["Location"]


def test_the_switch_is_a_post_with_the_csrf_token(cast, credential) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.candidate)
    assert share(client, credential).status_code == 403
    url = reverse("credentials-share-switch", args=[credential.number])
    assert client.get(url).status_code == 405
    assert client.post(url, {"on": "maybe"}).status_code == 403  # no token, no answer at all
    credential.refresh_from_db()
    assert not credential.shared


def test_a_bad_answer_changes_nothing(client, cast, credential) -> None:
    client.force_login(cast.candidate)
    assert share(client, credential, "maybe").status_code == 400
    credential.refresh_from_db()
    assert not credential.shared


def test_the_open_graph_tags_are_absolute(client, cast, credential) -> None:
    sharing.set_share_page(credential, on=True, by=cast.candidate)
    page = page_of(client, credential).content.decode()
    tags = meta(page.split("</head>", 1)[0])
    url = f"{BASE}/credentials/{credential.number}/share/"
    assert tags["og:url"] == url
    assert tags["og:image"] == f"{BASE}/credentials/badges/CESP.png"
    assert tags["og:type"] == "website" and tags["twitter:card"] == "summary"
    assert tags["og:site_name"]
    assert tags["og:title"] == (
        f"{credential.holder_name}: Certified Employment Support Professional (CESP)"
    )
    assert tags["og:description"].startswith("A certification, Certified Employment")
    assert "Status: Active." in tags["og:description"]
    image = client.get(urlsplit(tags["og:image"]).path)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"
    assert image.content.startswith(b"\x89PNG") and b"openbadgecredential" not in image.content


def test_the_page_shows_the_credential_with_links_to_check_it(client, cast, credential) -> None:
    sharing.set_share_page(credential, on=True, by=cast.candidate)
    page = page_of(client, credential).content.decode()
    assert credential.holder_name in page
    assert "Holds the certification Certified Employment Support Professional (CESP)." in page
    assert "This credential is active." in page
    assert reverse("program", args=["CESP"]) in page
    assert f"{BASE}/registry/{credential.number}/" in page
    assert reverse("credentials-verify") in page
    assert "linkedin.com" not in page  # a visitor has nothing to add to a profile


def test_a_revoked_credential_s_page_says_so(client, cast, credential) -> None:
    sharing.set_share_page(credential, on=True, by=cast.candidate)
    services.revoke_credential(credential, actor=cast.officer, reason="Fraud")
    page = page_of(client, credential).content.decode()
    assert "This credential has been revoked: it is no longer valid." in page
    assert "This credential is active." not in page
    assert "Status: Revoked." in meta(page)["og:description"]


def test_a_revoked_credential_s_page_offers_its_holder_no_linkedin_link(
    client, cast, credential
) -> None:
    sharing.set_share_page(credential, on=True, by=cast.candidate)
    services.revoke_credential(credential, actor=cast.officer, reason="Fraud")
    credential.refresh_from_db()
    assert sharing.linkedin_url(credential) is None
    client.force_login(cast.candidate)
    page = page_of(client, credential).content.decode()
    assert "This credential has been revoked: it is no longer valid." in page
    assert "Add to LinkedIn profile" not in page
    assert "linkedin.com" not in page


def test_an_expired_credential_s_page_says_so(client, cast, credential) -> None:
    sharing.set_share_page(credential, on=True, by=cast.candidate)
    services.expire_credential(credential, on=credential.expires_on + datetime.timedelta(days=1))
    page = page_of(client, credential).content.decode()
    assert "This credential expired on 15 March 2029: it is no longer current." in page
    assert "This credential is active." not in page


def test_the_linkedin_link_carries_the_documented_parameters(client, cast, credential) -> None:
    client.force_login(cast.candidate)
    mine = client.get(reverse("credentials-mine")).content.decode()
    link = unescape(re.search(r'href="(https://www\.linkedin\.com/[^"]+)"', mine).group(1))
    parts = urlsplit(link)
    assert (parts.netloc, parts.path) == ("www.linkedin.com", "/profile/add")
    params = {name: values[0] for name, values in parse_qs(parts.query).items()}
    assert params == {
        "startTask": "CERTIFICATION_NAME",
        "name": "Certified Employment Support Professional",
        "organizationName": "Hallmark",
        "issueYear": "2026",
        "issueMonth": "3",
        "expirationYear": str(credential.expires_on.year),
        "expirationMonth": str(credential.expires_on.month),
        "certUrl": f"{BASE}/registry/{credential.number}/",
        "certId": credential.number,
    }
    assert 'target="_blank" rel="noopener noreferrer"' in mine
    assert "opens in a new tab" in mine


def test_the_link_points_to_the_share_page_when_on(client, cast, credential, monkeypatch) -> None:
    monkeypatch.setenv(sharing.LINKEDIN_ORGANIZATION_VARIABLE, "1337")
    sharing.set_share_page(credential, on=True, by=cast.candidate)
    credential.refresh_from_db()
    params = parse_qs(urlsplit(sharing.linkedin_url(credential)).query)
    assert params["certUrl"] == [f"{BASE}/credentials/{credential.number}/share/"]
    assert params["organizationId"] == ["1337"] and "organizationName" not in params
    client.force_login(cast.candidate)
    page = page_of(client, credential).content.decode()
    assert "Add to LinkedIn profile" in page  # the holder's own view of their page


def test_my_credentials_says_whether_the_page_is_on(client, cast, credential) -> None:
    client.force_login(cast.candidate)
    page = client.get(reverse("credentials-mine")).content.decode()
    assert f"Switch the share page of {credential.number} on" in page
    share(client, credential)
    page = client.get(reverse("credentials-mine")).content.decode()
    assert f"Switch the share page of {credential.number} off" in page
    assert reverse("credentials-share", args=[credential.number]) in page
