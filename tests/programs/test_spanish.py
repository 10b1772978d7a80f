"""The programs vocabulary a candidate or the public reads in Spanish: a fee's kind on a
program's page and a fee's status on an application; the programs catalog kept complete."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from hallmark.programs.data import FeeKind, FeeStatus

from factories import FeeFactory, FeeScheduleFactory, ProgramFactory, published_outline
from i18n import missing_translations, mo_matches_po

# What the programs app shows candidates and the public; its own templates are staff pages.
MODULES = ["hallmark.programs.data"]


def test_the_programs_catalog_translates_the_labels_it_marks_and_is_compiled():
    assert missing_translations("programs", [], MODULES) == []
    assert mo_matches_po("programs")


def test_fee_labels_follow_the_active_language_and_stay_english_otherwise():
    with translation.override("es"):
        assert [str(s.label) for s in FeeStatus] == [
            "Pendiente",
            "Pagada",
            "Exonerada",
            "Sin tarifa",
        ]
        assert str(FeeKind.LATE_RENEWAL.label) == "Renovación tardía"
    assert str(FeeStatus.WAIVED.label) == "Waived" and str(FeeKind.RETAKE.label) == "Retake"


@pytest.mark.django_db
def test_a_spanish_program_page_names_each_fee_in_spanish():
    program = ProgramFactory(designation="CESP", name="Employment Support Professional")
    published_outline(program, weights=(40, 60), competencies_per_domain=1)
    schedule = FeeScheduleFactory(program=program)
    FeeFactory(schedule=schedule, kind=FeeKind.APPLICATION)
    FeeFactory(schedule=schedule, kind=FeeKind.RETAKE)
    url = reverse("program", args=["CESP"])
    spanish = Client().get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<th scope="row">Solicitud</th>' in spanish
    assert '<th scope="row">Repetición del examen</th>' in spanish
    english = Client().get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<th scope="row">Application</th>' in english and "Solicitud" not in english
