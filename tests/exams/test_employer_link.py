"""The one-time link an employer follows to confirm a candidate's work."""

import datetime
import re

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hallmark.accounts.models import SentMessage
from hallmark.accounts.notifications import WITHHELD
from hallmark.exams.data import ApplicationEventKind, EmployerVerificationStatus
from hallmark.exams.journey import applications, employer

pytestmark = pytest.mark.django_db


@pytest.fixture
def link(program, cast, committed) -> str:
    application = applications.start_application(cast.candidate, program, by=cast.candidate)
    with committed():
        employer.request_employer_verification(
            application,
            reference_name="Pat Supervisor",
            reference_email="pat@employer.example",
            employer="Community Jobs Inc.",
            by=cast.candidate,
        )
    message = mail.outbox[-1]
    assert message.to == ["pat@employer.example"]
    return re.search(r"http://127.0.0.1:8000(/portal/verify-employment/\S+/)", message.body).group(
        1
    )


def test_the_link_is_mailed_but_never_kept(link, cast) -> None:
    record = SentMessage.objects.get(to="pat@employer.example")
    assert link not in record.body and WITHHELD in record.body
    assert record.person == cast.candidate


def test_the_employer_confirms_once(client, link, cast) -> None:
    page = client.get(link).content.decode()
    assert "Pat Supervisor" in page and cast.candidate.legal_name in page
    assert "An employer confirms your work." in page
    response = client.post(link, {"answer": "confirm", "note": "Full time since 2021."})
    assert "Thank you" in response.content.decode()
    verification = cast.candidate.applications.get().current_employer_verification()
    assert verification.status == EmployerVerificationStatus.CONFIRMED
    assert (
        verification.response_note == "Full time since 2021." and verification.recorded_by is None
    )
    assert verification.application.events.last().kind == ApplicationEventKind.EMPLOYER
    assert client.get(link).status_code == 404
    assert client.post(link, {"answer": "decline"}).status_code == 404
    verification.refresh_from_db()
    assert verification.status == EmployerVerificationStatus.CONFIRMED


def test_the_employer_may_decline(client, link, cast) -> None:
    client.post(link, {"answer": "decline"})
    verification = cast.candidate.applications.get().current_employer_verification()
    assert verification.status == EmployerVerificationStatus.DECLINED


def test_an_unknown_expired_or_replaced_link_does_not_work(client, link, cast) -> None:
    assert client.get("/portal/verify-employment/not-a-token/").status_code == 404
    token = link.rstrip("/").rsplit("/", 1)[1]
    later = timezone.now() + datetime.timedelta(days=31)
    with pytest.raises(ValidationError, match="not valid"):
        employer.answer_employer_verification(token, confirmed=True, now=later)
    application = cast.candidate.applications.get()
    employer.request_employer_verification(
        application, reference_name="Other", reference_email="o@employer.example", by=cast.candidate
    )
    assert client.get(link).status_code == 404


def test_a_post_without_an_answer_shows_the_page_again(client, link) -> None:
    response = client.post(link, {"note": "hm"})
    assert response.status_code == 200 and "I confirm this work" in response.content.decode()


def test_the_page_needs_csrf(link) -> None:
    from django.test import Client

    assert Client(enforce_csrf_checks=True).post(link, {"answer": "confirm"}).status_code == 403


def test_the_url_name_is_stable() -> None:
    assert reverse("exams:employer-verification", args=["abc"]) == "/portal/verify-employment/abc/"
