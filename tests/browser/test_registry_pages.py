import datetime

import pytest

from hallmark.certification import services

from a11y import assert_accessible
from factories import CertificateProgramFactory, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_registry_pages_have_no_accessibility_violations(live_server, page, axe) -> None:
    services.create_issuer_key()
    holder = UserFactory(legal_name="Ada Lovelace")
    certification = services.issue_credential(
        holder, ProgramFactory(designation="CESP"), issued_on=datetime.date(2026, 1, 5)
    )
    services.issue_credential(holder, CertificateProgramFactory(designation="CEF"))
    page.goto(live_server.url + "/registry/")
    assert_accessible(axe, page)
    page.get_by_label("Holder's name").fill("Ada")
    page.get_by_role("button", name="Search").click()
    page.get_by_role("heading", name="2 credentials found").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("link", name=f"CESP {certification.number}").click()
    page.get_by_role("heading", name="Ada Lovelace").wait_for()
    assert_accessible(axe, page)
    page.goto(live_server.url + "/registry/lookup/?lookup-number=CESP-000001-99")
    assert "mistyped" in page.get_by_role("alert").inner_text()
    assert_accessible(axe, page)
