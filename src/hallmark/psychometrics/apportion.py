"""Largest-remainder (Hamilton) apportionment of a test length to weighted domains: a
blueprint's item counts from its domains' weights, whether typed by hand or derived from a
practice analysis (pure Python)."""

from collections.abc import Sequence
from decimal import Decimal
from fractions import Fraction


def largest_remainder(weights: Sequence[Decimal | int | float | Fraction], total: int) -> list[int]:
    """Split ``total`` items in proportion to ``weights`` so the counts sum exactly to ``total``.

    Each count is the floor of its exact share, and the items left over go to the largest
    remainders (ties to the earlier domain, so the result is deterministic). Every count is
    therefore within 1 of its exact share.
    """
    if total < 0:
        raise ValueError(f"total must be zero or more, got {total}")
    exact = [Fraction(str(w)) if not isinstance(w, Fraction) else w for w in weights]
    if any(w < 0 for w in exact):
        raise ValueError("weights must be zero or more")
    weight_sum = sum(exact, Fraction(0))
    if weight_sum == 0:
        raise ValueError("weights must not all be zero")
    shares = [w * total / weight_sum for w in exact]
    counts = [int(share) for share in shares]  # floor: shares are never negative
    leftover = total - sum(counts)
    by_remainder = sorted(range(len(shares)), key=lambda i: (-(shares[i] - counts[i]), i))
    for i in by_remainder[:leftover]:
        counts[i] += 1
    return counts
