"""A holder's rights over their data: the registry's name search turned off and on, the download
of everything held (exam content excluded), and erasure (what it removes and what it keeps)."""

import datetime
import io
import json

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from pypdf import PdfReader

from conftest import pass_second_factor
from hallmark.accounts import data_rights, services
from hallmark.accounts.data import (
    DEMOGRAPHIC_FIELDS,
    PROFILE_FIELDS,
    AccessRecordKind,
    DeliveryStatus,
    ErasureStatus,
    MessageKey,
)
from hallmark.accounts.models import (
    AccessRecord,
    Demographics,
    ErasureRequest,
    NameSearchChange,
    Profile,
    SentMessage,
)
from hallmark.accounts.personal_data import FIELD_COLUMNS
from hallmark.certification import services as certification
from hallmark.certification import sharing
from hallmark.certification.audit import chain_problem
from hallmark.certification.data import CredentialEventKind
from hallmark.certification.models import Credential
from hallmark.certification.registry import find_by_number, search_by_name
from hallmark.exams.data import RegistrationStatus
from hallmark.exams.models import Application, Response
from hallmark.results.data import RunSource, RunStatus
from hallmark.results.models import Result, ScoringRun

from factories import (
    DemographicsFactory,
    EvidenceFactory,
    ProfileFactory,
    ProgramFactory,
    RegistrationFactory,
    SentMessageFactory,
    UserFactory,
    scoring_ground,
    submitted_session,
)
from i18n import missing_translations, untranslated_text

pytestmark = pytest.mark.django_db

STEM = "Which step comes first when a job seeker asks for help finding work?"
OPTION = "Learn about the job seeker's interests and conditions for success"
RATIONALE = "Discovery comes before any job search"


@pytest.fixture
def holder():
    certification.create_issuer_key()
    person = UserFactory(legal_name="Ada Lovelace", email="ada@example.org")
    certification.issue_credential(
        person, ProgramFactory(designation="CESP"), issued_on=datetime.date(2026, 3, 15)
    )
    return person


def _sat(registration) -> None:
    registration.status = RegistrationStatus.SAT
    registration.sat_on = timezone.localdate()
    registration.save(update_fields=["status", "sat_on"])


@pytest.fixture
def examined(holder, cast):
    """The holder sat a keyed form whose released result has scores and domain feedback."""
    _program, form, window = scoring_ground(["A", "B", "C"], "2", cast.manager)
    registration = RegistrationFactory(window=window, application__candidate=holder)
    session = submitted_session(form, "ABD", registration=registration)
    _sat(registration)
    cut = form.cut_decisions.get()
    run = ScoringRun.objects.create(
        window=window,
        form=form,
        number=1,
        status=RunStatus.RELEASED,
        source=RunSource.DELIVERED,
        key_version=0,
        rules={},
        cut=cut,
        released_by=cast.psychometrician,
        released_at=timezone.now(),
    )
    Result.objects.create(
        run=run,
        registration=registration,
        candidate=holder,
        session=session,
        raw=2,
        max_raw=3,
        raw_cut=2,
        scaled=612,
        passed=True,
        domains=[{"code": "D1", "title": "Discovery", "standing": "at or above"}],
    )
    return session


# The registry's name search


def test_it_hides_an_opted_out_holder_from_name_search_but_not_from_number_lookup(holder) -> None:
    number = Credential.objects.get(holder=holder).number
    assert [c.number for c in search_by_name("Lovelace")] == [number]
    change = services.set_name_search(holder, listed=False, by=holder)
    assert change is not None and not change.listed and change.by == holder
    assert list(search_by_name("Lovelace")) == []
    found = find_by_number(number)
    assert found is not None and found.holder_name == "Ada Lovelace"
    # Already off: nothing changes, nothing recorded.
    assert services.set_name_search(holder, listed=False, by=holder) is None
    services.set_name_search(holder, listed=True, by=holder)
    assert [c.number for c in search_by_name("Ada")] == [number]
    assert [c.listed for c in NameSearchChange.objects.filter(person=holder).order_by("at")] == [
        False,
        True,
    ]


def test_nobody_turns_another_persons_name_search_off(holder, cast) -> None:
    with pytest.raises(PermissionDenied):
        services.set_name_search(holder, listed=False, by=cast.officer)


