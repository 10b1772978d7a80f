"""The Bookmark arithmetic on a small booklet worked by hand.

Five items on the logistic metric (D = 1), a = 1, c = 0, so the RP67 location of an item is
b + log(.67 / .33) = b + 0.708185. Given in the order i1..i5 with b = .5, -1, 1, 0, -.5, the
booklet's pages are i2 (-1), i5 (-.5), i4 (0), i1 (.5), i3 (1): locations -0.291815,
0.208185, 0.708185, 1.208185, 1.708185.

Five panelists bookmark pages 3, 3, 4, 2, 4. The cut of each is the location of the page
before (Mitzel et al. 2001): pages 2, 2, 3, 1, 3, that is b = -.5, -.5, 0, -1, 0.

    median of b            -.5            -> theta cut -.5 + .708185 = 0.208185
    mean of b              -.4            -> 0.308185
    sd (n - 1)             sqrt((.36 + .01 + .01 + .16 + .16) / 4) = sqrt(.175) = 0.418330
    se of the mean         0.418330 / sqrt(5) = 0.187083
    se of the median       sqrt(pi / 2) * 0.187083 = 0.234473

The 3PL form on the normal-ogive metric (D = 1.702) with a = 1, b = 0, c = .2:
q = (.67 - .2) / .8 = .5875, log(.5875 / .4125) = 0.353640, / 1.702 -> theta 0.207779.
"""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hallmark.psychometrics import bookmark, ordered_item_booklet, tcc_score

B = np.array([0.5, -1.0, 1.0, 0.0, -0.5])
NAMES = ["i1", "i2", "i3", "i4", "i5"]
LOGIT67 = math.log(0.67 / 0.33)
PAGES = [3, 3, 4, 2, 4]


def booklet(rp: float = 0.67):
    return ordered_item_booklet(NAMES, np.ones(5), -B, rp=rp)


def test_it_orders_items_by_their_rp67_location() -> None:
    oib = booklet()
    assert oib.items == ("i2", "i5", "i4", "i1", "i3")
    np.testing.assert_allclose(oib.locations, np.array([-1, -0.5, 0, 0.5, 1]) + 0.708185, atol=1e-6)


def test_the_rp_location_of_a_3pl_item_on_the_normal_ogive_metric() -> None:
    oib = ordered_item_booklet(["x"], [1.0], [0.0], [0.2], scale=1.702)
    assert oib.locations[0] == pytest.approx(0.207779, abs=1e-6)
    # the item's probability there is the RP, by the IRT package's own response function
    from hallmark.psychometrics.irt import item_probability

    assert item_probability(oib.locations[0], 1.0, 0.0, 0.2, scale=1.702) == pytest.approx(0.67)


def test_the_rp_is_a_parameter() -> None:
    half = ordered_item_booklet(NAMES, np.ones(5), -B, rp=0.5)
    np.testing.assert_allclose(half.locations, [-1, -0.5, 0, 0.5, 1])


def test_each_panelist_cut_is_the_location_of_the_page_before_the_bookmark() -> None:
    result = bookmark(booklet(), PAGES)
    np.testing.assert_allclose(result.rounds[0].thetas, np.array([-0.5, -0.5, 0, -1, 0]) + LOGIT67)
    assert result.theta_cut == pytest.approx(0.208185, abs=1e-6)
    assert result.sd == pytest.approx(0.418330, abs=1e-6)
    assert result.se == pytest.approx(0.234473, abs=1e-6)
    assert result.median_page == 3


def test_the_mean_of_the_panelists_with_its_standard_error() -> None:
    result = bookmark(booklet(), PAGES, aggregate="mean")
    assert result.theta_cut == pytest.approx(0.308185, abs=1e-6)
    assert result.se == pytest.approx(0.187083, abs=1e-6)


def test_the_bookmarked_and_midpoint_conventions() -> None:
    at = bookmark(booklet(), PAGES, convention="bookmarked")
    assert at.theta_cut == pytest.approx(0.0 + LOGIT67)  # pages 3, 3, 4, 2, 4: b median 0
    mid = bookmark(booklet(), PAGES, convention="midpoint")
    assert mid.theta_cut == pytest.approx(-0.25 + LOGIT67)  # midpoints -.25 -.25 .25 -.75 .25


def test_the_last_round_gives_the_cut_and_every_round_is_reported() -> None:
    result = bookmark(booklet(), [[2, 5, 4, 2, 4], PAGES])
    assert [r.round for r in result.rounds] == [1, 2]
    assert result.rounds[0].cut == pytest.approx(0.0 + LOGIT67)  # b -1 .5 0 -1 0: median 0
    assert result.theta_cut == pytest.approx(0.208185, abs=1e-6)


