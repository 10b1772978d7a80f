"""A complainant looks their complaint up by its reference and their address; nobody else can."""

import pytest
from django.conf import settings

from hallmark.certification.complaints import services
from hallmark.certification.complaints.data import Scope

from factories import filed_complaint

pytestmark = pytest.mark.django_db
URL = "/complaints/status/"


def look_up(client, reference: str, email: str):
    return client.post(URL, {"reference": reference, "email": email})


def test_the_complainant_sees_where_it_stands_and_then_its_outcome(
    client, investigating, cast
) -> None:
    page = look_up(client, investigating.reference.lower(), "ANA.RUIZ@example.org")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Under investigation" in html and "Outcome due by" in html
    assert investigating.what_happened not in html  # the account itself is not shown again
    services.close_complaint(investigating, outcome="Support hours are fixed.", by=cast.officer)
    html = look_up(client, investigating.reference, "ana.ruiz@example.org").content.decode()
    assert "Closed" in html and "Support hours are fixed." in html


def test_a_wrong_address_or_reference_tells_nothing(client, complaint) -> None:
    for reference, email in [
        (complaint.reference, "someone.else@example.org"),
        ("CMP-2000-0001", "ana.ruiz@example.org"),
    ]:
        page = look_up(client, reference, email)
        assert page.status_code == 400
        assert "No complaint has this reference with this email address." in page.content.decode()


def test_an_anonymous_complaint_cannot_be_looked_up(client, program) -> None:
    anonymous = filed_complaint(program, complainant_email="")
    page = look_up(client, anonymous.reference, "")
    assert page.status_code == 400 and "There is a problem" in page.content.decode()


def test_lookups_are_rate_limited(client, complaint) -> None:
    limit = settings.HALLMARK_RATE_LIMITS["complaints"]
    codes = [
        look_up(client, complaint.reference, "x@example.org").status_code for _ in range(limit)
    ]
    assert codes == [400] * limit
    assert look_up(client, complaint.reference, "ana.ruiz@example.org").status_code == 429


def test_an_out_of_scope_complaint_shows_its_reason(client, complaint, cast) -> None:
    services.acknowledge(complaint, by=cast.officer)
    services.triage(
        complaint, Scope.OUT_OF_SCOPE, reason="It is about an employer.", by=cast.officer
    )
    html = look_up(client, complaint.reference, "ana.ruiz@example.org").content.decode()
    assert "It is about an employer." in html
