"""Reads compiled once (hallmark.lib.prepared): the same rows, objects and conversions as the
ORM, the right values in each run, and a clear refusal of a parameter the query would change."""

import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError

from hallmark.accounts.models import User
from hallmark.exams.delivery import services as delivery
from hallmark.exams.delivery.views import PAGE
from hallmark.exams.models import ExamSession
from hallmark.lib.prepared import PreparedRead, columns, instance

from factories import UserFactory, exam_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(cast) -> ExamSession:
    registration = exam_registration(items=3, candidate=cast.candidate)
    session = delivery.create_session(registration, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    return delivery.start(session, by=cast.candidate)


def test_rows_match_the_orm_with_its_conversions(session):
    read = PreparedRead(
        lambda pk: ExamSession.objects.filter(pk=pk).values(*columns(ExamSession)), pk=int
    )
    row = read.first(pk=session.pk)
    assert row == ExamSession.objects.filter(pk=session.pk).values(*columns(ExamSession)).get()
    # Converted as the ORM converts them, on SQLite too (where the database gives text).
    assert isinstance(row["deadline_at"], datetime.datetime)
    assert row["deadline_at"].tzinfo is not None
    assert isinstance(row["time_factor"], Decimal)
    assert isinstance(row["item_order"], list)


def test_each_run_uses_its_own_values_and_compiles_once():
    people = UserFactory.create_batch(3)
    built = []

    def query(pk: int):
        built.append(pk)
        return User.objects.filter(pk=pk).values("id", "email")

    read = PreparedRead(query, pk=int)
    for person in people:
        assert read.first(pk=person.pk) == {"id": person.pk, "email": person.email}
    assert read.first(pk=max(p.pk for p in people) + 1000) is None
    assert len(built) == 1  # compiled with the stand-in, never again


def test_a_parameter_the_query_changes_is_refused():
    # `contains` wraps the value in wildcards: the stand-in would not come out as it went in.
    read = PreparedRead(lambda e: User.objects.filter(email__contains=e).values("id"), e=str)
    with pytest.raises(ValueError, match=r"\['e'\]"):
        read.first(e="example")


def test_instance_builds_related_objects_and_annotations(session, django_assert_num_queries):
    form, registration = session.form, session.registration
    expected = (
        form.status,
        form.blueprint.time_limit_minutes,
        registration.program.designation,
        registration.window.name,
    )
    row = PAGE.first(pk=session.pk, candidate=session.candidate_id)
    with django_assert_num_queries(0):
        page = instance(ExamSession, row)
        assert page.pk == session.pk and page.deadline_at == session.deadline_at
        assert page.form.pk == form.pk
        assert expected == (
            page.form.status,
            page.form.blueprint.time_limit_minutes,
            page.registration.program.designation,
            page.registration.window.name,
        )
        assert page.breaks is False
    # What was not read is loaded when asked for, as with only().
    assert page.form.code == form.code


def test_another_candidates_session_is_not_read(session):
    stranger = UserFactory()
    assert PAGE.first(pk=session.pk, candidate=stranger.pk) is None


def test_a_relation_that_found_nothing_is_left_unset(session):
    read = PreparedRead(
        lambda pk: ExamSession.objects.filter(pk=pk).values("id", "voided_by__id"), pk=int
    )
    row = read.first(pk=session.pk)
    assert row == {"id": session.pk, "voided_by__id": None}
    assert instance(ExamSession, row).voided_by is None


@pytest.mark.django_db(transaction=True)
def test_the_lock_reads_the_row_as_it_is_now(cast):
    registration = exam_registration(items=3, candidate=cast.candidate)
    session = delivery.create_session(registration, by=cast.candidate)
    ExamSession.objects.filter(pk=session.pk).update(last_sequence=41)
    with transaction.atomic():
        locked = delivery._locked(session.pk)
    assert locked.last_sequence == 41 and locked.form.pk == session.form_id
    assert locked.form.frozen_at == session.form.frozen_at
    assert {"assembly_spec", "assembly_report"} <= locked.form.get_deferred_fields()
    with pytest.raises(ExamSession.DoesNotExist), transaction.atomic():
        delivery._locked(session.pk + 1000)
    # Compiled once, the lock still refuses to run where it would lock nothing.
    with pytest.raises(TransactionManagementError):
        delivery._locked(session.pk)
