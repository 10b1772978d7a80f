"""The exam's own tools on the server's side: exam mode's header, the navigator and progress, the
review's filters, and which tools a sitting gives (the blueprint's calculator and warnings, and
those an approved accommodation switches on)."""

import re

import pytest
from django.urls import reverse

from hallmark.exams.data import AccommodationKind, AccommodationStatus, SessionEventKind
from hallmark.exams.delivery import services as delivery
from hallmark.exams.models import ExamSession, Response
from hallmark.programs.models import Blueprint

from factories import (
    ItemSetFactory,
    ItemSetMediaFactory,
    RegistrationAccommodationFactory,
    exam_registration,
    shown_choice,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def registration(cast):
    return exam_registration(items=4, candidate=cast.candidate)


def start(registration, candidate) -> ExamSession:
    session = delivery.create_session(registration, by=candidate)
    delivery.accept_agreement(session, by=candidate)
    return delivery.start(session, by=candidate)


@pytest.fixture
def started(registration, cast) -> ExamSession:
    return start(registration, cast.candidate)


def answer(session: ExamSession, number: int, *, flagged: bool = False) -> None:
    position = session.item_order[number - 1]
    by = session.candidate
    delivery.save_response(session, by=by, position=position, choice=1, flagged=flagged or None)


def page(client, session: ExamSession, name: str = "exam-item", *args: object, **query) -> str:
    url = reverse(f"exams:{name}", args=[session.pk, *args])
    response = client.get(url, query)
    assert response.status_code == 200
    return response.content.decode()


def test_an_exam_page_has_the_exams_header_and_no_site_links(client, cast, started):
    client.force_login(cast.candidate)
    answer(started, 2)
    html = page(client, started, "exam-item", 1)
    assert cast.candidate.display_name in html
    assert re.search(r'id="progress">1 of 4 answered<', html)
    assert "Registry" not in html and "Make a complaint" not in html and "Sign out" not in html
    for name in ("exam-review", "exam-submit"):
        assert "1 of 4 answered" in page(client, started, name)
    assert 'class="site-header"' in client.get(reverse("portal")).content.decode()


def test_the_navigator_names_each_questions_state(client, cast, started):
    client.force_login(cast.candidate)
    answer(started, 1)
    answer(started, 3, flagged=True)
    html = page(client, started, "exam-item", 3)
    names = re.findall(r'aria-label="(Question \d[^"]*)"', html)
    assert names == [
        "Question 1, answered",
        "Question 2, unanswered",
        "Question 3, answered, flagged",
        "Question 4, unanswered",
    ]
    current = re.findall(r'<button[^>]*aria-current="step"[^>]*>', html)
    assert len(current) == 1 and 'value="3"' in current[0]
    assert "(2 of 4 answered)" in html


def test_a_navigator_button_saves_the_answer_and_moves_without_scripts(client, cast, started):
    client.force_login(cast.candidate)
    url = reverse("exams:exam-item", args=[started.pk, 1])
    choice = shown_choice(started, started.item_order[0], "C")
    moved = client.post(url, {"choice": choice, "go": "4"})
    assert moved.url == reverse("exams:exam-item", args=[started.pk, 4])
    assert Response.objects.get(session=started).selected == "C"
    started.refresh_from_db()
    assert started.current_position == 3
    assert started.events.filter(kind=SessionEventKind.NAVIGATE).count() == 1


def test_options_are_lettered_by_the_place_shown(client, cast, started):
    client.force_login(cast.candidate)
    html = page(client, started, "exam-item", 1)
    letters = re.findall(r'<span class="option-letter">(\w)\.</span>', html)
    assert letters == ["A", "B", "C", "D"]
    assert 'aria-label="Strike out B"' in html


@pytest.mark.parametrize(
    ("show", "numbers", "said"),
    [
        ("all", [1, 2, 3, 4], "Showing all 4 questions."),
        ("unanswered", [2, 4], "Showing 2 unanswered questions."),
        ("flagged", [3], "Showing 1 flagged question."),
        ("nonsense", [1, 2, 3, 4], "Showing all 4 questions."),
    ],
)
def test_the_review_filters_its_questions(client, cast, started, show, numbers, said):
    client.force_login(cast.candidate)
    answer(started, 1)
    answer(started, 3, flagged=True)
    html = page(client, started, "exam-review", show=show)
    # Every row is on the page (a script filters at once); those left out are hidden.
    row = r'<tr data-answered="\w+" data-flagged="\w+"( hidden)?>\s*<th[^>]*><a[^>]*>Question (\d)'
    rows = re.findall(row, html)
    assert [int(n) for hidden, n in rows if not hidden] == numbers
    assert len(rows) == 4
    assert said in html
    current = re.findall(r'data-show="(\w+)" aria-current="true"', html)
    assert current == [show if show != "nonsense" else "all"]


def test_a_filter_with_nothing_to_show_says_so(client, cast, started):
    client.force_login(cast.candidate)
    assert "No flagged questions." in page(client, started, "exam-review", show="flagged")


def blueprint(session: ExamSession, **fields: object) -> None:
    Blueprint.objects.filter(pk=session.form.blueprint_id).update(**fields)


def test_the_calculator_shows_only_where_the_blueprint_allows_it(client, cast, started):
    client.force_login(cast.candidate)
    assert 'id="calculator"' not in page(client, started, "exam-item", 1)
    blueprint(started, calculator=True)
    html = page(client, started, "exam-item", 1)
    assert 'id="calculator"' in html and 'aria-controls="calculator"' in html


def test_time_warnings_come_from_the_blueprint(client, cast, registration):
    Blueprint.objects.filter(pk=registration.window.blueprint_id).update(time_warnings=[2, 10])
    session = delivery.create_session(registration, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    client.force_login(cast.candidate)
    assert "when 10 and 2 minutes are left" in page(client, session, "exam-tutorial")
    started = delivery.start(session, by=cast.candidate)
    assert 'data-warnings="10,2"' in page(client, started, "exam-item", 1)


def test_the_default_warnings_are_fifteen_five_and_one_minutes(client, cast, started):
    client.force_login(cast.candidate)
    assert 'data-warnings="15,5,1"' in page(client, started, "exam-item", 1)


def accommodate(registration, kind: AccommodationKind) -> None:
    RegistrationAccommodationFactory(
        registration=registration, accommodation__kind=kind, accommodation__time_factor=None
    )


def test_no_accommodation_switches_no_tool_on(client, cast, started):
    client.force_login(cast.candidate)
    html = page(client, started, "exam-item", 1)
    assert 'data-default-size="1"' in html and 'data-text-size="3">' not in html
    assert 'id="read-aloud"' not in html


def test_enlarged_text_starts_at_the_largest_size_even_without_scripts(client, cast, registration):
    accommodate(registration, AccommodationKind.ENLARGED_TEXT)
    started = start(registration, cast.candidate)
    client.force_login(cast.candidate)
    html = page(client, started, "exam-item", 1)
    assert '<html lang="en" data-text-size="3">' in html and 'data-default-size="3"' in html
    assert 'id="read-aloud"' not in html


def test_a_reader_accommodation_adds_read_aloud(client, cast, registration):
    accommodate(registration, AccommodationKind.READER)
    started = start(registration, cast.candidate)
    client.force_login(cast.candidate)
    html = page(client, started, "exam-item", 1)
    assert 'id="read-aloud"' in html and 'data-default-size="1"' in html


def test_a_requested_accommodation_switches_nothing_on(client, cast, registration):
    RegistrationAccommodationFactory(
        registration=registration,
        accommodation__kind=AccommodationKind.ENLARGED_TEXT,
        accommodation__time_factor=None,
        accommodation__status=AccommodationStatus.REQUESTED,
        accommodation__decided_at=None,
    )
    started = start(registration, cast.candidate)
    client.force_login(cast.candidate)
    assert 'data-default-size="1"' in page(client, started, "exam-item", 1)


def test_a_multiple_response_item_is_checkboxes_under_its_instruction(client, cast):
    versions = {
        1: {"kind": "multiple", "select": 2, "keys": ["A", "C"]},
        2: {"kind": "multiple", "select": 0, "keys": ["A", "B"]},
    }
    registration = exam_registration(items=2, candidate=cast.candidate, versions=versions)
    session = start(registration, cast.candidate)
    client.force_login(cast.candidate)
    for position, prompt, select in ((1, "Select two", 2), (2, "Select all that apply", 0)):
        html = page(client, session, "exam-item", session.item_order.index(position) + 1)
        assert f"<legend>{prompt}</legend>" in html
        assert html.count('type="checkbox" name="choice"') == 4
        assert f'data-select="{select}"' in html and 'role="radiogroup"' not in html


def test_a_case_shows_its_stimulus_in_a_region_named_by_its_title(client, cast, program):
    case = ItemSetFactory(program=program)
    versions = {n: {"item_set": case} for n in (1, 2, 3)}
    registration = exam_registration(program, items=4, candidate=cast.candidate, versions=versions)
    session = start(registration, cast.candidate)
    client.force_login(cast.candidate)
    numbers = [session.item_order.index(p) + 1 for p in (1, 2, 3)]
    html = page(client, session, "exam-item", numbers[0])
    assert '<section class="case" aria-labelledby="case-title">' in html
    assert f'<h2 id="case-title" lang="en">{case.title}</h2>'.replace("'", "&#x27;") in html
    dash = "\N{EN DASH}"
    assert f"Questions {min(numbers)}{dash}{max(numbers)} use this case." in html
    assert "takes the bus to work" in html
    alone = ({1, 2, 3, 4} - {1, 2, 3}).pop()
    assert 'class="case"' not in page(
        client, session, "exam-item", session.item_order.index(alone) + 1
    )


def test_a_cases_own_files_are_served_only_with_its_questions(client, cast, program):
    case = ItemSetFactory(
        program=program,
        stimulus='<p>Dana\'s week.</p><p><img src="hours.png" alt="Hours a week"></p>'
        '<p><audio src="call.mp3"></audio></p>',
    )
    ItemSetMediaFactory(item_set=case, name="hours.png")
    ItemSetMediaFactory(
        item_set=case,
        name="call.mp3",
        content_type="audio/mpeg",
        data=b"ID3" + b"\x00" * 20,
        transcript="Dana asks about the early shift.",
    )
    versions = {n: {"item_set": case} for n in (1, 2)}
    registration = exam_registration(program, items=3, candidate=cast.candidate, versions=versions)
    session = start(registration, cast.candidate)
    client.force_login(cast.candidate)
    number = session.item_order.index(1) + 1
    html = page(client, session, "exam-item", number)
    image = reverse("exams:exam-case-file", args=[session.pk, number, "hours.png"])
    assert f'<img src="{image}" alt="Hours a week">' in html
    sound = reverse("exams:exam-case-file", args=[session.pk, number, "call.mp3"])
    assert f'<audio src="{sound}" controls>' in html
    assert "<summary>Transcript of call.mp3</summary>" in html
    assert "Dana asks about the early shift." in html
    reply = client.get(image)
    assert reply.status_code == 200 and reply["Content-Type"] == "image/png"
    assert "no-store" in reply["Cache-Control"]
    alone = session.item_order.index(3) + 1
    outside = reverse("exams:exam-case-file", args=[session.pk, alone, "hours.png"])
    assert client.get(outside).status_code == 404
    # An item's own file route never serves the case's files.
    mixed = reverse("exams:exam-image", args=[session.pk, number, "hours.png"])
    assert client.get(mixed).status_code == 404
    captions = reverse("exams:exam-case-captions", args=[session.pk, number, "hours.png"])
    assert client.get(captions).status_code == 404  # an image has no captions
    client.force_login(cast.outsider)
    assert client.get(image).status_code == 404
