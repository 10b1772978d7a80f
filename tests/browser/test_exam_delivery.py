"""A whole exam in a real browser, by keyboard only, with axe-core on every page type."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from hallmark.accounts.data import Role
from hallmark.exams.data import SessionEventKind, SessionStatus
from hallmark.exams.models import ExamSession, Response

from a11y import assert_accessible
from factories import PASSWORD, UserFactory, exam_registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SAVED = "Saved"
OFFLINE = "Offline — your answers are kept in this browser and will be sent"
RETRYING = "Not saved yet — trying again; your answers are kept in this browser"


@pytest.fixture(autouse=True)
def quick(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def candidate():
    person = UserFactory(roles=[Role.CANDIDATE], email="sam.candidate@example.org")
    exam_registration(items=3, candidate=person)
    return person


def focused_name(page: Page) -> str:
    return page.evaluate(
        """() => { const e = document.activeElement;
        if (!e) return "";
        const text = (e.labels && e.labels.length) ? e.labels[0].innerText
          : (e.getAttribute("aria-label") || e.innerText || e.value || "");
        return text.trim().split("\\n")[0].trim(); }"""
    )


def tab_to(page: Page, name: str, limit: int = 40) -> None:
    """Press Tab until the control named `name` has focus: it must be reachable by keyboard."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        seen.append(focused_name(page))
        if seen[-1] == name or seen[-1].startswith(name + " ("):
            return
    raise AssertionError(f"{name!r} was not reached with Tab; focus went to {seen}")


def sign_in_by_keyboard(
    page: Page, live_server, person, second_factor=None, start: str = "My dashboard"
) -> None:
    """Sign in with the keyboard alone; the person lands on their start page, headed `start`."""
    page.goto(live_server.url + "/accounts/sign-in/")
    tab_to(page, "Email address")
    page.keyboard.type(person.email)
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    if second_factor is not None:
        second_factor(page, person)
    page.get_by_role("heading", name=start, level=1).wait_for()


def saved(page: Page) -> None:
    expect(page.get_by_role("status").filter(has_text=re.compile("Sav"))).to_have_text(SAVED)


def test_a_whole_exam_by_keyboard_with_no_accessibility_violations(
    live_server, page, axe, candidate
) -> None:
    sign_in_by_keyboard(page, live_server, candidate)
    assert_accessible(axe, page)  # the dashboard, with "Start exam"
    tab_to(page, "Start exam")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Before you begin").wait_for()
    assert_accessible(axe, page)
    tab_to(page, "Continue")
    page.keyboard.press("Enter")  # the box not ticked: the error summary says so
    expect(page.get_by_role("alert").get_by_role("link")).to_have_text(
        "Tick the box to accept the candidate agreement."
    )
    assert_accessible(axe, page)  # the agreement with its error summary
    tab_to(page, "I accept the candidate agreement")
    page.keyboard.press("Space")
    tab_to(page, "Continue")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="How the exam works").wait_for()
    assert_accessible(axe, page)  # the tutorial
    tab_to(page, "Begin the exam")
    page.keyboard.press("Enter")

    page.get_by_role("heading", name="Question 1 of 3").wait_for()
    session = ExamSession.objects.get(candidate=candidate)
    stem = page.locator("#stem").inner_text().strip()
    group = page.get_by_role("radiogroup", name=stem)
    expect(group.get_by_role("radio")).to_have_count(4)
    # The page names each option by its place on screen, never by its label in the item.
    values = group.get_by_role("radio").evaluate_all("radios => radios.map(r => r.value)")
    assert values == ["1", "2", "3", "4"]
    expect(page.get_by_role("timer")).to_contain_text("Time left")
    assert_accessible(axe, page)  # an item
    tab_to(page, group.get_by_role("radio").nth(0).evaluate("e => e.labels[0].innerText.trim()"))
    page.keyboard.press("ArrowDown")  # the arrow keys move within the options and choose
    saved(page)
    second = session.option_orders[str(session.item_order[0])][1]
    assert Response.objects.get(session=session).selected == second
    page.keyboard.press("Enter")  # Enter on an option: the next question

    page.get_by_role("heading", name="Question 2 of 3").wait_for()
    tab_to(page, page.get_by_role("radio").nth(0).evaluate("e => e.labels[0].innerText.trim()"))
    page.keyboard.press("Space")
    tab_to(page, "Flag for review")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Flag for review")).to_have_attribute(
        "aria-pressed", "true"
    )
    saved(page)
    tab_to(page, "Next")
    page.keyboard.press("Enter")

    page.get_by_role("heading", name="Question 3 of 3").wait_for()
    page.reload()  # resume: the same question, the server's time
    page.get_by_role("heading", name="Question 3 of 3").wait_for()
    tab_to(page, "Hide timer")
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Hide timer")).to_have_attribute("aria-pressed", "true")
    tab_to(page, "Review answers")
    page.keyboard.press("Enter")

    page.get_by_role("heading", name="Review your answers").wait_for()
    expect(page.get_by_text("You answered 2 of 3 questions; 1 flagged")).to_be_visible()
    assert_accessible(axe, page)  # the review
    tab_to(page, "Submit exam")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Submit your exam?").wait_for()
    assert_accessible(axe, page)  # the confirmation
    tab_to(page, "Submit")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Exam submitted").wait_for()
    assert_accessible(axe, page)  # the result page (results are released later)
    session.refresh_from_db()
    assert session.status == SessionStatus.SUBMITTED and not session.submitted_by_server
    assert session.responses.exclude(selected="").count() == 2


