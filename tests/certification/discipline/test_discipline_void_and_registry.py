"""Exam misconduct found after release: the case voids the result, the credential it produced
is revoked, and the registry shows it. What the registry discloses of a sanction follows the
program's policy: the category, or the status alone. Version 1 of the API keeps its fields."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hallmark.accounts.data import Role
from hallmark.certification import services
from hallmark.certification.audit import chain_problem
from hallmark.certification.data import (
    CredentialEventKind,
    CredentialStatus,
    DecisionStatus,
    Sanction,
)
from hallmark.certification.discipline import services as discipline
from hallmark.certification.models import CertificationDecision
from hallmark.certification.registry import RegistryEntry
from hallmark.programs.models import CasePolicy
from hallmark.results import services as results
from hallmark.results.data import RunStatus
from hallmark.results.models import Result, ScoringRun

from factories import Ground, UserFactory, case_heard, scoring_ground, submitted_session, voted
from i18n import spanish_day

pytestmark = pytest.mark.django_db


@pytest.fixture
def sat(cast) -> Ground:
    """A released pass, and the credential a certification decision issued on it."""
    program, form, window = scoring_ground(list("ABCDA"), "3", cast.manager)
    CasePolicy.objects.create(program=program, effective_from=datetime.date(2020, 1, 1))
    session = submitted_session(form, "ABCDA", window=window)
    run = results.score_window(window, form, by=cast.psychometrician)
    ScoringRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RELEASED, released_by=cast.psychometrician, released_at=timezone.now()
    )
    result = run.results.get(session=session)
    candidate = result.candidate
    credential = services.issue_credential(candidate, program)
    CertificationDecision.objects.create(
        candidate=candidate,
        program=program,
        passed_on=program.today(),
        source=f"Passed {form} in {window} (run {run.number}, released)",
        result=result,
        status=DecisionStatus.ISSUED,
        resolved_at=timezone.now(),
        credential=credential,
    )
    members = [UserFactory(roles=[Role.PANEL_MEMBER]) for _ in range(3)]
    ground = Ground(program, candidate, credential, members)
    ground.result = result  # type: ignore[attr-defined]
    return ground


def misconduct(sat, officer, *, void: bool = True, sanction: str = Sanction.REPRIMAND):
    case = case_heard(
        sat,
        officer,
        source="data forensics",
        source_reference="DF-2026-17",
        credential=None,
        result=sat.result,
    )
    case = voted(case, sat, sanction)
    return discipline.decide(
        case, by=sat.members[0], sanction=sanction, reasons="Answer copying.", void_result=void
    )


def test_voiding_the_result_revokes_the_credential_it_produced(sat, cast) -> None:
    case = misconduct(sat, cast.officer)
    result = Result.objects.get(pk=sat.result.pk)
    assert result.is_voided and result.void_reference == case.reference
    assert case.reference in result.void_reason
    sat.credential.refresh_from_db()
    assert sat.credential.status == CredentialStatus.REVOKED
    event = sat.credential.events.order_by("-sequence").first()
    assert event.reason.startswith(f"{case.reference}: the result that earned it was voided")
    assert chain_problem(sat.credential) is None
    entry = RegistryEntry.of(sat.credential)
    assert entry.status == "revoked"
    assert entry.sanction == "Revoked (exam result voided for misconduct)"


def test_a_rescored_result_of_the_sitting_finds_the_credential_its_pass_earned(sat, cast) -> None:
    """A rescore releases another result for the same sitting: the decision's result and this
    one are of one registration."""
    first = sat.result
    run = results.score_window(first.run.window, first.run.form, by=cast.psychometrician)
    rescored = run.results.get(registration=first.registration)
    assert rescored.pk != first.pk
    assert list(discipline.credentials_from(rescored)) == [sat.credential]


def test_a_decision_that_names_another_result_is_not_taken_for_it(sat, cast) -> None:
    """The same words, the same day: only the decision's own result links it to a credential."""
    decision = CertificationDecision.objects.get(credential=sat.credential)
    CertificationDecision.objects.filter(pk=decision.pk).update(result=None)
    assert not discipline.credentials_from(sat.result).exists()
    misconduct(sat, cast.officer)
    sat.credential.refresh_from_db()
    assert sat.credential.status == CredentialStatus.ACTIVE


def test_the_registry_page_shows_the_voided_credential_revoked(sat, cast, client) -> None:
    misconduct(sat, cast.officer)
    page = client.get(f"/registry/{sat.credential.number}/").content.decode()
    assert "Revoked" in page and "exam result voided for misconduct" in page


def test_a_dismissed_case_voids_nothing(sat, cast) -> None:
    with pytest.raises(ValidationError, match="dismissed case voids nothing"):
        misconduct(sat, cast.officer, sanction=Sanction.DISMISSED)
    assert not Result.objects.get(pk=sat.result.pk).is_voided
    sat.credential.refresh_from_db()
    assert sat.credential.status == CredentialStatus.ACTIVE