def test_it_turns_name_search_off_from_the_data_page(client, holder) -> None:
    client.force_login(holder)
    page = client.get(reverse("accounts:my-data")).content.decode()
    assert "Stop the name search finding me" in page and "can still look it up" in page
    response = client.post(reverse("accounts:name-search"), {"listed": "no"})
    assert response.status_code == 302
    holder.refresh_from_db()
    assert not holder.listed_by_name
    registry = client.get(reverse("registry"), {"search-name": "Lovelace"}).content.decode()
    assert "Ada Lovelace" not in registry
    assert client.post(reverse("accounts:name-search"), {"listed": "maybe"}).status_code == 400
    assert client.get(reverse("accounts:name-search")).status_code == 405


def test_the_data_pages_posts_need_the_csrf_token(holder) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(holder)
    assert client.post(reverse("accounts:name-search"), {"listed": "no"}).status_code == 403
    assert client.post(reverse("accounts:request-erasure"), {"confirm": "on"}).status_code == 403
    holder.refresh_from_db()
    assert holder.listed_by_name and not ErasureRequest.objects.exists()


def test_the_data_pages_need_a_sign_in(client) -> None:
    for name in ("accounts:my-data", "accounts:my-data-json", "accounts:my-data-pdf"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


# Download my data


def test_the_export_holds_the_persons_data_and_no_exam_content(holder, examined) -> None:
    ProfileFactory(user=holder, city="Springfield")
    SentMessageFactory(person=holder, to=holder.email, subject="Your result", body="You passed.")
    document = data_rights.export_document(holder)
    sections = {section["title"]: section["rows"] for section in document["sections"]}
    assert sections["Account"][0]["email"] == "ada@example.org"
    assert sections["Contact details"][0]["city"] == "Springfield"
    assert sections["Credentials"][0]["program"] == "CESP"
    assert sections["Results"][0]["scaled score"] == 612
    assert sections["Results"][0]["domain feedback"] == "Discovery: at or above"
    assert sections["Exam bookings and sittings"][0]["status"] == "Sat"
    assert any(row["subject"] == "Your result" for row in sections["Messages"])
    text = json.dumps(document)
    for secret in (STEM, OPTION, RATIONALE, '"keys"', '"selected"', "item_order"):
        assert secret not in text
    assert Response.objects.filter(session=examined).count() == 3  # they exist, yet stay out


def test_the_export_leaves_out_a_held_result(holder, examined) -> None:
    ScoringRun.objects.update(status=RunStatus.HELD)
    sections = {s.title: s.rows for s in data_rights.sections(holder)}
    assert sections["Results"] == []


def test_the_download_is_recorded_as_confidential_data_exported(client, holder, examined) -> None:
    client.force_login(holder)
    response = client.get(reverse("accounts:my-data-json"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    document = json.loads(response.content)
    assert document["format"] == "hallmark-personal-data" and STEM not in response.content.decode()
    pdf = client.get(reverse("accounts:my-data-pdf"))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    records = AccessRecord.objects.filter(kind=AccessRecordKind.PERSONAL_DATA, person=holder)
    assert sorted(r.what for r in records) == [
        "all data of ada@example.org (JSON)",
        "all data of ada@example.org (PDF)",
    ]


# Erasure


def test_a_person_asks_for_erasure_once(client, holder) -> None:
    client.force_login(holder)
    refused = client.post(reverse("accounts:request-erasure"), {}).content.decode()
    assert "This field is required." in refused and not ErasureRequest.objects.exists()
    client.post(reverse("accounts:request-erasure"), {"confirm": "on", "reason": "Moving on."})
    erasure = ErasureRequest.objects.get(person=holder)
    assert erasure.status == ErasureStatus.PENDING and erasure.reason == "Moving on."
    with pytest.raises(ValidationError):
        services.request_erasure(holder, by=holder)
    page = client.get(reverse("accounts:my-data")).content.decode()
    assert "It waits for a credentialing officer" in page


def test_erasure_removes_what_it_says_and_keeps_the_certification_record(
    holder, examined, cast, django_capture_on_commit_callbacks
) -> None:
    application = Application.objects.get(candidate=holder)
    evidence = EvidenceFactory(application=application, owner=holder)
    stored, storage = evidence.file.name, evidence.file.storage
    assert storage.exists(stored)
    ProfileFactory(user=holder, city="Springfield", address_line1="12 Elm Street")
    DemographicsFactory(user=holder, gender="woman")
    message = SentMessageFactory(person=holder, to=holder.email, body="Your seat is booked.")
    credential = Credential.objects.get(holder=holder)
    erasure = services.request_erasure(holder, by=holder)

    with pytest.raises(PermissionDenied):
        services.carry_out_erasure(erasure, by=cast.candidate)
    with django_capture_on_commit_callbacks(execute=True):
        services.carry_out_erasure(erasure, by=cast.officer)

    holder.refresh_from_db()
    assert not holder.is_active and not holder.has_usable_password()
    assert holder.email == f"erased-{holder.pk}@erased.invalid"
    assert holder.legal_name == f"Erased person {holder.pk}" and holder.phone == ""
    assert not holder.listed_by_name
    assert Profile.objects.get(user=holder).address_line1 == ""
    assert Demographics.objects.get(user=holder).gender == ""
    message.refresh_from_db()
    assert message.body == "" and message.body_removed_at is not None
    assert message.subject  # that it was sent stays
    evidence.refresh_from_db()
    assert not evidence.file and evidence.withdrawn_at is not None
    assert not storage.exists(stored)
    # Kept: the credential as issued (verifiable by number), the result, the sitting.
    credential.refresh_from_db()
    assert credential.holder_name == "Ada Lovelace"
    assert find_by_number(credential.number) is not None
    assert list(search_by_name("Lovelace")) == []
    assert Result.objects.filter(candidate=holder, scaled=612).exists()
    assert Response.objects.filter(session=examined).count() == 3
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.CARRIED_OUT and erasure.decided_by == cast.officer
    assert "1 evidence file(s) removed" in erasure.outcome
    assert "Kept: your credentials as issued" in erasure.outcome
    with pytest.raises(ValidationError):
        services.carry_out_erasure(erasure, by=cast.officer)


def test_erasure_waits_while_the_person_is_booked(holder, cast) -> None:
    RegistrationFactory(application__candidate=holder)
    erasure = services.request_erasure(holder, by=holder)
    with pytest.raises(ValidationError, match="booked"):
        services.carry_out_erasure(erasure, by=cast.officer)
    holder.refresh_from_db()
    assert holder.is_active and holder.email == "ada@example.org"


def test_an_officer_refuses_erasure_with_a_reason(client, holder, cast) -> None:
    erasure = services.request_erasure(holder, by=holder)
    client.force_login(cast.officer)
    pass_second_factor(client, cast.officer)
    url = reverse("accounts:erasure-request", args=[erasure.pk])
    assert "Carry out the erasure" in client.get(url).content.decode()
    empty = client.post(url, {"refuse": "", "reason": " "}).content.decode()
    assert "This field is required." in empty
    client.post(url, {"refuse": "", "reason": "An appeal of your result is open."})
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.REFUSED
    assert erasure.outcome == "An appeal of your result is open."
    holder.refresh_from_db()
    assert holder.is_active


def test_only_officers_see_the_erasure_requests(client, holder, cast) -> None:
    erasure = services.request_erasure(holder, by=holder)
    client.force_login(cast.candidate)
    assert client.get(reverse("accounts:erasure-requests")).status_code == 403
    one = reverse("accounts:erasure-request", args=[erasure.pk])
    assert client.get(one).status_code == 403
    assert client.post(one, {"carry-out": ""}).status_code == 403
    client.force_login(cast.manager)
    pass_second_factor(client, cast.manager)
    assert client.get(reverse("accounts:erasure-requests")).status_code == 403
    client.force_login(cast.officer)
    pass_second_factor(client, cast.officer)
    listing = client.get(reverse("accounts:erasure-requests")).content.decode()
    assert f"Request #{erasure.pk}" in listing
    assert client.get(reverse("accounts:erasure-request", args=[999])).status_code == 404
    client.post(reverse("accounts:erasure-request", args=[erasure.pk]), {"carry-out": ""})
    erasure.refresh_from_db()
    assert erasure.status == ErasureStatus.CARRIED_OUT


def test_the_page_says_what_erasure_removes_and_keeps(client, holder) -> None:
    client.force_login(holder)
    page = client.get(reverse("accounts:my-data")).content.decode()
    plan = data_rights.erasure_plan()
    assert plan.removed and plan.kept
    for line in (*plan.removed, *plan.kept):
        assert line[1:] in page.replace("&#x27;", "'")


# Share pages, the decision's message, and the export in the reader's language


@pytest.fixture
def shared(holder):
    credential = Credential.objects.get(holder=holder)
    sharing.set_share_page(credential, on=True, by=holder)
    return credential


def test_erasure_switches_the_share_pages_off_in_the_signed_history(
    holder, shared, cast, caplog, committed
) -> None:
    plan = data_rights.erasure_plan("en")
    assert any(line.startswith("the share pages of your credentials") for line in plan.removed)
    erasure = services.request_erasure(holder, by=holder)
    with caplog.at_level("INFO", logger="hallmark.audit"), committed():
        services.carry_out_erasure(erasure, by=cast.officer)
    shared.refresh_from_db()
    assert not shared.shared
    assert page_status(shared) == 404
    event = shared.events.order_by("-sequence").first()
    assert event.kind == CredentialEventKind.SHARE_PAGE_OFF and event.actor == holder
    assert event.reason == sharing.ON_ERASURE
    assert chain_problem(shared) is None  # signed and chained like the holder's own switch
    assert f"switched the share page of {shared.number} off ({sharing.ON_ERASURE})" in caplog.text
    erasure.refresh_from_db()
    assert f"the share page of {shared.number} is switched off" in erasure.outcome
    assert "; your credentials, their history and their signed documents:" in erasure.outcome


def page_status(credential) -> int:
    return Client().get(reverse("credentials-share", args=[credential.number])).status_code


def test_an_officer_reading_spanish_still_stores_the_outcome_in_english(holder, cast) -> None:
    erasure = services.request_erasure(holder, by=holder)
    with translation.override("es"):
        services.carry_out_erasure(erasure, by=cast.officer)
    erasure.refresh_from_db()
    assert "Kept: your credentials as issued" in erasure.outcome
    assert "sus credenciales" not in erasure.outcome


def test_the_plan_says_the_share_pages_in_spanish() -> None:
    plan = data_rights.erasure_plan("es")
    assert (
        "las páginas para compartir sus credenciales: se desactivan (el cambio queda registrado "
        "en el historial de cada credencial)"
    ) in plan.removed
    assert "sus resultados y verificaciones de puntuación: una credencial se basa en ellos" in (
        plan.kept
    )


def test_the_export_says_whether_each_share_page_is_on(client, holder, shared) -> None:
    rows = {s.title: s.rows for s in data_rights.sections(holder)}["Credentials"]
    assert rows[0]["share page on"] is True
    sharing.set_share_page(shared, on=False, by=holder)
    client.force_login(holder)
    document = json.loads(client.get(reverse("accounts:my-data-json")).content)
    sections = {s["title"]: s["rows"] for s in document["sections"]}
    assert sections["Credentials"][0]["share page on"] is False
    pdf = text_of(client.get(reverse("accounts:my-data-pdf")).content)
    assert "Share page on" in pdf


def text_of(pdf: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_is_in_the_readers_language_and_the_json_keeps_english(
    client, holder, shared
) -> None:
    holder.language = "es"
    holder.save(update_fields=["language"])
    RegistrationFactory(application__candidate=holder)
    client.force_login(holder)
    pdf = " ".join(text_of(client.get(reverse("accounts:my-data-pdf")).content).split())
    for said in (
        "Sus datos en Hallmark",
        "No incluye:",
        "Cuenta",
        "Datos de contacto",
        "Correo electrónico",
        "Nombre legal",
        "Credenciales",
        "Historial de las credenciales",
        "Solicitudes",
        "Resultados",
        " sí ",
    ):
        assert said in pdf, said
    for english in ("Your data at", "Contact details", "Legal name", "Credential history"):
        assert english not in pdf, english
    document = json.loads(client.get(reverse("accounts:my-data-json")).content)
    titles = [section["title"] for section in document["sections"]]
    assert "Contact details" in titles and "Credential history" in titles
    assert "legal name" in document["sections"][0]["rows"][0]
    # Values too: a status reads the same in every language's export, as in the API.
    applications = next(s for s in document["sections"] if s["title"] == "Applications")
    assert applications["rows"][0]["status"] == "Approved", applications["rows"]
    assert "Aprobada" not in json.dumps(document, ensure_ascii=False)
    assert document["excluded"][0].startswith("exam content"), document["excluded"]


def test_the_export_and_the_plan_are_translated_in_each_apps_catalog() -> None:
    for app in ("accounts", "certification", "exams", "results"):
        assert missing_translations(app, [], [f"hallmark.{app}.personal_data"]) == [], app
    assert missing_translations("accounts", ["accounts/pdf/personal_data.html"], []) == []
    assert untranslated_text("accounts/pdf/personal_data.html") == []


def test_every_profile_and_demographic_field_has_its_column_name_marked() -> None:
    """The columns are the fields' names: a field added to data.py needs its name marked."""
    fields = {name.replace("_", " ") for name in (*PROFILE_FIELDS, *DEMOGRAPHIC_FIELDS)}
    assert set(FIELD_COLUMNS) == fields


def _requested_on_3_march(holder, language: str) -> ErasureRequest:
    """The holder, reading `language`, asked for erasure on 3 March 2026."""
    holder.language = language
    holder.save(update_fields=["language"])
    erasure = services.request_erasure(holder, by=holder)
    ErasureRequest.objects.filter(pk=erasure.pk).update(
        requested_at=datetime.datetime(2026, 3, 3, 15, tzinfo=datetime.UTC)
    )
    return erasure


@pytest.mark.parametrize(
    ("language", "subject", "said", "removed", "kept"),
    [
        (
            "en",
            "Your data at Hallmark is erased",
            "We have carried out your request of 3 March 2026 to erase your data.",
            "- The share pages of your credentials: they are switched off",
            "- Your credentials as issued, with the name they carry",
        ),
        (
            "es",
            "Se borraron sus datos en Hallmark",
            "Cumplimos su solicitud del 3 de marzo de 2026 de borrar sus datos.",
            "- Las páginas para compartir sus credenciales: se desactivan",
            "- Sus resultados y verificaciones de puntuación",
        ),
    ],
)
def test_a_carried_out_erasure_is_mailed_to_the_address_before_it(
    holder, shared, cast, committed, language, subject, said, removed, kept
) -> None:
    erasure = _requested_on_3_march(holder, language)
    with committed():
        services.carry_out_erasure(erasure, by=cast.officer)
    sent = mail.outbox[-1]
    assert sent.to == ["ada@example.org"] and sent.subject == subject
    assert said in sent.body and removed in sent.body and kept in sent.body
    assert "Ada" not in sent.body and "Lovelace" not in sent.body
    # The record keeps neither the former address nor the name.
    record = SentMessage.objects.get(key=MessageKey.ERASURE_CARRIED_OUT)
    assert record.to == f"erased-{holder.pk}@erased.invalid" and record.person == holder
    assert record.secret_to == "" and record.status == DeliveryStatus.SENT
    assert record.body == sent.body and "ada@example.org" not in record.body
    assert "Ada" not in record.subject


@pytest.mark.parametrize(
    ("language", "subject", "said"),
    [
        (
            "en",
            "Your request to erase your data at Hallmark",
            "Your request of 3 March 2026 to erase your data is refused, for this reason:\n\n"
            "An appeal of your result is open.",
        ),
        (
            "es",
            "Su solicitud de borrar sus datos en Hallmark",
            "Su solicitud del 3 de marzo de 2026 de borrar sus datos fue rechazada, por este "
            "motivo:\n\nAn appeal of your result is open.",
        ),
    ],
)
def test_a_refused_erasure_is_mailed_with_its_reason(
    holder, cast, committed, language, subject, said
) -> None:
    erasure = _requested_on_3_march(holder, language)
    with committed():
        services.refuse_erasure(
            erasure, by=cast.officer, reason="An appeal of your result is open."
        )
    sent = mail.outbox[-1]
    assert sent.to == ["ada@example.org"] and sent.subject == subject
    assert said in sent.body
    assert reverse("accounts:my-data") in sent.body
    greeting = "Hola, Ada Lovelace:" if language == "es" else "Hello Ada Lovelace,"
    assert sent.body.startswith(greeting)
