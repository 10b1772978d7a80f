"""`hallmark exams close-expired` and the exams part of `hallmark daily`."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from hallmark.exams import daily
from hallmark.exams.data import SessionStatus
from hallmark.exams.delivery import services as delivery

from factories import exam_registration


@pytest.fixture
def started(cast):
    registration = exam_registration(candidate=cast.candidate)
    session = delivery.create_session(registration, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    return delivery.start(session, by=cast.candidate)


def test_it_closes_sessions_past_their_deadline(started, capsys) -> None:
    call_command("exams", "close-expired")
    assert capsys.readouterr().out == "0 session(s) past their deadline submitted\n"
    later = (started.deadline_at + datetime.timedelta(seconds=1)).isoformat()
    call_command("exams", "close-expired", "--now", later)
    assert capsys.readouterr().out == "1 session(s) past their deadline submitted\n"
    started.refresh_from_db()
    assert started.status == SessionStatus.SUBMITTED and started.submitted_by_server


def test_it_refuses_a_moment_without_a_zone() -> None:
    with pytest.raises(CommandError, match="with a zone"):
        call_command("exams", "close-expired", "--now", "2030-01-01T10:00")


def test_daily_expires_authorizations_and_closes_sessions(started) -> None:
    lines = daily.run(started.deadline_at + datetime.timedelta(days=60))
    assert lines == [
        "exams: 0 authorization(s) expired",  # the started seat was sat, not left to expire
        "exams: 1 session(s) past their deadline submitted",
        "exams: 0 evidence file(s) and 0 response(s) past their retention removed",
    ]
