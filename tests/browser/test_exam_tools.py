"""The candidate's tools in a real browser: the navigator, striking out, highlighting, text size,
high contrast, the calculator, reading aloud, the review's filters and the time warning, by
keyboard and by mouse, with axe-core on the pages they change; and moving between questions
without a reload."""

import datetime
import re

import pytest
from django.utils import timezone
from django.utils.html import strip_tags
from playwright.sync_api import Page, expect

from hallmark.accounts.data import Role
from hallmark.exams.data import AccommodationKind
from hallmark.exams.delivery import services as delivery
from hallmark.exams.models import ExamSession, Response
from hallmark.itembank.data import OPTION_LABELS
from hallmark.programs.models import Blueprint

from a11y import assert_accessible
from factories import (
    PASSWORD,
    ItemSetFactory,
    ProgramFactory,
    RegistrationAccommodationFactory,
    UserFactory,
    exam_registration,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def quick(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def sitting(
    items: int = 3, versions=None, calculator: bool = True, program=None, **blueprint
) -> ExamSession:
    """A candidate's exam, started (the tutorial and agreement have their own tests)."""
    person = UserFactory(roles=[Role.CANDIDATE], preferred_name="Sam")
    seat = exam_registration(program, items=items, candidate=person, versions=versions)
    Blueprint.objects.filter(pk=seat.window.blueprint_id).update(calculator=calculator, **blueprint)
    session = delivery.create_session(seat, by=person)
    delivery.accept_agreement(session, by=person)
    return delivery.start(session, by=person)


def accommodate(session: ExamSession, kind: AccommodationKind) -> None:
    """An approved accommodation of `kind` for the sitting's registration."""
    RegistrationAccommodationFactory(
        registration=session.registration, accommodation__kind=kind, accommodation__time_factor=None
    )


def open_exam(page: Page, live_server, session: ExamSession, number: int = 1) -> None:
    page.goto(live_server.url + "/accounts/sign-in/")
    page.get_by_label("Email address").fill(session.candidate.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/portal/exam/{session.pk}/questions/{number}/")
    page.get_by_role("heading", name=f"Question {number} of", level=1).wait_for()


def focus_on(page: Page, name: str, limit: int = 60) -> None:
    """Press Tab until the control named `name` has focus: it must be reachable by keyboard."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(
            page.evaluate(
                """() => { const e = document.activeElement;
                const label = e.labels && e.labels[0] && e.labels[0].innerText;
                return (e.getAttribute("aria-label") || label || e.innerText || "")
                  .trim().split("\\n")[0].trim(); }"""
            )
        )
        if seen[-1] == name:
            return
    raise AssertionError(f"{name!r} was not reached with Tab; focus went to {seen}")


def sideways(page: Page) -> int:
    """How far the page scrolls sideways, in CSS pixels."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def no_reload_since_marked(page: Page) -> bool:
    return page.evaluate("() => window.stillThisPage === true")


def test_the_tools_by_keyboard(live_server, page, axe) -> None:
    session = sitting()
    open_exam(page, live_server, session)
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)  # exam mode
    expect(page.get_by_role("banner")).to_contain_text("0 of 3 answered")
    page.evaluate("() => { window.stillThisPage = true; }")

    focus_on(page, "Strike out B")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Strike out B")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.locator(".option.struck")).to_have_count(1)

    focus_on(page, "Largest")  # text size, from the top of the page again
    page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_attribute("data-text-size", "3")
    focus_on(page, "High contrast")
    page.keyboard.press("Space")
    expect(page.locator("html")).to_have_attribute("data-contrast", "high")

    focus_on(page, "Calculator")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Calculator")).to_have_attribute("aria-expanded", "true")
    page.keyboard.type("12+3*2")
    page.keyboard.press("Enter")
    display = page.locator("#calculator-display")
    expect(display).to_have_text("30")  # one operation at a time, as a basic calculator
    expect(display).to_have_attribute("aria-live", "polite")
    page.keyboard.type("7/4=")
    expect(display).to_have_text("1.75")
    page.keyboard.press("Escape")
    expect(display).to_have_text("0")
    assert_accessible(axe, page)  # high contrast, largest text, calculator open

    focus_on(page, re.sub(r"\s+", " ", page.locator("label").first.inner_text()).strip())
    page.keyboard.press("Space")
    expect(page.get_by_role("status").filter(has_text="Sav")).to_have_text("Saved")
    expect(page.get_by_role("banner")).to_contain_text("1 of 3 answered")
    focus_on(page, "All questions (1 of 3 answered)")
    page.keyboard.press("Enter")  # the disclosure opens
    focus_on(page, "Question 2, unanswered")
    page.keyboard.press("ArrowRight")  # the arrow keys move between the questions too
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == (
        "Question 3, unanswered"
    )
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Question 3 of 3").wait_for()
    assert page.evaluate("() => document.activeElement.id") == "question-heading"
    assert page.url.endswith("/questions/3/") and no_reload_since_marked(page)
    session.refresh_from_db()
    assert session.current_position == 2  # the server journaled the move
    expect(page.locator("#navigator")).to_have_attribute("open", "")  # still open
    entry = page.get_by_role("button", name="Question 1, answered")
    expect(entry).to_be_visible()
    expect(page.get_by_role("button", name="Question 3, unanswered")).to_have_attribute(
        "aria-current", "step"
    )
    page.go_back()  # history: back to question 1, still without a reload
    page.get_by_role("heading", name="Question 1 of 3").wait_for()
    expect(page.locator(".option.struck")).to_have_count(1)
    assert no_reload_since_marked(page)

    focus_on(page, "Review answers")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Review your answers").wait_for()
    expect(page.locator("html")).to_have_attribute("data-contrast", "high")  # for the sitting
    page.evaluate("() => { window.stillThisPage = true; }")
    focus_on(page, "Unanswered")
    page.keyboard.press("Enter")
    expect(page.locator("tbody tr:visible")).to_have_count(2)
    expect(page.get_by_role("link", name="Unanswered")).to_have_attribute("aria-current", "true")
    expect(page.locator("#review-shown")).to_have_text("Showing 2 unanswered questions.")
    assert page.url.endswith("?show=unanswered") and no_reload_since_marked(page)
    assert_accessible(axe, page)  # the review, filtered


def test_the_tools_by_mouse_last_for_the_sitting(live_server, page, axe) -> None:
    session = sitting(calculator=False)
    open_exam(page, live_server, session)
    expect(page.get_by_role("button", name="Calculator")).to_have_count(0)
    assert page.evaluate("() => 'speechSynthesis' in window")  # it could speak: no reader, though
    expect(page.locator("#read-aloud")).to_have_count(0)
    page.get_by_role("button", name="Large", exact=True).click()
    page.get_by_role("button", name="Strike out C").click()
    stem = page.locator("#stem")
    stem.locator("p").first.dblclick()  # selects a word
    word = page.evaluate("() => window.getSelection().toString()").strip()
    assert word
    page.get_by_role("button", name="Highlight", exact=True).click()
    expect(stem.locator("mark")).to_have_text(word)
    page.get_by_role("radio").nth(0).check()
    page.get_by_role("button", name="Flag for review").click()
    expect(page.get_by_role("status").filter(has_text="Sav")).to_have_text("Saved")
    assert_accessible(axe, page)  # strike-through, highlight, large text

    page.reload()  # kept for the sitting, applied before the page paints
    page.get_by_role("heading", name="Question 1 of 3").wait_for()
    expect(page.locator("html")).to_have_attribute("data-text-size", "2")
    expect(page.get_by_role("button", name="Large", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(page.get_by_role("button", name="Strike out C")).to_have_attribute(
        "aria-pressed", "true"
    )
    expect(stem.locator("mark")).to_have_text(word)
    page.get_by_role("button", name="Remove highlights").click()
    expect(stem.locator("mark")).to_have_count(0)

    page.get_by_text("All questions").click()
    page.get_by_role("button", name="Question 2, unanswered").click()
    page.get_by_role("heading", name="Question 2 of 3").wait_for()
    expect(page.get_by_role("button", name="Strike out C")).to_have_attribute(
        "aria-pressed", "false"
    )  # strike-throughs are each question's own
    page.get_by_role("button", name="Review answers").click()
    page.get_by_role("link", name="Flagged").click()
    expect(page.locator("tbody tr:visible")).to_have_count(1)
    expect(page.locator("tbody tr:visible")).to_contain_text("Question 1")
    page.get_by_role("link", name="All").click()
    expect(page.locator("tbody tr:visible")).to_have_count(3)
    page.get_by_role("link", name="Question 1").click()
    page.get_by_role("heading", name="Question 1 of 3").wait_for()
    answer = Response.objects.get(session=session)
    assert answer.flagged and answer.selected


def test_a_small_screen_with_a_case_a_multiple_response_item_and_the_tools_open(
    live_server, page, axe
) -> None:
    program = ProgramFactory()
    case = ItemSetFactory(program=program)
    versions = {
        1: {"item_set": case, "kind": "multiple", "select": 2, "keys": ["A", "C"]},
        2: {"item_set": case},
    }
    person = UserFactory(roles=[Role.CANDIDATE])
    seat = exam_registration(program, items=3, candidate=person, versions=versions)
    Blueprint.objects.filter(pk=seat.window.blueprint_id).update(calculator=True)
    session = delivery.create_session(seat, by=person)
    delivery.accept_agreement(session, by=person)
    session = delivery.start(session, by=person)
    page.set_viewport_size({"width": 375, "height": 740})
    number = session.item_order.index(1) + 1
    open_exam(page, live_server, session, number)

    case_region = page.get_by_role("region", name=case.title)
    expect(case_region).to_contain_text("use this case")
    group = page.get_by_role("group", name="Select two")
    boxes = group.get_by_role("checkbox")
    boxes.nth(0).check()
    boxes.nth(2).check()
    boxes.nth(3).click()  # a third tick is refused, and the page says why
    expect(boxes.nth(3)).not_to_be_checked()
    expect(page.locator("#select-note")).to_contain_text("You can select only 2")
    expect(page.get_by_role("status").filter(has_text="Sav")).to_have_text("Saved")
    assert Response.objects.get(session=session).selected == "|".join(
        sorted(session.option_orders["1"][i] for i in (0, 2))
    )
    page.get_by_role("button", name="Calculator").click()
    page.locator("#navigator summary").click()
    page.get_by_role("button", name="High contrast").click()
    overflow = sideways(page)
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 375px"
    assert_accessible(axe, page)  # 375 px, calculator and navigator open, high contrast
    page.get_by_role("button", name="Largest").click()
    page.get_by_role("button", name="Review answers").click()
    page.get_by_role("link", name="Unanswered").click()
    assert sideways(page) <= 0, "the review scrolls sideways at 375px with the largest text"


def test_accommodations_switch_tools_on_and_a_warning_shows_with_the_timer_hidden(
    live_server, page, axe
) -> None:
    session = sitting(time_warnings=[3])
    for kind in (AccommodationKind.ENLARGED_TEXT, AccommodationKind.READER):
        accommodate(session, kind)
    soon = timezone.now() + datetime.timedelta(minutes=3, seconds=3)
    ExamSession.objects.filter(pk=session.pk).update(deadline_at=soon)
    open_exam(page, live_server, session)
    expect(page.locator("html")).to_have_attribute("data-text-size", "3")  # the accommodation
    speaks = page.evaluate("() => 'speechSynthesis' in window")
    expect(page.get_by_role("button", name="Read aloud")).to_have_count(1 if speaks else 0)
    page.get_by_role("button", name="Hide timer").click()
    warning = page.get_by_role("alert")
    expect(warning).to_contain_text("3 minutes left.", timeout=15000)
    expect(page.locator("#time-alert")).to_have_text("3 minutes left.")
    assert_accessible(axe, page)  # the warning shown
    page.get_by_role("button", name="Dismiss").click()
    expect(page.locator("#time-warning-text")).to_have_text("")

    # Leaving the running exam asks first; staying keeps the page.
    asked: list[str] = []

    def stay(dialog) -> None:
        asked.append(dialog.type)
        dialog.dismiss()

    page.on("dialog", stay)
    page.evaluate("() => { window.location.href = '/registry/'; }")
    page.wait_for_timeout(500)
    assert asked == ["beforeunload"]
    expect(page.get_by_role("heading", name="Question 1 of 3")).to_be_visible()


# Put in before the page's own scripts run: the browser's speak and cancel only record what they
# are given (a headless browser may have no voice), so that a test reads what would be said.
RECORD_SPEECH = """
if ("speechSynthesis" in window) {
  window.speech = { spoken: [], cancels: 0 };
  window.speechSynthesis.speak = (utterance) => { window.speech.spoken.push(utterance); };
  window.speechSynthesis.cancel = () => { window.speech.cancels += 1; };
}
"""


def spoken(page: Page) -> list[str]:
    """The text of every utterance the page has given the browser to speak."""
    return page.evaluate("() => window.speech.spoken.map((utterance) => utterance.text)")


def said_in_order(text: str, parts: list[str]) -> None:
    """Each part is in `text`, after the one before it."""
    at = 0
    for part in parts:
        found = text.find(part, at)
        assert found >= 0, f"{part!r} is not said after {text[:at]!r} in {text!r}"
        at = found + len(part)


def test_read_aloud_speaks_the_question_and_a_second_press_stops_it(live_server, page, axe) -> None:
    program = ProgramFactory()
    case = ItemSetFactory(program=program)
    session = sitting(program=program, versions={1: {"item_set": case}}, calculator=False)
    accommodate(session, AccommodationKind.READER)
    page.add_init_script(RECORD_SPEECH)
    number = session.item_order.index(1) + 1  # the question with the case
    open_exam(page, live_server, session, number)
    assert page.evaluate("() => 'speechSynthesis' in window"), "this Chromium cannot speak"
    reader = page.get_by_role("button", name="Read aloud")
    expect(reader).to_be_visible()
    expect(reader).to_have_attribute("aria-pressed", "false")
    assert spoken(page) == []

    focus_on(page, "Read aloud")
    page.keyboard.press("Enter")
    expect(reader).to_have_attribute("aria-pressed", "true")
    version = session.form.items.get(position=1).item_version
    shown = [version.options[OPTION_LABELS.index(label)] for label in session.option_orders["1"]]
    [text] = spoken(page)  # one utterance: heading, case, stem, then the options as shown
    heading = f"Question {number} of 3"
    # Each part ends with one stop: its own (the case's ".", the stem's "?") or an added ".".
    stimulus, stem = strip_tags(case.stimulus), strip_tags(version.stem)
    assert stimulus.endswith(".") and stem.endswith("?"), "the parts must end with their own stops"
    options = [f"{shown[0]}. ", *(f"{option}." for option in shown[1:])]
    said_in_order(text, [f"{heading}. ", f"{stimulus} ", f"{stem} ", *options])
    assert not re.search(r"[.?!:]\s*\.", text), f"a stop is said twice in {text!r}"
    assert_accessible(axe, page)  # the reader's button pressed

    stopped = page.evaluate("() => window.speech.cancels") + 1
    page.keyboard.press("Space")  # pressed again while it speaks: it stops
    page.wait_for_function("(n) => window.speech.cancels === n", arg=stopped)
    assert len(spoken(page)) == 1
    page.evaluate("() => window.speech.spoken[0].onend()")  # the browser has stopped speaking
    expect(reader).to_have_attribute("aria-pressed", "false")

    reader.click()  # by mouse it reads again; a failure to speak releases the button too
    expect(reader).to_have_attribute("aria-pressed", "true")
    assert spoken(page) == [text, text]
    page.evaluate("() => window.speech.spoken[1].onerror()")
    expect(reader).to_have_attribute("aria-pressed", "false")
