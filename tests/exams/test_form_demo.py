"""The demo delivers frozen forms: the window candidate@example.org is booked in lists one."""

import importlib

import pytest

from hallmark.accounts.models import User
from hallmark.exams.data import FormStatus
from hallmark.exams.models import Form

# The demo's parts the forms build on, in the order `hallmark demo` seeds them.
SEEDERS = ("accounts", "programs", "jobanalysis", "itembank", "exams")


def _seed() -> list[str]:
    lines: list[str] = []
    for app in SEEDERS:
        lines += importlib.import_module(f"hallmark.{app}.demo").seed()
    return lines


@pytest.mark.django_db
def test_the_demo_freezes_forms_and_puts_them_in_use() -> None:
    _seed()
    lines = _seed()  # idempotent: nothing new the second time
    assert any("frozen and in use in every window" in line for line in lines)

    seat = User.objects.get(email="candidate@example.org").registrations.get()
    in_use = list(seat.window.forms.all())
    assert len(in_use) == 2
    assert all(f.status == FormStatus.FROZEN and f.frozen_by is not None for f in in_use)
    assert Form.objects.count() == 2
    for form in in_use:
        assert form.items.filter(scored=True).count() == form.blueprint.scored_length
        assert form.items.filter(scored=False).count() == form.blueprint.pretest_length
        assert all(check["ok"] for check in form.assembly_report["checks"])