def test_only_misconduct_cases_concern_a_result(sat, cast) -> None:
    with pytest.raises(ValidationError, match="proctor's incident or a data-forensics flag"):
        discipline.open_case(
            sat.program,
            sat.respondent,
            by=cast.officer,
            source="staff",
            allegations="x",
            result=sat.result,
        )


def test_a_result_is_voided_once_with_a_reason_and_a_reference(sat, cast) -> None:
    with pytest.raises(ValidationError, match="Say why"):
        results.void_result(sat.result, by=cast.officer, reason=" ", reference="DSC-1")
    with pytest.raises(ValidationError, match="Name the case"):
        results.void_result(sat.result, by=cast.officer, reason="Copying.", reference="")
    results.void_result(sat.result, by=cast.officer, reason="Copying.", reference="DSC-1")
    with pytest.raises(ValidationError, match="was voided on"):
        results.void_result(sat.result, by=cast.officer, reason="Again.", reference="DSC-1")


def test_a_result_is_voided_by_someone_named(sat, cast) -> None:
    with pytest.raises(PermissionDenied, match="chair voids a result"):
        results.void_result(sat.result, by=None, reason="Copying.", reference="DSC-1")


def test_the_chair_voids_and_revokes_on_the_panel_s_authority(sat, cast) -> None:
    """The chair holds no officer's permission: the case's decision is the authority, and the
    chair is recorded as who voided the result and revoked the credential."""
    chair = sat.members[0]
    assert not chair.has_perm("certification.revoke_credential")
    case = misconduct(sat, cast.officer)
    assert Result.objects.get(pk=sat.result.pk).voided_by == chair
    event = sat.credential.events.order_by("-sequence").first()
    assert (event.kind, event.actor) == (CredentialEventKind.REVOKED, chair)
    assert event.reason.startswith(f"{case.reference}: ")


# --- disclosure ----------------------------------------------------------------------------


def suspended(ground, officer) -> datetime.date:
    until = ground.program.today() + datetime.timedelta(days=60)
    case = voted(case_heard(ground, officer), ground, Sanction.SUSPENSION)
    discipline.decide(
        case, by=ground.members[0], sanction="suspension", reasons="Proven.", suspended_until=until
    )
    ground.credential.refresh_from_db()
    return until


def test_with_sanction_disclosure_the_registry_says_suspended_until(ground, cast, client) -> None:
    until = suspended(ground, cast.officer)
    shown = f"Suspended (disciplinary sanction) until {until.day} {until:%B %Y}"
    assert RegistryEntry.of(ground.credential).sanction == shown
    page = client.get(f"/registry/{ground.credential.number}/").content.decode()
    assert shown in page
    listed = client.get("/registry/", {"search-name": "Ada Lovelace"}).content.decode()
    assert shown in listed
    spanish = client.get(
        f"/registry/{ground.credential.number}/", HTTP_ACCEPT_LANGUAGE="es"
    ).content.decode()
    said = f"Suspendida (sanción disciplinaria) hasta el {spanish_day(until)}"
    assert said in spanish and "disciplinary" not in spanish
    api = client.get(f"/api/v1/credentials/{ground.credential.number}", HTTP_ACCEPT_LANGUAGE="es")
    assert api.json()["sanction"] == shown


def test_with_status_disclosure_only_the_status_shows(ground, cast, client) -> None:
    CasePolicy.objects.filter(program=ground.program).update(disclosure="status")
    suspended(ground, cast.officer)
    entry = RegistryEntry.of(ground.credential)
    assert (entry.status_label, entry.sanction) == ("Suspended", None)
    page = client.get(f"/registry/{ground.credential.number}/").content.decode()
    assert "Suspended" in page and "disciplinary sanction" not in page


def test_a_suspension_by_an_officer_alone_discloses_no_sanction(ground, cast) -> None:
    services.suspend_credential(ground.credential, actor=cast.officer, reason="Fees unpaid")
    assert RegistryEntry.of(ground.credential).sanction is None


def test_the_api_gives_the_sanction_s_category_where_it_is_disclosed(ground, cast, client) -> None:
    until = suspended(ground, cast.officer)
    body = client.get(f"/api/v1/credentials/{ground.credential.number}").json()
    assert body["status"] == "suspended"
    assert body["sanction"] == f"Suspended (disciplinary sanction) until {until.day} {until:%B %Y}"


def test_the_api_gives_no_sanction_where_only_the_status_is_disclosed(ground, cast, client) -> None:
    CasePolicy.objects.filter(program=ground.program).update(disclosure="status")
    suspended(ground, cast.officer)
    body = client.get(f"/api/v1/credentials/{ground.credential.number}").json()
    assert (body["status"], body["sanction"]) == ("suspended", None)


def test_the_candidate_s_result_page_says_it_is_voided(sat, cast, client) -> None:
    case = misconduct(sat, cast.officer)
    client.force_login(sat.respondent)
    page = client.get(f"/results/mine/{sat.result.pk}/").content.decode()
    assert "This result is voided" in page and case.reference in page
