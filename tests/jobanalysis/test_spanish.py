"""The practitioner survey in Spanish: its public pages' catalog complete, and a respondent whose
browser asks for Spanish gets the survey's own words in Spanish (the study's statements and
questions are the program's text and stay as written)."""

import pytest
from django.test import Client
from django.utils import translation

from hallmark.jobanalysis import services
from hallmark.jobanalysis.data import ScaleKey
from hallmark.jobanalysis.models import StudyScale
from hallmark.jobanalysis.survey_pages import Unrated

from .conftest import T0, Ground
from i18n import missing_translations, mo_matches_po, untranslated_text

SURVEY_TEMPLATES = [
    f"jobanalysis/survey/{name}.html"
    for name in (
        "_layout",
        "_progress",
        "_radios",
        "_text",
        "closed",
        "link_problem",
        "lost",
        "page",
        "review",
        "saved",
        "screened_out",
        "thanks",
        "too_large",
        "welcome",
    )
]
MODULES = [
    "hallmark.jobanalysis.data",
    "hallmark.jobanalysis.survey_forms",
    "hallmark.jobanalysis.survey_pages",
]


@pytest.mark.parametrize("name", SURVEY_TEMPLATES)
def test_no_survey_template_holds_text_outside_translation_tags(name):
    assert untranslated_text(name) == []


def test_the_jobanalysis_catalog_translates_the_surveys_messages_and_is_compiled():
    assert missing_translations("jobanalysis", SURVEY_TEMPLATES, MODULES) == []
    assert mo_matches_po("jobanalysis")


@pytest.mark.django_db
def test_a_spanish_browser_gets_the_survey_in_spanish(ground: Ground, cast) -> None:
    services.open_survey(ground.study, by=cast.manager, now=T0)
    client = Client(HTTP_ACCEPT_LANGUAGE="es")
    base = f"/job-analysis/{ground.study.pk}/"
    welcome = client.get(base).content.decode()
    assert '<html lang="es">' in welcome and "Comenzar la encuesta" in welcome
    assert ground.study.screening_question in welcome
    refused = client.post(base, {}).content.decode()
    assert "Responda sí o no." in refused and "Hay un problema" in refused
    client.post(base, {"answer": "yes"})
    client.post(f"{base}page/1/", {"action": "continue"})
    statements = client.get(f"{base}page/2/").content.decode()
    assert "Página 2 de 4" in statements and "Muy importante (3)" in statements
    assert ground.statements["1.1"].statement in statements
    bad = {f"r-{ground.statements['1.1'].pk}-importance": "9", "action": "continue"}
    refused = client.post(f"{base}page/2/", bad).content.decode()
    assert "Enunciado 1.1, importancia: Elija uno de los puntos del" in refused


def test_the_unrated_scales_are_listed_with_the_languages_own_and():
    keys = [ScaleKey.IMPORTANCE, ScaleKey.FREQUENCY, ScaleKey.CRITICALITY]
    unrated = Unrated(None, None, [StudyScale(key=key) for key in keys])  # type: ignore[arg-type]
    assert unrated.scale_names == "importance, frequency and criticality"
    with translation.override("es"):
        assert unrated.scale_names == "importancia, frecuencia y criticidad"
    assert Unrated(None, None, [StudyScale(key=keys[0])]).scale_names == "importance"  # type: ignore[arg-type]
