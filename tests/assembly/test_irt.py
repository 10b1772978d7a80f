"""The 2PL/3PL curves the assembly model uses (psychometrics' item response functions, in the
b-form), against closed forms from the literature."""

import math

import numpy as np
import pytest

from hallmark.psychometrics.irt import item_information, item_probability

# Birnbaum (1968, in Lord & Novick, Statistical Theories of Mental Test Scores, ch. 17),
# restated in Lord (1980, Applications of Item Response Theory to Practical Testing Problems):
# a 3PL item's information peaks at
#   theta_max = b + ln((1 + sqrt(1 + 8c)) / 2) / (D a)
# with height
#   I_max = D^2 a^2 / (8 (1 - c)^2) * (1 - 20c - 8c^2 + (1 + 8c)^1.5),
# which for c = 0 is the 2PL's D^2 a^2 / 4 at theta = b.
CASES = [(1.0, 0.0, 0.0, 1.0), (1.5, -0.5, 0.2, 1.0), (0.8, 1.2, 0.25, 1.702), (2.0, 0.3, 0.1, 1.7)]
TOL = 1e-9


def information(theta, a, b, c, scaling=1.0):
    return item_information(theta, a, -a * b, c, scaling).T


def probability(theta, a, b, c, scaling=1.0):
    return item_probability(theta, a, -a * b, c, scaling).T


@pytest.mark.parametrize(("a", "b", "c", "scaling"), CASES)
def test_information_peak_matches_birnbaum(a: float, b: float, c: float, scaling: float) -> None:
    where = b + math.log((1 + math.sqrt(1 + 8 * c)) / 2) / (scaling * a)
    height = (scaling * a) ** 2 / (8 * (1 - c) ** 2) * (1 - 20 * c - 8 * c**2 + (1 + 8 * c) ** 1.5)
    args = (np.array([a]), np.array([b]), np.array([c]), scaling)
    grid = np.linspace(where - 1.0, where + 1.0, 20001)
    info = information(grid, *args)[0]
    assert information(np.array([where]), *args)[0, 0] == pytest.approx(height, rel=TOL)
    assert grid[np.argmax(info)] == pytest.approx(where, abs=2e-4)


def test_probability_is_lower_asymptote_plus_logistic() -> None:
    # at theta = b the 3PL curve is halfway between c and 1 (Lord 1980)
    p = probability(np.array([0.7]), np.array([1.3]), np.array([0.7]), np.array([0.2]))
    assert p[0, 0] == pytest.approx(0.6, abs=TOL)
