"""A complaint is written to in the language it was filed in: Spanish mail for a complaint filed
in Spanish, English for one filed in English; its history stays English."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from hallmark.accounts.models import SentMessage
from hallmark.certification.complaints import services
from hallmark.certification.complaints.data import ComplaintAbout, Scope
from hallmark.certification.models import Complaint

from factories import UserFactory, filed_complaint
from i18n import spanish_day

pytestmark = pytest.mark.django_db


def answers(program) -> dict:
    return {
        "program": program.pk,
        "about": ComplaintAbout.BODY,
        "what_happened": "Nadie contestó la línea de soporte durante mi examen.",
        "happened_on": "",
        "complainant_name": "Ana Ruiz",
        "complainant_email": "ana.ruiz@example.org",
    }


def test_the_form_keeps_the_language_the_complaint_was_filed_in(client, program) -> None:
    client.post(reverse("complaints:form"), answers(program), HTTP_ACCEPT_LANGUAGE="es")
    client.post(reverse("complaints:form"), answers(program), HTTP_ACCEPT_LANGUAGE="en")
    assert list(Complaint.objects.order_by("pk").values_list("language", flat=True)) == [
        "es",
        "en",
    ]


def test_a_signed_in_persons_saved_language_is_the_complaints(client, program) -> None:
    client.force_login(UserFactory(language="es"))
    client.post(reverse("complaints:form"), answers(program), HTTP_ACCEPT_LANGUAGE="en")
    assert Complaint.objects.get().language == "es"


def test_a_complaint_filed_in_spanish_is_answered_in_spanish(program, cast, committed) -> None:
    with translation.override("es"):
        complaint = filed_complaint(program)
    assert complaint.language == "es"
    with committed():
        services.acknowledge(complaint, by=cast.officer)
        services.triage(complaint, Scope.IN_SCOPE, reason="", by=cast.officer)
        services.plan_corrective_action(
            complaint,
            what="Staff the support line all day.",
            owner=cast.officer,
            due_on=datetime.date(2031, 3, 31),
            by=cast.officer,
        )
        services.close_complaint(complaint, outcome="Fundada.", by=cast.officer)
    acknowledged, closed = mail.outbox
    assert acknowledged.subject == f"Recibimos su queja {complaint.reference}"
    assert acknowledged.body.startswith("Hola, Ana Ruiz:")
    close_by = complaint.close_by
    assert f"a más tardar el {spanish_day(close_by)}" in acknowledged.body
    assert "We received" not in acknowledged.body
    assert closed.subject == f"Resultado de su queja {complaint.reference}"
    assert "Lo que cambiaremos como consecuencia:" in closed.body
    assert "- Staff the support line all day. (a más tardar el 31 de marzo de 2031)" in closed.body
    # The history keeps the English record.
    assert "(by 31 March 2031)" in complaint.events.get(kind="closed").text


def test_an_out_of_scope_complaint_filed_in_spanish_is_told_so_in_spanish(
    program, cast, committed
) -> None:
    complaint = filed_complaint(program, complainant_name="", language="es")
    with committed():
        services.acknowledge(complaint, by=cast.officer)
        services.triage(
            complaint, Scope.OUT_OF_SCOPE, reason="Es sobre un empleador.", by=cast.officer
        )
    told = mail.outbox[-1]
    assert told.subject == f"Su queja {complaint.reference}"
    assert told.body.startswith("Hola:\n") and "Su queja queda cerrada." in told.body


def test_a_complaint_filed_in_english_is_answered_in_english_whoever_handles_it(
    complaint, cast, committed
) -> None:
    assert complaint.language == "en"
    with committed(), translation.override("es"):  # a Spanish-speaking officer
        services.acknowledge(complaint, by=cast.officer)
    sent = mail.outbox[-1]
    assert sent.subject == f"We received your complaint {complaint.reference}"
    assert sent.body.startswith("Hello Ana Ruiz,")
    assert f"by {complaint.close_by.day} {complaint.close_by:%B %Y}" in sent.body
    assert SentMessage.objects.get().template.language == "en"


def test_a_refused_attachment_is_explained_in_spanish(client, program) -> None:
    scan = SimpleUploadedFile("escaneo.pdf", b"just some text", "application/pdf")
    response = client.post(
        reverse("complaints:form"),
        {**answers(program), "attachments": scan},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert "escaneo.pdf no es un PDF, una imagen PNG ni una imagen JPEG" in (
        response.content.decode()
    )
    assert not Complaint.objects.exists()
