"""The fair process of a discipline case: notice with a deadline, the response (refused after
the deadline), the hearing panel's independence, the chair's decision, each step's message;
the database refuses a state without its fields, and nothing is deleted."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import SentMessage
from hallmark.certification import panels, services
from hallmark.certification.data import CaseState, Sanction
from hallmark.certification.discipline import services as discipline
from hallmark.certification.models import CaseEvidence, DisciplineCase

from factories import case_heard, pdf, voted

pytestmark = pytest.mark.django_db


def messages_to(person) -> list[str]:
    return list(
        SentMessage.objects.filter(person=person).order_by("pk").values_list("key", flat=True)
    )


def test_references_count_up_within_the_year(ground, cast) -> None:
    first, second = ground.open(cast.officer), ground.open(cast.officer)
    year = first.opened_at.year
    assert (first.reference, second.reference) == (f"DSC-{year}-0001", f"DSC-{year}-0002")
    assert first.state == CaseState.OPENED and first.opened_by == cast.officer


def test_the_notice_sets_the_policy_deadline_and_tells_the_respondent(ground, cast) -> None:
    case = discipline.send_notice(ground.open(cast.officer), by=cast.officer)
    assert case.state == CaseState.NOTICE_SENT
    assert case.response_due == ground.program.today() + datetime.timedelta(days=14)
    message = SentMessage.objects.get(person=ground.respondent, key=MessageKey.DISCIPLINE_NOTICE)
    assert case.reference in message.subject
    assert "Misrepresented the credential" in message.body
    assert f"{case.response_due.day} {case.response_due:%B %Y}" in message.body


def test_a_response_within_the_period_is_kept_with_its_evidence(ground, cast) -> None:
    case = discipline.send_notice(ground.open(cast.officer), by=cast.officer)
    case = discipline.respond(
        case, by=ground.respondent, response="I never claimed it.", documents=[("Letter", pdf())]
    )
    assert case.state == CaseState.RESPONDED and case.response == "I never claimed it."
    evidence = CaseEvidence.objects.get(case=case)
    assert (evidence.side, evidence.description, evidence.content_type) == (
        "respondent",
        "Letter",
        "application/pdf",
    )
    with evidence.file.open("rb") as stored:
        assert stored.read().startswith(b"%PDF")
    assert messages_to(ground.respondent)[-1] == MessageKey.DISCIPLINE_RESPONSE


def test_a_response_after_the_deadline_is_refused_and_changes_nothing(ground, cast) -> None:
    case = discipline.send_notice(ground.open(cast.officer), by=cast.officer)
    yesterday = ground.program.today() - datetime.timedelta(days=1)
    DisciplineCase.objects.filter(pk=case.pk).update(response_due=yesterday)
    with pytest.raises(ValidationError, match=r"response period .* ended on"):
        discipline.respond(case, by=ground.respondent, response="Late.", documents=[("L", pdf())])
    case.refresh_from_db()
    assert case.state == CaseState.NOTICE_SENT and case.response == ""
    assert not CaseEvidence.objects.exists()


def test_only_the_respondent_responds(ground, cast) -> None:
    case = discipline.send_notice(ground.open(cast.officer), by=cast.officer)
    with pytest.raises(PermissionDenied):
        discipline.respond(case, by=cast.officer, response="On their behalf.")


def test_the_response_period_ends_only_after_the_deadline(ground, cast) -> None:
    case = discipline.send_notice(ground.open(cast.officer), by=cast.officer)
    with pytest.raises(ValidationError, match="may answer"):
        discipline.end_response_period(case, by=cast.officer)
    DisciplineCase.objects.filter(pk=case.pk).update(
        response_due=ground.program.today() - datetime.timedelta(days=1)
    )
    case = discipline.end_response_period(case, by=None)
    assert case.state == CaseState.NO_RESPONSE
    discipline.open_hearing(case, by=cast.officer)


def test_no_hearing_before_the_response_or_its_period(ground, cast) -> None:
    case = discipline.send_notice(ground.open(cast.officer), by=cast.officer)
    with pytest.raises(ValidationError, match="Notice sent"):
        discipline.open_hearing(case, by=cast.officer)


def test_steps_out_of_order_are_refused(ground, cast) -> None:
    case = ground.open(cast.officer)
    with pytest.raises(ValidationError, match="not awaiting a response"):
        discipline.respond(case, by=ground.respondent, response="Early.")
    discipline.send_notice(case, by=cast.officer)
    with pytest.raises(ValidationError):
        discipline.send_notice(case, by=cast.officer)


def test_only_officers_run_cases(ground, cast) -> None:
    with pytest.raises(PermissionDenied):
        ground.open(cast.manager)
    case = ground.open(cast.officer)
    with pytest.raises(PermissionDenied):
        discipline.send_notice(case, by=ground.members[0])


def test_bad_input_is_refused(ground, cast) -> None:
    with pytest.raises(ValidationError, match="State the allegations"):
        ground.open(cast.officer, allegations="  ")
    with pytest.raises(ValidationError, match="not a source"):
        ground.open(cast.officer, source="rumour")
    other = services.issue_credential(cast.candidate, ground.program)
    with pytest.raises(ValidationError, match=r"is not ada@example\.org's"):
        ground.open(cast.officer, credential=other)
    assert not DisciplineCase.objects.exists()


def test_the_panel_refuses_the_respondent_the_accuser_and_a_conflict(ground, cast) -> None:
    case = ground.open(cast.officer)
    discipline.send_notice(case, by=cast.officer)
    discipline.respond(case, by=ground.respondent, response="No.")
    case = discipline.open_hearing(case, by=cast.officer)
    both = ground.members[0].groups.all()
    ground.respondent.groups.add(*both)
    cast.officer.groups.add(*both)
    with pytest.raises(ValidationError, match="is the respondent in this case"):
        discipline.seat(case, ground.respondent, by=cast.officer)
    officer = type(cast.officer).objects.get(pk=cast.officer.pk)  # permissions read afresh
    with pytest.raises(ValidationError, match=r"took the decision under review .brought the"):
        discipline.seat(case, officer, by=cast.officer)
    panels.declare_conflict(ground.members[3], ground.respondent, "Former colleague.")
    with pytest.raises(ValidationError, match=r"conflict of interest .*Former colleague"):
        discipline.seat(case, ground.members[3], by=cast.officer)
    refusals = dict(discipline.panel_candidates(case))
    assert refusals[ground.members[0]] is None
    assert "Former colleague" in refusals[ground.members[3]]
    assert "respondent" in refusals[ground.respondent]


def test_the_hearing_and_decision_messages(ground, cast) -> None:
    case = voted(case_heard(ground, cast.officer), ground, Sanction.REPRIMAND)
    discipline.decide(case, by=ground.members[0], sanction=Sanction.REPRIMAND, reasons="Proven.")
    # The respondent was told of their credential's issue first (the ground issued it).
    keys = [k for k in messages_to(ground.respondent) if k != MessageKey.CREDENTIAL_ISSUED]
    assert keys == [
        MessageKey.DISCIPLINE_NOTICE,
        MessageKey.DISCIPLINE_RESPONSE,
        MessageKey.DISCIPLINE_HEARING,
        MessageKey.DISCIPLINE_DECIDED,
    ]
    decided = SentMessage.objects.get(person=ground.respondent, key=MessageKey.DISCIPLINE_DECIDED)
    case.refresh_from_db()
    assert "Reprimand" in decided.body and "Proven." in decided.body
    assert f"{case.appeal_until.day} {case.appeal_until:%B %Y}" in decided.body


def test_only_the_chair_decides_and_only_after_every_vote(ground, cast) -> None:
    case = case_heard(ground, cast.officer)
    with pytest.raises(ValidationError, match="not voted"):
        discipline.decide(case, by=ground.members[0], sanction="reprimand", reasons="Early.")
    case = voted(case, ground, Sanction.REPRIMAND)
    with pytest.raises(PermissionDenied, match="chair"):
        discipline.decide(case, by=ground.members[1], sanction="reprimand", reasons="Not chair.")
    with pytest.raises(PermissionDenied, match="chair"):
        discipline.decide(case, by=cast.officer, sanction="reprimand", reasons="Officer.")


def test_the_decision_records_who_when_why_and_the_appeal_deadline(ground, cast) -> None:
    case = voted(case_heard(ground, cast.officer), ground, Sanction.REPRIMAND)
    case = discipline.decide(
        case, by=ground.members[0], sanction=Sanction.REPRIMAND, reasons="Proven in part."
    )
    today = ground.program.today()
    assert (case.state, case.decided_by, case.decided_on) == ("decided", ground.members[0], today)
    assert case.appeal_until == today + datetime.timedelta(days=30)
    closed = discipline.close_case(case, by=cast.officer, note="Appeal period over.")
    assert closed.state == CaseState.CLOSED and closed.closed_by == cast.officer


def test_a_decision_missing_its_details_is_refused_and_changes_nothing(ground, cast) -> None:
    case = voted(case_heard(ground, cast.officer), ground, Sanction.PROBATION)
    chair = ground.members[0]
    with pytest.raises(ValidationError) as refused:
        discipline.decide(case, by=chair, sanction=Sanction.PROBATION, reasons="Proven.")
    assert {"probation_conditions", "probation_ends_on"} <= set(refused.value.error_dict)
    with pytest.raises(ValidationError, match="Give the panel's reasons"):
        discipline.decide(case, by=chair, sanction=Sanction.REPRIMAND, reasons=" ")
    with pytest.raises(ValidationError, match="last day of the suspension"):
        discipline.decide(case, by=chair, sanction=Sanction.SUSPENSION, reasons="Proven.")
    case.refresh_from_db()
    assert case.state == CaseState.HEARING and case.decision == ""


@pytest.mark.parametrize(
    "change",
    [
        {"state": CaseState.NOTICE_SENT},  # no notice time, no deadline
        {"state": CaseState.RESPONDED},
        {"state": CaseState.DECIDED},
        {"decision": Sanction.PROBATION},
        {"state": CaseState.CLOSED},
        {"voids_result": True},
    ],
)
def test_the_database_refuses_a_state_without_its_fields(ground, cast, change) -> None:
    case = ground.open(cast.officer)
    with pytest.raises(IntegrityError), transaction.atomic():
        DisciplineCase.objects.filter(pk=case.pk).update(**change)


def test_nothing_of_a_case_is_deleted(ground, cast) -> None:
    case = case_heard(ground, cast.officer)
    discipline.add_evidence(case, by=cast.officer, description="Job application", upload=pdf())
    with pytest.raises(ProtectedError):
        case.panel.delete()
    with pytest.raises(ProtectedError):
        ground.respondent.delete()
    with pytest.raises(ProtectedError):
        case.delete()  # its evidence holds it
