"""The pages: an officer runs a case from opening to hearing, the panel votes and its chair
decides; the respondent answers on their own page and reads the decision and how long they may
appeal. Least privilege: a respondent sees only their case, a panel member only the cases they
sit on, and nobody else sees any."""

import datetime

import pytest

from hallmark.certification.data import CaseState, Sanction
from hallmark.certification.discipline import services as discipline
from hallmark.certification.models import DisciplineCase

from factories import UserFactory, case_heard, pdf, voted

pytestmark = pytest.mark.django_db


def test_an_officer_opens_a_case_and_sends_the_notice(ground, cast, client) -> None:
    client.force_login(cast.officer)
    response = client.post(
        "/discipline/?program=CESP",
        {
            "open-respondent": "ada@example.org",
            "open-source": "complaint",
            "open-source_reference": "CMP-2026-0007",
            "open-credential_number": ground.credential.number,
            "open-allegations": "Used the CESP mark while suspended.",
        },
    )
    case = DisciplineCase.objects.get()
    assert response.status_code == 302 and response.url == f"/discipline/{case.reference}/"
    assert (case.source, case.source_reference) == ("complaint", "CMP-2026-0007")
    client.post(f"/discipline/{case.reference}/notice/")
    case.refresh_from_db()
    assert case.state == CaseState.NOTICE_SENT
    queue = client.get("/discipline/?program=CESP").content.decode()
    assert case.reference in queue


def test_a_case_needs_its_program_and_a_known_respondent(ground, cast, client) -> None:
    client.force_login(cast.officer)
    fields = {"open-source": "staff", "open-allegations": "Something."}
    page = client.post("/discipline/", fields | {"open-respondent": "ada@example.org"})
    assert "Choose the program above" in page.content.decode()
    page = client.post("/discipline/?program=CESP", fields | {"open-respondent": "x@example.org"})
    assert "Nobody has an account with this address" in page.content.decode()
    assert not DisciplineCase.objects.exists()


def test_the_queue_puts_overdue_responses_first(ground, cast, client) -> None:
    later, overdue = ground.open(cast.officer), ground.open(cast.officer)
    for case in (later, overdue):
        discipline.send_notice(case, by=cast.officer)
    DisciplineCase.objects.filter(pk=overdue.pk).update(
        response_due=ground.program.today() - datetime.timedelta(days=2)
    )
    client.force_login(cast.officer)
    page = client.get("/discipline/?program=CESP").content.decode()
    assert page.index(overdue.reference) < page.index(later.reference)
    assert "overdue" in page


