"""Reads written in SQL once (hallmark.lib.prepared): the right values in each run, joins as
select_related makes them, instances as only() makes them, and clear refusals. That each hot
read gives what its ORM queryset gives is tests/lib/test_prepared_contract.py."""

import pytest
from django.db import NotSupportedError, connection, transaction
from django.db.transaction import TransactionManagementError

from hallmark.accounts.models import AccessRecord, User
from hallmark.exams.delivery import services as delivery
from hallmark.exams.delivery.views import PAGE
from hallmark.exams.models import ExamSession
from hallmark.lib.prepared import PreparedRead, instance

from factories import UserFactory, exam_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(cast) -> ExamSession:
    registration = exam_registration(items=3, candidate=cast.candidate)
    session = delivery.create_session(registration, by=cast.candidate)
    delivery.accept_agreement(session, by=cast.candidate)
    return delivery.start(session, by=cast.candidate)


def test_each_run_uses_its_own_values_and_the_sql_is_written_once(monkeypatch):
    people = UserFactory.create_batch(3)
    quote, quoted = connection.ops.quote_name, []
    monkeypatch.setattr(
        connection.ops, "quote_name", lambda name: quoted.append(name) or quote(name)
    )
    read = PreparedRead(User, ["id", "email"], where={"pk": "pk"})
    for person in people:
        assert read.first(pk=person.pk) == {"id": person.pk, "email": person.email}
        assert quoted, "the first run writes the SQL"
        written = len(quoted)
    assert read.first(pk=max(p.pk for p in people) + 1000) is None
    assert len(quoted) == written  # never again


def test_the_parameters_are_the_ones_named_in_where():
    read = PreparedRead(User, ["id"], where={"pk": "pk"})
    with pytest.raises(TypeError, match=r"takes \['pk'\], given \['id'\]"):
        read.first(id=1)


def test_a_column_that_is_no_relation_is_refused():
    read = PreparedRead(ExamSession, ["status__id"], where={"pk": "pk"})
    with pytest.raises(ValueError, match=r"exams.ExamSession.status is not a foreign key"):
        read.first(pk=1)


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's conversions only")
def test_a_type_without_a_known_sqlite_conversion_is_refused():
    read = PreparedRead(AccessRecord, ["id", "address"], where={"pk": "pk"})
    with pytest.raises(NotSupportedError, match=r"address \(GenericIPAddressField\)"):
        read.first(pk=1)


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
    # Outer joins from a relation that may be empty on: the form has no one who retired it.
    read = PreparedRead(
        ExamSession,
        ["id", "voided_by__id", "form__id", "form__retired_by__id", "form__retired_by__email"],
        where={"pk": "pk"},
    )
    row = read.first(pk=session.pk)
    assert row == {
        "id": session.pk,
        "voided_by__id": None,
        "form__id": session.form_id,
        "form__retired_by__id": None,
        "form__retired_by__email": None,
    }
    sitting = instance(ExamSession, row)
    assert sitting.voided_by is None and sitting.form.pk == session.form_id
    assert sitting.form.retired_by is None


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
    # Outside a transaction the lock would hold nothing: refused, on SQLite too.
    with pytest.raises(TransactionManagementError):
        delivery._locked(session.pk)
