"""The exam pages and the autosave endpoint: who reaches them, what they send, what they store."""

import json

import pytest
from django.test import Client
from django.urls import reverse

from hallmark.accounts.data import Role
from hallmark.exams.data import SessionEventKind, SessionStatus
from hallmark.exams.delivery import services as delivery
from hallmark.exams.models import ExamSession, Response

from factories import UserFactory, exam_registration, shown_choice


@pytest.fixture
def registration(cast):
    seat = exam_registration(items=3, candidate=cast.candidate)
    seat.window.proctors.add(cast.proctor)
    return seat


@pytest.fixture
def started(registration, cast) -> ExamSession:
    session = delivery.create_session(registration, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    return delivery.start(session, by=cast.candidate)


def autosave(client: Client, session: ExamSession, **body: object):
    return client.post(
        reverse("exams:exam-autosave", args=[session.pk]),
        json.dumps(body),
        content_type="application/json",
    )


def test_it_starts_from_the_dashboard_through_agreement_and_tutorial(client, cast, registration):
    client.force_login(cast.candidate)
    dashboard = client.get(reverse("portal")).content.decode()
    begin = reverse("exams:exam-begin", args=[registration.pk])
    assert "Start exam" in dashboard and begin in dashboard
    assert client.post(begin).status_code == 200  # the box was not ticked
    assert not ExamSession.objects.exists()
    response = client.post(begin, {"agree": "yes"})
    session = ExamSession.objects.get()
    assert response.url == reverse("exams:exam-tutorial", args=[session.pk])
    assert "Resume exam" in client.get(reverse("portal")).content.decode()
    response = client.post(response.url)
    assert response.url == reverse("exams:exam-item", args=[session.pk, 1])
    session.refresh_from_db()
    assert session.status == SessionStatus.IN_PROGRESS


def test_the_item_page_never_carries_keys(client, cast, started):
    client.force_login(cast.candidate)
    page = client.get(reverse("exams:exam-item", args=[started.pk, 1]))
    html = page.content.decode()
    version = started.form.items.get(position=started.item_order[0]).item_version
    assert version.stem in html
    assert 'role="radiogroup" aria-labelledby="stem"' in html
    for word in ("keys", "rationale", version.rationale):
        assert word not in html
    assert page["Cache-Control"].startswith("max-age=0")


def test_autosave_acknowledges_after_storing(client, cast, started):
    client.force_login(cast.candidate)
    reply = autosave(client, started, position=2, sequence=1, choice=shown_choice(started, 2, "B"))
    assert reply.status_code == 200 and reply.json()["saved"] and reply.json()["sequence"] == 1
    assert Response.objects.get(session=started).selected == "B"
    again = autosave(client, started, position=2, sequence=1, choice=shown_choice(started, 2, "B"))
    assert again.json()["saved"]
    assert autosave(client, started, position=2).status_code == 400
    assert autosave(client, started, position=9, sequence=2, choice=1).status_code == 400


def test_autosave_after_submit_is_refused_with_409(client, cast, started):
    client.force_login(cast.candidate)
    client.post(reverse("exams:exam-submit", args=[started.pk]))
    reply = autosave(client, started, position=1, sequence=5, choice=shown_choice(started, 1, "A"))
    assert reply.status_code == 409 and not reply.json()["saved"]
    assert started.events.filter(kind=SessionEventKind.REFUSED).count() == 1


def test_autosave_needs_csrf(cast, started):
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.candidate)
    assert autosave(client, started, position=1, sequence=1, choice=1).status_code == 403


