"""A newcomer goes from the home page to a program's page, its handbook and the application."""

import pytest

from hallmark.programs.demo_handbook import CEF_HANDBOOK, CESP_HANDBOOK

from a11y import assert_accessible
from factories import (
    PASSWORD,
    BlueprintFactory,
    CertificateProgramFactory,
    EligibilityCriterionFactory,
    EligibilityPolicyFactory,
    FeeFactory,
    FeeScheduleFactory,
    ProgramFactory,
    RetakePolicyFactory,
    TestingWindowFactory,
    published_handbook,
    published_outline,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def programs() -> None:
    cesp = ProgramFactory(designation="CESP", name="Employment Support Professional", is_demo=True)
    outline = published_outline(cesp, weights=(15, 22, 25, 23, 15), competencies_per_domain=3)
    BlueprintFactory(outline=outline, scored_length=115, pretest_length=20, time_limit_minutes=180)
    EligibilityCriterionFactory(policy=EligibilityPolicyFactory(program=cesp), code="education")
    FeeFactory(schedule=FeeScheduleFactory(program=cesp), kind="application")
    RetakePolicyFactory(program=cesp)
    TestingWindowFactory(program=cesp, name="CESP online")
    published_handbook(cesp, title="Candidate handbook", body=CESP_HANDBOOK)
    cef = CertificateProgramFactory(designation="CEF", name="Foundations Course")
    published_handbook(cef, title="Participant handbook", body=CEF_HANDBOOK)


def test_from_the_home_page_to_the_program_its_handbook_and_the_application(
    live_server, page, axe, cast, programs
) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Employment Support Professional (CESP)").click()
    page.get_by_role("heading", level=1, name="Employment Support Professional").wait_for()
    assert page.get_by_role("table", name="Domains and their weights").is_visible()
    assert_accessible(axe, page)

    page.get_by_role("link", name="Read the candidate handbook").click()
    page.get_by_role("heading", level=1, name="Candidate handbook").wait_for()
    assert page.get_by_role("heading", name="4. The exam").is_visible()
    assert_accessible(axe, page)

    page.get_by_role("link", name="Employment Support Professional").first.click()
    page.get_by_role("link", name="Apply for the CESP").click()
    page.get_by_role("heading", name="Sign in").wait_for()
    page.get_by_label("Email address").fill(cast.candidate.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Apply to Employment Support Professional (CESP)").wait_for()
    assert page.get_by_role("button", name="Start my application").is_visible()


def test_a_certificate_program_s_pages_are_accessible(live_server, page, axe, programs) -> None:
    page.goto(live_server.url + "/programs/CEF/")
    page.get_by_role("heading", level=1, name="Foundations Course").wait_for()
    assert "certification" not in page.locator("main").inner_text().lower()
    assert_accessible(axe, page)
    page.get_by_role("link", name="Read the participant handbook").click()
    page.get_by_role("heading", level=1, name="Participant handbook").wait_for()
    assert_accessible(axe, page)
