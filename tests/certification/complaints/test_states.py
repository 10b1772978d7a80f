"""A complaint's way from receipt to outcome: each step in its turn, with who and when, and a
refused step changes nothing."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from hallmark.accounts.models import SentMessage
from hallmark.certification.complaints import services
from hallmark.certification.complaints.data import (
    ComplaintAbout,
    ComplaintEventKind,
    ComplaintStatus,
    Scope,
)
from hallmark.certification.models import Complaint

from factories import filed_complaint

pytestmark = pytest.mark.django_db


def stored(complaint: Complaint) -> tuple[str, str, int, int]:
    complaint.refresh_from_db()
    return complaint.status, complaint.scope, complaint.events.count(), SentMessage.objects.count()


def kinds(complaint: Complaint) -> list[str]:
    return list(complaint.events.values_list("kind", flat=True))


def test_a_complaint_goes_from_received_to_closed_with_who_and_when(
    complaint, cast, committed
) -> None:
    assert complaint.status == ComplaintStatus.RECEIVED
    with committed():
        services.acknowledge(complaint, by=cast.officer)
        services.triage(complaint, Scope.IN_SCOPE, reason="Support is ours.", by=cast.officer)
        services.add_note(complaint, "The rota ended at 5 pm.", by=cast.officer)
        services.close_complaint(complaint, outcome="Upheld: support hours fixed.", by=cast.officer)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.scope == Scope.IN_SCOPE
    assert complaint.acknowledged_by == complaint.triaged_by == complaint.closed_by == cast.officer
    assert complaint.acknowledged_at <= complaint.triaged_at <= complaint.closed_at
    assert kinds(complaint) == [
        ComplaintEventKind.RECEIVED,
        ComplaintEventKind.ACKNOWLEDGED,
        ComplaintEventKind.IN_SCOPE,
        ComplaintEventKind.NOTE,
        ComplaintEventKind.CLOSED,
    ]
    assert complaint.events.first().by is None  # the complainant, through the form
    assert [m.subject for m in mail.outbox] == [
        f"We received your complaint {complaint.reference}",
        f"Outcome of your complaint {complaint.reference}",
    ]


def test_the_acknowledgement_tells_the_complainant_the_date_and_where_to_look(
    complaint, cast, committed
) -> None:
    with committed():
        services.acknowledge(complaint, by=cast.officer)
    sent = mail.outbox[-1]
    assert sent.to == ["ana.ruiz@example.org"]
    assert sent.body.startswith("Hello Ana Ruiz,")
    assert complaint.reference in sent.body
    assert f"by {complaint.close_by.day} {complaint.close_by:%B %Y}" in sent.body
    assert "/complaints/status/" in sent.body
    record = SentMessage.objects.get()
    assert record.person is None and record.to == "ana.ruiz@example.org"


def test_an_anonymous_complaint_is_handled_and_nobody_is_written_to(
    program, cast, committed
) -> None:
    complaint = filed_complaint(program, complainant_name="", complainant_email="")
    with committed():
        services.acknowledge(complaint, by=cast.officer)
        services.triage(complaint, Scope.OUT_OF_SCOPE, reason="Not ours.", by=cast.officer)
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    assert mail.outbox == [] and not SentMessage.objects.exists()


def test_a_complainant_without_a_name_is_greeted_without_one(program, cast, committed) -> None:
    complaint = filed_complaint(program, complainant_name="")
    with committed():
        services.acknowledge(complaint, by=cast.officer)
    assert mail.outbox[-1].body.startswith("Hello,\n")


def test_out_of_scope_needs_a_reason_and_then_closes_telling_it(complaint, cast, committed) -> None:
    services.acknowledge(complaint, by=cast.officer)
    before = stored(complaint)
    with pytest.raises(ValidationError) as refused:
        services.triage(complaint, Scope.OUT_OF_SCOPE, reason="  ", by=cast.officer)
    assert "reason" in refused.value.message_dict
    assert stored(complaint) == before
    with committed():
        services.triage(
            complaint, Scope.OUT_OF_SCOPE, reason="It is about an employer.", by=cast.officer
        )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED
    assert complaint.outcome == complaint.scope_reason == "It is about an employer."
    assert complaint.closed_by == cast.officer
    assert "It is about an employer." in mail.outbox[-1].body


@pytest.mark.parametrize(
    "step",
    [
        lambda c, by: services.close_complaint(c, outcome="Done.", by=by),
        lambda c, by: services.triage(c, Scope.IN_SCOPE, reason="", by=by),
        lambda c, by: services.plan_corrective_action(
            c, what="x", owner=by, due_on=c.close_by, by=by
        ),
    ],
    ids=["close", "triage", "corrective action"],
)
def test_nothing_but_acknowledging_comes_first(complaint, cast, step) -> None:
    before = stored(complaint)
    with pytest.raises(ValidationError, match="its status is “Received”"):
        step(complaint, cast.officer)
    assert stored(complaint) == before


def test_an_acknowledged_complaint_is_triaged_before_it_is_closed(complaint, cast) -> None:
    services.acknowledge(complaint, by=cast.officer)
    before = stored(complaint)
    with pytest.raises(ValidationError, match="its status is “Acknowledged”"):
        services.close_complaint(complaint, outcome="Done.", by=cast.officer)
    assert stored(complaint) == before


def test_steps_are_taken_once(investigating, cast) -> None:
    with pytest.raises(ValidationError, match="acknowledged already"):
        services.acknowledge(investigating, by=cast.officer)
    with pytest.raises(ValidationError, match="triaged once"):
        services.triage(investigating, Scope.OUT_OF_SCOPE, reason="x", by=cast.officer)
    services.close_complaint(investigating, outcome="Done.", by=cast.officer)
    for step in (
        lambda: services.close_complaint(investigating, outcome="Again.", by=cast.officer),
        lambda: services.add_note(investigating, "Late note.", by=cast.officer),
    ):
        with pytest.raises(ValidationError, match="its status is “Closed”"):
            step()


def test_closing_needs_an_outcome(investigating, cast) -> None:
    before = stored(investigating)
    with pytest.raises(ValidationError) as refused:
        services.close_complaint(investigating, outcome=" ", by=cast.officer)
    assert "outcome" in refused.value.message_dict
    assert stored(investigating) == before


def test_over_long_text_is_refused(investigating, cast) -> None:
    with pytest.raises(ValidationError, match="5000 characters"):
        services.add_note(investigating, "x" * 5001, by=cast.officer)
    assert not investigating.events.filter(kind=ComplaintEventKind.NOTE).exists()


@pytest.mark.parametrize("person", ["candidate", "outsider", "manager", "proctor"])
def test_only_those_who_handle_complaints_take_a_step(complaint, cast, person) -> None:
    before = stored(complaint)
    with pytest.raises(PermissionDenied, match=r"certification\.handle_complaint"):
        services.acknowledge(complaint, by=getattr(cast, person))
    assert stored(complaint) == before


def test_a_step_is_taken_by_a_person(complaint) -> None:
    with pytest.raises(PermissionDenied, match="Only a person"):
        services.acknowledge(complaint, by=None)


def test_a_complaint_is_checked_whole_before_it_is_kept(program) -> None:
    for about, given, field in [
        (ComplaintAbout.CERTIFICANT, {}, "certificant_name"),
        (ComplaintAbout.BODY, {"certificant_name": "Sam Lee"}, "certificant_name"),
        (ComplaintAbout.BODY, {"credential_number": "ESP-000001-00"}, "certificant_name"),
        ("someone", {}, "about"),
        (ComplaintAbout.BODY, {"complainant_email": "ana at example"}, "complainant_email"),
        (ComplaintAbout.BODY, {"what_happened": " "}, "what_happened"),
    ]:
        with pytest.raises(ValidationError) as refused:
            filed_complaint(program, about=about, **given)
        assert field in refused.value.message_dict
    assert not Complaint.objects.exists()
    named = filed_complaint(program, about=ComplaintAbout.CERTIFICANT, certificant_name="Sam Lee")
    numbered = filed_complaint(
        program, about=ComplaintAbout.CERTIFICANT, credential_number="ESP-000001-00"
    )
    assert named.about_certificant and numbered.about_certificant
    assert named.credential is None  # staff link it
