"""The appeals policy in force on the day of a decision sets its appeal deadline."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from hallmark.programs.models import CasePolicy, appeal_deadline

from factories import ProgramFactory

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 5, 4)


def test_without_a_policy_the_appeal_period_is_thirty_days():
    assert appeal_deadline(ProgramFactory(), DAY) == datetime.date(2026, 6, 3)


def test_the_policy_in_force_on_the_day_of_the_decision_governs():
    program = ProgramFactory()
    CasePolicy.objects.create(
        program=program, effective_from=datetime.date(2026, 1, 1), appeal_days=14
    )
    CasePolicy.objects.create(
        program=program, effective_from=datetime.date(2026, 6, 1), appeal_days=60
    )
    assert appeal_deadline(program, DAY) == datetime.date(2026, 5, 18)
    assert appeal_deadline(program, datetime.date(2026, 6, 1)) == datetime.date(2026, 7, 31)


def test_a_panel_has_someone_on_it_and_deadlines_come_in_order():
    program = ProgramFactory()
    for wrong in ({"panel_size": 0}, {"acknowledge_days": 30, "decide_days": 10}):
        with pytest.raises(IntegrityError), transaction.atomic():
            CasePolicy.objects.create(program=program, effective_from=DAY, **wrong)
