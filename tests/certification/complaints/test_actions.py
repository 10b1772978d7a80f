"""Corrective actions after a complaint about the body, and the certificant's credential linked
to a complaint about their conduct."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from hallmark.certification import services as credentials
from hallmark.certification.complaints import services
from hallmark.certification.complaints.data import ComplaintAbout, ComplaintEventKind, Scope
from hallmark.certification.models import CorrectiveAction

from factories import ProgramFactory, filed_complaint

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def plan(complaint, by, **given):
    values = {
        "what": "Keep support open for the whole window.",
        "owner": by,
        "due_on": complaint.program.today() + 30 * DAY,
        "by": by,
    }
    return services.plan_corrective_action(complaint, **(values | given))


def test_closing_a_complaint_about_the_body_records_and_tells_its_actions(
    investigating, cast, committed
) -> None:
    action = plan(investigating, cast.officer, owner=cast.manager)
    assert (action.owner, action.planned_by, action.is_done) == (cast.manager, cast.officer, False)
    services.complete_corrective_action(
        action,
        done_on=investigating.program.today(),
        verification="Checked the next window's call log.",
        by=cast.officer,
    )
    action.refresh_from_db()
    assert action.is_done and action.verified_by == cast.officer
    with committed():
        services.close_complaint(investigating, outcome="Upheld.", by=cast.officer)
    closed = investigating.events.get(kind=ComplaintEventKind.CLOSED)
    assert "Keep support open for the whole window." in closed.text
    body = mail.outbox[-1].body
    assert "Upheld." in body and "What we are changing as a result:" in body
    assert "- Keep support open for the whole window." in body


def test_a_complaint_about_a_certificants_conduct_has_no_corrective_action(program, cast) -> None:
    complaint = filed_complaint(
        program, about=ComplaintAbout.CERTIFICANT, certificant_name="Sam Lee"
    )
    services.acknowledge(complaint, by=cast.officer)
    services.triage(complaint, Scope.IN_SCOPE, reason="", by=cast.officer)
    with pytest.raises(ValidationError, match="goes to discipline"):
        plan(complaint, cast.officer)
    assert not CorrectiveAction.objects.exists()


def test_an_action_has_a_staff_owner_and_a_due_date_to_come(investigating, cast) -> None:
    with pytest.raises(ValidationError) as refused:
        plan(investigating, cast.officer, owner=cast.candidate)
    assert "owner" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        plan(investigating, cast.officer, due_on=investigating.program.today() - DAY)
    assert "due_on" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        plan(investigating, cast.officer, what="  ")
    assert "what" in refused.value.message_dict
    assert not CorrectiveAction.objects.exists()


def test_an_action_is_done_once_with_how_it_was_verified(investigating, cast) -> None:
    action = plan(investigating, cast.officer)
    today = investigating.program.today()
    for done_on, verification, field in [
        (today, " ", "verification"),
        (today + DAY, "Checked.", "done_on"),
        (today - DAY, "Checked.", "done_on"),  # before it was planned
    ]:
        with pytest.raises(ValidationError) as refused:
            services.complete_corrective_action(
                action, done_on=done_on, verification=verification, by=cast.officer
            )
        assert field in refused.value.message_dict
    action.refresh_from_db()
    assert not action.is_done
    services.complete_corrective_action(
        action, done_on=today, verification="Checked.", by=cast.officer
    )
    with pytest.raises(ValidationError, match="was done on"):
        services.complete_corrective_action(
            action, done_on=today, verification="Again.", by=cast.officer
        )
    with pytest.raises(PermissionDenied):
        services.complete_corrective_action(
            plan(investigating, cast.officer), done_on=today, verification="x", by=cast.manager
        )


def test_an_action_is_verified_after_the_complaint_closed(investigating, cast) -> None:
    action = plan(investigating, cast.officer)
    services.close_complaint(investigating, outcome="Upheld.", by=cast.officer)
    services.complete_corrective_action(
        action, done_on=investigating.program.today(), verification="Checked.", by=cast.officer
    )
    assert investigating.events.last().kind == ComplaintEventKind.ACTION_DONE


@pytest.fixture
def conduct(program, cast):
    complaint = filed_complaint(
        program, about=ComplaintAbout.CERTIFICANT, certificant_name="Casey Holder"
    )
    return services.acknowledge(complaint, by=cast.officer)


def test_triage_links_the_certificants_credential(conduct, program, cast) -> None:
    credential = credentials.issue_credential(cast.candidate, program)
    services.triage(
        conduct,
        Scope.IN_SCOPE,
        reason="Conduct is in the code.",
        credential_number=credential.number.lower(),
        by=cast.officer,
    )
    conduct.refresh_from_db()
    assert conduct.credential == credential and conduct.about_certificant
    assert list(credential.complaints.all()) == [conduct]
    assert conduct.events.filter(kind=ComplaintEventKind.LINKED).get().by == cast.officer


def test_a_credential_of_another_program_or_none_is_not_linked(conduct, cast) -> None:
    elsewhere = credentials.issue_credential(cast.candidate, ProgramFactory())
    for number in (elsewhere.number, "ESP-999999-00"):
        with pytest.raises(ValidationError) as refused:
            services.link_credential(conduct, number, by=cast.officer)
        assert "credential_number" in refused.value.message_dict
    conduct.refresh_from_db()
    assert conduct.credential is None


def test_nobody_handles_a_complaint_about_themselves(conduct, program, cast) -> None:
    own = credentials.issue_credential(cast.officer, program)
    with pytest.raises(PermissionDenied, match="their own case"):
        services.link_credential(conduct, own.number, by=cast.officer)
    conduct.refresh_from_db()
    assert conduct.credential is None
