"""The contract of the hot reads (hallmark.lib.prepared): each gives exactly what the plain ORM
queryset it stands for gives, every column and its type (aware datetimes, decimals with their
places, JSON, booleans), on the database the suite runs on. The reads write their own SQL and
convert the columns themselves; if a Django upgrade changes what the ORM returns, or the
database's driver what it gives, this fails. Run it on SQLite and on PostgreSQL
(DATABASE_URL=postgres://...)."""

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.sessions.backends import db
from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.db.transaction import TransactionManagementError
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from hallmark.accounts.backends import USER_ROW, AccountBackend
from hallmark.accounts.models import User
from hallmark.accounts.sessions import SESSION_ROW, SessionStore
from hallmark.exams.data import AccommodationKind, AccommodationStatus
from hallmark.exams.delivery import services as delivery
from hallmark.exams.delivery.services import ASSEMBLY_FIELDS, LOCKED
from hallmark.exams.delivery.views import ANSWER, PAGE, SHOWN_WITH_SESSION
from hallmark.exams.models import (
    ExamSession,
    Form,
    RegistrationAccommodation,
    Response,
    TestingWindow,
)
from hallmark.lib.prepared import columns

from factories import RegistrationAccommodationFactory, UserFactory, exam_registration

pytestmark = pytest.mark.django_db
MOMENT = datetime.datetime(2031, 3, 4, 5, 6, 7, 890123, tzinfo=datetime.UTC)


# The querysets the reads stand for, as the ORM would make them.
def approved(kind: AccommodationKind) -> Exists:
    return Exists(
        RegistrationAccommodation.objects.filter(
            registration=OuterRef("registration"),
            accommodation__status=AccommodationStatus.APPROVED,
            accommodation__kind=kind,
        )
    )


ACCOMMODATIONS = {
    "breaks": approved(AccommodationKind.BREAKS),
    "enlarged_text": approved(AccommodationKind.ENLARGED_TEXT),
    "reader": approved(AccommodationKind.READER),
}
LOCKED_COLUMNS = (*columns(ExamSession), *columns(Form, "form__", ASSEMBLY_FIELDS))


def user_query(pk: int) -> QuerySet:
    return User.objects.filter(pk=pk).values(*columns(User))


def session_row_query(key: str) -> QuerySet:
    return Session.objects.filter(session_key=key).values("session_data", "expire_date")


def locked_query(pk: int) -> QuerySet:
    sessions = ExamSession.objects.select_for_update(of=("self",))
    return sessions.filter(pk=pk).values(*LOCKED_COLUMNS)


def page_query(pk: int, candidate: int) -> QuerySet:
    sessions = ExamSession.objects.filter(pk=pk, candidate=candidate).annotate(**ACCOMMODATIONS)
    return sessions.values(*columns(ExamSession), *SHOWN_WITH_SESSION, *ACCOMMODATIONS)


def answer_query(session: int, item: int) -> QuerySet:
    answers = Response.objects.filter(session=session, form_item=item).order_by()
    return answers.values("selected", "flagged")


def exactly(row: dict[str, Any] | None) -> dict[str, tuple[str, str]] | None:
    """A row with each value's type and repr: 1 is not True, Decimal("1.5") not Decimal("1.50"),
    and a datetime's time zone shows."""
    if row is None:
        return None
    return {key: (type(value).__name__, repr(value)) for key, value in row.items()}


def orm(query: QuerySet) -> dict[str, Any] | None:
    rows = list(query)
    assert len(rows) <= 1
    return rows[0] if rows else None


@pytest.fixture
def sessions(cast) -> list[ExamSession]:
    """Two sittings whose columns hold every kind of value once: set and unset datetimes, true
    and false booleans, a decimal with fewer places than its field, JSON lists and objects; one
    has an approved breaks accommodation and a window that requires a launch code."""
    made = []
    for breaks in (True, False):
        registration = exam_registration(items=3, candidate=cast.candidate)
        if breaks:
            RegistrationAccommodationFactory(
                registration=registration,
                accommodation__kind=AccommodationKind.BREAKS,
                accommodation__time_factor=None,
            )
        session = delivery.create_session(registration, by=cast.candidate)
        delivery.accept_agreement(session, by=cast.candidate)
        session = delivery.start(session, by=cast.candidate)
        ExamSession.objects.filter(pk=session.pk).update(
            time_factor=Decimal("1.5"),
            checked_in_at=MOMENT,
            device={"agent": "Firefox", "since": MOMENT.isoformat()},
            submitted_by_server=breaks,
        )
        Form.objects.filter(pk=session.form_id).update(objective_value=12.5, mip_gap=0.001)
        window = TestingWindow.objects.filter(pk=registration.window_id)
        window.update(launch_code_required=breaks, check_in_required=not breaks)
        made.append(session)
    return made


def test_the_session_read_is_the_orms(sessions):
    for session in sessions:
        row = PAGE.first(pk=session.pk, candidate=session.candidate_id)
        assert exactly(row) == exactly(orm(page_query(session.pk, session.candidate_id)))
        assert row["checked_in_at"] == MOMENT and row["checked_in_at"].tzinfo is not None
        assert row["paused_at"] is None
        assert row["time_factor"] == Decimal("1.50") and str(row["time_factor"]) == "1.50"
        assert isinstance(row["item_order"], list) and isinstance(row["device"], dict)
        assert isinstance(row["form__frozen_at"], datetime.datetime)
    breaks = [PAGE.first(pk=s.pk, candidate=s.candidate_id)["breaks"] for s in sessions]
    assert breaks == [True, False]
    stranger = UserFactory()
    assert PAGE.first(pk=sessions[0].pk, candidate=stranger.pk) is None
    assert orm(page_query(sessions[0].pk, stranger.pk)) is None


