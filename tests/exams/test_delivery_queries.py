"""The candidate's hot path stays cheap: how many SQL statements an autosave and a question page
make. These are upper bounds on the number of statements (never on time), so that a change that
adds a lookup to every request fails here. Savepoints are not counted: a test runs inside a
transaction, where each atomic block is a savepoint rather than the BEGIN and COMMIT of a real
request.
"""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from hallmark.accounts.data import Role
from hallmark.exams.data import FormStatus, SessionEventKind
from hallmark.exams.delivery import services as delivery
from hallmark.exams.models import ExamSession, Response, SessionEvent

from factories import (
    FormFactory,
    FormItemFactory,
    ItemFactory,
    RegistrationFactory,
    TestingWindowFactory,
    UserFactory,
    exam_registration,
    shown_choice,
)

# An autosave: the sign-in's session row and user, the exam session locked, the response
# upserted, the event journaled, the session's last sequence moved on.
AUTOSAVE = 6
# The first request on a form in a process also reads what the form shows, once.
FIRST_USE = 1
# A retried autosave: the sign-in, the user, the lock, and the response it leaves alone.
AUTOSAVE_RETRY = 4
# A question page: sign-in, user, exam session (with what the page shows and the accommodations
# it acts on), the response, and every question's answered and flagged state for the navigator
# and the progress (one query, however long the form). The exam's own header asks for no
# permissions.
PAGE = 5
# Moving to another question also locks the session and journals the navigation.
PAGE_MOVING = PAGE + 3


def statements(queries: CaptureQueriesContext) -> list[str]:
    skip = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")
    return [q["sql"] for q in queries.captured_queries if not q["sql"].startswith(skip)]


def started_session(candidate, items: int) -> ExamSession:
    session = delivery.create_session(
        exam_registration(items=items, candidate=candidate), by=candidate
    )
    delivery.accept_agreement(session, by=candidate)
    return delivery.start(session, by=candidate)


@pytest.fixture
def started(cast) -> ExamSession:
    return started_session(cast.candidate, items=20)


def autosave(client, session: ExamSession, **body: object):
    url = reverse("exams:exam-autosave", args=[session.pk])
    return client.post(url, json.dumps(body), content_type="application/json")


def without_tokens(page) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", page.content.decode())


