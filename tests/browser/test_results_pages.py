"""The candidate's result pages and the panelist's pages pass axe-core's WCAG 2.1 A and AA rules."""

import pytest
from playwright.sync_api import Page, expect

from hallmark.results import services
from hallmark.results.data import KeyAction
from hallmark.results.reports import study_report

from a11y import assert_accessible
from factories import PASSWORD, keyed_form, scoring_ground, submitted_session

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEYS = ["A", "B", "C", "D", "A", "B"]


@pytest.fixture(autouse=True)
def quick(settings, tmp_path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"


def sign_in(page, live_server, person, path: str, heading: str) -> None:
    page.goto(live_server.url + path)
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.get_by_role("heading", name=heading).first.wait_for()


def test_the_result_pages_are_accessible(live_server, page, axe, cast) -> None:
    program, form, window = scoring_ground(KEYS, "4", cast.manager)
    failing = submitted_session(form, "ABDDCC", window=window)
    for answers in ("ABCDAB", "ABCDCC", "ABCCAB", "DDDDDD"):
        submitted_session(form, answers, window=window)
    run = services.score_window(window, form, by=cast.psychometrician)
    for item in run.flagged:
        services.override_key(
            form.items.get(position=item["position"]), action=KeyAction.KEEP, reason="Reviewed.",
            by=cast.psychometrician,
        )  # fmt: skip
    services.release(window, by=cast.psychometrician)
    result = run.results.get(session=failing)
    sign_in(page, live_server, failing.candidate, "/portal/", "My dashboard")
    assert_accessible(axe, page)  # the dashboard with its result link
    page.get_by_role("link", name=f"{program.designation} result").click()
    page.get_by_role("heading", name=f"Your {program.designation} result").wait_for()
    assert "Did not pass" in page.content()
    assert "less reliable" in page.content()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Ask for verification").click()
    page.get_by_text("Your request is recorded").wait_for()
    assert_accessible(axe, page)
    assert result.verifications.count() == 1


def test_the_verified_result_with_its_appeal_period_is_accessible(
    live_server, page, axe, cast
) -> None:
    program, form, window = scoring_ground(KEYS, "4", cast.manager)
    failing = submitted_session(form, "ABDDCC", window=window)
    for answers in ("ABCDAB", "ABCDCC", "ABCCAB", "DDDDDD"):
        submitted_session(form, answers, window=window)
    run = services.score_window(window, form, by=cast.psychometrician)
    for item in run.flagged:
        services.override_key(
            form.items.get(position=item["position"]), action=KeyAction.KEEP, reason="Reviewed.",
            by=cast.psychometrician,
        )  # fmt: skip
    services.release(window, by=cast.psychometrician)
    result = run.results.get(session=failing)
    request = services.request_verification(result, by=failing.candidate)
    services.decide_verification(request, changed=False, outcome="3 right.", by=cast.officer)
    sign_in(page, live_server, failing.candidate, f"/results/mine/{result.pk}/", "Your")
    page.get_by_text("You may appeal until").wait_for()
    assert page.get_by_role("link", name="appeal this result").get_attribute("href") == (
        f"/appeals/new/result/{result.pk}/"
    )
    assert_accessible(axe, page)
    assert program.designation in page.content()


def check_the_impact_disclosure(page: Page, axe, study) -> None:
    """The items come first; the impact table follows them, closed, and opens by keyboard."""
    rows = len(study_report(study).impact)
    assert rows  # the scored window gives impact data
    first = study.form.scored_items().first()
    rating = page.get_by_label(f"Probability for item {first.position}", exact=True)
    caption = "Pass rate each raw cut would give"
    table = page.get_by_role("table", name=caption, include_hidden=True)
    follows = (
        "(field, table) => !!(field.compareDocumentPosition(table)"
        " & Node.DOCUMENT_POSITION_FOLLOWING)"
    )
    assert rating.evaluate(follows, table.element_handle())
    summary = page.get_by_text(f"Impact: the pass rate at each possible cut ({rows} rows)")
    expect(table).to_be_hidden()
    assert_accessible(axe, page)  # the spread, the impact data closed
    summary.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("table", name=caption)).to_be_visible()
    assert page.locator("details.impact").get_attribute("open") is not None
    assert_accessible(axe, page)  # the impact table open


