"""Calibrations of data that cannot carry them say so by name, never with a silent number."""

import numpy as np
import pytest

from hallmark.psychometrics import DegenerateDataWarning
from hallmark.psychometrics.irt import calibrate


def _simulated(slopes: list[float], n: int = 500, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    theta = rng.normal(size=n)
    p = 1 / (1 + np.exp(-(theta[:, None] * np.array(slopes))))
    return (rng.random((n, len(slopes))) < p).astype(float)


def test_two_candidates_with_opposite_patterns_are_named_not_converged_quietly():
    with pytest.warns(DegenerateDataWarning) as record:
        calibrate(np.array([[1, 0], [0, 1]]), "2pl")
    messages = " | ".join(str(w.message) for w in record)
    assert "2 candidates for 4 parameters" in messages
    assert "slope of about 0" in messages and "item1, item2" in messages


def test_a_negative_slope_names_its_item():
    with pytest.warns(DegenerateDataWarning, match=r"negative slope .*: item5$"):
        result = calibrate(_simulated([1, 1, 1, 1, -1.5]), "2pl")
    assert result.items[4].a < 0


def test_one_item_gives_a_named_warning_and_no_numpy_warning():
    with pytest.warns(DegenerateDataWarning, match="singular") as record:
        result = calibrate(_simulated([1.0])[:, :1], "2pl")
    assert all(issubclass(w.category, DegenerateDataWarning) for w in record)
    assert np.isnan(result.items[0].se_a)


def test_one_candidate_is_refused():
    with (
        pytest.warns(DegenerateDataWarning, match="no variance"),
        pytest.raises(ValueError, match="no item can be calibrated"),
    ):
        calibrate(np.array([[1, 0, 1]]), "2pl")


def test_a_rasch_latent_sd_of_zero_is_named():
    identical_twins = np.array([[1, 0, 1, 0]] * 20 + [[0, 1, 0, 1]] * 20, dtype=float)
    with pytest.warns(DegenerateDataWarning, match="latent sd is estimated at about 0"):
        result = calibrate(identical_twins, "rasch")
    assert abs(result.latent_sd) < 1e-3


def test_strings_are_refused_not_converted():
    with pytest.raises(TypeError, match="dtype <U1"):
        calibrate(np.array([["1", "0"], ["0", "1"], ["1", "1"]]), "2pl")
