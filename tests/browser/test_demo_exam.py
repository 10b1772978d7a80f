"""`hallmark demo`, then a browser: the demo candidate starts the exam at once, answers,
reloads, resumes and submits."""

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from hallmark.accounts.demo import demo_password
from hallmark.exams.data import SessionStatus
from hallmark.exams.models import ExamSession

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_demo_candidate_takes_the_demo_exam(live_server, page) -> None:
    call_command("demo", no_serve=True)
    page.goto(live_server.url + "/accounts/sign-in/")
    page.get_by_label("Email address").fill("candidate@example.org")
    page.get_by_label("Password").fill(demo_password())
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("link", name="Start exam").click()
    page.get_by_label("I accept the candidate agreement").check()
    page.get_by_role("button", name="Continue").click()
    page.get_by_role("button", name="Begin the exam").click()
    first = page.get_by_role("heading", name="Question 1 of 135")
    first.wait_for()
    page.get_by_role("radio").nth(1).check()
    expect(page.get_by_role("status").filter(has_text="Sav")).to_have_text("Saved")
    chosen = page.get_by_role("radio").nth(1).get_attribute("value")

    page.reload()
    first.wait_for()
    page.goto(live_server.url + "/portal/")
    page.get_by_role("link", name="Resume exam").click()
    first.wait_for()
    expect(page.locator(f'input[type=radio][value="{chosen}"]')).to_be_checked()

    page.get_by_role("button", name="Review answers").click()
    expect(page.get_by_text("You answered 1 of 135 questions")).to_be_visible()
    page.get_by_role("button", name="Submit exam").click()
    page.get_by_role("button", name="Submit", exact=True).click()
    page.get_by_role("heading", name="Exam submitted").wait_for()
    session = ExamSession.objects.get(candidate__email="candidate@example.org")
    assert session.status == SessionStatus.SUBMITTED
    assert session.responses.exclude(selected="").count() == 1
