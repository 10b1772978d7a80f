import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from hallmark.programs.models import Fee, Program, RecertificationPolicy, RetakePolicy

from factories import (
    CECategoryFactory,
    FeeFactory,
    ProgramFactory,
    RecertificationPolicyFactory,
    RetakePolicyFactory,
)

pytestmark = pytest.mark.django_db


def test_the_version_in_force_is_the_latest_effective_on_the_date() -> None:
    program = ProgramFactory()
    old = RetakePolicyFactory(program=program, effective_from=datetime.date(2024, 1, 1))
    new = RetakePolicyFactory(program=program, effective_from=datetime.date(2025, 7, 1))
    assert (old.version, new.version) == (1, 2)
    assert RetakePolicy.in_force(program, datetime.date(2025, 6, 30)) == old
    assert RetakePolicy.in_force(program, datetime.date(2025, 7, 1)) == new
    assert RetakePolicy.in_force(program, datetime.date(2023, 12, 31)) is None


@pytest.mark.parametrize(
    ("factory", "fields", "constraint"),
    [
        (FeeFactory, {"amount": Decimal("-1")}, "fee_amount_nonneg"),
        (RetakePolicyFactory, {"max_attempts_per_12_months": 0}, "retake_max_attempts_positive"),
        (CECategoryFactory, {"min_hours": 10, "max_hours": 5}, "ce_max_at_least_min"),
        (
            RecertificationPolicyFactory,
            {"grace_days": 60, "reinstatement_days": 30},
            "reinstatement_after_grace",
        ),
        (RecertificationPolicyFactory, {"audit_percent": 120}, "audit_percent_range"),
    ],
)
def test_negative_or_contradictory_numbers_are_refused_by_the_database(
    factory: type, fields: dict, constraint: str
) -> None:
    before = (Fee.objects.count(), RetakePolicy.objects.count())
    with pytest.raises(IntegrityError), transaction.atomic():
        factory(**fields)
    assert (Fee.objects.count(), RetakePolicy.objects.count()) == before


def test_model_validation_names_the_contradiction() -> None:
    with pytest.raises(ValidationError) as error:
        FeeFactory.build(
            amount=Decimal("-5"), schedule=FeeFactory().schedule, kind="renewal"
        ).full_clean()
    assert "A fee cannot be negative." in str(error.value)

    policy = RecertificationPolicyFactory.build(
        program=ProgramFactory(validity_months=36), window_opens_months_before=40
    )
    with pytest.raises(ValidationError) as error:
        policy.full_clean()
    assert "would open 40 months before expiry" in str(error.value)
    assert "lasts only 36 months" in str(error.value)


def test_category_minimums_above_the_required_hours_are_reported() -> None:
    policy = RecertificationPolicyFactory(ce_hours_required=Decimal(10))
    CECategoryFactory(policy=policy, min_hours=Decimal(6))
    CECategoryFactory(policy=policy, min_hours=Decimal(6))
    assert RecertificationPolicy.objects.get(pk=policy.pk).category_problems() == [
        "Category minimums add up to 12 hours, more than the 10 hours required."
    ]


def test_a_designation_is_unique_whatever_its_case() -> None:
    ProgramFactory(designation="CESP")
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgramFactory(designation="cesp")
    program = ProgramFactory.build(designation="cesp")
    with pytest.raises(ValidationError, match="designation"):
        program.full_clean()
    assert Program.objects.count() == 1
