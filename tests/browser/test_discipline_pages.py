"""The respondent's discipline case page passes axe-core's WCAG 2.1 A and AA rules in a real
browser: with the response form, with its error summary, and with the panel's decision."""

import datetime

import pytest

from hallmark.accounts.data import Role
from hallmark.certification import services
from hallmark.certification.data import Sanction
from hallmark.certification.discipline import services as discipline
from hallmark.programs.models import CasePolicy

from a11y import assert_accessible
from factories import PASSWORD, ProgramFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def case(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    services.create_issuer_key()
    program = ProgramFactory(designation="CESP")
    CasePolicy.objects.create(program=program, effective_from=datetime.date(2020, 1, 1))
    person = UserFactory(email="ada@example.org", legal_name="Ada Lovelace")
    credential = services.issue_credential(person, program)
    officer = UserFactory(roles=[Role.CREDENTIALING_OFFICER])
    case = discipline.open_case(
        program,
        person,
        by=officer,
        source="staff",
        allegations="Misrepresented the credential on a job application.",
        credential=credential,
    )
    discipline.send_notice(case, by=officer)
    case.officer = officer
    return case


def _sign_in(page, url: str) -> None:
    page.goto(url)
    page.get_by_label("Email address").fill("ada@example.org")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")


def test_the_respondent_page_and_its_errors_are_accessible(live_server, page, axe, case) -> None:
    _sign_in(page, f"{live_server.url}/discipline/mine/{case.reference}/")
    page.get_by_role("heading", name=f"Discipline case {case.reference}").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Send my response").click()
    page.get_by_role("heading", name="There is a problem").wait_for()
    assert_accessible(axe, page)


def test_the_decided_case_is_accessible(live_server, page, axe, case) -> None:
    officer = case.officer
    discipline.respond(case, by=case.respondent, response="I did not.")
    case = discipline.open_hearing(case, by=officer)
    members = [UserFactory(roles=[Role.PANEL_MEMBER]) for _ in range(3)]
    for i, member in enumerate(members):
        discipline.seat(case, member, by=officer, chair=i == 0)
    for seat in case.panel.sitting():
        discipline.vote(case, seat, by=seat.reviewer, sanction="probation", reason="Proven.")
    discipline.decide(
        case,
        by=members[0],
        sanction=Sanction.PROBATION,
        reasons="Proven, a first time.",
        probation_conditions="Six hours of ethics CE.",
        probation_ends_on=case.program.today() + datetime.timedelta(days=180),
    )
    _sign_in(page, f"{live_server.url}/discipline/mine/{case.reference}/")
    page.get_by_role("heading", name="The panel's decision").wait_for()
    assert page.get_by_role("link", name="appeal this decision").is_visible()
    assert_accessible(axe, page)
    page.get_by_role("link", name="appeal this decision").click()
    page.get_by_role("heading", name="Appeal this decision").wait_for()
    assert_accessible(axe, page)


def test_the_registry_page_of_a_sanctioned_credential_is_accessible(
    live_server, page, axe, case
) -> None:
    officer = case.officer
    discipline.respond(case, by=case.respondent, response="I did not.")
    case = discipline.open_hearing(case, by=officer)
    members = [UserFactory(roles=[Role.PANEL_MEMBER]) for _ in range(3)]
    for i, member in enumerate(members):
        discipline.seat(case, member, by=officer, chair=i == 0)
    for seat in case.panel.sitting():
        discipline.vote(case, seat, by=seat.reviewer, sanction="suspension", reason="Proven.")
    until = case.program.today() + datetime.timedelta(days=90)
    discipline.decide(
        case, by=members[0], sanction="suspension", reasons="Proven.", suspended_until=until
    )
    page.goto(f"{live_server.url}/registry/{case.credential.number}/")
    page.get_by_text(f"Suspended (disciplinary sanction) until {until.day}").wait_for()
    assert_accessible(axe, page)
