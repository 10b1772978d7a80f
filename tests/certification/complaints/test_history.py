"""Nothing a complaint went through is deleted or rewritten, and the database refuses a state
without the fields it needs, whatever writes it."""

import pytest
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from hallmark.certification.complaints import services
from hallmark.certification.complaints.data import ComplaintAbout, ComplaintStatus, Scope
from hallmark.certification.models import Complaint, ComplaintEvent
from hallmark.certification.models.complaints import HistoryError

pytestmark = pytest.mark.django_db


def test_notes_and_every_step_are_append_only(investigating, cast) -> None:
    note = services.add_note(investigating, "Called the complainant.", by=cast.officer)
    note.text = "Rewritten."
    with pytest.raises(HistoryError):
        note.save()
    with pytest.raises(HistoryError):
        note.delete()
    with pytest.raises(HistoryError):
        ComplaintEvent.objects.filter(complaint=investigating).update(text="")
    with pytest.raises(HistoryError):
        ComplaintEvent.objects.filter(complaint=investigating).delete()
    assert ComplaintEvent.objects.get(pk=note.pk).text == "Called the complainant."


def test_a_complaint_and_what_it_points_to_are_never_deleted(investigating, cast) -> None:
    with pytest.raises(ProtectedError):
        investigating.delete()  # its history protects it
    with pytest.raises(ProtectedError):
        investigating.program.delete()
    with pytest.raises(ProtectedError):
        cast.officer.delete()  # who acknowledged it
    assert Complaint.objects.filter(pk=investigating.pk).exists()


def refused_by_the_database(complaint: Complaint, **values: object) -> None:
    for name, value in values.items():
        setattr(complaint, name, value)
    with pytest.raises(IntegrityError), transaction.atomic():
        complaint.save()


def test_the_database_refuses_a_closed_complaint_without_its_outcome(investigating) -> None:
    refused_by_the_database(investigating, status=ComplaintStatus.CLOSED)


def test_the_database_refuses_out_of_scope_without_a_reason(complaint, cast) -> None:
    services.acknowledge(complaint, by=cast.officer)
    complaint.refresh_from_db()
    refused_by_the_database(
        complaint,
        scope=Scope.OUT_OF_SCOPE,
        scope_reason="",
        triaged_by=cast.officer,
        triaged_at=complaint.acknowledged_at,
        status=ComplaintStatus.CLOSED,
        outcome="Closed.",
        closed_by=cast.officer,
        closed_at=complaint.acknowledged_at,
    )


def test_the_database_refuses_an_unacknowledged_investigation(complaint, cast) -> None:
    refused_by_the_database(complaint, status=ComplaintStatus.INVESTIGATING)


def test_the_database_refuses_a_complaint_about_the_body_naming_a_person(complaint) -> None:
    refused_by_the_database(complaint, certificant_name="Sam Lee")


def test_the_database_refuses_a_complaint_about_a_certificant_naming_nobody(complaint) -> None:
    refused_by_the_database(complaint, about=ComplaintAbout.CERTIFICANT)
