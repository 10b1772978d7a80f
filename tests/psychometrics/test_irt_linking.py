"""Haebara and Stocking-Lord linking against plink, and bootstrap standard errors of A and B."""

import warnings
from pathlib import Path

import numpy as np
import pytest

from hallmark.psychometrics import DegenerateDataWarning
from hallmark.psychometrics.irt import ItemParameters, link

DATA = Path(__file__).parent / "data" / "kb04.csv"


def kb04() -> tuple[ItemParameters, ItemParameters]:
    """Kolen & Brennan Table 6.5: form X (new) and form Y (old); items 3, 6, ..., 36 common."""
    t = np.loadtxt(DATA, delimiter=",", skiprows=1)
    names = [f"c{j}" if j % 3 == 0 else f"u{j}" for j in t[:, 0].astype(int)]
    new = ItemParameters.from_difficulty(tuple(names), t[:, 1], t[:, 2], t[:, 3])
    old = ItemParameters.from_difficulty(tuple(n.replace("u", "v") for n in names), *t[:, 4:].T)
    return new, old


# plink 1.3-1 vignette (inst/doc/plink-UD.pdf, p. 17), `plink(x, rescale = "SL", base.grp = 2)`
# on KB04: D = 1, 40 equally weighted theta points on [-4, 4], non-symmetric criteria.
# The vignette prints six decimals; tolerance 2e-6 (our optimiser stops within 1e-10).
PLINK_KB04 = {
    "mean-mean": (1.217266, -0.557155),
    "mean-sigma": (1.168892, -0.515543),
    "haebara": (1.112133, -0.465667),
    "stocking-lord": (1.119231, -0.485545),
}


@pytest.mark.parametrize("method", list(PLINK_KB04))
def test_kb04_constants_match_plink(method):
    new, old = kb04()
    result = link(new, old, method, theta=np.linspace(-4, 4, 40), weights=np.ones(40))
    assert result.common == tuple(f"c{j}" for j in range(3, 37, 3))
    assert result.slope == pytest.approx(PLINK_KB04[method][0], abs=2e-6)
    assert result.intercept == pytest.approx(PLINK_KB04[method][1], abs=2e-6)
    assert result.converged


def test_haebara_minimises_its_own_criterion_item_by_item():
    new, old = kb04()
    nodes = np.linspace(-4, 4, 41)
    w = np.exp(-(nodes**2) / 2)
    w /= w.sum()
    hb = link(new, old, "haebara")
    sl = link(new, old, "stocking-lord")

    def haebara_loss(res):
        names = list(res.common)
        diff = old.select(names).probability(nodes) - res.transformed.select(names).probability(
            nodes
        )
        return float(w @ (diff**2).sum(axis=1))

    assert hb.criterion == pytest.approx(haebara_loss(hb), rel=1e-9)
    assert haebara_loss(hb) < haebara_loss(sl)


def test_bootstrap_of_moment_constants_equals_a_hand_resampling():
    # Independent computation: the same seeded draws of anchor items, mean/sigma by hand.
    new, old = kb04()
    res = link(new, old, "mean-sigma", bootstrap=300, random_state=7)
    x, y = new.select(res.common), old.select(res.common)
    rng = np.random.default_rng(7)
    slopes, intercepts = [], []
    for _ in range(300):
        pick = rng.integers(0, 12, 12)
        s = np.std(y.b[pick]) / np.std(x.b[pick])
        slopes.append(s)
        intercepts.append(np.mean(y.b[pick]) - s * np.mean(x.b[pick]))
    assert res.n_bootstrap == 300
    assert res.slope_se == pytest.approx(np.std(slopes, ddof=1), rel=1e-12)
    assert res.intercept_se == pytest.approx(np.std(intercepts, ddof=1), rel=1e-12)


def test_bootstrap_is_seeded_and_absent_by_default():
    new, old = kb04()
    one = link(new, old, "haebara", bootstrap=40, random_state=3)
    two = link(new, old, "haebara", bootstrap=40, random_state=3)
    assert one.slope_se == two.slope_se and one.intercept_se == two.intercept_se
    assert 0 < one.slope_se < 0.2 and 0 < one.intercept_se < 0.2
    plain = link(new, old, "haebara")
    assert np.isnan(plain.slope_se) and plain.n_bootstrap == 0


def test_bootstrap_drops_resamples_with_one_distinct_item_and_says_so():
    names = ("p", "q")
    new = ItemParameters.from_difficulty(names, [1.0, 1.2], [-0.5, 0.5])
    old = ItemParameters.from_difficulty(names, [0.9, 1.1], [-0.4, 0.7])
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = link(new, old, "mean-sigma", bootstrap=50, random_state=1)
    assert any(issubclass(w.category, DegenerateDataWarning) for w in caught)
    assert 0 < res.n_bootstrap < 50


@pytest.mark.parametrize("bad", [-1, 2.5])
def test_bootstrap_count_is_checked(bad):
    new, old = kb04()
    with pytest.raises(ValueError, match="bootstrap must be"):
        link(new, old, bootstrap=bad)


def test_weights_are_checked():
    new, old = kb04()
    with pytest.raises(ValueError, match="weights must be"):
        link(new, old, "haebara", theta=np.linspace(-4, 4, 5), weights=np.ones(4))
