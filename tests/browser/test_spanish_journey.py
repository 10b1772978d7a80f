"""The Spanish public journey in a real browser: home, a program's page, and sign-up, each in
Spanish with <html lang="es"> and clean for axe-core; the footer's switcher goes back to English."""

import pytest

from a11y import assert_accessible
from factories import (
    BlueprintFactory,
    EligibilityCriterionFactory,
    EligibilityPolicyFactory,
    FeeFactory,
    FeeScheduleFactory,
    ProgramFactory,
    published_outline,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def cesp() -> None:
    program = ProgramFactory(designation="CESP", name="Employment Support Professional")
    outline = published_outline(program, weights=(40, 60), competencies_per_domain=2)
    BlueprintFactory(outline=outline, scored_length=100, pretest_length=20, time_limit_minutes=150)
    EligibilityCriterionFactory(policy=EligibilityPolicyFactory(program=program))
    FeeFactory(schedule=FeeScheduleFactory(program=program), kind="application")


def test_a_spanish_speaker_goes_from_the_home_page_to_sign_up(live_server, page, axe, cesp):
    page.set_extra_http_headers({"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"})
    page.goto(live_server.url + "/")
    page.get_by_role(
        "heading", level=1, name="Programas de certificación y de certificado"
    ).wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    assert_accessible(axe, page)

    page.get_by_role("link", name="Employment Support Professional (CESP)").click()
    page.get_by_role("heading", level=2, name="Quién puede postularse").wait_for()
    assert page.get_by_role("table", name="Dominios y sus ponderaciones").is_visible()
    assert page.locator("html").get_attribute("lang") == "es"
    assert_accessible(axe, page)

    page.get_by_role("link", name="Postularse a la CESP").click()
    page.get_by_role("heading", level=1, name="Iniciar sesión").wait_for()
    page.get_by_role("link", name="Cree una cuenta").click()
    page.get_by_role("heading", level=1, name="Crear una cuenta de candidato").wait_for()
    assert page.get_by_label("Dirección de correo electrónico").is_visible()
    assert page.locator("html").get_attribute("lang") == "es"
    assert_accessible(axe, page)

    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", level=1, name="Create a candidate account").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
