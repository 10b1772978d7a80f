"""A Spanish-speaking certificant reads the recertification page's refusals and its missing
credits wholly in Spanish, status words and days included; English stays English."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import SentMessage
from hallmark.certification import services
from hallmark.certification.models import RenewalApplication
from hallmark.certification.recertification import ce, renewals

from factories import accepted_activity
from i18n import spanish_day

pytestmark = pytest.mark.django_db


def _url(name: str, credential) -> str:
    return reverse(name, args=[credential.number])


def _log(cycle, by, day: datetime.date, title: str = "Taller", hours: Decimal = Decimal(5)):
    return ce.log_activity(
        cycle,
        by=by,
        title=title,
        provider_name="Agencia",
        category_code="general",
        started_on=day,
        completed_on=day,
        hours=hours,
    )


def test_the_missing_credits_are_listed_in_spanish(client, cast, credential) -> None:
    cycle = renewals.current_cycle(credential)
    accepted_activity(cycle, "teaching", 10, cycle.starts_on + datetime.timedelta(days=40))
    client.force_login(cast.candidate)
    page = client.get(_url("credentials-renewal", credential), HTTP_ACCEPT_LANGUAGE="es")
    html = page.content.decode()
    assert "Ethics: se necesitan 3 créditos más (al menos 3)." in html
    assert "more credits are needed" not in html
    refused = client.post(
        _url("credentials-renewal-apply", credential),
        {"renewal-attest": "on"},
        HTTP_ACCEPT_LANGUAGE="es",
    ).content.decode()
    assert (
        "Se necesitan 20 créditos de educación continua más (cuentan 16 de 36 hasta ahora)."
        in refused
    )
    english = client.post(
        _url("credentials-renewal-apply", credential),
        {"renewal-attest": "on"},
        HTTP_ACCEPT_LANGUAGE="en",
    ).content.decode()
    assert "20 more CE credits are needed (16 of 36 count so far)." in english


def test_a_suspended_credential_is_refused_in_spanish_with_its_status_in_spanish(
    cast, credential
) -> None:
    services.suspend_credential(credential, actor=cast.officer, reason="Under investigation.")
    cycle = renewals.current_cycle(credential)
    day = cycle.starts_on + datetime.timedelta(days=10)
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        _log(cycle, cast.candidate, day)
    assert refused.value.messages == [
        f"El estado de {credential.number} es: suspendida. No se puede registrar educación "
        "continua para esta credencial."
    ]
    with pytest.raises(ValidationError, match="is suspended: no continuing education"):
        _log(cycle, cast.candidate, day)


def test_a_refused_activity_date_names_the_day_in_spanish(cast, credential) -> None:
    cycle = renewals.current_cycle(credential)
    early = cycle.starts_on - datetime.timedelta(days=3)
    start = cycle.starts_on
    with translation.override("es"), pytest.raises(ValidationError) as refused:
        _log(cycle, cast.candidate, early)
    assert refused.value.message_dict["completed_on"] == [
        "Solo cuentan las actividades terminadas en este ciclo (desde el "
        f"{spanish_day(start)}) y no en el futuro."
    ]


def test_a_refused_evidence_upload_says_why_in_spanish(client, cast, credential) -> None:
    client.force_login(cast.candidate)
    day = (datetime.date.today() - datetime.timedelta(days=10)).isoformat()
    fields = {
        "title": "Taller de empleo",
        "provider_name": "Agencia estatal",
        "category": "general",
        "started_on": day,
        "completed_on": day,
        "hours": "12",
        "evidence_kind": "attendance",
    }
    posted = {f"activity-{name}": value for name, value in fields.items()}
    upload = SimpleUploadedFile("notas.pdf", b"not a document at all", "application/pdf")
    response = client.post(
        _url("credentials-renewal-activity", credential),
        {**posted, "activity-evidence": upload},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    assert response.status_code == 400
    assert "notas.pdf no es un PDF, una imagen PNG ni una imagen JPEG" in response.content.decode()


def test_a_spanish_holder_is_told_of_a_reviewed_activity_in_spanish(cast, credential) -> None:
    cast.candidate.language = "es"
    cast.candidate.save(update_fields=["language"])
    cycle = renewals.current_cycle(credential)
    day = cycle.starts_on + datetime.timedelta(days=10)
    activity = ce.log_activity(
        cycle,
        by=cast.candidate,
        title="Taller de empleo",
        provider_name="Agencia estatal",
        category_code="general",
        started_on=day,
        completed_on=day,
        hours=Decimal("12.5"),
    )
    ce.review_activity(
        activity,
        by=cast.officer,
        decision="reduce",
        hours_accepted=Decimal(6),
        reason="Solo las sesiones de la tarde.",
    )
    told = SentMessage.objects.get(key=MessageKey.CE_ACTIVITY_REVIEWED)
    assert told.subject == "Se revisó su actividad de educación continua"
    assert "«Taller de empleo»: aceptada con menos horas (6 de 12,5 horas)." in told.body, told.body


def test_the_fee_kinds_due_for_a_renewal_are_named_in_the_readers_language() -> None:
    renewal = RenewalApplication(fee_kind="renewal + late renewal")
    with translation.override("es"):
        assert renewal.fee_kind_label == "renovación + renovación tardía"
    assert renewal.fee_kind_label == "renewal + late renewal"
    assert RenewalApplication(fee_kind="").fee_kind_label == ""


def test_the_dashboard_says_where_recertification_stands_in_spanish(
    client, cast, credential
) -> None:
    cycle = renewals.current_cycle(credential)
    accepted_activity(
        cycle, "general", Decimal("12.5"), cycle.starts_on + datetime.timedelta(days=9)
    )
    client.force_login(cast.candidate)
    page = client.get(reverse("portal"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    until = spanish_day(cycle.dates().expires_on)
    assert f"período de renovación abierto hasta el {until}" in page
    assert "12,5 de 36 créditos de educación continua" in page
    assert "renewal window" not in page