def test_the_locked_read_is_the_orms_inside_a_transaction(sessions):
    for session in sessions:
        with transaction.atomic():
            row = LOCKED.first(pk=session.pk)
            assert exactly(row) == exactly(orm(locked_query(session.pk)))
        assert isinstance(row["submitted_by_server"], bool)
        assert isinstance(row["form__objective_value"], float)
        with transaction.atomic():
            locked = delivery._locked(session.pk)
            expected = (
                ExamSession.objects.select_for_update(of=("self",))
                .select_related("form")
                .defer(*(f"form__{name}" for name in ASSEMBLY_FIELDS))
                .get(pk=session.pk)
            )
        assert fields(locked) == fields(expected)
        assert fields(locked.form) == fields(expected.form)
    missing = max(s.pk for s in sessions) + 1000
    with transaction.atomic():
        assert LOCKED.first(pk=missing) is None and orm(locked_query(missing)) is None
        with pytest.raises(ExamSession.DoesNotExist):
            delivery._locked(missing)


def test_the_lock_takes_the_session_row_as_the_orm_does(sessions):
    pk = sessions[0].pk
    with transaction.atomic(), CaptureQueriesContext(connection) as queries:
        LOCKED.first(pk=pk)
        orm(locked_query(pk))
    fast, plain = (q["sql"] for q in queries.captured_queries[-2:])
    # FOR UPDATE OF the session's table on PostgreSQL; nothing on SQLite, which locks the file.
    assert lock_clause(fast) == lock_clause(plain)
    assert ("FOR UPDATE" in fast) == connection.features.has_select_for_update


@pytest.mark.django_db(transaction=True)
def test_the_lock_is_refused_outside_a_transaction(sessions):
    pk = sessions[0].pk
    with pytest.raises(TransactionManagementError):
        LOCKED.first(pk=pk)
    # The ORM refuses it where the database can lock a row; the read refuses it everywhere,
    # so that a write outside a transaction fails on SQLite too.
    if connection.features.has_select_for_update:
        with pytest.raises(TransactionManagementError):
            orm(locked_query(pk))


def test_the_answer_read_is_the_orms(sessions):
    session = sessions[0]
    positions = session.form.items.order_by("position")
    for flagged, form_item in zip((True, False), positions, strict=False):
        Response.objects.create(
            session=session, form_item=form_item, selected="B", flagged=flagged, sequence=1
        )
    for form_item in positions:
        row = ANSWER.first(session=session.pk, item=form_item.pk)
        assert exactly(row) == exactly(orm(answer_query(session.pk, form_item.pk)))
    assert ANSWER.first(session=session.pk, item=positions.last().pk) is None  # never answered
    flagged = ANSWER.first(session=session.pk, item=positions.first().pk)["flagged"]
    assert flagged is True


def test_the_user_read_is_the_orms():
    people = [
        UserFactory(is_staff=True, last_login=MOMENT, email_verified_at=MOMENT),
        UserFactory(is_staff=False, last_login=None, email_verified_at=None),
    ]
    for person in people:
        row = USER_ROW.first(pk=person.pk)
        assert exactly(row) == exactly(orm(user_query(person.pk)))
        assert isinstance(row["is_staff"], bool) and isinstance(
            row["date_joined"], datetime.datetime
        )
        assert fields(AccountBackend().get_user(person.pk)) == fields(
            User.objects.get(pk=person.pk)
        )
    missing = max(p.pk for p in people) + 1000
    assert USER_ROW.first(pk=missing) is None and orm(user_query(missing)) is None


def test_the_sign_in_session_read_is_the_orms():
    store = SessionStore()
    store["seat"] = 41
    store.create()
    row = SESSION_ROW.first(key=store.session_key)
    assert exactly(row) == exactly(orm(session_row_query(store.session_key)))
    assert row["expire_date"].tzinfo is not None
    assert SessionStore(store.session_key).load() == db.SessionStore(store.session_key).load()
    assert SESSION_ROW.first(key="no-such-key") is None


@pytest.mark.parametrize("key", ["expired", "unknown"])
def test_a_session_not_found_is_loaded_as_django_loads_it(key):
    store = SessionStore()
    store["seat"] = 41
    store.create()
    if key == "expired":
        past = timezone.now() - datetime.timedelta(seconds=1)
        Session.objects.filter(session_key=store.session_key).update(expire_date=past)
    else:
        store.delete()
    ours, django = SessionStore(store.session_key), db.SessionStore(store.session_key)
    assert ours.load() == django.load() == {}
    assert ours.session_key is django.session_key is None


def fields(obj: Any) -> dict[str, tuple[str, str]]:
    """An instance's loaded fields, as `exactly` shows them."""
    loaded = obj.get_deferred_fields()
    values = {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}
    return exactly({name: value for name, value in values.items() if name not in loaded})


def lock_clause(sql: str) -> str:
    return sql.partition("FOR UPDATE")[2].strip()
