"""Exam integrity: options named by their place on screen, one device at a time, the window's
check-in rule, and a bounded autosave sequence."""

import json
import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from hallmark.exams.data import DeliveryMode, SessionEventKind, SessionStatus
from hallmark.exams.delivery import services as delivery
from hallmark.exams.models import ExamSession, Response, TestingWindow

from factories import exam_registration, shown_choice

PHONE = "Mozilla/5.0 (Linux; Android 14) Phone"
LAPTOP = "Mozilla/5.0 (X11; Linux x86_64) Laptop"


@pytest.fixture
def registration(cast):
    seat = exam_registration(items=3, candidate=cast.candidate)
    seat.window.proctors.add(cast.proctor)
    return seat


def device(cast, agent: str) -> Client:
    """A browser of the candidate's, signed in."""
    browser = Client(HTTP_USER_AGENT=agent)
    browser.force_login(cast.candidate)
    return browser


def begun(browser: Client, registration) -> ExamSession:
    """The exam started through its pages on `browser`: agreement, then tutorial."""
    browser.post(reverse("exams:exam-begin", args=[registration.pk]), {"agree": "yes"})
    session = ExamSession.objects.get(registration=registration)
    browser.post(reverse("exams:exam-tutorial", args=[session.pk]))
    session.refresh_from_db()
    assert session.status == SessionStatus.IN_PROGRESS
    return session


def autosave(browser: Client, session: ExamSession, **body: object):
    url = reverse("exams:exam-autosave", args=[session.pk])
    return browser.post(url, json.dumps(body), content_type="application/json")


# --- options: the page names the place shown, the server maps it ------------------------------


def test_the_page_names_options_by_their_place_shown_never_by_label(cast, registration):
    laptop = device(cast, LAPTOP)
    session = begun(laptop, registration)
    html = laptop.get(reverse("exams:exam-item", args=[session.pk, 1])).content.decode()
    radios = re.findall(r"<input[^>]*type=\"radio\"[^>]*>", html)
    assert len(radios) == 4
    values = [re.search(r'value="([^"]*)"', radio)[1] for radio in radios]
    assert values == ["1", "2", "3", "4"]
    assert not any(re.search(r'value="[A-F]"', radio) for radio in radios)


def test_a_choice_is_mapped_back_with_the_sessions_shuffle(cast, registration):
    laptop = device(cast, LAPTOP)
    session = begun(laptop, registration)
    position = session.item_order[0]
    for sequence, label in enumerate("DBCA", start=1):
        choice = shown_choice(session, position, label)
        assert (
            autosave(
                laptop, session, position=position, sequence=sequence, choice=choice
            ).status_code
            == 200
        )
        assert Response.objects.get(session=session).selected == label
    page = laptop.get(reverse("exams:exam-item", args=[session.pk, 1])).content.decode()
    assert f'value="{shown_choice(session, position, "A")}" checked' in page
    cleared = autosave(laptop, session, position=position, sequence=5, choice=0)
    assert cleared.status_code == 200 and Response.objects.get(session=session).selected == ""


def test_a_choice_the_question_lacks_is_a_400_naming_it(cast, registration):
    laptop = device(cast, LAPTOP)
    session = begun(laptop, registration)
    reply = autosave(laptop, session, position=session.item_order[0], sequence=1, choice=5)
    assert reply.status_code == 400 and "Choice 5" in reply.json()["reason"]
    label = autosave(laptop, session, position=session.item_order[0], sequence=2, choice="B")
    assert label.status_code == 400 and "choice" in label.json()["reason"]
    assert not Response.objects.filter(session=session).exists()


# --- one device at a time --------------------------------------------------------------------


def test_a_second_device_sees_the_exam_continues_elsewhere(cast, registration):
    laptop = device(cast, LAPTOP)
    session = begun(laptop, registration)
    phone = device(cast, PHONE)
    page = phone.get(reverse("exams:exam", args=[session.pk]))
    assert page.status_code == 200
    assert "continues on another device" in page.content.decode()
    item = phone.get(reverse("exams:exam-item", args=[session.pk, 1]))
    assert item.url == reverse("exams:exam", args=[session.pk])
    assert phone.get(reverse("exams:exam-state", args=[session.pk])).status_code == 409
    assert laptop.get(reverse("exams:exam", args=[session.pk])).url.endswith("/questions/1/")


def test_an_autosave_from_the_other_device_is_refused_and_journaled(cast, registration):
    laptop = device(cast, LAPTOP)
    session = begun(laptop, registration)
    phone = device(cast, PHONE)
    reply = autosave(phone, session, position=session.item_order[0], sequence=1, choice=1)
    assert reply.status_code == 409
    assert reply.json()["elsewhere"] is True
    assert reply.json()["reason"] == "This exam continues on another device."
    assert not Response.objects.filter(session=session).exists()
    refused = session.events.get(kind=SessionEventKind.REFUSED)
    assert refused.data["elsewhere"] is True and refused.sequence == 1


