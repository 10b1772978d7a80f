"""The candidate's journey and the exam's own interface in Spanish: the catalog complete for every
candidate template and marked module, the question page's chrome in Spanish around the item's
English content, and the words the exam's scripts write, handed over by the page."""

import datetime
import json
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from hallmark.accounts import services as accounts
from hallmark.exams.data import TIMES, SessionEventKind
from hallmark.exams.delivery import services as delivery
from hallmark.exams.journey import registrations
from hallmark.exams.journey.forms import DocumentForm
from hallmark.exams.templatetags.delivery import minutes_left, select_prompt
from hallmark.exams.templatetags.exams import day, local

from factories import (
    ApprovedAccommodationFactory,
    FeeFactory,
    FeeScheduleFactory,
    ProgramFactory,
    TestingWindowFactory,
    approved,
    exam_registration,
    ready_program,
    submitted,
)
from i18n import PROPER_NAMES, missing_translations, mo_matches_po, untranslated_text

JOURNEY = [
    "exams/dashboard.html",
    "exams/apply.html",
    "exams/application.html",
    "exams/_appeal_line.html",
    "exams/answers.html",
    "exams/evidence.html",
    "exams/conduct.html",
    "exams/employer.html",
    "exams/employer_link_invalid.html",
    "exams/employer_thanks.html",
    "exams/employer_verify.html",
    "exams/book.html",
    "exams/book_window.html",
    "exams/booking.html",
    "exams/booking_cancel.html",
    "exams/booking_reschedule.html",
    "exams/accommodation_new.html",
    "exams/accommodation.html",
]
# The exam's own pages (the proctor's pages are staff pages and stay English).
DELIVERY = [
    f"exams/delivery/{name}.html"
    for name in (
        "agreement",
        "tutorial",
        "exam_base",
        "item",
        "_option",
        "_navigator",
        "_calculator",
        "review",
        "_review_shown",
        "confirm",
        "submitted",
        "paused",
        "elsewhere",
        "voided",
        "dashboard_exams",
    )
]
MODULES = [
    "hallmark.exams.data",
    "hallmark.exams.delivery.services",
    "hallmark.exams.delivery.tools",
    "hallmark.exams.delivery.views",
    "hallmark.exams.journey.accommodations",
    "hallmark.exams.journey.applications",
    "hallmark.exams.journey.booking_views",
    "hallmark.exams.journey.common",
    "hallmark.exams.journey.employer",
    "hallmark.exams.journey.registrations",
    "hallmark.exams.journey.forms",
    "hallmark.exams.journey.next_step",
    "hallmark.exams.journey.retakes",
    "hallmark.exams.journey.views",
    "hallmark.exams.models.journey",
    "hallmark.exams.templatetags.delivery",
]
MONTHS = [datetime.date(2025, m, 1).strftime("%B") for m in range(1, 13)]
# exam_base.html passes the largest text size to <html> as an attribute of base.html's tag:
# markup, not text, in a block of its own.
MARKUP = {"exams/delivery/exam_base.html": frozenset({"data", "text", "size"})}


@pytest.mark.parametrize("name", JOURNEY + DELIVERY)
def test_no_candidate_template_holds_text_outside_translation_tags(name):
    assert untranslated_text(name, PROPER_NAMES | MARKUP.get(name, frozenset())) == []


def test_the_exams_catalog_translates_every_message_they_use_and_is_compiled():
    assert missing_translations("exams", JOURNEY + DELIVERY, MODULES) == []
    assert mo_matches_po("exams")


@pytest.mark.django_db
def test_dates_and_the_exams_phrases_read_in_spanish():
    program = ProgramFactory(display_time_zone="America/Toronto")
    instant = datetime.datetime(2025, 3, 3, 14, tzinfo=datetime.UTC)
    with translation.override("es"):
        assert day(datetime.date(2025, 3, 3)) == "3 de marzo de 2025"
        assert local(instant, program) == "3 de marzo de 2025, 09:00 EST"
        assert minutes_left([10, 5, 1]) == "10, 5 y 1 minutos"
        assert select_prompt(2) == "Seleccione dos"
    assert day(datetime.date(2025, 3, 3)) == "3 March 2025"
    assert local(instant, program) == "3 March 2025, 09:00 EST"
    assert minutes_left([1]) == "1 minute is"


def test_the_upload_help_gives_the_size_limit_in_the_readers_language():
    help_text = DocumentForm.base_fields["file"].help_text
    assert str(help_text) == "Upload a PDF, a PNG image or a JPEG image, at most 10 MB."
    with translation.override("es"):
        assert (
            str(help_text) == "Suba un PDF, una imagen PNG o una imagen JPEG, de 10 MB como máximo."
        )


