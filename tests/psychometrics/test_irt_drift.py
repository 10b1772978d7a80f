"""Anchor-drift screening: robust z on b differences and displacement after linking."""

import warnings

import numpy as np
import pytest

from hallmark.psychometrics import DegenerateDataWarning
from hallmark.psychometrics.irt import ItemParameters, link, screen_anchors, transform_parameters


def _forms(shift=None):
    rng = np.random.default_rng(11)
    names = tuple(f"q{j}" for j in range(20))
    base = ItemParameters.from_difficulty(names, rng.lognormal(0, 0.2, 20), rng.normal(0, 1, 20))
    # new scale: theta_new = (theta_base - 0.3) / 1.1, plus small estimation noise on b
    new = transform_parameters(base, 1 / 1.1, -0.3 / 1.1)
    b = new.b + rng.normal(0, 0.03, 20)
    if shift:
        for name, by in shift.items():
            b[names.index(name)] += by
    return ItemParameters.from_difficulty(names, new.a, b), base


def test_an_item_that_became_easier_is_named_and_left_out_of_the_relinking():
    new, base = _forms({"q7": -0.8})
    drift = screen_anchors(new, base, "haebara")
    assert drift.drifted == ("q7",)
    j = drift.items.index("q7")
    assert drift.robust_z[j] > 2.7 and drift.displacement[j] > 0.3
    assert drift.relinked is not None and "q7" not in drift.relinked.common
    # without q7 the constants come back to the true 1.1 and 0.3
    assert drift.relinked.slope == pytest.approx(1.1, abs=0.03)
    assert drift.relinked.intercept == pytest.approx(0.3, abs=0.03)
    assert abs(drift.linking.intercept - 0.3) > abs(drift.relinked.intercept - 0.3)


def test_stable_anchors_are_not_flagged():
    new, base = _forms()
    drift = screen_anchors(new, base)
    assert drift.drifted == () and drift.relinked is None
    assert np.all(np.abs(drift.displacement) < 0.3)


def test_figures_follow_their_definitions():
    # Independent computation with numpy's median and quartiles and the linking constants.
    new, base = _forms({"q2": 0.6, "q15": -0.5})
    drift = screen_anchors(new, base, "mean-sigma", z_limit=2.0, displacement_limit=0.5)
    d = base.b - new.b
    q1, med, q3 = np.percentile(d, [25, 50, 75])
    np.testing.assert_allclose(drift.b_difference, d, rtol=1e-12)
    np.testing.assert_allclose(drift.robust_z, (d - med) / (0.74 * (q3 - q1)), rtol=1e-12)
    lk = link(new, base, "mean-sigma")
    np.testing.assert_allclose(drift.displacement, base.b - (lk.slope * new.b + lk.intercept))
    expected = np.abs(drift.robust_z) > 2.0
    expected |= np.abs(drift.displacement) > 0.5
    assert drift.drifted == tuple(np.array(drift.items)[expected])
    assert {"q2", "q15"} <= set(drift.drifted)
    doc = drift.to_dict()
    assert doc["drifted"] == list(drift.drifted) and len(doc["items"]) == 20


def test_equal_b_differences_leave_robust_z_undefined_with_a_warning():
    names = ("p", "q", "r", "s")
    base = ItemParameters.from_difficulty(names, np.ones(4), [-1.0, 0.0, 0.5, 1.0])
    new = ItemParameters.from_difficulty(names, np.ones(4), base.b - 0.2)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        drift = screen_anchors(new, base, "mean-sigma")
    assert any(issubclass(w.category, DegenerateDataWarning) for w in caught)
    assert np.all(np.isnan(drift.robust_z)) and drift.drifted == ()


def test_limits_are_checked():
    new, base = _forms()
    with pytest.raises(ValueError, match="z_limit and displacement_limit must be positive"):
        screen_anchors(new, base, z_limit=0)


def test_too_few_items_left_to_relink_is_said():
    names = ("p", "q", "r")
    base = ItemParameters.from_difficulty(names, np.ones(3), [-1.0, 0.0, 1.0])
    new = ItemParameters.from_difficulty(names, np.ones(3), [-1.0, 0.9, 1.0])
    with pytest.warns(DegenerateDataWarning, match="too few to link again"):
        drift = screen_anchors(new, base, "mean-sigma", displacement_limit=0.05)
    assert len(drift.items) - len(drift.drifted) < 2 and drift.relinked is None