def test_offline_answers_are_kept_and_sent_when_back(live_server, page, candidate) -> None:
    sign_in_by_keyboard(page, live_server, candidate)
    page.get_by_role("link", name="Start exam").click()
    page.get_by_label("I accept the candidate agreement").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Begin the exam").click()
    page.get_by_role("heading", name="Question 1 of 3").wait_for()
    page.context.set_offline(True)
    page.get_by_role("radio").nth(2).check()
    expect(page.get_by_role("status").filter(has_text="Offline")).to_have_text(OFFLINE)
    session = ExamSession.objects.get(candidate=candidate)
    assert not Response.objects.filter(session=session).exists()
    kept = page.evaluate(f"() => localStorage.getItem('hallmark-exam-{session.pk}')")
    assert '"pending":[{' in kept
    page.context.set_offline(False)
    saved(page)
    third = session.option_orders[str(session.item_order[0])][2]
    assert Response.objects.get(session=session).selected == third


def test_the_exam_is_usable_at_200_percent_zoom(live_server, page, axe, candidate) -> None:
    page.set_viewport_size({"width": 640, "height": 480})  # 1280 x 960 at 200%
    sign_in_by_keyboard(page, live_server, candidate)
    page.get_by_role("link", name="Start exam").click()
    page.get_by_label("I accept the candidate agreement").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Begin the exam").click()
    page.get_by_role("heading", name="Question 1 of 3").wait_for()
    overflow = page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at 200% zoom"
    for name in ("Next", "Flag for review", "Review answers"):
        assert page.get_by_role("button", name=name).is_visible()
    page.get_by_role("radio").nth(1).check()
    saved(page)
    assert_accessible(axe, page)


