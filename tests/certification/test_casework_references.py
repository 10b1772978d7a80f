"""Appeals, complaints and discipline cases take their yearly references from one helper, and
their step fields from one pair of helpers, without changing a migration."""

import io

import pytest
from django.core.management import call_command

from hallmark.certification.models import (
    Appeal,
    AppealCounter,
    CaseSerial,
    Complaint,
    ComplaintSerial,
    DisciplineCase,
)
from hallmark.certification.models.casework import next_reference

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("serials", "prefix", "field"),
    [
        (AppealCounter, "APL", "last"),
        (ComplaintSerial, "CMP", "last_serial"),
        (CaseSerial, "DSC", "last"),
    ],
)
def test_references_count_up_within_a_year_and_start_again_the_next(serials, prefix, field) -> None:
    given = [next_reference(serials, prefix, year, field=field) for year in (2026, 2026, 2027)]
    assert given == [f"{prefix}-2026-0001", f"{prefix}-2026-0002", f"{prefix}-2027-0001"]
    assert getattr(serials.objects.get(year=2026), field) == 2


def test_a_year_s_serial_already_kept_goes_on_from_its_last(db) -> None:
    CaseSerial.objects.create(year=2026, last=41)
    assert next_reference(CaseSerial, "DSC", 2026, field="last") == "DSC-2026-0042"


def test_the_step_fields_are_the_same_everywhere() -> None:
    """Who and when of a step: nullable, kept (PROTECT), no reverse accessor."""
    fields = [
        Appeal._meta.get_field("closed_by"),
        Complaint._meta.get_field("closed_by"),
        DisciplineCase._meta.get_field("closed_by"),
    ]
    assert [(f.null, f.blank, f.remote_field.on_delete.__name__) for f in fields] == [
        (True, True, "PROTECT")
    ] * 3
    assert {f.remote_field.related_name for f in fields} == {"+"}


def test_the_models_need_no_new_migration() -> None:
    out = io.StringIO()
    call_command("makemigrations", "certification", check=True, dry_run=True, stdout=out)
    assert "No changes detected" in out.getvalue()
