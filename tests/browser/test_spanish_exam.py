"""A Spanish-speaking candidate's exam in a real browser: the profile's language carries from the
dashboard through the exam's own pages, with axe-core on the question page."""

import re

import pytest
from playwright.sync_api import Page, expect

from hallmark.accounts.data import Role
from hallmark.exams.data import SessionStatus
from hallmark.exams.models import ExamSession

from a11y import assert_accessible
from factories import PASSWORD, UserFactory, exam_registration

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def quick(settings) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def candidate():
    person = UserFactory(roles=[Role.CANDIDATE], email="ana.candidata@example.org", language="es")
    exam_registration(items=3, candidate=person)
    return person


def sign_in(page: Page, live_server, person) -> None:
    # The sign-in page follows the browser (English here); the profile's Spanish wins after.
    page.goto(live_server.url + "/accounts/sign-in/")
    page.get_by_label("Email address").fill(person.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_label("Password").press("Enter")
    page.get_by_role("heading", name="Mi panel", level=1).wait_for()


def test_a_spanish_candidate_takes_the_exam_in_spanish(live_server, page, axe, candidate):
    sign_in(page, live_server, candidate)
    page.get_by_role("link", name="Comenzar el examen").click()
    page.get_by_role("heading", name="Antes de comenzar").wait_for()
    page.get_by_label("Acepto el acuerdo del candidato").check()
    page.get_by_role("button", name="Continuar").click()
    page.get_by_role("heading", name="Cómo funciona el examen").wait_for()
    page.get_by_role("button", name="Comenzar el examen").click()

    page.get_by_role("heading", name="Pregunta 1 de 3").wait_for()
    assert page.locator("html").get_attribute("lang") == "es"
    expect(page.get_by_role("timer")).to_contain_text("Tiempo restante")
    expect(page.get_by_role("group", name="Herramientas del examen")).to_be_visible()
    expect(page.locator("#stem")).to_have_attribute("lang", "en")
    assert_accessible(axe, page)  # the question page, Spanish chrome around English content
    page.get_by_role("radio").nth(0).check()
    status = page.get_by_role("status").filter(has_text=re.compile("Guard"))
    expect(status).to_have_text("Guardado")  # written by the script, in the page's language
    expect(page.locator("#progress")).to_have_text("1 de 3 respondidas")

    page.get_by_role("button", name="Revisar respuestas").click()
    page.get_by_role("heading", name="Revise sus respuestas").wait_for()
    page.get_by_role("link", name="Sin responder").click()
    expect(page.locator("#review-shown")).to_have_text("Se muestran 2 preguntas sin responder.")
    page.get_by_role("button", name="Enviar el examen").click()
    page.get_by_role("heading", name="¿Enviar su examen?").wait_for()
    page.get_by_role("button", name="Enviar", exact=True).click()
    page.get_by_role("heading", name="Examen enviado").wait_for()
    assert ExamSession.objects.get(candidate=candidate).status == SessionStatus.SUBMITTED
