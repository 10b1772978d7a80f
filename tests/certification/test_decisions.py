"""The certification decision: a released pass, an approved application and the policy's
other conditions; issued at once or after an officer's confirmation, per program."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from hallmark.certification import services
from hallmark.certification.data import DecisionStatus
from hallmark.certification.models import CertificationDecision
from hallmark.programs.data import ProgramStatus

from factories import (
    ApprovedApplicationFactory,
    CertificationDecisionFactory,
    EligibilityPolicyFactory,
    ProgramFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def program():
    """A program that takes applications (it has an eligibility policy in force)."""
    program = ProgramFactory(designation="CESP")
    EligibilityPolicyFactory(program=program, effective_from=datetime.date(2024, 1, 1))
    return program


@pytest.fixture
def approved(cast, program):
    return ApprovedApplicationFactory(candidate=cast.candidate, program=program)


def decide(cast, program, **changes):
    arguments = {"passed_on": program.today(), "source": "Result of the May window", **changes}
    return services.decide_certification(cast.candidate, program, **arguments)


def test_a_pass_waits_for_an_officer_unless_the_program_issues_automatically(
    cast, program, approved
) -> None:
    decision = decide(cast, program)
    assert decision.status == DecisionStatus.PENDING and decision.credential is None
    assert not program.credentials.exists()
    auto = ProgramFactory(issue_automatically=True)
    decision = services.decide_certification(
        cast.writer, auto, passed_on=auto.today(), source="Result"
    )
    assert decision.status == DecisionStatus.ISSUED
    assert decision.credential.holder == cast.writer
    assert decision.credential.current_document() is not None
    assert decision.resolved_by is None and decision.resolved_at is not None


def test_an_officer_confirms_and_the_credential_is_issued(cast, program, approved) -> None:
    decision = services.confirm_decision(decide(cast, program), cast.officer)
    assert decision.status == DecisionStatus.ISSUED and decision.resolved_by == cast.officer
    credential = decision.credential
    assert credential.holder == cast.candidate and credential.events.get().actor == cast.officer
    with pytest.raises(ValidationError, match="its status is “Issued”"):
        services.confirm_decision(decision, cast.officer)


def test_only_an_officer_confirms_or_declines(cast, program, approved) -> None:
    decision = decide(cast, program)
    for person in (cast.candidate, cast.manager, cast.proctor, None):
        with pytest.raises(PermissionDenied):
            services.confirm_decision(decision, person)
        with pytest.raises(PermissionDenied):
            services.decline_decision(decision, person, "No")
    with pytest.raises(PermissionDenied):
        decide(cast, ProgramFactory(), actor=cast.proctor)


def test_a_decline_needs_a_reason_and_issues_nothing(cast, program, approved) -> None:
    decision = decide(cast, program)
    with pytest.raises(ValidationError, match="Give a reason"):
        services.decline_decision(decision, cast.officer, " ")
    decision = services.decline_decision(decision, cast.officer, "Result under review")
    assert (decision.status, decision.reason) == (DecisionStatus.DECLINED, "Result under review")
    assert not program.credentials.exists()
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationDecision.objects.filter(pk=decision.pk).update(reason="")


def test_a_program_that_takes_applications_needs_one_approved_by_the_pass(cast, program) -> None:
    with pytest.raises(ValidationError, match="has no application to CESP approved"):
        decide(cast, program)
    application = ApprovedApplicationFactory(candidate=cast.candidate, program=program)
    with pytest.raises(ValidationError, match="approved on or before"):
        decide(cast, program, passed_on=application.approved_on - datetime.timedelta(days=1))
    assert decide(cast, program).status == DecisionStatus.PENDING


def test_a_program_without_applications_needs_none(cast) -> None:
    decision = decide(cast, ProgramFactory())
    assert decision.status == DecisionStatus.PENDING


def test_every_unmet_condition_is_named(cast, program, approved) -> None:
    services.issue_credential(cast.candidate, program)
    draft = ProgramFactory(status=ProgramStatus.DRAFT)
    with pytest.raises(ValidationError) as raised:
        decide(cast, program, passed_on=program.today() + datetime.timedelta(days=1))
    messages = " ".join(raised.value.messages)
    assert "already holds" in messages and "is in the future" in messages
    with pytest.raises(ValidationError, match="draft program"):
        decide(cast, draft)


def test_one_decision_at_a_time(cast, program, approved) -> None:
    decide(cast, program)
    with pytest.raises(ValidationError, match="already awaiting"):
        decide(cast, program)
    with pytest.raises(IntegrityError), transaction.atomic():
        CertificationDecisionFactory(candidate=cast.candidate, program=program)


def test_an_officer_confirms_or_declines_in_the_admin(client, cast, program, approved) -> None:
    decision = decide(cast, program)
    url = reverse("admin:certification_certificationdecision_resolve", args=[decision.pk])
    for person in (cast.manager, cast.proctor):
        client.force_login(person)
        assert client.post(url, {"confirm": "1"}).status_code == 403
    client.force_login(cast.officer)
    assert client.get(url).status_code == 200
    change = reverse("admin:certification_certificationdecision_change", args=[decision.pk])
    assert "Confirm or decline" in client.get(change).content.decode()
    response = client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED
    missing = reverse("admin:certification_certificationdecision_resolve", args=[99999])
    assert client.get(missing).status_code == 404


def test_an_officer_declines_in_the_admin_with_a_reason(client, cast, program, approved) -> None:
    decision = decide(cast, program)
    url = reverse("admin:certification_certificationdecision_resolve", args=[decision.pk])
    client.force_login(cast.officer)
    page = client.post(url, {"decline": "1", "reason": ""}).content.decode()
    assert "Give a reason" in page or "This field is required" in page
    client.post(url, {"decline": "1", "reason": "Identity not confirmed"})
    decision.refresh_from_db()
    assert (decision.status, decision.resolved_by) == (DecisionStatus.DECLINED, cast.officer)


def test_the_bulk_action_confirms_pending_decisions(client, cast, program, approved) -> None:
    decision = decide(cast, program)
    client.force_login(cast.officer)
    client.post(
        reverse("admin:certification_certificationdecision_changelist"),
        {"action": "confirm", "_selected_action": [decision.pk]},
    )
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.ISSUED


def test_a_pass_that_results_announces_is_decided_here(cast, program, approved) -> None:
    from hallmark.results.models import Result
    from hallmark.results.signals import ReleasedPass, passes_released

    today, source = program.today(), "Passed in the May window"
    stranger = ApprovedApplicationFactory(program=ProgramFactory()).candidate
    answers = passes_released.send(
        Result,
        passes=[
            ReleasedPass(cast.candidate, today, source, None),
            ReleasedPass(stranger, today, source, None),
        ],
        program=program,
        by=cast.psychometrician,
    )
    decision = CertificationDecision.objects.get(candidate=cast.candidate, program=program)
    assert decision.status == DecisionStatus.PENDING
    assert decision.source == "Passed in the May window"
    # The other has no approved application to this program: nothing is decided, and the
    # release is told why.
    (notes,) = [said for _, said in answers]
    assert notes == [
        f"no certification decision or renewal for {stranger.email}: ['{stranger.email} has no "
        f"application to CESP approved on or before the pass on {today:%Y-%m-%d}.']"
    ]