def test_the_respondent_answers_on_their_page(ground, cast, client) -> None:
    case = discipline.send_notice(ground.open(cast.officer), by=cast.officer)
    client.force_login(ground.respondent)
    page = client.get(f"/discipline/mine/{case.reference}/").content.decode()
    assert "Misrepresented the credential" in page and "Send my response" in page
    response = client.post(
        f"/discipline/mine/{case.reference}/",
        {
            "response-response": "I never did.",
            "response-document_description": "My CV",
            "response-document": pdf(),
        },
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.RESPONDED and case.evidence.count() == 1


def test_an_empty_response_is_shown_back_with_its_error(ground, cast, client) -> None:
    case = discipline.send_notice(ground.open(cast.officer), by=cast.officer)
    client.force_login(ground.respondent)
    response = client.post(f"/discipline/mine/{case.reference}/", {"response-response": ""})
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.NOTICE_SENT


def test_the_panel_votes_and_the_chair_decides_on_the_case_page(ground, cast, client) -> None:
    case = case_heard(ground, cast.officer)
    for seat in case.panel.sitting():
        client.force_login(seat.reviewer)
        client.post(
            f"/discipline/{case.reference}/vote/",
            {"vote-sanction": "suspension", "vote-reason": "The job application shows it."},
        )
    until = ground.program.today() + datetime.timedelta(days=30)
    client.force_login(ground.members[0])
    client.post(
        f"/discipline/{case.reference}/decide/",
        {
            "decision-sanction": "suspension",
            "decision-reasons": "Misrepresentation proven.",
            "decision-suspended_until": until.isoformat(),
        },
    )
    case.refresh_from_db()
    assert (case.state, case.decision, case.suspended_until) == ("decided", "suspension", until)
    client.force_login(ground.respondent)
    page = client.get(f"/discipline/mine/{case.reference}/").content.decode()
    appeal = case.appeal_until
    assert f"You may appeal until {appeal.day} {appeal:%B %Y}" in page
    assert f'href="/appeals/new/sanction/{case.pk}/"' in page


def test_refusals_to_seat_are_shown_on_the_case_page(ground, cast, client) -> None:
    case = ground.open(cast.officer)
    discipline.send_notice(case, by=cast.officer)
    discipline.respond(case, by=ground.respondent, response="No.")
    discipline.open_hearing(case, by=cast.officer)
    from hallmark.certification import panels

    panels.declare_conflict(ground.members[1], ground.respondent, "My sister-in-law.")
    client.force_login(cast.officer)
    page = client.get(f"/discipline/{case.reference}/").content.decode()
    assert "may not sit" in page and "My sister-in-law." in page
    response = client.post(
        f"/discipline/{case.reference}/seat/",
        {"seat-reviewer": ground.members[1].pk, "seat-chair": "on"},
    )
    assert "My sister-in-law." in response.content.decode()
    assert not case.panel.seats.exists() if case.panel else True


def test_a_respondent_sees_only_their_own_case(ground, cast, client) -> None:
    case = discipline.send_notice(ground.open(cast.officer), by=cast.officer)
    client.force_login(cast.candidate)
    assert client.get(f"/discipline/mine/{case.reference}/").status_code == 404
    assert client.get(f"/discipline/{case.reference}/").status_code == 404
    assert client.get("/discipline/").status_code == 403
    client.force_login(ground.respondent)
    assert client.get(f"/discipline/{case.reference}/").status_code == 404  # the staff page


def test_a_panel_member_sees_only_the_cases_they_sit_on(ground, cast, client) -> None:
    case = case_heard(ground, cast.officer)
    client.force_login(ground.members[0])
    assert client.get(f"/discipline/{case.reference}/").status_code == 200
    assert case.reference in client.get("/discipline/").content.decode()
    client.force_login(ground.members[3])  # a member, not on this panel
    assert client.get(f"/discipline/{case.reference}/").status_code == 404
    queue = client.get("/discipline/").content.decode()
    assert case.reference not in queue and "Open a case" not in queue


def test_evidence_goes_only_to_those_who_may_see_it(ground, cast, client) -> None:
    case = case_heard(ground, cast.officer)
    evidence = discipline.add_evidence(
        case, by=cast.officer, description="Job application", upload=pdf()
    )
    url = f"/discipline/evidence/{evidence.pk}/"
    client.force_login(ground.members[0])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    for outsider in (ground.respondent, ground.members[3], UserFactory()):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_a_panel_member_cannot_take_an_officer_s_step(ground, cast, client) -> None:
    case = voted(case_heard(ground, cast.officer), ground, Sanction.REPRIMAND)
    client.force_login(ground.members[1])
    client.post(
        f"/discipline/{case.reference}/decide/",
        {"decision-sanction": "revocation", "decision-reasons": "Not the chair."},
    )
    case.refresh_from_db()
    assert case.state == CaseState.HEARING


def _decided(ground, officer, sanction):
    case = voted(case_heard(ground, officer), ground, sanction)
    return discipline.decide(case, by=ground.members[0], sanction=sanction, reasons="Proven.")


def test_the_appeal_link_opens_the_filing_page_of_the_sanction(ground, cast, client) -> None:
    case = _decided(ground, cast.officer, Sanction.REVOCATION)
    client.force_login(ground.respondent)
    page = client.get(f"/appeals/new/sanction/{case.pk}/")
    assert page.status_code == 200 and case.reference in page.content.decode()
    client.post(f"/appeals/new/sanction/{case.pk}/", {"grounds": "I did not misrepresent it."})
    assert case.appeals.get().appellant == ground.respondent


def test_no_appeal_link_for_a_dismissal_or_after_the_period(ground, cast, client) -> None:
    case = _decided(ground, cast.officer, Sanction.DISMISSED)
    client.force_login(ground.respondent)
    assert "/appeals/new/" not in client.get(f"/discipline/mine/{case.reference}/").content.decode()
    case.decision = Sanction.PROBATION
    case.probation_conditions, case.probation_ends_on = "CE.", case.appeal_until
    case.appeal_until = ground.program.today() - datetime.timedelta(days=1)
    case.save()
    assert "/appeals/new/" not in client.get(f"/discipline/mine/{case.reference}/").content.decode()
