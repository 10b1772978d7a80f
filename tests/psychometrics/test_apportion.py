from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hallmark.psychometrics.apportion import largest_remainder


def test_it_splits_the_demo_blueprint_by_largest_remainder() -> None:
    # 115 items at 15/22/25/23/15 %: exact shares 17.25, 25.3, 28.75, 26.45, 17.25; the floors
    # sum to 113 and the two left over go to the largest remainders (.75 and .45).
    weights = [Decimal(w) for w in (15, 22, 25, 23, 15)]
    assert largest_remainder(weights, 115) == [17, 25, 29, 27, 17]


def test_it_breaks_ties_toward_the_earlier_domain() -> None:
    assert largest_remainder([1, 1, 1], 2) == [1, 1, 0]


@given(
    weights=st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=30).filter(
        lambda ws: sum(ws) > 0
    ),
    total=st.integers(min_value=0, max_value=2_000),
)
def test_counts_sum_to_the_length_and_stay_within_one_of_the_exact_share(
    weights: list[int], total: int
) -> None:
    counts = largest_remainder(weights, total)
    assert sum(counts) == total
    for weight, count in zip(weights, counts, strict=True):
        exact = Fraction(weight * total, sum(weights))
        assert abs(count - exact) < 1


def test_it_refuses_negative_weights_and_lengths() -> None:
    with pytest.raises(ValueError, match="weights"):
        largest_remainder([50, -10, 60], 10)
    with pytest.raises(ValueError, match="total"):
        largest_remainder([50, 50], -1)
    with pytest.raises(ValueError, match="all be zero"):
        largest_remainder([0, 0], 5)
