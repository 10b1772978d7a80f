"""A sanction appealed: filed by the respondent within the period, heard by a panel of nobody
who heard the case or brought it; an overturn is recorded on the case beside the decision,
reinstates the credential it withdrew (the chain audits, the status list follows), ends the
suspension's run and takes the sanction off the registry; upheld changes nothing."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from hallmark.certification import daily
from hallmark.certification.appeals import services as appeals
from hallmark.certification.appeals import subjects
from hallmark.certification.audit import chain_problem
from hallmark.certification.data import (
    STATUS_LIST_VALUES,
    AppealOutcome,
    AppealSubject,
    CredentialEventKind,
    CredentialStatus,
    Sanction,
)
from hallmark.certification.discipline import services as discipline
from hallmark.certification.models import StatusEntry
from hallmark.certification.registry import RegistryEntry
from hallmark.credentials import BitstringStatusList
from hallmark.programs.models import appeal_deadline

from factories import Bench, case_heard, decided, panel_member, voted

pytestmark = pytest.mark.django_db


def sanctioned(ground, officer, sanction, **details):
    case = voted(case_heard(ground, officer), ground, sanction)
    return discipline.decide(
        case, by=ground.members[0], sanction=sanction, reasons="Proven.", **details
    )


def suspended(ground, officer):
    until = ground.program.today() + datetime.timedelta(days=90)
    return sanctioned(ground, officer, Sanction.SUSPENSION, suspended_until=until)


def filed(case, ground):
    return appeals.file_appeal(
        AppealSubject.SANCTION, case, by=ground.respondent, grounds="The panel misread my letter."
    )


def status_of(credential) -> int:
    entry = StatusEntry.objects.select_related("status_list").get(credential=credential)
    encoded = entry.status_list.document["credentialSubject"]["encodedList"]
    return BitstringStatusList.decode(encoded, status_size=2).get_status(entry.index)


def disclosed(ground) -> str | None:
    ground.credential.refresh_from_db()
    return RegistryEntry.of(ground.credential).sanction


@pytest.fixture
def bench(ground) -> Bench:
    # lee sits on panels but did not hear the case
    return Bench(ground.members[3], panel_member("noor"), panel_member("ola"))


def test_the_respondent_files_against_the_sanction_with_its_reasons(ground, cast) -> None:
    case = suspended(ground, cast.officer)
    appeal = filed(case, ground)
    assert appeal.discipline_case == case and appeal.appellant == ground.respondent
    assert appeal.decided_on == case.decided_on
    assert appeal.appeal_by == appeal_deadline(case.program, case.decided_on)
    assert "Suspension" in appeal.decision_summary and "Proven." in appeal.decision_summary


def test_a_dismissal_is_not_appealed(ground, cast) -> None:
    case = sanctioned(ground, cast.officer, Sanction.DISMISSED)
    with pytest.raises(ValidationError, match="dismissed"):
        filed(case, ground)


def test_those_who_heard_or_brought_the_case_do_not_hear_its_appeal(ground, cast) -> None:
    case = suspended(ground, cast.officer)
    read = subjects.subject(AppealSubject.SANCTION).read(case)
    assert set(read.deciders) == {*ground.members[:3], cast.officer}
    appeal = filed(case, ground)
    appeals.acknowledge(appeal, by=cast.officer)
    with pytest.raises(ValidationError, match=f"heard {case.reference}"):
        appeals.seat_reviewer(appeal, ground.members[1], by=cast.officer)
    appeals.seat_reviewer(appeal, ground.members[3], by=cast.officer, chair=True)


def test_an_overturn_reinstates_records_it_and_leaves_the_registry_silent(
    ground, cast, bench
) -> None:
    case = suspended(ground, cast.officer)
    assert disclosed(ground) is not None
    appeal = decided(filed(case, ground), cast.officer, bench, AppealOutcome.OVERTURNED)
    case.refresh_from_db()
    assert case.decision == Sanction.SUSPENSION  # the decision as made stays
    assert case.overturned_by == bench.chair and case.overturn_reference == appeal.reference
    assert case.overturn_reason == "The panel read the whole file."
    credential = ground.credential
    credential.refresh_from_db()
    assert credential.status == CredentialStatus.ACTIVE
    assert status_of(credential) == STATUS_LIST_VALUES[CredentialStatus.ACTIVE]
    reinstated = credential.events.filter(kind=CredentialEventKind.REINSTATED).get()
    assert reinstated.reason.startswith(f"{appeal.reference}:")
    assert reinstated.actor == bench.chair  # on the appeal panel's authority
    assert chain_problem(credential) is None
    assert disclosed(ground) is None
    assert "overturned" in appeal.applied


def test_after_an_overturn_the_daily_job_has_nothing_to_reinstate(ground, cast, bench) -> None:
    case = suspended(ground, cast.officer)
    decided(filed(case, ground), cast.officer, bench, AppealOutcome.OVERTURNED)
    assert not discipline.suspensions_ended(case.suspended_until + datetime.timedelta(days=1))
    events = ground.credential.events.count()
    later = case.suspended_until + datetime.timedelta(days=2)
    daily.run(datetime.datetime.combine(later, datetime.time(12), tzinfo=datetime.UTC))
    assert ground.credential.events.count() == events


def test_a_revocation_overturned_is_reinstated(ground, cast, bench) -> None:
    case = sanctioned(ground, cast.officer, Sanction.REVOCATION)
    decided(filed(case, ground), cast.officer, bench, AppealOutcome.OVERTURNED)
    ground.credential.refresh_from_db()
    assert ground.credential.status == CredentialStatus.ACTIVE
    assert disclosed(ground) is None
    assert chain_problem(ground.credential) is None


def test_probation_overturned_is_no_longer_disclosed(ground, cast, bench) -> None:
    ends = ground.program.today() + datetime.timedelta(days=365)
    case = sanctioned(
        ground,
        cast.officer,
        Sanction.PROBATION,
        probation_conditions="Ethics CE.",
        probation_ends_on=ends,
    )
    assert disclosed(ground) is not None
    decided(filed(case, ground), cast.officer, bench, AppealOutcome.OVERTURNED)
    assert disclosed(ground) is None


def test_upheld_changes_nothing_but_the_history_of_the_appeal(ground, cast, bench) -> None:
    case = suspended(ground, cast.officer)
    events = ground.credential.events.count()
    decided(filed(case, ground), cast.officer, bench, AppealOutcome.UPHELD)
    case.refresh_from_db()
    ground.credential.refresh_from_db()
    assert case.overturned_at is None and case.suspension_ended_at is None
    assert ground.credential.status == CredentialStatus.SUSPENDED
    added = ground.credential.events.filter(sequence__gt=events).order_by("sequence")
    assert [e.kind for e in added] == [
        CredentialEventKind.APPEAL_FILED,
        CredentialEventKind.APPEAL_DECIDED,
    ]
    assert added.last().reason.endswith(": decision upheld")
    assert disclosed(ground) is not None


def test_the_appeal_of_a_sanction_and_its_outcome_enter_the_credential_s_history(
    ground, cast, bench
) -> None:
    case = suspended(ground, cast.officer)
    before = ground.credential.events.count()
    appeal = filed(case, ground)
    decided(appeal, cast.officer, bench, AppealOutcome.OVERTURNED)
    added = ground.credential.events.filter(sequence__gt=before).order_by("sequence")
    assert [(e.kind, e.actor) for e in added] == [
        (CredentialEventKind.APPEAL_FILED, ground.respondent),
        (CredentialEventKind.REINSTATED, bench.chair),
        (CredentialEventKind.APPEAL_DECIDED, bench.chair),
    ]
    filed_event, _, decided_event = added
    assert filed_event.data == {"appeal": appeal.reference} == decided_event.data
    assert filed_event.reason == (
        f"{appeal.reference}: appeal of the discipline sanction of {case.reference}"
    )
    assert decided_event.reason == f"{appeal.reference}: decision overturned"
    ground.credential.refresh_from_db()
    assert chain_problem(ground.credential) is None


def test_a_sanction_on_a_case_without_a_credential_adds_to_no_history(ground, cast) -> None:
    case = voted(case_heard(ground, cast.officer, credential=None), ground, Sanction.REPRIMAND)
    case = discipline.decide(case, by=ground.members[0], sanction="reprimand", reasons="Proven.")
    events = ground.credential.events.count()
    filed(case, ground)
    assert ground.credential.events.count() == events


def test_a_sanction_is_lifted_once(ground, cast, bench) -> None:
    case = suspended(ground, cast.officer)
    discipline.lift_on_appeal(case, by=bench.chair, reason="Misread.", reference="APL-X")
    with pytest.raises(ValidationError, match="already overturned"):
        discipline.lift_on_appeal(case, by=bench.chair, reason="Again.", reference="APL-Y")