def counted(call) -> tuple[object, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        reply = call()
    return reply, statements(queries)


def test_an_autosave_is_a_handful_of_statements(client, cast, started):
    client.force_login(cast.candidate)
    position = started.item_order[0]
    first, sql = counted(
        lambda: autosave(
            client,
            started,
            position=position,
            sequence=1,
            choice=shown_choice(started, position, "B"),
        )
    )
    assert first.json()["saved"] is True
    assert len(sql) <= AUTOSAVE + FIRST_USE, "\n".join(sql)
    change, sql = counted(
        lambda: autosave(
            client,
            started,
            position=position,
            sequence=2,
            choice=shown_choice(started, position, "C"),
        )
    )
    assert change.json() == {
        "saved": True,
        "sequence": 2,
        "status": "in progress",
        "reason": "",
        "elsewhere": False,
    }
    assert len(sql) <= AUTOSAVE, "\n".join(sql)
    flag, sql = counted(
        lambda: autosave(client, started, position=position, sequence=3, flagged=True)
    )
    assert flag.json()["saved"] is True
    assert len(sql) <= AUTOSAVE, "\n".join(sql)
    response = Response.objects.get(session=started)
    assert (response.selected, response.flagged, response.sequence) == ("C", True, 3)
    kinds = list(started.events.filter(sequence__isnull=False).values_list("kind", flat=True))
    assert kinds == [SessionEventKind.ANSWER, SessionEventKind.ANSWER, SessionEventKind.FLAG]
    started.refresh_from_db()
    assert started.last_sequence == 3


def test_a_retried_or_overtaken_autosave_reads_the_response_it_may_leave(client, cast, started):
    client.force_login(cast.candidate)
    first, second = started.item_order[:2]
    autosave(client, started, position=first, sequence=2, choice=shown_choice(started, first, "B"))
    retried, sql = counted(
        lambda: autosave(
            client, started, position=first, sequence=2, choice=shown_choice(started, first, "B")
        )
    )
    assert retried.json()["saved"] is True
    assert len(sql) <= AUTOSAVE_RETRY, "\n".join(sql)
    late, sql = counted(
        lambda: autosave(
            client, started, position=second, sequence=1, choice=shown_choice(started, second, "D")
        )
    )
    assert late.json() == {
        "saved": True,
        "sequence": 2,
        "status": "in progress",
        "reason": "",
        "elsewhere": False,
    }
    assert len(sql) <= AUTOSAVE, "\n".join(sql)  # read, written, journaled: no sequence to move
    stored = dict(Response.objects.filter(session=started).values_list("sequence", "selected"))
    assert stored == {2: "B", 1: "D"}
    assert started.events.filter(kind=SessionEventKind.ANSWER).count() == 2  # not the retry


def test_a_refused_autosave_is_still_journaled(client, cast, started):
    ExamSession.objects.filter(pk=started.pk).update(deadline_at=started.started_at)
    client.force_login(cast.candidate)
    refused, sql = counted(
        lambda: autosave(
            client,
            started,
            position=started.item_order[0],
            sequence=1,
            choice=shown_choice(started, started.item_order[0], "A"),
        )
    )
    assert refused.status_code == 409 and refused.json()["status"] == "submitted"
    assert len(sql) <= AUTOSAVE + 2, "\n".join(sql)  # the server's submit: one update, one event
    kinds = set(SessionEvent.objects.filter(session=started).values_list("kind", flat=True))
    assert {SessionEventKind.SUBMIT, SessionEventKind.REFUSED} <= kinds
    assert not Response.objects.filter(session=started).exists()


def test_the_question_page_is_a_few_statements(client, cast, started):
    client.force_login(cast.candidate)
    url = reverse("exams:exam-item", args=[started.pk, 1])
    autosave(
        client,
        started,
        position=started.item_order[0],
        sequence=1,
        choice=shown_choice(started, started.item_order[0], "B"),
    )
    page, sql = counted(lambda: client.get(url))
    shown = shown_choice(started, started.item_order[0], "B")
    assert page.status_code == 200 and f'value="{shown}" checked' in page.content.decode()
    assert len(sql) <= PAGE + FIRST_USE, "\n".join(sql)
    again, sql = counted(lambda: client.get(url))
    assert without_tokens(again) == without_tokens(page)  # the kept stem and options show the same
    assert len(sql) <= PAGE, "\n".join(sql)
    moved, sql = counted(lambda: client.get(reverse("exams:exam-item", args=[started.pk, 2])))
    assert moved.status_code == 200 and "Question 2 of 20" in moved.content.decode()
    assert len(sql) <= PAGE_MOVING, "\n".join(sql)
    started.refresh_from_db()
    assert started.current_position == 1
    assert started.events.filter(kind=SessionEventKind.NAVIGATE).count() == 1


def test_the_statements_do_not_grow_with_the_form(client, cast):
    counts = []
    for items in (3, 60):
        candidate = UserFactory(roles=[Role.CANDIDATE])
        session = started_session(candidate, items=items)
        client.force_login(candidate)
        url = reverse("exams:exam-item", args=[session.pk, items])
        counts.append(len(counted(lambda url=url: client.get(url))[1]))
        save = lambda s=session: autosave(client, s, position=s.item_order[-1], sequence=1)  # noqa: E731
        counts.append(len(counted(save)[1]))
    assert counts[:2] == counts[2:]


def test_each_candidate_sees_images_at_their_own_address(client, cast, program):
    """The stem is rendered once per process; the image addresses are each session's own."""
    form = FormFactory(program=program)
    stem = '<p>Read the chart.</p><p><img src="chart.png" alt="Placements by month"></p>'
    item = ItemFactory(program=program, version__stem=stem)
    FormItemFactory(form=form, position=1, item_version=item.current_version)
    form.status, form.frozen_at, form.frozen_by = FormStatus.FROZEN, timezone.now(), cast.manager
    form.save()
    window = TestingWindowFactory(program=program, blueprint=form.blueprint)
    window.forms.add(form)
    pages = []
    for candidate in (cast.candidate, UserFactory(roles=[Role.CANDIDATE])):
        seat = RegistrationFactory(window=window, application__candidate=candidate)
        session = delivery.create_session(seat, by=candidate)
        delivery.accept_agreement(session, by=candidate)
        delivery.start(session, by=candidate)
        client.force_login(candidate)
        html = client.get(reverse("exams:exam-item", args=[session.pk, 1])).content.decode()
        image = reverse("exams:exam-image", args=[session.pk, 1, "chart.png"])
        assert f'src="{image}"' in html and 'alt="Placements by month"' in html
        pages.append(html)
    assert pages[0].count("/images/chart.png") == pages[1].count("/images/chart.png") == 1


def test_the_exam_pages_show_no_site_links(client, cast):
    """Not even to a candidate who is also a proctor: and so no permission lookups."""
    candidate = UserFactory(roles=[Role.CANDIDATE, Role.PROCTOR])
    session = started_session(candidate, items=2)
    client.force_login(candidate)
    assert "Proctoring" in client.get(reverse("portal")).content.decode()
    page, sql = counted(lambda: client.get(reverse("exams:exam-item", args=[session.pk, 1])))
    html = page.content.decode()
    assert "Question 1 of 2" in html and "Proctoring" not in html
    assert "My dashboard" not in html, "exam mode: no site navigation on an exam page"
    assert not [q for q in sql if "auth_permission" in q]
