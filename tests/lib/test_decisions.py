"""The shape every decision on a case shares, on an accommodation request as the case: who may
decide, the lock that reads the case again, its state, the reason, and what is recorded."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hallmark.exams.data import AccommodationStatus
from hallmark.exams.models import AccommodationRequest, Application
from hallmark.lib.decisions import (
    DecisionFields,
    in_state,
    locked,
    reason_given,
    record_decision,
    take_case,
    take_own_case,
)

from factories import AccommodationRequestFactory, ApplicationFactory, ready_program

pytestmark = pytest.mark.django_db
OPEN = (AccommodationStatus.REQUESTED,)


def take(
    case: AccommodationRequest,
    by: object,
    *,
    open_states: tuple[str, ...] | None = OPEN,
    owner: str | None = "candidate_id",
    system_may: bool = False,
) -> AccommodationRequest:
    return take_case(
        case,
        by=by,
        permission="exams.decide_accommodation",
        what="decide",
        open_states=open_states,
        owner=owner,
        system_may=system_may,
    )


def assert_locks_the_case_row_only(sql: str) -> None:
    if connection.features.has_select_for_update_of:
        assert 'FOR UPDATE OF "exams_accommodationrequest"' in sql
    elif connection.features.has_select_for_update:
        assert "FOR UPDATE" in sql
    else:  # SQLite: one writer at a time, no row locks
        assert "FOR UPDATE" not in sql


@pytest.fixture
def program(db: None):
    return ready_program(designation="ESP")


@pytest.fixture
def case(cast) -> AccommodationRequest:
    return AccommodationRequestFactory(candidate=cast.candidate)


def test_a_person_without_the_permission_is_refused(cast, case) -> None:
    with pytest.raises(PermissionDenied, match=r"may not decide .*needs exams\.decide_accom"):
        take(case, cast.outsider)


def test_nobody_decides_their_own_case(cast) -> None:
    own = AccommodationRequestFactory(candidate=cast.officer)
    with pytest.raises(PermissionDenied, match="Nobody may decide their own case"):
        take(own, cast.officer)
    assert take(own, cast.officer, owner=None) == own  # a case that is nobody's own


def test_hallmark_itself_decides_only_where_the_service_says_so(case) -> None:
    with pytest.raises(PermissionDenied, match="Only a person may decide"):
        take(case, None)
    assert take(case, None, system_may=True) == case


def test_a_case_in_a_closed_state_is_refused_saying_its_state(cast, case) -> None:
    AccommodationRequest.objects.filter(pk=case.pk).update(status=AccommodationStatus.APPROVED)
    with pytest.raises(
        ValidationError, match="is not open to a decision: its status is “Approved”"
    ):
        take(case, cast.officer)
    assert take(case, cast.officer, open_states=None).status == AccommodationStatus.APPROVED


def test_the_refusal_of_a_state_names_the_act(case) -> None:
    case.status = AccommodationStatus.DENIED
    with pytest.raises(ValidationError, match="cannot be withdrawn: its status is “Denied”"):
        in_state(case, OPEN, refusal="cannot be withdrawn")


def test_the_case_is_read_again_not_taken_from_the_page(cast, case) -> None:
    AccommodationRequest.objects.filter(pk=case.pk).update(
        details="Changed since the page read it."
    )
    taken = take(case, cast.officer)
    assert taken is not case
    assert taken.details == "Changed since the page read it."
    assert case.details != taken.details


def test_the_lock_is_on_the_case_row_only(cast, case) -> None:
    with CaptureQueriesContext(connection) as queries:
        locked(case, "program")
    (read,) = queries.captured_queries
    assert "JOIN" in read["sql"]  # the program comes along
    assert_locks_the_case_row_only(read["sql"])


def test_without_related_names_only_the_case_is_read(cast, case) -> None:
    with CaptureQueriesContext(connection) as queries:
        taken = locked(case)
    (read,) = queries.captured_queries
    assert "JOIN" not in read["sql"] and taken == case


def withdraw(case: AccommodationRequest, by: object, **options: object) -> AccommodationRequest:
    return take_own_case(case, by=by, open_states=OPEN, refusal="cannot be withdrawn", **options)


def test_only_its_owner_takes_their_own_case(cast, case) -> None:
    for other in (cast.outsider, cast.officer, None):  # staff too: acting as owner is not deciding
        with pytest.raises(PermissionDenied, match="belongs to someone else"):
            withdraw(case, other)
    assert withdraw(case, cast.candidate) == case


def test_the_owner_is_read_from_the_field_named(cast, case) -> None:
    with pytest.raises(PermissionDenied, match="belongs to someone else"):
        withdraw(case, cast.candidate, owner="decided_by_id")
    AccommodationRequest.objects.filter(pk=case.pk).update(decided_by=cast.officer)
    case.refresh_from_db()
    assert withdraw(case, cast.officer, owner="decided_by_id") == case


def test_an_own_case_in_a_closed_state_is_refused_saying_what_cannot_be_done(cast, case) -> None:
    AccommodationRequest.objects.filter(pk=case.pk).update(status=AccommodationStatus.APPROVED)
    with pytest.raises(ValidationError, match="cannot be withdrawn: its status is “Approved”"):
        withdraw(case, cast.candidate)
    anything = take_own_case(case, by=cast.candidate, open_states=None)
    assert anything.status == AccommodationStatus.APPROVED


def test_an_own_case_is_read_again_under_a_lock_on_its_row(cast, case) -> None:
    AccommodationRequest.objects.filter(pk=case.pk).update(
        details="Changed since the page read it."
    )
    with CaptureQueriesContext(connection) as queries:
        taken = withdraw(case, cast.candidate, related=("program",))
    (read,) = queries.captured_queries
    assert taken is not case and taken.details == "Changed since the page read it."
    assert "JOIN" in read["sql"]  # the program comes along
    assert_locks_the_case_row_only(read["sql"])


def test_a_reason_is_kept_without_surrounding_space() -> None:
    assert reason_given("  Too old. \n", "Say why.") == "Too old."


def test_a_blank_reason_is_refused_on_its_field() -> None:
    with pytest.raises(ValidationError) as refused:
        reason_given(" \t", "Say why: the candidate reads it.")
    assert refused.value.message_dict == {"reason": ["Say why: the candidate reads it."]}
    with pytest.raises(ValidationError) as refused:
        reason_given("", "Say what the rescore found.", field="outcome")
    assert list(refused.value.message_dict) == ["outcome"]


def test_the_decision_is_saved_with_who_when_and_why(cast, case) -> None:
    at = timezone.now() - datetime.timedelta(hours=1)
    case.appeal_by = datetime.date(2030, 1, 1)
    case.details = "Not saved: the decision does not name it."
    record_decision(
        case,
        AccommodationStatus.DENIED,
        by=cast.officer,
        at=at,
        reason="  The report is 10 years old. ",
        also=("appeal_by",),
    )
    stored = AccommodationRequest.objects.get(pk=case.pk)
    assert stored.status == AccommodationStatus.DENIED
    assert (stored.decided_by, stored.decided_at) == (cast.officer, at)
    assert stored.decision_reason == "The report is 10 years old."
    assert stored.appeal_by == datetime.date(2030, 1, 1)
    assert stored.details == "Dyslexia: reading takes me longer."


def test_no_reason_leaves_the_stored_one(case) -> None:
    AccommodationRequest.objects.filter(pk=case.pk).update(decision_reason="Kept.")
    case.refresh_from_db()
    record_decision(case, AccommodationStatus.WITHDRAWN, by=None, at=timezone.now())
    stored = AccommodationRequest.objects.get(pk=case.pk)
    assert (stored.status, stored.decision_reason) == (AccommodationStatus.WITHDRAWN, "Kept.")


def test_fields_name_the_columns_of_another_model(cast, program) -> None:
    application = ApplicationFactory(candidate=cast.candidate, program=program)
    fee = DecisionFields(
        status="fee_status", by="fee_recorded_by", at="fee_recorded_at", reason="fee_reference"
    )
    at = timezone.now()
    record_decision(application, "paid", by=cast.officer, at=at, reason="Receipt 7", fields=fee)
    stored = Application.objects.get(pk=application.pk)
    assert (stored.fee_status, stored.fee_recorded_by, stored.fee_recorded_at) == (
        "paid",
        cast.officer,
        at,
    )
    assert (stored.fee_reference, stored.decided_by) == ("Receipt 7", None)
