"""The technical report's page, with its charts and tables, passes axe-core's WCAG 2.1 A and AA
rules."""

import pytest

from a11y import assert_accessible
from factories import PASSWORD
from factories.job_analysis import adopted_study
from factories.technical import technical_ground

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def quick(settings, tmp_path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"


def test_the_technical_report_page_is_accessible(
    live_server, page, axe, cast, second_factor
) -> None:
    adopted_study(technical_ground(cast).program, cast.manager)  # the job-analysis chapter too
    person = cast.psychometrician
    page.goto(f"{live_server.url}/results/staff/report/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    second_factor(page, person)
    page.goto(f"{live_server.url}/results/staff/report/")
    page.get_by_role("heading", name="Technical reports").wait_for()
    assert_accessible(axe, page)
    page.get_by_role("link", name="(TR)").click()
    page.get_by_role("heading", name="TR technical report: statistics").wait_for()
    page.get_by_role("heading", name="The job analysis study").wait_for()
    assert_accessible(axe, page)  # the summary, every form's tables and charts, the policies