def test_the_raw_cut_is_the_tcc_at_the_theta_cut() -> None:
    result = bookmark(booklet(), PAGES)
    # 1 / (1 + exp(-(0.208185 - b))) for b = -1, -.5, 0, .5, 1:
    # .7700 + .6700 + .5519 + .4276 + .3117 = 2.7312
    assert result.expected_score() == pytest.approx(2.7312, abs=1e-4)
    assert result.raw_cut() == 3
    # another form: ten items with b = 0 -> 10 / (1 + exp(-0.208185)) = 5.5186
    assert result.expected_score(np.ones(10), np.zeros(10)) == pytest.approx(5.5186, abs=1e-4)
    assert result.raw_cut(np.ones(10), np.zeros(10)) == 6


def test_the_impact_on_a_score_distribution() -> None:
    result = bookmark(booklet(), PAGES)
    assert result.projected_pass_rate([0, 1, 2, 3, 3, 4, 5, 5]) == pytest.approx(5 / 8)


@pytest.mark.parametrize(
    ("pages", "message"),
    [
        ([3, 6, 4], "round 1, panelist 2: page 6 is not a page 2..5"),
        ([3, 1, 4], "round 1, panelist 2: page 1 is not a page 2..5"),
        ([3, 2.5, 4], "page 2.5"),
        ([3], "at least two panelists"),
        ([[3, 3], [3, math.nan]], "round 2, panelist 2: page nan"),
    ],
)
def test_it_refuses_bad_placements(pages, message) -> None:
    with pytest.raises(ValueError, match=message):
        bookmark(booklet(), pages)


@pytest.mark.parametrize(
    ("a", "d", "c", "message"),
    [
        ([1, math.nan], [0, 0], None, "a of item 'y' is not a finite number"),
        ([1, 1], [0, math.inf], None, "d of item 'y' is not a finite number"),
        ([1, -1], [0, 0], None, "a of item 'y' must be positive"),
        ([1, 1], [0, 0], [0, 0.7], "item 'y' has c = 0.7 >= rp"),
        ([1], [0, 0], None, "one value per item"),
        ([1, 1e-310], [0, 1e10], None, "item 'y': its RP location is not a finite"),
    ],
)
def test_it_refuses_bad_parameters(a, d, c, message) -> None:
    with pytest.raises(ValueError, match=message):
        ordered_item_booklet(["x", "y"], a, d, c)


def test_it_refuses_an_unknown_convention() -> None:
    with pytest.raises(ValueError, match="convention must be one of"):
        bookmark(booklet(), PAGES, convention="after")


@settings(max_examples=60, deadline=None)
@given(
    b=st.lists(st.floats(-3, 3), min_size=3, max_size=12),
    a=st.floats(0.3, 2.5),
    data=st.data(),
)
def test_the_cut_never_falls_when_a_panelist_moves_the_bookmark_later(b, a, data) -> None:
    n = len(b)
    oib = ordered_item_booklet([f"i{k}" for k in range(n)], np.full(n, a), -a * np.array(b))
    pages = data.draw(st.lists(st.integers(2, n), min_size=2, max_size=6))
    who = data.draw(st.integers(0, len(pages) - 1))
    later = list(pages)
    later[who] = data.draw(st.integers(pages[who], n))
    for aggregate in ("median", "mean"):
        before = bookmark(oib, pages, aggregate=aggregate)
        after = bookmark(oib, later, aggregate=aggregate)
        assert after.theta_cut >= before.theta_cut - 1e-12
        assert after.expected_score() >= before.expected_score() - 1e-9


def test_tcc_score_sums_the_probabilities() -> None:
    # two items at theta 0: .2 + .8 * .731059 = .784847, and 1 / (1 + exp(1)) = .268941
    assert tcc_score(0.0, [1, 1], [1, -1], [0.2, 0]) == pytest.approx(1.053788, abs=1e-6)
    # far from the items the sum is the floor (the c's) or the form's length, without overflow
    assert tcc_score(-1e6, [1, 1], [0, 0], [0.2, 0]) == pytest.approx(0.2)
    assert tcc_score(1e6, [1, 1], [0, 0], [0.2, 0]) == pytest.approx(2.0)
    with pytest.raises(ValueError, match="a of item 2 must be positive"):
        tcc_score(0.0, [1, 0], [0, 0])
