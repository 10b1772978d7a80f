"""The holder's "My credentials" page and its section on the dashboard."""

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from hallmark.certification import services

from factories import CertificateProgramFactory, ProgramFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def both(cast):
    return (
        services.issue_credential(cast.candidate, ProgramFactory(designation="CESP")),
        services.issue_credential(cast.candidate, CertificateProgramFactory(designation="CEF")),
    )


def test_a_visitor_is_asked_to_sign_in(client) -> None:
    assert client.get(reverse("credentials-mine")).status_code == 302


def test_the_holder_sees_each_credential_with_its_downloads(client, cast, both) -> None:
    certification, certificate = both
    client.force_login(cast.candidate)
    page = client.get(reverse("credentials-mine")).content.decode()
    for credential in both:
        assert reverse("credentials-json", args=[credential.number]) in page
        assert reverse("credentials-pdf", args=[credential.number]) in page
        assert reverse("credentials-wallet", args=[credential.number]) in page
        assert reverse("credentials-badge-png", args=[credential.number]) in page
        assert reverse("credentials-badge-svg", args=[credential.number]) in page
    assert f"Certificate of completion of {certificate.number} (PDF)" in page
    assert f"Certificate of {certification.number} (PDF)" in page
    assert f"Badge of {certificate.number} with the signed credential baked in (PNG image)" in page


def test_others_see_only_their_own(client, cast, both) -> None:
    client.force_login(cast.outsider)
    page = client.get(reverse("credentials-mine")).content.decode()
    assert "No credentials yet." in page
    assert both[0].number not in page


def test_the_dashboard_section_lists_them_and_links_here(cast, both) -> None:
    request = RequestFactory().get("/portal/")
    request.user = cast.candidate
    html = Template("{% load certification %}{% my_credentials %}").render(
        Context({"request": request})
    )
    assert f"certification {both[0].number}, active" in html
    assert f"certificate of completion {both[1].number}, active" in html
    assert reverse("credentials-mine") in html
    request.user = cast.outsider
    html = Template("{% load certification %}{% my_credentials %}").render(
        Context({"request": request})
    )
    assert "No credentials yet." in html
