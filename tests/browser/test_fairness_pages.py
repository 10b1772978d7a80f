"""The DIF review pages and a scoring run's page with its charts pass axe-core's WCAG 2.1 A
and AA rules."""

import pytest

from hallmark.results import services

from a11y import assert_accessible
from factories import DIF_STUDIED, PASSWORD, dif_ground

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def quick(settings, tmp_path) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"
    settings.HALLMARK_DIF_MIN_GROUP = 20


def sign_in(page, live_server, person, second_factor, path: str, heading: str) -> None:
    page.goto(live_server.url + path)
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    second_factor(page, person)
    page.goto(live_server.url + path)
    page.get_by_role("heading", name=heading).first.wait_for()


def test_the_dif_and_run_pages_are_accessible(live_server, page, axe, cast, second_factor) -> None:
    _program, form, window = dif_ground(cast.manager)
    run = services.score_window(window, form, by=cast.psychometrician)
    sign_in(
        page, live_server, cast.psychometrician, second_factor, "/results/staff/dif/", "DIF review"
    )
    assert_accessible(axe, page)
    page.get_by_role("link", name=f"Item {DIF_STUDIED}").first.click()
    page.get_by_role("heading", name=f"DIF of {form.code} item {DIF_STUDIED}").wait_for()
    assert_accessible(axe, page)
    page.get_by_label("Keep: the difference is relevant to the competency").check()
    page.get_by_label("The panel's reason").fill("Relevant to the job analysis.")
    page.get_by_role("button", name="Record the decision").click()
    page.get_by_text("DIF decision recorded").wait_for()
    assert_accessible(axe, page)
    page.goto(f"{live_server.url}/results/staff/runs/{run.pk}/")
    page.get_by_role("heading", name="Decision consistency at the cut").wait_for()
    assert_accessible(axe, page)  # the charts, their tables and the DIF summary
