"""Cubic-spline postsmoothing of equipercentile equating (Kolen 1984; K&B section 3.2).

K&B's postsmoothed ACTmath tables could not be checked here; the tests check the method's
definition on that data instead.
"""

from pathlib import Path

import numpy as np
import pytest

from hallmark.psychometrics.equating import equate_random_groups, read_score_file
from hallmark.psychometrics.equating._percentile import equipercentile, equipercentile_se, ranks
from hallmark.psychometrics.equating._postsmooth import _one_way

DATA = Path(__file__).parent / "data" / "equating"
X = read_score_file(DATA / "actmath_x.csv").counts
Y = read_score_file(DATA / "actmath_y.csv").counts
F, G = X / X.sum(), Y / Y.sum()


@pytest.mark.parametrize("s", [0.05, 0.2, 0.5])
def test_the_spline_is_s_standard_errors_away_on_average(s):
    # Kolen's criterion (Reinsch 1967): the smoothest spline with mean squared standardised
    # distance <= s; the bound is reached unless a straight line is already that close.
    smooth = _one_way(F, G, X.sum(), Y.sum(), s)
    e, se, p = equipercentile(F, G), equipercentile_se(F, G, X.sum(), Y.sum()), ranks(F)
    inside = (p >= 0.005) & (p <= 0.995) & (se > 0)
    assert np.mean(((smooth[inside] - e[inside]) / se[inside]) ** 2) == pytest.approx(s, rel=1e-6)


def test_a_larger_s_gives_a_smoother_conversion():
    bumps = []
    for s in (0.0, 0.1, 1.0):
        e = equate_random_groups(X, Y, "equipercentile", postsmooth=s).equated
        bumps.append(np.sum(np.diff(e[6:38], 2) ** 2))  # inside the .5-99.5 rank range
    assert bumps[0] > bumps[1] > bumps[2]


def test_postsmoothed_equivalents_increase_and_stay_near_the_raw_ones():
    raw = equate_random_groups(X, Y, "equipercentile").equated
    post = equate_random_groups(X, Y, "equipercentile", postsmooth=0.2)
    assert np.all(np.diff(post.equated) > 0)
    assert np.max(np.abs(post.equated[3:38] - raw[3:38])) < 0.5
    assert post.settings["postsmooth"] == 0.2 and post.se is None


def test_the_ends_run_to_the_scale_limits():
    e = equate_random_groups(X, Y, "equipercentile", postsmooth=0.2).equated
    # straight lines toward (-.5, -.5) and (40.5, 40.5) outside the .5-99.5 rank range
    assert -0.5 < e[0] < e[1]
    assert e[40] < 40.5


def test_bootstrap_covers_postsmoothing():
    r = equate_random_groups(X, Y, "equipercentile", postsmooth=0.2, bootstrap=30, seed=2)
    assert r.se_kind == "bootstrap" and np.all(r.se[5:35] > 0)


def test_a_negative_s_is_a_clear_error():
    with pytest.raises(ValueError, match="postsmoothing parameter must be >= 0"):
        equate_random_groups(X, Y, "equipercentile", postsmooth=-1)
