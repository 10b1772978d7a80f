"""The appellant's pages (filing, with its errors, my appeals, the appeal and its outcome) and
the credential page that offers the appeal pass axe-core's WCAG 2.1 A and AA rules."""

import datetime

import pytest

from hallmark.accounts.data import Role
from hallmark.certification import services as credentials
from hallmark.certification.data import AppealOutcome, CredentialEventKind
from hallmark.programs.models import CasePolicy

from a11y import assert_accessible
from factories import PASSWORD, Bench, ProgramFactory, UserFactory, decided, panel_member

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def revoked(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    credentials.create_issuer_key()
    program = ProgramFactory(designation="CESP")
    CasePolicy.objects.create(program=program, effective_from=datetime.date(2020, 1, 1))
    person = UserFactory(email="ada@example.org", legal_name="Ada Lovelace")
    credential = credentials.issue_credential(person, program)
    credentials.revoke_credential(credential, actor=None, reason="Misused the mark.")
    return person, credential.events.get(kind=CredentialEventKind.REVOKED)


def test_the_appellants_pages_are_accessible(live_server, page, axe, revoked) -> None:
    person, event = revoked
    page.goto(live_server.url + "/credentials/mine/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.get_by_role("heading", name="My credentials").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Appeal this decision").click()
    page.get_by_role("heading", name="Appeal this decision").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="File my appeal").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)  # the error summary and the field in error
    page.get_by_label("Why should the decision change?").fill("I quoted the mark, no more.")
    page.get_by_role("button", name="File my appeal").click()
    page.get_by_role("heading", name="Appeal APL-").wait_for()
    assert_accessible(axe, page)
    appeal = event.appeals.get()
    officer = UserFactory(email="officer@example.org", roles=[Role.CREDENTIALING_OFFICER])
    bench = Bench(panel_member("chair"), panel_member("second"), panel_member("third"))
    decided(appeal, officer, bench, AppealOutcome.UPHELD)
    page.reload()
    page.get_by_role("heading", name="Outcome").wait_for()
    assert_accessible(axe, page)
    page.goto(live_server.url + "/appeals/")
    page.get_by_role("heading", name="My appeals").wait_for()
    assert_accessible(axe, page)
