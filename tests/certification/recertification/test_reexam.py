"""Released results renew a holder who passed the exam in the renewal window; a pass before
the window renews nothing and the run's notes say why; anyone else gets a certification
decision as before."""

import datetime

import pytest

from hallmark.certification import services as certification
from hallmark.certification.data import RenewalRoute, RenewalStatus
from hallmark.certification.models import CertificationDecision, Credential
from hallmark.results import services

from factories import recertification_program, scoring_ground, submitted_session

pytestmark = pytest.mark.django_db
KEYS = ["A", "B", "C", "D"]
RIGHT = "ABCD"


@pytest.fixture
def released(cast):
    program = recertification_program(designation="CESP")
    _program, form, window = scoring_ground(KEYS, "3", cast.manager, program=program)
    today = program.today()
    sessions = {
        name: submitted_session(form, RIGHT, window=window)
        for name in ("in_window", "early", "newcomer")
    }
    holders = {
        # issued 900 days ago: expires in about 6 months, inside the 9-month window
        "in_window": today - datetime.timedelta(days=900),
        # issued a year ago: the window opens in about 15 months
        "early": today - datetime.timedelta(days=365),
    }
    credentials = {
        name: certification.issue_credential(sessions[name].candidate, program, issued_on=on)
        for name, on in holders.items()
    }
    services.score_window(window, form, by=cast.psychometrician)
    (run,) = services.release(window, by=cast.psychometrician)
    return program, run, sessions, credentials


def test_a_holder_who_passes_in_the_window_renews_by_exam(released) -> None:
    program, _run, sessions, credentials = released
    before = credentials["in_window"]
    renewed = Credential.objects.get(pk=before.pk)
    assert renewed.expires_on > before.expires_on
    application = renewed.cycles.get(sequence=1).renewals.get()
    assert (application.route, application.status) == (RenewalRoute.EXAM, RenewalStatus.APPROVED)
    assert application.passed_on == program.today()
    holder = sessions["in_window"].candidate
    assert not CertificationDecision.objects.filter(candidate=holder).exists()


def test_a_pass_before_the_window_renews_nothing_and_the_notes_say_why(released) -> None:
    _program, run, sessions, credentials = released
    early = credentials["early"]
    unchanged = Credential.objects.get(pk=early.pk)
    assert unchanged.expires_on == early.expires_on
    assert not unchanged.cycles.get().renewals.exists()
    email = sessions["early"].candidate.email
    (note,) = [n for n in run.notes if email in n]
    assert (
        "renews nothing" in note
        and f"opens on {early.cycles.get().dates().window_opens_on:%-d %B %Y}" in note
    )


def test_someone_without_the_credential_gets_a_certification_decision(released) -> None:
    program, _run, sessions, _credentials = released
    newcomer = sessions["newcomer"].candidate
    decision = CertificationDecision.objects.get(candidate=newcomer, program=program)
    assert "released" in decision.source
    assert decision.result == _run.results.get(session=sessions["newcomer"])
