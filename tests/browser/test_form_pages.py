"""Assembling forms in a real browser: the assemble page and the job's page pass axe-core's WCAG
2.1 A and AA rules, and the job's page follows the job to its forms without a reload; so does the
list of recent jobs."""

import pytest
from django.core.management import call_command

from hallmark.exams.models import Form

from a11y import assert_accessible
from factories import PASSWORD, form_bank

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("database_queue"),
]


def test_the_job_page_follows_the_assembly_to_its_forms(
    live_server, page, axe, cast, second_factor
) -> None:
    program = form_bank().outline.program
    page.goto(live_server.url + "/accounts/sign-in/")
    page.get_by_label("Email address").fill(cast.psychometrician.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    second_factor(page, cast.psychometrician)

    page.goto(f"{live_server.url}/forms/assemble/?program={program.designation}")
    page.get_by_role("heading", name=f"Assemble forms for {program.designation}").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("button", name="Assemble").click()
    status = page.get_by_role("status").filter(has_text="steps)")
    status.filter(has_text="Waiting for a worker").wait_for()
    assert_accessible(axe, page)

    call_command("worker", batch=True, verbosity=0)

    status.filter(has_text="Done: 2 draft form(s)").wait_for(timeout=10_000)
    first = Form.objects.order_by("code").first()
    page.get_by_role("link", name=first.code).wait_for()
    assert_accessible(axe, page)
    page.reload()
    assert page.get_by_role("link", name=first.code).is_visible()
    page.get_by_role("link", name="Recent jobs").click()
    page.get_by_role("heading", name="Recent jobs").wait_for()
    assert page.get_by_role("cell", name="Assemble forms").is_visible()
    assert_accessible(axe, page)