def test_a_resume_on_another_device_takes_over_and_is_journaled(cast, registration):
    laptop = device(cast, LAPTOP)
    session = begun(laptop, registration)
    position = session.item_order[0]
    assert autosave(laptop, session, position=position, sequence=1, choice=1).status_code == 200
    phone = device(cast, PHONE)
    moved = phone.post(reverse("exams:exam-resume", args=[session.pk]))
    assert moved.url == reverse("exams:exam", args=[session.pk])
    assert phone.get(moved.url).url.endswith("/questions/1/")
    takeover = session.events.get(kind=SessionEventKind.TAKEOVER)
    assert takeover.data["left"]["agent"] == LAPTOP and takeover.data["to"]["agent"] == PHONE
    # The laptop is told, and nothing it sends is saved; the phone carries on.
    late = autosave(laptop, session, position=position, sequence=2, choice=2)
    assert late.status_code == 409 and late.json()["elsewhere"] is True
    assert autosave(phone, session, position=position, sequence=3, choice=3).status_code == 200
    response = Response.objects.get(session=session)
    assert response.selected == session.option_orders[str(position)][2]
    assert laptop.post(reverse("exams:exam-submit", args=[session.pk])).url == reverse(
        "exams:exam", args=[session.pk]
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.IN_PROGRESS


def test_resuming_on_the_same_device_journals_nothing(cast, registration):
    laptop = device(cast, LAPTOP)
    session = begun(laptop, registration)
    laptop.post(reverse("exams:exam-resume", args=[session.pk]))
    assert not session.events.filter(kind=SessionEventKind.TAKEOVER).exists()


def test_the_proctor_sees_the_takeover(client, cast, registration):
    laptop = device(cast, LAPTOP)
    session = begun(laptop, registration)
    device(cast, PHONE).post(reverse("exams:exam-resume", args=[session.pk]))
    client.force_login(cast.proctor)
    page = client.get(reverse("exams:proctor-session", args=[session.pk])).content.decode()
    assert "Device takeover" in page
    assert f"from {LAPTOP}" in page and f"to {PHONE}" in page
    window = reverse("exams:proctor-window", args=[registration.window_id])
    listed = client.get(window).content.decode()
    assert "Device takeovers</th>" in listed and "<td><strong>1</strong></td>" in listed


def test_only_the_candidate_may_take_the_exam_over(client, cast, registration):
    session = begun(device(cast, LAPTOP), registration)
    client.force_login(cast.outsider)
    assert client.post(reverse("exams:exam-resume", args=[session.pk])).status_code == 404
    assert not session.events.filter(kind=SessionEventKind.TAKEOVER).exists()


# --- the window's check-in rule --------------------------------------------------------------


def test_a_new_window_needs_a_check_in() -> None:
    assert TestingWindow().check_in_required is True


def test_a_remotely_proctored_window_starts_only_after_check_in(cast) -> None:
    seat = exam_registration(
        candidate=cast.candidate, delivery_mode=DeliveryMode.ONLINE, check_in_required=True
    )
    seat.window.proctors.add(cast.proctor)
    session = delivery.create_session(seat, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    with pytest.raises(ValidationError, match="check you in"):
        delivery.start(session, by=cast.candidate)
    session.refresh_from_db()
    assert session.status == SessionStatus.NOT_STARTED
    delivery.check_in(session, by=cast.proctor, identity_confirmed=True)
    session.refresh_from_db()
    assert session.launch_code == ""  # a check-in without a launch code
    assert delivery.start(session, by=cast.candidate).status == SessionStatus.IN_PROGRESS


def test_the_tutorial_says_a_check_in_is_needed(cast) -> None:
    seat = exam_registration(candidate=cast.candidate, check_in_required=True)
    laptop = device(cast, LAPTOP)
    laptop.post(reverse("exams:exam-begin", args=[seat.pk]), {"agree": "yes"})
    session = ExamSession.objects.get(registration=seat)
    url = reverse("exams:exam-tutorial", args=[session.pk])
    assert "A proctor checks you in" in laptop.get(url).content.decode()
    refused = laptop.post(url)
    assert refused.status_code == 200
    assert "A proctor must check you in before you start." in refused.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.NOT_STARTED


# --- the autosave sequence -------------------------------------------------------------------


@pytest.mark.parametrize("sequence", [2**62 + 1, 1_000_001, 0])
def test_a_sequence_out_of_range_is_a_400_naming_it(cast, registration, sequence):
    laptop = device(cast, LAPTOP)
    session = begun(laptop, registration)
    position = session.item_order[0]
    reply = autosave(laptop, session, position=position, sequence=sequence, choice=1)
    assert reply.status_code == 400 and "sequence" in reply.json()["reason"]
    assert str(sequence) in reply.json()["reason"]
    session.refresh_from_db()
    assert session.last_sequence == 0 and not Response.objects.filter(session=session).exists()
    assert (
        autosave(laptop, session, position=position, sequence=1, choice=2).status_code == 200
    )  # saves go on
    assert Response.objects.get(session=session).sequence == 1


def test_the_service_bounds_the_sequence_too(cast, registration):
    session = begun(device(cast, LAPTOP), registration)
    with pytest.raises(ValidationError, match="sequence"):
        delivery.save_response(
            session,
            by=cast.candidate,
            position=session.item_order[0],
            selected="A",
            sequence=delivery.MAX_SEQUENCE + 1,
        )
    assert not Response.objects.filter(session=session).exists()