def test_a_proctor_pause_reaches_the_candidate_page(
    live_server, page, axe, browser, second_factor
) -> None:
    proctor = UserFactory(roles=[Role.PROCTOR], email="pat.proctor@example.org")
    person = UserFactory(roles=[Role.CANDIDATE], email="lee.candidate@example.org")
    seat = exam_registration(items=2, candidate=person, launch_code_required=True)
    seat.window.proctors.add(proctor)
    sign_in_by_keyboard(page, live_server, person)
    page.get_by_role("link", name="Start exam").click()
    page.get_by_label("I accept the candidate agreement").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_label("Launch code").wait_for()
    assert_accessible(axe, page)  # the tutorial with its launch code field

    desk = browser.new_context().new_page()
    sign_in_by_keyboard(desk, live_server, proctor, second_factor, start="Proctoring")
    desk.get_by_role("link", name=re.compile("Window")).first.click()
    assert_accessible(axe, desk)
    desk.get_by_role("link", name=str(person)).click()
    desk.get_by_label("I confirmed the candidate's identity").check()
    desk.get_by_role("button", name="Check in").click()
    code = desk.locator("dd code").last.inner_text()
    assert_accessible(axe, desk)

    page.get_by_label("Launch code").fill(code)
    page.get_by_role("button", name="Begin the exam").click()
    page.get_by_role("heading", name="Question 1 of 2").wait_for()
    desk.reload()
    desk.get_by_label("Reason to pause").fill("Fire alarm")
    desk.get_by_role("button", name="Pause").click()
    # Refused: the page moves to the paused screen. click(), not check(): check() would then
    # wait for a radio button that the paused screen no longer has.
    page.get_by_role("radio").first.click()
    page.get_by_role("heading", name="Your exam is paused").wait_for()
    assert_accessible(axe, page)
    desk.get_by_role("button", name="Resume").click()
    page.get_by_role("heading", name="Question 1 of 2").wait_for(timeout=15000)
    session = ExamSession.objects.get(candidate=person)
    kinds = list(session.events.values_list("kind", flat=True))
    assert kinds[:4] == ["check-in", "start", "pause", "refused"] and "resume" in kinds
    desk.context.close()


def test_the_last_minute_is_announced_and_the_server_ends_the_exam(
    live_server, page, candidate
) -> None:
    sign_in_by_keyboard(page, live_server, candidate)
    page.get_by_role("link", name="Start exam").click()
    page.get_by_label("I accept the candidate agreement").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Begin the exam").click()
    page.get_by_role("heading", name="Question 1 of 3").wait_for()
    session = ExamSession.objects.get(candidate=candidate)
    soon = timezone.now() + datetime.timedelta(seconds=63)
    ExamSession.objects.filter(pk=session.pk).update(deadline_at=soon)
    page.reload()
    alert = page.locator("#time-alert")
    expect(alert).to_have_attribute("aria-live", "polite")
    expect(alert).to_have_text("1 minute left.", timeout=15000)
    expect(page.get_by_role("timer")).to_contain_text("0:00:5")
    ExamSession.objects.filter(pk=session.pk).update(
        deadline_at=timezone.now() + datetime.timedelta(seconds=2)
    )
    page.reload()
    page.get_by_role("heading", name="Exam submitted").wait_for(timeout=15000)
    expect(page.get_by_text("Your time was up")).to_be_visible()
    session.refresh_from_db()
    assert session.status == SessionStatus.SUBMITTED and session.submitted_by_server


def begin(page: Page, live_server, person) -> None:
    sign_in_by_keyboard(page, live_server, person)
    page.get_by_role("link", name="Start exam").click()
    page.get_by_label("I accept the candidate agreement").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Begin the exam").click()
    page.get_by_role("heading", name="Question 1 of 3").wait_for()


def test_a_refused_autosave_is_never_shown_as_saved(live_server, page, candidate) -> None:
    begin(page, live_server, candidate)
    refusal = {"saved": False, "reason": "sequence must run from 1 to 1000000: got 0."}
    page.route("**/autosave/", lambda route: route.fulfill(status=400, json=refusal))
    page.get_by_role("radio").nth(1).check()
    status = page.locator("#save-status")  # role="status"
    expect(status).to_contain_text("Not saved: sequence must run from 1 to 1000000")
    page.wait_for_timeout(500)
    expect(status).not_to_have_text(SAVED)
    page.unroute("**/autosave/")
    page.route("**/autosave/", lambda route: route.fulfill(status=500, body="down"))
    page.get_by_role("radio").nth(2).check()
    expect(status).to_have_text(RETRYING)
    page.unroute("**/autosave/")  # the server is back: the kept change goes through
    saved(page)
    session = ExamSession.objects.get(candidate=candidate)
    third = session.option_orders[str(session.item_order[0])][2]
    assert Response.objects.get(session=session).selected == third