@pytest.mark.parametrize("who", ["outsider", "proctor"])
def test_only_the_candidate_reaches_the_exam(client, cast, started, who):
    client.force_login(getattr(cast, who))
    for name, args in [
        ("exams:exam", [started.pk]),
        ("exams:exam-item", [started.pk, 1]),
        ("exams:exam-review", [started.pk]),
        ("exams:exam-state", [started.pk]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404
    assert autosave(client, started, position=1, sequence=1, choice=1).status_code == 404


def test_the_page_without_scripts_saves_flags_and_moves(client, cast, started):
    client.force_login(cast.candidate)
    url = reverse("exams:exam-item", args=[started.pk, 1])
    shown = shown_choice(started, started.item_order[0], "C")
    assert client.post(url, {"choice": shown, "go": "flag"}).url == url
    response = Response.objects.get(session=started)
    assert (response.selected, response.flagged) == ("C", True)
    to = client.post(url, {"choice": shown, "go": "next"}).url
    assert to == reverse("exams:exam-item", args=[started.pk, 2])
    started.refresh_from_db()
    assert started.current_position == 1
    review = client.get(reverse("exams:exam-review", args=[started.pk])).content.decode()
    assert "You answered 1 of 3 questions; 1 flagged" in review


def test_a_session_past_its_deadline_ends_on_the_next_request(client, cast, started):
    ExamSession.objects.filter(pk=started.pk).update(deadline_at=started.started_at)
    client.force_login(cast.candidate)
    page = client.get(reverse("exams:exam", args=[started.pk]), follow=True)
    assert "Your time was up" in page.content.decode()
    state = client.get(reverse("exams:exam-state", args=[started.pk])).json()
    assert state["status"] == SessionStatus.SUBMITTED and state["seconds_left"] == 0


def test_nothing_of_the_exam_after_submit(client, cast, started):
    client.force_login(cast.candidate)
    client.post(reverse("exams:exam-submit", args=[started.pk]))
    page = client.get(reverse("exams:exam-item", args=[started.pk, 1]), follow=True)
    assert page.redirect_chain[-1][0] == reverse("exams:exam-submitted", args=[started.pk])
    assert "Exam submitted" in page.content.decode()


@pytest.mark.parametrize("who", ["candidate", "outsider", "officer"])
def test_proctor_pages_need_the_proctor_role(client, cast, started, who):
    client.force_login(getattr(cast, who))
    assert client.get(reverse("exams:proctor")).status_code == 403
    assert client.get(reverse("exams:proctor-session", args=[started.pk])).status_code == 403


def test_a_proctor_pauses_adds_time_and_voids(client, cast, started):
    client.force_login(cast.proctor)
    window = reverse("exams:proctor-window", args=[started.registration.window_id])
    assert cast.candidate.email in client.get(window).content.decode()
    url = reverse("exams:proctor-session", args=[started.pk])
    assert client.post(url, {"action": "pause", "reason": ""}).status_code == 200  # refused
    client.post(url, {"action": "pause", "reason": "Fire alarm"})
    client.post(url, {"action": "resume"})
    client.post(url, {"action": "add-time", "minutes": "10", "reason": "Lost 10 minutes"})
    client.post(url, {"action": "incident", "reason": "Phone rang."})
    client.post(url, {"action": "void", "reason": "Notes on the desk."})
    kinds = list(started.events.values_list("kind", flat=True))
    assert kinds[1:] == ["pause", "resume", "add time", "incident", "void"]
    assert "Notes on the desk." in client.get(url).content.decode()


def test_a_proctor_sees_only_the_windows_they_proctor(client, cast, started):
    elsewhere = UserFactory(roles=[Role.PROCTOR])
    client.force_login(elsewhere)
    window = started.registration.window
    assert window.name not in client.get(reverse("exams:proctor")).content.decode()
    assert client.get(reverse("exams:proctor-window", args=[window.pk])).status_code == 404
    url = reverse("exams:proctor-session", args=[started.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "void", "reason": "Notes."}).status_code == 404
    started.refresh_from_db()
    assert started.status == SessionStatus.IN_PROGRESS
    window.proctors.add(elsewhere)
    assert window.name in client.get(reverse("exams:proctor")).content.decode()
    assert client.get(url).status_code == 200


def test_an_image_of_the_question_on_screen_only(client, cast, started):
    from factories import ItemMediaFactory

    position = started.item_order[0]
    item = started.form.items.get(position=position).item_version.item
    ItemMediaFactory(item=item, name="chart.png")
    client.force_login(cast.candidate)
    url = reverse("exams:exam-image", args=[started.pk, 1, "chart.png"])
    reply = client.get(url)
    assert reply.status_code == 200 and reply["Content-Type"] == "image/png"
    assert (
        client.get(reverse("exams:exam-image", args=[started.pk, 2, "chart.png"])).status_code
        == 404
    )
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404


@pytest.fixture
def multiple(cast) -> ExamSession:
    """Two positions, the second "select two" with keys A and C."""
    registration = exam_registration(
        items=2,
        candidate=cast.candidate,
        versions={2: {"kind": "multiple", "select": 2, "keys": ["A", "C"]}},
    )
    session = delivery.create_session(registration, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    return delivery.start(session, by=cast.candidate)


def _number_of(session: ExamSession, position: int) -> int:
    return session.item_order.index(position) + 1


def test_autosave_stores_the_options_ticked(client, cast, multiple):
    client.force_login(cast.candidate)
    places = [shown_choice(multiple, 2, "C"), shown_choice(multiple, 2, "A")]
    reply = autosave(client, multiple, position=2, sequence=1, choices=places)
    assert reply.status_code == 200 and reply.json()["saved"]
    assert Response.objects.get(session=multiple).selected == "A|C"
    page = client.get(reverse("exams:exam-item", args=[multiple.pk, _number_of(multiple, 2)]))
    assert page.context["input_type"] == "checkbox" and page.context["select"] == 2
    assert page.context["chosen_places"] == sorted(places)
    assert "A|C" not in page.content.decode()  # the page names options by place only


@pytest.mark.parametrize(
    ("choices", "why"),
    [([1, 2, 3], "takes 2 options"), (["1"], "list of the numbers"), ([0], "list of the numbers")],
)
def test_autosave_refuses_bad_choices_and_stores_nothing(client, cast, multiple, choices, why):
    client.force_login(cast.candidate)
    reply = autosave(client, multiple, position=2, sequence=1, choices=choices)
    assert reply.status_code == 400 and why in reply.json()["reason"]
    assert not Response.objects.filter(session=multiple).exists()


def test_without_scripts_the_boxes_ticked_are_the_answer(client, cast, multiple):
    client.force_login(cast.candidate)
    number = _number_of(multiple, 2)
    url = reverse("exams:exam-item", args=[multiple.pk, number])
    a, c = shown_choice(multiple, 2, "A"), shown_choice(multiple, 2, "C")
    client.post(url, {"choice": [str(a), str(c)], "go": "flag"})
    response = Response.objects.get(session=multiple)
    assert (response.selected, response.flagged) == ("A|C", True)
    client.post(url, {"go": "flag"})  # every box unticked: the answer is cleared
    response.refresh_from_db()
    assert (response.selected, response.flagged) == ("", False)


def test_audio_video_and_formulas_reach_the_candidate_with_their_text(client, cast):
    from factories import ItemMediaFactory

    stem = '<p>Watch, then listen.</p><video src="clip.mp4"></video><audio src="talk.mp3"></audio>'
    options = ["<math><mi>x</mi><mo>=</mo><mn>1</mn><script>alert(1)</script></math>", "2", "3"]
    registration = exam_registration(
        items=1, candidate=cast.candidate, versions={1: {"stem": stem, "options": options}}
    )
    item = registration.window.forms.get().items.get().item_version.item
    ItemMediaFactory(item=item, name="clip.mp4", content_type="video/mp4", captions=VTT)
    ItemMediaFactory(
        item=item, name="talk.mp3", content_type="audio/mpeg", transcript="Ask about the bus."
    )
    session = delivery.create_session(registration, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    delivery.start(session, by=cast.candidate)
    client.force_login(cast.candidate)
    page = client.get(reverse("exams:exam-item", args=[session.pk, 1])).content.decode()
    captions = reverse("exams:exam-captions", args=[session.pk, 1, "clip.mp4"])
    assert f'<track kind="captions" src="{captions}"' in page
    assert "<summary>Transcript of talk.mp3</summary>" in page and "Ask about the bus." in page
    assert "<math><mi>x</mi><mo>=</mo><mn>1</mn></math>" in page and "alert(1)" not in page
    reply = client.get(captions)
    assert reply["Content-Type"].startswith("text/vtt") and reply.content.decode() == VTT
    assert reply["Cache-Control"] == "private, no-store"
    no_captions = reverse("exams:exam-captions", args=[session.pk, 1, "talk.mp3"])
    assert client.get(no_captions).status_code == 404
    client.force_login(cast.outsider)
    assert client.get(captions).status_code == 404


VTT = "WEBVTT\n\n00:00.000 --> 00:02.000\nDana meets her job coach.\n"
