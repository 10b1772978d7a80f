"""Appeals of a suspension or a revocation: filed by the holder, heard by an independent panel;
an overturn reinstates the credential, signs the status list again and the history names the
appeal; the hash chain still audits."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils import timezone

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import SentMessage, User
from hallmark.certification import panels
from hallmark.certification import services as credentials
from hallmark.certification.appeals import services
from hallmark.certification.audit import chain_problem
from hallmark.certification.data import (
    AppealOutcome,
    AppealStatus,
    AppealSubject,
    CredentialEventKind,
    CredentialStatus,
)
from hallmark.certification.models import Appeal, PanelSeat, StatusEntry, StatusList
from hallmark.credentials import BitstringStatusList

from factories import decided, heard, panel_member

pytestmark = pytest.mark.django_db


def status_of(credential) -> int:
    entry = StatusEntry.objects.select_related("status_list").get(credential=credential)
    encoded = entry.status_list.document["credentialSubject"]["encodedList"]
    return BitstringStatusList.decode(encoded, status_size=2).get_status(entry.index)


@pytest.fixture
def revocation(credential, cast):
    credentials.revoke_credential(credential, actor=cast.officer, reason="Misused the mark.")
    return credential.events.get(kind=CredentialEventKind.REVOKED)


@pytest.fixture
def appeal(revocation, cast):
    return services.file_appeal(
        AppealSubject.REVOCATION, revocation, by=cast.candidate, grounds="I never used it."
    )


def test_filing_gives_a_reference_deadlines_and_a_message(appeal, cast, program):
    today = program.today()
    assert appeal.reference == f"APL-{today.year}-0001"
    assert appeal.status == AppealStatus.RECEIVED
    assert appeal.acknowledge_by == today + datetime.timedelta(days=5)
    assert appeal.decide_by == today + datetime.timedelta(days=45)
    assert appeal.appeal_by == today + datetime.timedelta(days=30)
    assert "Misused the mark." in appeal.decision_summary
    message = SentMessage.objects.get(key=MessageKey.APPEAL_RECEIVED)
    assert appeal.reference in message.subject and message.to == cast.candidate.email


def test_filing_is_in_the_credentials_history(appeal, credential):
    credential.refresh_from_db()
    last = credential.events.order_by("-sequence").first()
    assert last.kind == CredentialEventKind.APPEAL_FILED
    assert last.data == {"appeal": appeal.reference}
    assert chain_problem(credential) is None


def test_only_the_holder_appeals_and_only_once(revocation, cast, appeal):
    with pytest.raises(PermissionDenied):
        services.file_appeal(
            AppealSubject.REVOCATION, revocation, by=cast.outsider, grounds="On their behalf."
        )
    with pytest.raises(ValidationError, match="already been appealed"):
        services.file_appeal(
            AppealSubject.REVOCATION, revocation, by=cast.candidate, grounds="Again."
        )


def test_grounds_are_required(revocation, cast):
    with pytest.raises(ValidationError, match="why the decision should change"):
        services.file_appeal(AppealSubject.REVOCATION, revocation, by=cast.candidate, grounds=" ")
    assert not Appeal.objects.exists()


def test_after_the_appeal_period_filing_is_refused_saying_the_date(revocation, cast):
    late = timezone.now() + datetime.timedelta(days=31)
    last_day = revocation.credential.program.today() + datetime.timedelta(days=30)
    with pytest.raises(ValidationError, match=f"ended on {last_day.day} {last_day:%B %Y}"):
        services.file_appeal(
            AppealSubject.REVOCATION, revocation, by=cast.candidate, grounds="Late.", now=late
        )
    assert not Appeal.objects.exists()


def test_a_revocation_event_is_not_appealed_as_a_suspension(revocation, cast):
    with pytest.raises(ValidationError, match="not a suspension"):
        services.file_appeal(
            AppealSubject.SUSPENSION, revocation, by=cast.candidate, grounds="Wrong kind."
        )


def test_the_original_decider_and_a_conflicted_reviewer_are_refused_saying_why(appeal, cast):
    services.acknowledge(appeal, by=cast.officer)
    cast.officer.groups.add(*panel_member("x").groups.all())  # the officer also sits on panels
    officer = User.objects.get(pk=cast.officer.pk)  # its permissions read again
    with pytest.raises(ValidationError, match=r"took the decision under review .revoked"):
        services.seat_reviewer(appeal, officer, by=officer)
    robin = panel_member("robin")
    panels.declare_conflict(robin, cast.candidate, "We worked at the same agency.")
    with pytest.raises(ValidationError, match=r"conflict of interest .*same agency"):
        services.seat_reviewer(appeal, robin, by=cast.officer)
    assert not PanelSeat.objects.exists()


def test_officers_staff_but_do_not_vote_or_decide(appeal, cast, bench):
    heard(appeal, cast.officer, bench, AppealOutcome.UPHELD)
    assert appeal.status == AppealStatus.UNDER_REVIEW
    with pytest.raises(PermissionDenied):
        services.vote(appeal, by=cast.officer, outcome=AppealOutcome.UPHELD, reason="Agree.")
    with pytest.raises(PermissionDenied, match="chair"):
        services.record_outcome(
            appeal, by=cast.officer, outcome=AppealOutcome.UPHELD, reasons="Stands."
        )
    with pytest.raises(PermissionDenied, match="chair"):
        services.record_outcome(
            appeal, by=bench.second, outcome=AppealOutcome.UPHELD, reasons="Stands."
        )


def test_only_an_officer_acknowledges_and_staffs(appeal, cast, bench):
    with pytest.raises(PermissionDenied):
        services.acknowledge(appeal, by=bench.chair)
    with pytest.raises(ValidationError, match="cannot be staffed now"):
        services.seat_reviewer(appeal, bench.chair, by=cast.officer)  # not yet acknowledged
    services.acknowledge(appeal, by=cast.officer)
    with pytest.raises(PermissionDenied):
        services.seat_reviewer(appeal, bench.second, by=bench.chair)


def test_upheld_leaves_the_revocation_and_tells_the_appellant(appeal, cast, bench, credential):
    signed_at = StatusList.objects.get().signed_at
    appeal = decided(appeal, cast.officer, bench, AppealOutcome.UPHELD)
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.REVOKED
    assert status_of(credential) == 0x2
    assert StatusList.objects.get().signed_at == signed_at
    assert appeal.status == AppealStatus.DECIDED and appeal.applied == ""
    last = credential.events.order_by("-sequence").first()
    assert last.kind == CredentialEventKind.APPEAL_DECIDED and appeal.reference in last.reason
    assert chain_problem(credential) is None
    message = SentMessage.objects.get(key=MessageKey.APPEAL_DECIDED)
    assert "upheld" in message.body and "The panel read the whole file." in message.body


def test_overturned_reinstates_signs_the_list_again_and_names_the_appeal(
    appeal, cast, bench, credential
):
    appeal = decided(appeal, cast.officer, bench, AppealOutcome.OVERTURNED)
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.ACTIVE
    assert status_of(credential) == 0x0
    reinstated = credential.events.get(kind=CredentialEventKind.REINSTATED)
    assert reinstated.reason.startswith(appeal.reference) and reinstated.actor == bench.chair
    assert appeal.applied == f"Overturned: {credential.number} is active."
    assert chain_problem(credential) is None


def test_a_suspension_overturned_is_lifted(credential, cast, bench):
    credentials.suspend_credential(credential, actor=cast.officer, reason="Complaint received.")
    event = credential.events.get(kind=CredentialEventKind.SUSPENDED)
    appeal = services.file_appeal(
        AppealSubject.SUSPENSION, event, by=cast.candidate, grounds="The complaint is false."
    )
    decided(appeal, cast.officer, bench, AppealOutcome.OVERTURNED)
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.ACTIVE and status_of(credential) == 0x0
    assert chain_problem(credential) is None


def test_partial_needs_the_corrected_decision(appeal, cast, bench, credential):
    heard(appeal, cast.officer, bench, AppealOutcome.PARTIAL)
    with pytest.raises(ValidationError, match="corrected decision"):
        services.record_outcome(
            appeal, by=bench.chair, outcome=AppealOutcome.PARTIAL, reasons="In part."
        )
    appeal = services.record_outcome(
        appeal,
        by=bench.chair,
        outcome=AppealOutcome.PARTIAL,
        reasons="In part.",
        corrected="A suspension of six months replaces the revocation.",
    )
    assert appeal.applied == "A suspension of six months replaces the revocation."


def test_the_reasons_are_required_and_the_appeal_closes(appeal, cast, bench):
    heard(appeal, cast.officer, bench, AppealOutcome.UPHELD)
    with pytest.raises(ValidationError, match="reasons"):
        services.record_outcome(appeal, by=bench.chair, outcome=AppealOutcome.UPHELD, reasons="")
    services.record_outcome(appeal, by=bench.chair, outcome=AppealOutcome.UPHELD, reasons="No.")
    with pytest.raises(PermissionDenied):
        services.close(appeal, by=bench.chair)
    appeal = services.close(appeal, by=cast.officer)
    assert appeal.status == AppealStatus.CLOSED and appeal.closed_by == cast.officer


def test_nothing_the_appeal_names_can_be_deleted(appeal, revocation):
    with pytest.raises(ProtectedError):
        revocation.delete()


def test_the_database_refuses_a_second_open_appeal_and_an_undecided_outcome(appeal):
    with pytest.raises(IntegrityError), transaction.atomic():
        Appeal.objects.filter(pk=appeal.pk).update(outcome=AppealOutcome.UPHELD)
    copy = Appeal.objects.get(pk=appeal.pk)
    copy.pk, copy.reference = None, "APL-0000-9999"
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()