@pytest.mark.django_db
def test_a_spanish_candidate_sees_spanish_chrome_around_the_items_english(client, cast):
    accounts.choose_language(cast.candidate, "es", by=cast.candidate)
    registration = exam_registration(items=3, candidate=cast.candidate)
    session = delivery.create_session(registration, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    session = delivery.start(session, by=cast.candidate)
    client.force_login(cast.candidate)
    html = client.get(reverse("exams:exam-item", args=[session.pk, 1])).content.decode()
    assert '<html lang="es"' in html
    assert "Pregunta 1 de 3" in html and "Marcar para revisar" in html
    assert "Tiempo restante:" in html and "Ocultar el reloj" in html
    assert "Herramientas del examen" in html and "Alto contraste" in html
    assert 'aria-label="Pregunta 1, sin responder"' in html
    assert "Question 1 of 3" not in html and "Flag for review" not in html
    # The item is shown as written, marked as English inside the Spanish page.
    item = delivery.shown(session.form, session.item_order[0])
    assert re.search(r'<div id="stem" class="stem" data-highlight lang="en">', html)
    assert item.stem in html
    for text in item.options.values():
        assert f'<span class="option-text" lang="en">{escape(text)}</span>' in html


@pytest.mark.django_db
def test_the_exam_scripts_words_come_from_the_page_in_its_language(client, cast):
    registration = exam_registration(items=2, candidate=cast.candidate)
    session = delivery.create_session(registration, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    session = delivery.start(session, by=cast.candidate)
    client.force_login(cast.candidate)
    url = reverse("exams:exam-item", args=[session.pk, 1])
    found = re.compile(r'<script id="exam-words" type="application/json">(.*?)</script>')
    spanish = client.get(url, HTTP_ACCEPT_LANGUAGE="es").content.decode()
    words = json.loads(found.search(spanish).group(1))
    assert words["saved"] == "Guardado" and words["minutesLeft"] == "Quedan %(count)s minutos."
    assert words["progress"] == "%(answered)s de %(total)s respondidas"
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert json.loads(found.search(english).group(1))["saved"] == "Saved"


@pytest.mark.django_db
def test_a_spanish_candidates_booking_and_approval_messages_are_in_spanish(
    program, cast, committed
):
    accounts.choose_language(cast.candidate, "es", by=cast.candidate)
    now = timezone.now()
    window = TestingWindowFactory(
        program=program, opens_at=now, closes_at=now + datetime.timedelta(days=20)
    )
    with committed():
        application = approved(cast.candidate, program, cast.officer)
    approval = mail.outbox[-1]
    assert approval.subject == f"Su solicitud de {program.name} está aprobada"
    with translation.override("es"):
        assert f"La aprobación vence el {day(application.approval_expires_on)}" in approval.body
    ApprovedAccommodationFactory(candidate=cast.candidate, program=program)
    # The officer books in English; the candidate reads every part of the message in Spanish.
    with committed(), translation.override("en"):
        registrations.book(cast.candidate, window, by=cast.officer)
    booked = mail.outbox[-1]
    assert booked.subject == f"Reserva confirmada: {window.name}"
    assert f"Se aplican sus adaptaciones aprobadas: Tiempo adicional {TIMES}1.5." in booked.body
    assert re.search(r"abierto del \d+ de [a-z]+ de \d{4}, \d\d:\d\d", booked.body)
    assert not any(month in booked.body for month in MONTHS)
    assert "(En línea, con un supervisor remoto)" in booked.body or "(En un centro" in booked.body


@pytest.mark.django_db
def test_a_spanish_candidate_reads_the_fee_status_in_spanish(client, program, cast, committed):
    accounts.choose_language(cast.candidate, "es", by=cast.candidate)
    FeeFactory(schedule=FeeScheduleFactory(program=program), kind="application")
    with committed():
        application = submitted(cast.candidate, program)
    # The message is written in the language on the profile, whatever the request's.
    assert "Tarifa de solicitud: USD 150.00, pendiente." in mail.outbox[-1].body
    client.force_login(cast.candidate)
    url = reverse("exams:application", args=[application.pk])
    html = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<dt>Tarifa de solicitud</dt><dd>USD 150,00: Pendiente</dd>" in html
    approved_one = approved(cast.candidate, ready_program(designation="CRS"), cast.officer)
    url = reverse("exams:application", args=[approved_one.pk])
    assert "<dt>Tarifa de solicitud</dt><dd>Pagada</dd>" in client.get(url).content.decode()
    accounts.choose_language(cast.candidate, "en", by=cast.candidate)
    assert "<dt>Application fee</dt><dd>Paid</dd>" in client.get(url).content.decode()


@pytest.mark.django_db
def test_a_refused_answer_is_journaled_in_english_and_told_in_spanish(client, cast):
    accounts.choose_language(cast.candidate, "es", by=cast.candidate)
    session = delivery.create_session(
        exam_registration(candidate=cast.candidate), by=cast.candidate
    )
    delivery.accept_agreement(session, by=cast.candidate)
    here = delivery.Device.of("first browser")
    session = delivery.start(session, by=cast.candidate, device=here)
    with translation.override("es"):
        elsewhere = delivery.save_response(
            session, by=cast.candidate, position=1, selected="A", device=delivery.Device.of("x")
        )
    assert elsewhere.reason == "Este examen continúa en otro dispositivo."
    delivery.submit(session, by=cast.candidate)
    client.force_login(cast.candidate)
    reply = client.post(
        reverse("exams:exam-autosave", args=[session.pk]),
        json.dumps({"position": 1, "sequence": 5, "choice": 1}),
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert reply.status_code == 409
    assert reply.json()["reason"] == "El examen está enviado: no se acepta ninguna respuesta."
    refusals = session.events.filter(kind=SessionEventKind.REFUSED).order_by("pk")
    assert [event.reason for event in refusals] == [
        "This exam continues on another device.",
        "The exam is submitted: no answer is accepted.",
    ]


@pytest.mark.django_db
def test_submitting_an_exam_not_started_is_refused_with_its_state_in_the_readers_language(cast):
    session = delivery.create_session(
        exam_registration(candidate=cast.candidate), by=cast.candidate
    )
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        delivery.submit(session, by=cast.candidate)
    assert refused.value.messages == ["El examen está sin comenzar."]
    with pytest.raises(ValidationError) as refused:
        delivery.submit(session, by=cast.candidate)
    assert refused.value.messages == ["The exam is not started."]


@pytest.mark.django_db
def test_a_spanish_candidates_booking_refusal_names_its_state_in_spanish(program, cast):
    registration = exam_registration(program, candidate=cast.candidate)
    registrations.cancel_registration(registration, by=cast.candidate)
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        registrations.cancel_registration(registration, by=cast.candidate)
    assert refused.value.messages == ["Esta reserva ya no se puede modificar (estado: Cancelada)."]
    with pytest.raises(ValidationError) as refused:
        registrations.cancel_registration(registration, by=cast.candidate)
    assert refused.value.messages == ["This booking cannot change (status: Cancelled)."]


@pytest.mark.django_db
def test_the_agreement_and_tutorial_show_the_shared_error_summary_in_spanish(client, cast):
    accounts.choose_language(cast.candidate, "es", by=cast.candidate)
    registration = exam_registration(candidate=cast.candidate, check_in_required=True)
    client.force_login(cast.candidate)
    begin = reverse("exams:exam-begin", args=[registration.pk])
    html = client.post(begin).content.decode()
    summary = html.split('<div class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert 'role="alert"' in summary and ">Hay un problema</h2>" in summary
    assert (
        '<a href="#agree">Marque la casilla para aceptar el acuerdo del candidato.</a>' in summary
    )
    tutorial = client.post(begin, {"agree": "yes"}).url
    html = client.post(tutorial).content.decode()  # the window needs a proctor's check-in
    summary = html.split('<div class="error-summary"', 1)[1].split("</div>", 1)[0]
    assert ">Hay un problema</h2>" in summary
    assert "<li>Un supervisor debe registrar su ingreso antes de que comience.</li>" in summary


@pytest.mark.django_db
def test_a_booking_that_does_not_allow_an_exam_now_is_refused_in_the_readers_language(cast):
    registration = exam_registration(candidate=cast.candidate)
    later = registration.authorization_expires_at + datetime.timedelta(days=1)
    name = registration.window.name
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        delivery.create_session(registration, by=cast.candidate, now=later)
    assert refused.value.messages == [
        f"Su reserva en {name} no permite rendir el examen en este momento."
    ]
    with pytest.raises(ValidationError) as refused:
        delivery.create_session(registration, by=cast.candidate, now=later)
    assert refused.value.messages == [
        f"Your booking in {name} does not allow an exam at this time."
    ]
