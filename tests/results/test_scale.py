"""The reporting scale: two straight lines meeting at the cut."""

import pytest

from hallmark.results.scale import Scale

SCALE = Scale(minimum=200, passing=500, maximum=800)


def test_the_ends_and_the_cut_map_to_the_scale_points() -> None:
    assert SCALE.scaled(0, 60, 100) == 200
    assert SCALE.scaled(60, 60, 100) == 500
    assert SCALE.scaled(100, 60, 100) == 800
    assert SCALE.scaled(30, 60, 100) == 350  # halfway up the lower line
    assert SCALE.scaled(80, 60, 100) == 650  # halfway up the upper line


def test_rounding_never_lifts_a_fail_to_the_passing_score() -> None:
    # 199.5/200 of the way to the cut would round to 500; it is held at 499.
    assert SCALE.scaled(399, 400, 500) == 499


def test_a_cut_outside_the_raw_range_is_refused() -> None:
    with pytest.raises(ValueError, match="raw cut"):
        SCALE.scaled(5, 0, 10)
