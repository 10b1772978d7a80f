"""The delivery services: the clock, idempotent autosave, refusals, proctor actions."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from hallmark.accounts.data import Role
from hallmark.exams.data import ItemOrder, RegistrationStatus, SessionEventKind, SessionStatus
from hallmark.exams.delivery import services as delivery
from hallmark.exams.models import ExamSession, Response

from factories import (
    ApprovedAccommodationFactory,
    ItemSetFactory,
    ProgramFactory,
    RegistrationAccommodationFactory,
    UserFactory,
    exam_registration,
    shown_choice,
)

MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def registration(cast):
    seat = exam_registration(items=5, candidate=cast.candidate)
    seat.window.proctors.add(cast.proctor)
    return seat


@pytest.fixture
def session(registration, cast) -> ExamSession:
    session = delivery.create_session(registration, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    return delivery.start(session, by=cast.candidate)


def kinds(session: ExamSession) -> list[str]:
    return list(session.events.values_list("kind", flat=True))


def test_it_creates_one_session_with_a_recorded_shuffle(registration, cast) -> None:
    session = delivery.create_session(registration, by=cast.candidate)
    assert delivery.create_session(registration, by=cast.candidate) == session
    assert sorted(session.item_order) == [1, 2, 3, 4, 5]
    assert session.item_order == [1, 2, 3, 4, 5]  # the form's policy: as frozen
    assert all(sorted(labels) == ["A", "B", "C", "D"] for labels in session.option_orders.values())
    form_items = [(position, 4) for position in range(1, 6)]
    again, _ = delivery._orders(form_items, ItemOrder.SHUFFLED, session.seed)
    assert sorted(again) == [1, 2, 3, 4, 5]
    recorded = delivery._orders(form_items, session.form.item_order, session.seed)
    assert recorded == (session.item_order, session.option_orders)  # the seed replays it


def test_it_refuses_someone_else(registration, cast) -> None:
    with pytest.raises(PermissionDenied):
        delivery.create_session(registration, by=cast.outsider)


def test_it_needs_a_form_in_use(registration, cast) -> None:
    registration.window.forms.clear()
    with pytest.raises(ValidationError, match="no exam form is in use"):
        delivery.create_session(registration, by=cast.candidate)


def test_it_needs_the_agreement_before_the_clock_starts(registration, cast) -> None:
    session = delivery.create_session(registration, by=cast.candidate)
    with pytest.raises(ValidationError, match="agreement"):
        delivery.start(session, by=cast.candidate)


def test_start_sets_the_deadline_with_the_time_factor(cast) -> None:
    registration = exam_registration(candidate=cast.candidate)
    RegistrationAccommodationFactory(
        registration=registration,
        accommodation=ApprovedAccommodationFactory(
            candidate=cast.candidate, program=registration.program, time_factor=Decimal("1.50")
        ),
    )
    session = delivery.create_session(registration, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    now = timezone.now()
    session = delivery.start(session, by=cast.candidate, now=now)
    limit = session.form.blueprint.time_limit_minutes
    assert session.deadline_at == now + 1.5 * limit * MINUTE
    assert delivery.time_left(session, now + MINUTE) == (1.5 * limit - 1) * MINUTE
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.SAT
    assert kinds(session) == [SessionEventKind.START]


def test_launch_code_from_the_proctors_check_in(cast) -> None:
    registration = exam_registration(candidate=cast.candidate, launch_code_required=True)
    registration.window.proctors.add(cast.proctor)
    session = delivery.create_session(registration, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    with pytest.raises(ValidationError, match="check you in"):
        delivery.start(session, by=cast.candidate)
    with pytest.raises(PermissionDenied):
        delivery.check_in(session, by=cast.candidate, identity_confirmed=True)
    with pytest.raises(ValidationError):
        delivery.check_in(session, by=cast.proctor, identity_confirmed=False)
    session = delivery.check_in(session, by=cast.proctor, identity_confirmed=True)
    assert len(session.launch_code) == 6
    with pytest.raises(ValidationError, match="launch code"):
        delivery.start(session, by=cast.candidate, launch_code="WRONG1")
    session = delivery.start(session, by=cast.candidate, launch_code=session.launch_code.lower())
    assert session.status == SessionStatus.IN_PROGRESS


def test_autosave_is_idempotent_by_sequence(session, cast) -> None:
    first = delivery.save_response(session, by=cast.candidate, position=2, selected="C", sequence=1)
    assert first.saved and first.sequence == 1
    again = delivery.save_response(session, by=cast.candidate, position=2, selected="C", sequence=1)
    assert again.saved and again.sequence == 1
    delivery.save_response(session, by=cast.candidate, position=2, selected="D", sequence=3)
    late = delivery.save_response(session, by=cast.candidate, position=2, selected="B", sequence=2)
    assert late.saved and late.sequence == 3  # an older retry never overwrites a newer answer
    response = Response.objects.get(session=session)
    assert (response.selected, response.sequence) == ("D", 3)
    assert kinds(session).count(SessionEventKind.ANSWER) == 2


def test_flag_keeps_the_answer(session, cast) -> None:
    delivery.save_response(session, by=cast.candidate, position=1, selected="B", sequence=1)
    delivery.save_response(session, by=cast.candidate, position=1, flagged=True, sequence=2)
    response = Response.objects.get(session=session)
    assert (response.selected, response.flagged) == ("B", True)
    assert SessionEventKind.FLAG in kinds(session)


def test_it_refuses_an_option_the_item_lacks(session, cast) -> None:
    with pytest.raises(ValidationError, match="not an option"):
        delivery.save_response(session, by=cast.candidate, position=1, selected="F", sequence=1)


def test_a_late_answer_is_refused_and_journaled(session, cast) -> None:
    late = session.deadline_at + MINUTE
    result = delivery.save_response(
        session, by=cast.candidate, position=1, selected="A", sequence=1, now=late
    )
    assert not result.saved
    session.refresh_from_db()
    assert session.status == SessionStatus.SUBMITTED
    assert session.submitted_by_server and session.submitted_at == session.deadline_at
    assert kinds(session)[-2:] == [SessionEventKind.SUBMIT, SessionEventKind.REFUSED]
    assert not Response.objects.filter(session=session).exists()


def test_an_answer_after_submit_is_refused(session, cast) -> None:
    delivery.submit(session, by=cast.candidate)
    result = delivery.save_response(session, by=cast.candidate, position=1, selected="A")
    assert not result.saved and result.status == SessionStatus.SUBMITTED
    assert kinds(session)[-1] == SessionEventKind.REFUSED


def test_pause_stops_the_clock_and_resume_moves_the_deadline(session, cast) -> None:
    now = session.started_at + 10 * MINUTE
    deadline = session.deadline_at
    with pytest.raises(ValidationError, match="reason"):
        delivery.pause(session, by=cast.proctor, reason=" ", now=now)
    with pytest.raises(PermissionDenied):
        delivery.pause(session, by=cast.candidate, reason="Fire alarm", now=now)
    session = delivery.pause(session, by=cast.proctor, reason="Fire alarm", now=now)
    left = delivery.time_left(session, now + 60 * MINUTE)
    assert left == deadline - now
    refused = delivery.save_response(session, by=cast.candidate, position=1, selected="A")
    assert not refused.saved
    with pytest.raises(ValidationError, match="only a proctor"):
        delivery.end_break(session, by=cast.candidate)
    session = delivery.resume(session, by=cast.proctor, now=now + 20 * MINUTE)
    assert session.deadline_at == deadline + 20 * MINUTE


def test_breaks_need_the_accommodation(session, cast) -> None:
    with pytest.raises(ValidationError, match="accommodation"):
        delivery.take_break(session, by=cast.candidate)
    RegistrationAccommodationFactory(
        registration=session.registration,
        accommodation=ApprovedAccommodationFactory(
            candidate=cast.candidate,
            program=session.registration.program,
            kind="breaks",
            time_factor=None,
        ),
    )
    session = delivery.take_break(session, by=cast.candidate)
    assert session.status == SessionStatus.PAUSED
    session = delivery.end_break(session, by=cast.candidate)
    assert session.status == SessionStatus.IN_PROGRESS


def test_add_time_and_void_need_a_reason_and_are_journaled(session, cast) -> None:
    deadline = session.deadline_at
    session = delivery.add_time(session, by=cast.proctor, minutes=10, reason="Power cut")
    assert session.deadline_at == deadline + 10 * MINUTE
    with pytest.raises(ValidationError):
        delivery.void(session, by=cast.proctor, reason="")
    session = delivery.void(session, by=cast.proctor, reason="Notes found on the desk")
    assert (session.status, session.voided_by) == (SessionStatus.VOIDED, cast.proctor)
    delivery.report_incident(session, by=cast.proctor, text="Candidate used a phone.")
    assert kinds(session)[-3:] == [
        SessionEventKind.ADD_TIME,
        SessionEventKind.VOID,
        SessionEventKind.INCIDENT,
    ]


def test_a_proctor_acts_only_on_the_windows_they_proctor(session, cast) -> None:
    elsewhere = UserFactory(roles=[Role.PROCTOR])
    for act in (
        lambda: delivery.pause(session, by=elsewhere, reason="Noise"),
        lambda: delivery.add_time(session, by=elsewhere, minutes=5, reason="Noise"),
        lambda: delivery.void(session, by=elsewhere, reason="Noise"),
        lambda: delivery.report_incident(session, by=elsewhere, text="Noise"),
    ):
        with pytest.raises(PermissionDenied, match="do not proctor its window"):
            act()
    assert kinds(session) == [SessionEventKind.START]
    session.registration.window.proctors.add(elsewhere)
    assert delivery.add_time(session, by=elsewhere, minutes=5, reason="Noise").pk == session.pk
    assert list(delivery.proctored_windows(elsewhere)) == [session.registration.window]


def test_close_expired_sessions_submits_only_those_past_the_deadline(session, cast) -> None:
    assert delivery.close_expired_sessions(session.deadline_at - MINUTE) == 0
    assert delivery.close_expired_sessions(session.deadline_at) == 1
    assert delivery.close_expired_sessions(session.deadline_at + MINUTE) == 0
    session.refresh_from_db()
    assert session.submitted_by_server


def test_navigate_is_journaled_and_bounded(session, cast) -> None:
    session = delivery.navigate(session, by=cast.candidate, index=3)
    assert session.current_position == 3
    session = delivery.navigate(session, by=cast.candidate, index=99)
    assert session.current_position == 4
    assert kinds(session).count(SessionEventKind.NAVIGATE) == 2


def test_the_hook_hears_of_events_after_commit(
    session, cast, settings, django_capture_on_commit_callbacks
) -> None:
    heard = []
    settings.HALLMARK_REMOTE_PROCTORING_HOOK = "tests_hook:record"
    import sys
    import types

    module = types.ModuleType("tests_hook")
    module.record = heard.append
    sys.modules["tests_hook"] = module
    with django_capture_on_commit_callbacks(execute=True):
        delivery.pause(session, by=cast.proctor, reason="Noise")
        delivery.save_response(session, by=cast.candidate, position=1, selected="A")
    assert [h["event"] for h in heard] == ["pause", "refused"]
    assert heard[0]["reason"] == "Noise" and "selected" not in heard[0]


# --- multiple response and case sets ---------------------------------------------------------


@pytest.fixture
def mixed(cast) -> ExamSession:
    """Five positions: 2 is "select two" (keys A, C), 3 "select all that apply"; 4 and 5 share
    a case set, and the form's order is shuffled."""
    program = ProgramFactory()
    case = ItemSetFactory(program=program)
    registration = exam_registration(
        program,
        candidate=cast.candidate,
        versions={
            2: {"kind": "multiple", "select": 2, "keys": ["A", "C"]},
            3: {"kind": "multiple", "select": 0, "keys": ["A", "B"]},
            4: {"item_set": case},
            5: {"item_set": case},
        },
    )
    session = delivery.create_session(registration, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    return delivery.start(session, by=cast.candidate)


def test_a_multiple_response_answer_is_its_labels_sorted(mixed, cast) -> None:
    places = [shown_choice(mixed, 2, "C"), shown_choice(mixed, 2, "A")]
    saved = delivery.save_response(mixed, by=cast.candidate, position=2, choices=places)
    assert saved.saved
    assert Response.objects.get(session=mixed, form_item__position=2).selected == "A|C"
    delivery.save_response(mixed, by=cast.candidate, position=2, choices=[])
    assert Response.objects.get(session=mixed, form_item__position=2).selected == ""


def test_select_two_refuses_a_third_choice_and_single_answers_refuse_choices(mixed, cast) -> None:
    with pytest.raises(ValidationError, match="takes 2 options: 3 were chosen"):
        delivery.save_response(mixed, by=cast.candidate, position=2, choices=[1, 2, 3])
    with pytest.raises(ValidationError, match="one answer"):
        delivery.save_response(mixed, by=cast.candidate, position=1, choices=[1])
    with pytest.raises(ValidationError, match="several answers"):
        delivery.save_response(mixed, by=cast.candidate, position=2, choice=1)
    with pytest.raises(ValidationError, match="chosen once"):
        delivery.save_response(mixed, by=cast.candidate, position=3, choices=[1, 1])
    assert not Response.objects.filter(session=mixed).exists()


def test_select_all_that_apply_takes_any_number(mixed, cast) -> None:
    saved = delivery.save_response(mixed, by=cast.candidate, position=3, choices=[1, 2, 3, 4])
    assert saved.saved
    assert Response.objects.get(session=mixed).selected == "A|B|C|D"


def test_a_case_sets_items_stay_together_in_a_shuffled_order() -> None:
    form_items = [(position, 4) for position in range(1, 9)]
    sets = {3: 7, 4: 7, 6: 9, 8: 9}
    for seed in range(40):
        order, _ = delivery._orders(form_items, ItemOrder.SHUFFLED, seed, sets)
        assert sorted(order) == list(range(1, 9))
        assert order.index(4) == order.index(3) + 1
        assert order.index(8) == order.index(6) + 1  # gathered, in the form's order
    fixed, _ = delivery._orders(form_items, ItemOrder.FIXED, 1, sets)
    assert fixed == [1, 2, 3, 4, 5, 6, 8, 7]


def test_what_the_form_shows_names_the_kind_and_the_shared_stimulus(mixed) -> None:
    two, four, five = (delivery.shown(mixed.form, p) for p in (2, 4, 5))
    assert (two.kind, two.select, two.stimulus) == ("multiple", 2, "")
    assert four.set_id == five.set_id is not None
    assert "Dana" in four.stimulus and four.set_title.startswith("Case")