def test_the_panelist_pages_are_accessible(live_server, page, axe, cast) -> None:
    _program, form, window = scoring_ground(KEYS, "4", cast.manager)
    for answers in ("ABCDAB", "ABCDCC", "ABCCAB", "DDDDDD"):
        submitted_session(form, answers, window=window)
    services.score_window(window, form, by=cast.psychometrician)  # impact data for round 2
    study = services.create_study(form, title="CESP Angoff", by=cast.psychometrician)
    services.invite_panelist(study, cast.panelist, by=cast.psychometrician)
    services.open_round(study, by=cast.psychometrician)
    sign_in(page, live_server, cast.panelist, "/results/panel/", "My standard-setting studies")
    assert_accessible(axe, page)
    page.get_by_role("link", name="CESP Angoff").click()
    page.get_by_role("heading", name="Before you rate: CESP Angoff").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Sign and continue").click()
    page.get_by_role("alert").wait_for()
    assert_accessible(axe, page)  # the error: the box was not ticked
    page.get_by_label("I sign both statements").check()
    page.get_by_role("button", name="Sign and continue").click()
    page.get_by_role("heading", name="CESP Angoff: round 1").wait_for()
    assert_accessible(axe, page)
    for fi in form.scored_items():
        page.get_by_label(f"Probability for item {fi.position}", exact=True).select_option("0.70")
    page.get_by_role("button", name="Save my ratings").click()
    page.get_by_text("6 ratings saved").wait_for()
    services.open_round(study, by=cast.psychometrician)
    page.reload()
    page.get_by_role("heading", name="CESP Angoff: round 2").wait_for()
    check_the_impact_disclosure(page, axe, study)
    page.get_by_role("link", name="Answer the Hofstee questions").click()
    page.get_by_role("heading", name="Hofstee questions").wait_for()
    assert_accessible(axe, page)
    answers = {
        "lowest acceptable passing": "50",
        "highest acceptable passing": "80",
        "lowest acceptable fail": "10",
        "highest acceptable fail": "40",
    }
    for label, value in answers.items():
        page.get_by_label(label).fill(value)
    page.get_by_role("button", name="Save my answers").click()
    page.get_by_text("Your Hofstee answers are saved").wait_for()
    assert study.hofstee.count() == 1


def test_the_equating_page_is_accessible(live_server, page, axe, cast, second_factor) -> None:
    program, base, window = scoring_ground(KEYS, "4", cast.manager)
    other = keyed_form(program, keys=KEYS, code="CESP-B")
    window.forms.add(other)
    for answers in ("ABCDAB", "ABCDCC", "ABCCAB", "DDDDDD", "ABDDCC", "ABCDAA"):
        submitted_session(base, answers, window=window)
        submitted_session(other, answers[::-1], window=window)
    url = f"{live_server.url}/results/staff/forms/{other.pk}/equating/"
    page.goto(url)
    page.get_by_label("Email address").fill(cast.psychometrician.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    second_factor(page, cast.psychometrician)
    page.goto(url)
    page.get_by_role("heading", name="Equating: CESP-B").wait_for()
    assert_accessible(axe, page)  # no equating yet: the standard and the compute form
    page.get_by_label("Design").select_option("random-groups")
    page.get_by_label("Window of CESP-B's responses (post-equating)").select_option(str(window.pk))
    page.get_by_role("button", name="Compute the candidate methods").click()
    page.get_by_role("heading", name="Random groups").wait_for()
    assert_accessible(axe, page)  # the methods side by side and the approval form
    page.get_by_label("linear", exact=True).check()
    page.get_by_label("Why this method").fill("Smallest standard errors near the cut.")
    page.get_by_role("button", name="Approve the equating").click()
    page.get_by_text("Approved the linear equating").wait_for()
    assert_accessible(axe, page)
