import json
import time
from types import SimpleNamespace

import pytest
from django.urls import reverse

from hallmark.accounts import idle
from hallmark.exams.delivery import services as delivery

from factories import exam_registration

pytestmark = pytest.mark.django_db


class Clock:
    """The idle rule's clock, moved on by hand; the exam clock keeps the real time."""

    def __init__(self, monkeypatch) -> None:
        self.now = time.time()
        monkeypatch.setattr(idle, "time", SimpleNamespace(time=lambda: self.now))

    def wait(self, minutes: float) -> None:
        self.now += 60 * minutes


@pytest.fixture
def clock(monkeypatch) -> Clock:
    return Clock(monkeypatch)


def signed_in(client) -> bool:
    return client.get(reverse("portal")).status_code == 200


def test_a_candidate_is_signed_out_after_the_idle_period(client, cast, clock) -> None:
    client.force_login(cast.candidate)
    clock.wait(29)
    assert signed_in(client)  # activity: the period starts again
    clock.wait(29)
    assert signed_in(client)
    clock.wait(31)
    response = client.get(reverse("portal"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("login"))
    assert "signed out after 30 minutes without activity" in response.content.decode()


def test_staff_have_a_shorter_period(client, cast, clock, settings) -> None:
    assert settings.HALLMARK_STAFF_IDLE_MINUTES < settings.HALLMARK_IDLE_MINUTES
    client.force_login(cast.officer)
    clock.wait(settings.HALLMARK_STAFF_IDLE_MINUTES + 1)
    assert not signed_in(client)


def test_the_stored_moment_is_written_at_most_once_a_minute(client, cast, clock) -> None:
    client.force_login(cast.candidate)
    until = client.session[idle.UNTIL]
    clock.wait(0.5)
    assert signed_in(client) and client.session[idle.UNTIL] == until
    clock.wait(1)
    assert signed_in(client) and client.session[idle.UNTIL] > until


def test_an_exam_in_progress_is_not_signed_out_while_the_candidate_answers(
    client, cast, clock, settings
) -> None:
    session = delivery.create_session(
        exam_registration(candidate=cast.candidate), by=cast.candidate
    )
    delivery.accept_agreement(session, by=cast.candidate)
    delivery.start(session, by=cast.candidate)
    minutes_on_clock = delivery.time_left(session).total_seconds() / 60
    assert minutes_on_clock > settings.HALLMARK_IDLE_MINUTES + 5
    client.force_login(cast.candidate)
    question = reverse("exams:exam-item", args=[session.pk, 1])
    assert client.get(question).status_code == 200
    # Reading one long question with scripts off: no request for longer than any idle period.
    clock.wait(settings.HALLMARK_IDLE_MINUTES + 2)
    autosave = reverse("exams:exam-autosave", args=[session.pk])
    body = json.dumps({"position": 1, "sequence": 1, "choice": 1})
    assert client.post(autosave, body, content_type="application/json").status_code == 200
    assert client.get(question).status_code == 200
    # Submitted: the exam device's short period starts from the last request.
    client.post(reverse("exams:exam-submit", args=[session.pk]))
    assert client.get(reverse("exams:exam-submitted", args=[session.pk])).status_code == 200
    clock.wait(settings.HALLMARK_EXAM_IDLE_MINUTES + 1)
    assert settings.HALLMARK_EXAM_IDLE_MINUTES < settings.HALLMARK_STAFF_IDLE_MINUTES
    assert not signed_in(client)
