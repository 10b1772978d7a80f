"""Results, renewals, CE activities and audits are corrected by their own services
(`correct_on_appeal`, `grant_on_appeal`, `accept_on_appeal`, `pass_audit_on_appeal`): the appeal
calls them in the chair's transaction with the chair, the reasons and its reference."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from hallmark.certification import services as credentials
from hallmark.certification.appeals import services
from hallmark.certification.data import AppealOutcome, AppealStatus, AppealSubject
from hallmark.certification.recertification import ce, renewals
from hallmark.programs.models import CasePolicy
from hallmark.results import services as results

from factories import (
    decided,
    recertification_program,
    released_window,
)

pytestmark = pytest.mark.django_db


class Calls(list):
    """Records each call of a stand-in for a function another part of Hallmark owns."""

    def __call__(self, decision, **kwargs):
        self.append((decision, kwargs))
        return decision


@pytest.fixture
def failing(cast):
    _run, _passing, failing = released_window(cast.manager, cast.psychometrician)
    CasePolicy.objects.create(
        program=failing.run.window.program, effective_from=datetime.date(2020, 1, 1)
    )
    return failing


def test_a_result_is_appealed_only_after_its_score_verification(failing, cast, bench, monkeypatch):
    person = failing.candidate
    with pytest.raises(ValidationError, match="score verification first"):
        services.file_appeal(
            AppealSubject.RESULT, failing, by=person, grounds="Q3 was keyed wrong."
        )
    request = results.request_verification(failing, by=person, reason="Q3?")
    with pytest.raises(ValidationError, match="score verification first"):
        services.file_appeal(AppealSubject.RESULT, failing, by=person, grounds="Still open.")
    results.decide_verification(
        request, changed=False, outcome="Rescored: 3 right.", by=cast.officer
    )
    appeal = services.file_appeal(AppealSubject.RESULT, failing, by=person, grounds="Q3 key.")
    _, deciders = services.parties_and_deciders(appeal)
    assert "verified the score" in deciders[cast.officer]
    calls = Calls()
    monkeypatch.setattr(results, "correct_on_appeal", calls, raising=False)
    decided(appeal, cast.officer, bench, AppealOutcome.OVERTURNED)
    [(result, kwargs)] = calls
    assert result == failing
    assert kwargs == {
        "by": bench.chair,
        "reason": "The panel read the whole file.",
        "reference": appeal.reference,
    }


@pytest.fixture
def rejected(cast):
    program = recertification_program(designation="CESP")
    CasePolicy.objects.create(program=program, effective_from=datetime.date(2020, 1, 1))
    credential = credentials.issue_credential(cast.candidate, program)
    cycle = renewals.current_cycle(credential)
    activity = ce.log_activity(
        cycle,
        by=cast.candidate,
        title="Job development workshop",
        provider_name="State VR Agency",
        category_code="general",
        started_on=credential.issued_on,
        completed_on=credential.issued_on,
        hours=Decimal(12),
    )
    return ce.review_activity(
        activity, by=cast.officer, decision="reject", reason="Not related to the field."
    )


def test_a_rejected_activity_overturned_is_accepted_by_its_service(
    rejected, cast, bench, monkeypatch
):
    appeal = services.file_appeal(
        AppealSubject.CE_ACTIVITY, rejected, by=cast.candidate, grounds="It was on job coaching."
    )
    assert "Not related to the field." in appeal.decision_summary
    calls = Calls()
    monkeypatch.setattr(ce, "accept_on_appeal", calls, raising=False)
    decided(appeal, cast.officer, bench, AppealOutcome.OVERTURNED)
    assert [(a.pk, k["reference"]) for a, k in calls] == [(rejected.pk, appeal.reference)]


def test_an_overturn_that_its_service_refuses_changes_nothing(rejected, cast, bench, monkeypatch):
    appeal = services.file_appeal(
        AppealSubject.CE_ACTIVITY, rejected, by=cast.candidate, grounds="It counts."
    )

    def refuse(activity, **kwargs):
        raise ValidationError("The cycle is closed.")

    monkeypatch.setattr(ce, "accept_on_appeal", refuse, raising=False)
    with pytest.raises(ValidationError, match="cycle is closed"):
        decided(appeal, cast.officer, bench, AppealOutcome.OVERTURNED)
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.UNDER_REVIEW and appeal.outcome == ""