def test_failed_saves_are_retried_until_the_newest_answer_is_saved(
    live_server, page, axe, candidate
) -> None:
    """The server fails autosaves for a while (503, as a load balancer answers with no app
    server behind it): the page says it is retrying, keeps the answers, drops the one the
    candidate changed meanwhile, and says Saved once the newest is stored."""
    begin(page, live_server, candidate)
    posted: list[int] = []
    down = True

    def autosave(route) -> None:
        posted.append(route.request.post_data_json["choice"])
        if down:
            route.fulfill(status=503, body="No server is available to handle this request.")
        else:
            route.continue_()

    page.route("**/autosave/", autosave)
    status = page.locator("#save-status")  # role="status"
    page.get_by_role("radio").nth(1).check()
    expect(status).to_have_text(RETRYING)
    assert_accessible(axe, page)  # the item with the retry message
    page.get_by_role("radio").nth(2).check()  # a newer answer while the first waits
    for _ in range(300):  # the newer answer is tried, and fails too
        if 3 in posted:
            break
        page.wait_for_timeout(100)
    assert 3 in posted, f"only the older answer was tried: {posted}"
    expect(status).to_have_text(RETRYING)
    down = False  # the server is back
    saved(page)
    session = ExamSession.objects.get(candidate=candidate)
    third = session.option_orders[str(session.item_order[0])][2]
    assert Response.objects.get(session=session).selected == third
    # The older answer was dropped once the newer came: only the newer went after it, and
    # only the newer was written.
    first_newer = posted.index(3)
    assert posted[:first_newer] == [2] * first_newer
    assert set(posted[first_newer:]) == {3}
    answers = session.events.filter(kind=SessionEventKind.ANSWER)
    assert [event.data["choice"] for event in answers] == [3]


def test_a_second_device_takes_the_exam_over(
    live_server, page, axe, browser, second_factor
) -> None:
    proctor = UserFactory(roles=[Role.PROCTOR], email="pat.proctor@example.org")
    person = UserFactory(roles=[Role.CANDIDATE], email="kim.candidate@example.org")
    exam_registration(items=3, candidate=person).window.proctors.add(proctor)
    begin(page, live_server, person)

    phone = browser.new_context().new_page()
    sign_in_by_keyboard(phone, live_server, person)
    phone.get_by_role("link", name="Resume exam").click()
    phone.get_by_role("heading", name="Your exam continues on another device").wait_for()
    assert_accessible(axe, phone)
    tab_to(phone, "Continue the exam on this device")
    phone.keyboard.press("Enter")
    phone.get_by_role("heading", name="Question 1 of 3").wait_for()

    page.get_by_role("radio").nth(1).click()  # the first device learns, and saves nothing
    page.get_by_role("heading", name="Your exam continues on another device").wait_for()
    session = ExamSession.objects.get(candidate=person)
    assert not Response.objects.filter(session=session).exists()
    phone.get_by_role("radio").nth(2).check()
    expect(phone.get_by_role("status").filter(has_text=re.compile("Sav"))).to_have_text(SAVED)

    desk = browser.new_context().new_page()
    sign_in_by_keyboard(desk, live_server, proctor, second_factor, start="Proctoring")
    desk.goto(f"{live_server.url}/portal/proctor/sessions/{session.pk}/")
    expect(desk.get_by_role("cell", name="Device takeover")).to_be_visible()
    assert_accessible(axe, desk)
    phone.context.close()
    desk.context.close()


def test_the_first_devices_clock_learns_of_a_takeover(live_server, page, browser) -> None:
    person = UserFactory(roles=[Role.CANDIDATE], email="ash.candidate@example.org")
    exam_registration(items=3, candidate=person)
    page.clock.install()
    begin(page, live_server, person)
    phone = browser.new_context().new_page()
    sign_in_by_keyboard(phone, live_server, person)
    phone.goto(live_server.url + "/portal/")
    phone.get_by_role("link", name="Resume exam").click()
    phone.get_by_role("button", name="Continue the exam on this device").click()
    phone.get_by_role("heading", name="Question 1 of 3").wait_for()
    page.clock.run_for(31_000)  # the timer checks the server's clock every 30 seconds
    page.get_by_role("heading", name="Your exam continues on another device").wait_for()
    phone.context.close()
