"""The public job-analysis survey passes axe-core's WCAG 2.1 A and AA rules in a real browser
on every kind of page, reads at a phone's width without scrolling sideways, and can be
answered with the keyboard alone."""

import re
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.core import mail
from playwright.sync_api import Page

from hallmark.jobanalysis import services
from hallmark.jobanalysis.models import Rating, Response, Study
from hallmark.programs.models import Competency

from a11y import assert_accessible
from factories import CompetencyFactory, ContentOutlineFactory, DomainFactory, ProgramFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LINK = re.compile(r"https://hallmark\.example\.org(/job-analysis/\d+/i/[\w-]+/)")
DOMAINS = {"1": "Job development", "2": "Job retention"}
STATEMENTS = {
    "1.1": "Identify employers whose needs match a job seeker's strengths.",
    "1.2": "Negotiate a customized job description with an employer.",
    "1.3": "Explain the effect of earnings on public benefits.",
    "2.1": "Arrange natural supports in the workplace.",
    "2.2": "Fade on-site support as the worker gains independence.",
}


@dataclass
class Survey:
    study: Study
    statements: dict[str, Competency]
    invitation_path: str


@pytest.fixture
def open_survey(cast) -> Survey:
    program = ProgramFactory(name="Employment Support", designation="CESP")
    outline = ContentOutlineFactory(program=program, title="CESP outline")
    statements = {}
    for d, title in DOMAINS.items():
        domain = DomainFactory(outline=outline, code=d, title=title, weight=Decimal(50), order=1)
        for code, text in STATEMENTS.items():
            if code.startswith(d):
                statements[code] = CompetencyFactory(
                    domain=domain, code=code, statement=text, order=int(code[-1])
                )
    study = services.create_study(program, outline, "2026 practice analysis", by=cast.manager)
    services.add_background_question(
        study, "setting", "Where do you work?", by=cast.manager, choices=["Community", "School"]
    )
    services.open_survey(study, by=cast.manager)
    people = [("ana.ruiz@example.org", "north", "community")]
    services.invite(study, people, by=cast.manager, base_url="https://hallmark.example.org")
    match = LINK.search(mail.outbox[-1].body)
    assert match
    return Survey(study, statements, match[1])


def rate(page: Page, survey: Survey, codes: list[str], value: int = 3) -> None:
    for code in codes:
        pk = survey.statements[code].pk
        page.locator(f"#id_r-{pk}-importance_{value}").check()
        page.locator(f"#id_r-{pk}-frequency_{value}").check()


def test_the_invitation_pages_are_accessible_from_welcome_to_thanks(
    live_server, page, axe, open_survey
) -> None:
    page.goto(live_server.url + open_survey.invitation_path)
    page.get_by_role("heading", name="2026 practice analysis").wait_for()
    assert_accessible(axe, page)  # the welcome

    page.get_by_role("button", name="Start the survey").click()
    page.get_by_role("heading", name="About you").wait_for()
    assert page.get_by_role("progressbar", name="Page 1 of 4").is_visible()
    assert_accessible(axe, page)  # the background questions
    page.get_by_label("School").check()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("heading", name="1. Job development").wait_for()
    assert_accessible(axe, page)  # a statements page
    rate(page, open_survey, ["1.1", "1.2", "1.3"])
    # A value no radio offers (as a tampered page would send) is refused on the page.
    pk = open_survey.statements["1.2"].pk
    page.locator(f"#id_r-{pk}-importance_3").evaluate("radio => { radio.value = '9'; }")
    page.get_by_role("button", name="Save and continue").click()
    summary = page.get_by_role("alert")
    summary.wait_for()
    assert_accessible(axe, page)  # a statements page in error
    summary.get_by_role("link", name=re.compile("Statement 1.2, importance")).click()
    assert page.evaluate("document.activeElement.id") == f"id_r-{pk}-importance_0"
    assert not Rating.objects.exists()
    rate(page, open_survey, ["1.2"])
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("heading", name="2. Job retention").wait_for()
    rate(page, open_survey, ["2.1"])
    page.get_by_role("button", name="Save and finish later").click()
    page.get_by_role("heading", name="Your answers are saved").wait_for()
    assert_accessible(axe, page)  # saved, with the personal link
    page.get_by_role("link", name="Carry on now").click()
    page.get_by_role("heading", name="2. Job retention").wait_for()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("heading", name="Check and send your answers").wait_for()
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)  # the review, listing what is unrated
    page.get_by_role("alert").get_by_role("link", name=re.compile("Statement 2.2")).click()
    page.get_by_role("heading", name="2. Job retention").wait_for()
    rate(page, open_survey, ["2.2"])
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="Check and send your answers").wait_for()
    assert_accessible(axe, page)  # the review, all rated
    page.get_by_role("button", name="Send my answers").click()
    page.get_by_role("heading", name="Thank you: your answers are sent").wait_for()
    assert_accessible(axe, page)
    assert Response.objects.get().completed_at is not None
    assert open_survey.study.invitations.get().completed_at is not None


def test_the_open_link_and_its_screening_are_accessible(
    live_server, page, axe, open_survey
) -> None:
    page.goto(f"{live_server.url}/job-analysis/{open_survey.study.pk}/")
    page.get_by_role("group", name=open_survey.study.screening_question).wait_for()
    assert_accessible(axe, page)  # the welcome with the screening question
    page.get_by_role("button", name="Start the survey").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)  # unanswered
    page.get_by_label("No", exact=True).check()
    page.get_by_role("button", name="Start the survey").click()
    page.get_by_role("heading", name="Thank you for your interest").wait_for()
    assert_accessible(axe, page)
    assert Response.objects.get().exclusion_reason == "screened out"


def test_a_statements_page_fits_a_phone(live_server, page, axe, open_survey) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(live_server.url + open_survey.invitation_path)
    page.get_by_role("button", name="Start the survey").click()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="1. Job development").wait_for()
    assert_accessible(axe, page)
    sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert sideways <= 0, f"the page scrolls {sideways} px sideways at 375 px"
    # The points of a scale wrap onto more lines rather than run off the screen.
    pk = open_survey.statements["1.1"].pk
    first = page.locator(f"#id_r-{pk}-frequency_0").bounding_box()
    last = page.locator(f"#id_r-{pk}-frequency_5").bounding_box()
    assert first and last and last["y"] > first["y"]
    assert last["x"] + last["width"] <= 375


def test_a_statements_page_is_answered_with_the_keyboard_alone(
    live_server, page, open_survey
) -> None:
    page.goto(live_server.url + open_survey.invitation_path)
    page.get_by_role("button", name="Start the survey").click()
    page.get_by_role("button", name="Save and continue").click()
    page.get_by_role("heading", name="1. Job development").wait_for()
    first = f"id_r-{open_survey.statements['1.1'].pk}-importance_0"
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == first:
            break
    assert page.evaluate("document.activeElement.id") == first
    for _ in range(6):  # three statements, two scales each
        page.keyboard.press("ArrowRight")  # the next point, checked: 1
        page.keyboard.press("ArrowRight")  # 2
        page.keyboard.press("Tab")  # on to the next radio group
    assert page.evaluate("document.activeElement.textContent") == "Save and continue"
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="2. Job retention").wait_for()
    saved = Rating.objects.filter(competency__domain__code="1").values_list("value", flat=True)
    assert sorted(saved) == [2] * 6
