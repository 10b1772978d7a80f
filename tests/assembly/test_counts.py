"""The overlap-implied number of distinct items, against exhaustive search."""

import itertools
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallmark.assembly import distinct_items_needed


def brute_force(k: int, n: int, m: int) -> int:
    """Smallest D for which usage counts u_1..u_D in [1, K] exist with sum K n and at most
    C(K, 2) m shared pairs (every multiset of counts tried)."""
    for d in range(n, k * n + 1):
        for counts in itertools.combinations_with_replacement(range(1, k + 1), d):
            if sum(counts) == k * n and sum(math.comb(u, 2) for u in counts) <= math.comb(k, 2) * m:
                return d
    raise AssertionError("unreachable")


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.integers(0, 5))
def test_matches_exhaustive_search(k: int, n: int, m: int) -> None:
    assert distinct_items_needed(k, n, m) == brute_force(k, n, min(m, n))


@pytest.mark.parametrize(
    ("k", "n", "m", "expected"),
    [
        # 4 x 150 slots, 6 pairs x 30 shared: 180 items on two forms, 240 on one
        (4, 150, 30, 420),
        (3, 10, 0, 30),  # no sharing: every slot its own item
        (2, 10, 3, 17),
        (5, 20, 20, 20),  # unlimited sharing: one form's worth
    ],
)
def test_hand_computed_values(k: int, n: int, m: int, expected: int) -> None:
    assert distinct_items_needed(k, n, m) == expected
