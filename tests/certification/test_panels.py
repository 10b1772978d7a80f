"""Independent panels: who may sit, the size the policy sets, votes kept as cast."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from hallmark.accounts.data import Role
from hallmark.certification import panels
from hallmark.certification.data import AppealOutcome, PanelPurpose, Sanction
from hallmark.certification.models import PanelSeat
from hallmark.programs.models import CasePolicy

from factories import ProgramFactory, UserFactory

pytestmark = pytest.mark.django_db


def member(name: str):
    return UserFactory(email=f"{name}@example.org", roles=[Role.PANEL_MEMBER])


@pytest.fixture
def case(cast):
    """An appeal panel of two, with the candidate appealing and the officer's decision."""
    program = ProgramFactory()
    CasePolicy.objects.create(
        program=program, effective_from=datetime.date(2020, 1, 1), panel_size=2
    )
    panel = panels.open_panel(PanelPurpose.APPEAL, program)
    parties = {cast.candidate: "the appellant"}
    deciders = {cast.officer: "denied the application on 3 May 2026"}
    return panel, parties, deciders


def seat(case, reviewer, by, **kwargs):
    panel, parties, deciders = case
    return panels.seat_reviewer(
        panel, reviewer, by=by, parties=parties, deciders=deciders, **kwargs
    )


def test_the_policy_sets_the_panel_size(case):
    assert case[0].size == 2


def test_without_a_policy_a_panel_has_three():
    assert panels.open_panel(PanelPurpose.HEARING, ProgramFactory()).size == 3


def test_the_original_decider_is_refused_and_told_why(case, cast):
    cast.officer.groups.add(*member("x").groups.all())  # the officer also sits on panels
    with pytest.raises(ValidationError, match=r"took the decision under review .denied the"):
        seat(case, cast.officer, cast.officer)


def test_a_party_is_refused(case, cast):
    cast.candidate.groups.add(*member("y").groups.all())
    with pytest.raises(ValidationError, match="is the appellant"):
        seat(case, cast.candidate, cast.officer)


def test_a_declared_conflict_refuses_the_seat(case, cast):
    robin = member("robin")
    panels.declare_conflict(robin, cast.candidate, "We worked at the same agency.")
    with pytest.raises(ValidationError, match=r"conflict of interest .*same agency"):
        seat(case, robin, cast.officer)


def test_only_panel_members_sit(case, cast):
    with pytest.raises(ValidationError, match="does not sit on panels"):
        seat(case, cast.reviewer, cast.officer)


def test_only_an_officer_assigns(case, cast):
    with pytest.raises(PermissionDenied):
        seat(case, member("a"), cast.manager)


def test_the_panel_fills_to_its_size_with_one_chair(case, cast):
    seat(case, member("a"), cast.officer, chair=True)
    b = member("b")
    with pytest.raises(ValidationError, match="already has a chair"):
        seat(case, b, cast.officer, chair=True)
    seat(case, b, cast.officer)
    with pytest.raises(ValidationError, match="full: the policy asks for 2"):
        seat(case, member("c"), cast.officer)


def test_votes_wait_for_the_whole_panel_and_are_kept_as_cast(case, cast):
    a, b = member("a"), member("b")
    chair = seat(case, a, cast.officer, chair=True)
    with pytest.raises(ValidationError, match="not complete"):
        panels.cast_vote(chair, by=a, vote=AppealOutcome.OVERTURNED, reason="Key was wrong.")
    other = seat(case, b, cast.officer)
    with pytest.raises(PermissionDenied):
        panels.cast_vote(other, by=a, vote=AppealOutcome.UPHELD, reason="No.")
    with pytest.raises(ValidationError, match="votes one of"):
        panels.cast_vote(other, by=b, vote=Sanction.REPRIMAND, reason="Wrong panel.")
    with pytest.raises(ValidationError, match="reasons"):
        panels.cast_vote(other, by=b, vote=AppealOutcome.UPHELD, reason=" ")
    panels.cast_vote(chair, by=a, vote=AppealOutcome.OVERTURNED, reason="Key was wrong.")
    with pytest.raises(ValidationError, match="have not voted"):
        panels.chair_may_decide(case[0], a)
    panels.cast_vote(other, by=b, vote=AppealOutcome.OVERTURNED, reason="Agreed.")
    with pytest.raises(ValidationError, match="kept as cast"):
        panels.cast_vote(other, by=b, vote=AppealOutcome.UPHELD, reason="Changed my mind.")
    with pytest.raises(PermissionDenied, match="chair"):
        panels.chair_may_decide(case[0], b)
    panels.chair_may_decide(case[0], a)
    assert panels.tally(case[0]) == {AppealOutcome.OVERTURNED: 2}


def test_a_reviewer_steps_down_with_a_reason_and_the_seat_is_kept(case, cast):
    a = member("a")
    chair = seat(case, a, cast.officer, chair=True)
    with pytest.raises(ValidationError):
        panels.step_down(chair, by=a, reason="")
    panels.step_down(chair, by=a, reason="Found I supervised the appellant.")
    seat(case, member("b"), cast.officer, chair=True)
    assert PanelSeat.objects.filter(panel=case[0]).count() == 2
    assert case[0].sitting().count() == 1


def test_the_database_refuses_a_vote_without_a_reason(case, cast):
    chair = seat(case, member("a"), cast.officer, chair=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        PanelSeat.objects.filter(pk=chair.pk).update(vote=AppealOutcome.UPHELD)
