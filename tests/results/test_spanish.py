"""The candidate's score report in Spanish: the results catalog complete for the candidate's
templates, and the page and its PDF in the language saved on the candidate's profile."""

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from hallmark.accounts import services as accounts

from factories import released_window
from i18n import missing_translations, mo_matches_po, untranslated_text

CANDIDATE_TEMPLATES = [
    "results/mine.html",
    "results/_outcome.html",
    "results/_appeal.html",
    "results/my_results.html",
    "results/pdf/score_report.html",
]
MODULES = ["hallmark.results.data", "hallmark.results.services", "hallmark.results.views"]


@pytest.mark.parametrize("name", CANDIDATE_TEMPLATES)
def test_no_candidate_template_holds_text_outside_translation_tags(name):
    assert untranslated_text(name) == []


def test_the_results_catalog_translates_every_message_they_use_and_is_compiled():
    assert missing_translations("results", CANDIDATE_TEMPLATES, MODULES) == []
    assert mo_matches_po("results")


@pytest.fixture
def failed(cast):
    return released_window(cast.manager, cast.psychometrician)[2]


@pytest.fixture
def spanish(client, failed):
    """The candidate of the failed result, who chose Spanish, signed in: the pages follow the
    profile, not the browser's English."""
    accounts.choose_language(failed.candidate, "es", by=failed.candidate)
    client.force_login(failed.candidate)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.mark.django_db
def test_a_spanish_candidates_result_page_and_pdf_are_in_spanish(spanish, failed):
    html = spanish.get(reverse("results:mine", args=[failed.pk])).content.decode()
    assert '<html lang="es">' in html and "No aprobado" in html
    assert "Le faltó 1 respuesta correcta para aprobar" in html
    assert "menos confiables" in html and "Did not pass" not in html
    response = spanish.get(reverse("results:report", args=[failed.pk]))
    pdf = PdfReader(io.BytesIO(b"".join(response)))
    text = " ".join(" ".join(p.extract_text() for p in pdf.pages).split())
    assert "Informe de puntaje de" in text and "No aprobado" in text
    assert f"Puntaje escalado {failed.scaled}" in text and "menos confiables" in text
    assert "Did not pass" not in text and "Scaled score" not in text


@pytest.mark.django_db
def test_a_spanish_candidates_verification_and_its_refusal_are_in_spanish(spanish, failed):
    verify = reverse("results:verify", args=[failed.pk])
    page = spanish.post(verify, {"reason": "Revisen mi puntaje."}, follow=True).content.decode()
    assert "Su solicitud quedó registrada: le escribiremos con el resultado." in page
    assert "Solicitada, en espera de la recalificación" in page
    again = spanish.post(verify, {"reason": "Otra vez."}, follow=True).content.decode()
    assert "Ya solicitó que se verifique este resultado." in again
    assert "You have already asked" not in again
