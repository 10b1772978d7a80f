"""Each sanction carried out through the credential's lifecycle, the case named in every
event: suspension for a period (and the daily job's reinstatement after it), revocation,
probation recorded and shown, dismissal changing nothing. The hash chain still audits."""

import datetime

import pytest

from hallmark.certification import daily, services
from hallmark.certification.audit import chain_problem
from hallmark.certification.data import (
    STATUS_LIST_VALUES,
    CredentialEventKind,
    CredentialStatus,
    Sanction,
)
from hallmark.certification.discipline import services as discipline
from hallmark.certification.models import DisciplineCase, StatusEntry
from hallmark.certification.registry import RegistryEntry, find_by_number
from hallmark.credentials import BitstringStatusList

from factories import case_heard, voted

pytestmark = pytest.mark.django_db


def decided(ground, officer, sanction, **details):
    case = voted(case_heard(ground, officer), ground, sanction)
    return discipline.decide(
        case, by=ground.members[0], sanction=sanction, reasons="Proven.", **details
    )


def credential_of(ground):
    ground.credential.refresh_from_db()
    return ground.credential


def noon_after(day: datetime.date, days: int) -> datetime.datetime:
    return datetime.datetime.combine(
        day + datetime.timedelta(days=days), datetime.time(12), tzinfo=datetime.UTC
    )


def test_a_suspension_suspends_for_its_period_naming_the_case(ground, cast) -> None:
    until = ground.program.today() + datetime.timedelta(days=90)
    case = decided(ground, cast.officer, Sanction.SUSPENSION, suspended_until=until)
    credential = credential_of(ground)
    assert credential.status == CredentialStatus.SUSPENDED
    event = credential.events.order_by("-sequence").first()
    assert event.kind == CredentialEventKind.SUSPENDED
    assert event.reason.startswith(f"{case.reference}: suspended until")
    assert event.actor == ground.members[0]  # the chair, on the panel's authority
    assert not event.actor.has_perm("certification.suspend_credential")
    assert chain_problem(credential) is None


def test_the_daily_job_reinstates_after_the_period_and_not_before(ground, cast) -> None:
    today = ground.program.today()
    until = today + datetime.timedelta(days=10)
    case = decided(ground, cast.officer, Sanction.SUSPENSION, suspended_until=until)
    lines = daily.run(noon_after(until, 0))  # the last day of the suspension
    assert credential_of(ground).status == CredentialStatus.SUSPENDED
    assert not any(line.startswith("discipline:") for line in lines)
    lines = daily.run(noon_after(until, 1))
    credential = credential_of(ground)
    assert credential.status == CredentialStatus.ACTIVE
    assert "1 suspensions ended and reinstated" in lines[-1]
    reinstated = credential.events.order_by("-sequence").first()
    assert reinstated.kind == CredentialEventKind.REINSTATED
    assert reinstated.reason.startswith(f"{case.reference}: the suspension ended")
    assert chain_problem(credential) is None
    daily.run(noon_after(until, 2))  # idempotent: nothing more happens
    assert credential.events.count() == credential_of(ground).events.count()


def test_a_suspension_held_for_another_reason_is_not_lifted(ground, cast) -> None:
    until = ground.program.today() + datetime.timedelta(days=10)
    case = decided(ground, cast.officer, Sanction.SUSPENSION, suspended_until=until)
    # An officer suspends again, for something else, while the sanction runs.
    services.append_event(
        credential_of(ground),
        CredentialEventKind.SUSPENDED,
        actor=cast.officer,
        reason="Misuse of the mark: under investigation",
    )
    lines = daily.run(noon_after(until, 1))
    assert credential_of(ground).status == CredentialStatus.SUSPENDED
    assert "1 ended but held otherwise" in lines[-1]
    case.refresh_from_db()
    assert case.suspension_ended_at is not None


def test_a_revocation_revokes_and_publishes_the_status(ground, cast) -> None:
    case = decided(ground, cast.officer, Sanction.REVOCATION)
    credential = credential_of(ground)
    assert credential.status == CredentialStatus.REVOKED
    revoked = credential.events.order_by("-sequence").first()
    assert revoked.reason.startswith(case.reference) and revoked.actor == ground.members[0]
    entry = StatusEntry.objects.select_related("status_list").get(credential=credential)
    encoded = entry.status_list.document["credentialSubject"]["encodedList"]
    published = BitstringStatusList.decode(encoded, status_size=2).get_status(entry.index)
    assert published == STATUS_LIST_VALUES[CredentialStatus.REVOKED] != 0
    assert chain_problem(credential) is None


def test_probation_is_recorded_and_the_credential_stays_active(ground, cast) -> None:
    ends = ground.program.today() + datetime.timedelta(days=365)
    before = ground.credential.events.count()
    case = decided(
        ground,
        cast.officer,
        Sanction.PROBATION,
        probation_conditions="Supervision by a mentor; 6 hours of ethics CE.",
        probation_ends_on=ends,
    )
    credential = credential_of(ground)
    assert credential.status == CredentialStatus.ACTIVE and credential.events.count() == before
    assert case.probation_conditions.startswith("Supervision") and case.probation_ends_on == ends
    shown = f"Probation until {ends.day} {ends:%B %Y}"
    assert RegistryEntry.of(credential).sanction == shown
    # The registry's lookup reads the probation with the credential: the same answer.
    assert RegistryEntry.of(find_by_number(credential.number)).sanction == shown


def test_a_dismissal_changes_nothing_on_the_credential(ground, cast) -> None:
    before = list(ground.credential.events.values_list("hash", flat=True))
    case = decided(ground, cast.officer, Sanction.DISMISSED)
    credential = credential_of(ground)
    assert case.decision == Sanction.DISMISSED and credential.status == CredentialStatus.ACTIVE
    assert list(credential.events.values_list("hash", flat=True)) == before
    assert RegistryEntry.of(credential).sanction is None


def test_a_credential_suspended_pending_the_case_records_the_sanction(ground, cast) -> None:
    services.suspend_credential(
        ground.credential, actor=cast.officer, reason="Interim: complaint under investigation"
    )
    until = ground.program.today() + datetime.timedelta(days=20)
    case = decided(ground, cast.officer, Sanction.SUSPENSION, suspended_until=until)
    credential = credential_of(ground)
    assert credential.status == CredentialStatus.SUSPENDED
    sanction = credential.events.order_by("-sequence").first()
    assert sanction.reason.startswith(case.reference) and sanction.actor == ground.members[0]
    daily.run(noon_after(until, 1))
    assert credential_of(ground).status == CredentialStatus.ACTIVE  # the decision replaced it
    assert chain_problem(credential_of(ground)) is None


def test_a_sanction_that_needs_a_credential_is_refused_without_one(ground, cast) -> None:
    case = voted(case_heard(ground, cast.officer, credential=None), ground, Sanction.REVOCATION)
    with pytest.raises(Exception, match="names no credential"):
        discipline.decide(case, by=ground.members[0], sanction="revocation", reasons="Proven.")
    assert DisciplineCase.objects.get(pk=case.pk).decision == ""
