"""The audit sample is reproducible from its seed: the same seed draws the same renewals."""

from decimal import Decimal

import pytest

from hallmark.certification.recertification.cycles import audit_draw, audit_sample, is_audited

KEYS = [f"CESP-{n:06d}-00/1" for n in range(2000)]


def test_the_same_seed_draws_the_same_sample() -> None:
    first = audit_sample("seed-2027", KEYS, Decimal(10))
    assert first == audit_sample("seed-2027", KEYS, Decimal(10))
    assert first != audit_sample("seed-2028", KEYS, Decimal(10))


def test_the_sample_is_about_the_percentage() -> None:
    drawn = len(audit_sample("seed-2027", KEYS, Decimal(10)))
    assert 150 <= drawn <= 250  # 10% of 2,000, within five standard errors


def test_the_sample_does_not_depend_on_the_order_or_the_others() -> None:
    alone = [key for key in KEYS[:50] if is_audited("s", key, Decimal(20))]
    assert alone == audit_sample("s", KEYS, Decimal(20))[: len(alone)]
    assert sorted(audit_sample("s", reversed(KEYS), Decimal(20))) == sorted(
        audit_sample("s", KEYS, Decimal(20))
    )


def test_none_and_all() -> None:
    assert audit_sample("s", KEYS, Decimal(0)) == []
    assert audit_sample("s", KEYS, Decimal(100)) == KEYS


def test_a_larger_percentage_keeps_the_smaller_sample() -> None:
    assert set(audit_sample("s", KEYS, Decimal(5))) <= set(audit_sample("s", KEYS, Decimal(10)))


def test_the_draw_is_a_recorded_number_in_zero_to_one() -> None:
    draw = audit_draw("seed", "CESP-000001-00/1")
    assert draw == audit_draw("seed", "CESP-000001-00/1")
    assert 0 <= draw < 1
    assert draw.as_tuple().exponent == -6


def test_a_percentage_out_of_range_is_refused() -> None:
    with pytest.raises(ValueError, match="percent"):
        is_audited("s", "k", Decimal(101))
