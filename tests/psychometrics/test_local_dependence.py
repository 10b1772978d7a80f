"""Yen's Q3 and the flag for local dependence: numbers checked by hand and against R mirt."""

from pathlib import Path

import numpy as np
import pytest

from hallmark.psychometrics import LocalDependence, local_dependence, q3, rest_score_expected
from hallmark.psychometrics.irt import Calibration, ItemParameters, calibrate, estimate_ability

# Five Rasch-simulated items, 50,000 simulees, as 29 response patterns with their frequencies
# (tests/psychometrics/data/README.md).
SIMULATED = Path(__file__).parent / "data" / "rasch5_sim.csv"


def test_q3_is_the_correlation_of_the_residuals() -> None:
    scores = np.array([[1, 1], [0, 1], [1, 0], [0, 0]], dtype=float)
    expected = np.array([[0.8, 0.7], [0.4, 0.5], [0.6, 0.5], [0.2, 0.3]])
    # residuals .2 -.4 .4 -.2 and .3 .5 -.5 -.3: products sum -.28, squares .4 and .68
    assert q3(scores, expected)[0, 1] == pytest.approx(-0.28 / np.sqrt(0.4 * 0.68))
    assert np.isnan(q3(scores, expected)[0, 0])


def test_q3_matches_mirts_definition_under_a_2pl() -> None:
    # mirt: residuals(type = "Q3") correlates observed less expected scores at each theta
    rng = np.random.default_rng(7)
    theta = rng.normal(size=200)
    a, b = np.array([1.2, 0.8, 1.5]), np.array([-0.5, 0.0, 0.7])
    p = 1 / (1 + np.exp(-a * (theta[:, None] - b)))
    scores = (rng.random(p.shape) < p).astype(float)
    scores[3, 1] = np.nan  # a missing score leaves that candidate out of pairs with item 2
    got = q3(scores, p)
    residual = scores - p
    keep = ~np.isnan(residual[:, 1])
    assert got[0, 1] == pytest.approx(np.corrcoef(residual[keep, 0], residual[keep, 1])[0, 1])
    assert got[0, 2] == pytest.approx(np.corrcoef(residual[:, 0], residual[:, 2])[0, 1])


def test_the_rest_score_expectation_is_the_mean_score_at_each_rest_score() -> None:
    scores = np.array([[1, 1, 0], [1, 0, 0], [0, 1, 1], [1, 1, 1]], dtype=float)
    # item 1: rest scores 1 1 2 2; its mean is 1 at rest 1 and .5 at rest 2
    assert rest_score_expected(scores)[:, 0].tolist() == [1.0, 1.0, 0.5, 0.5]


def test_a_pair_is_flagged_when_its_q3_exceeds_the_mean_by_more_than_point_two() -> None:
    scores = np.array([[1, 1, 0], [1, 1, 1], [0, 0, 1], [0, 0, 0]], dtype=float)
    result = local_dependence(scores, np.full(scores.shape, 0.5), items=["Q1", "Q2", "Q3"])
    # Q3: Q1-Q2 1, Q1-Q3 0, Q2-Q3 0; mean 1/3; only Q1-Q2 is above it by more than .2
    assert result.mean_q3 == pytest.approx(1 / 3)
    assert result.flagged == [("Q1", "Q2", 1.0)]
    only = local_dependence(
        scores, np.full(scores.shape, 0.5), items=["Q1", "Q2", "Q3"], pairs=[("Q2", "Q3")]
    )
    assert only.flagged == []
    with pytest.raises(ValueError, match="Q9"):
        local_dependence(scores, items=["Q1", "Q2", "Q3"], pairs=[("Q1", "Q9")])


# R package rwf (sedzinfo/rwf, docs/reference/report_irt.md, commit 0bd2a19), the example of
# report_irt on rasch5_sim.csv: mirt's coef() of mirt(cormatrix, 1, empiricalhist=TRUE) (a 2PL
# by EM over 61 nodes; the options mirt prints show the latent density stayed N(0, 1)), slopes
# to 4 decimals and intercepts to 6, and the $q3_matrix that mirt's residuals(mod, type = "Q3")
# returned for it, to 4 significant digits, upper triangle row by row (report_irt's QMC = TRUE
# serves only residuals' LD statistics; Q3 takes fscores' default EAP).
MIRT_A = [1.1023, 0.9437, 1.0090, 1.0210, 0.9278]
MIRT_D = [4.170279, 1.945285, 0.006786, -2.003479, -3.942474]
MIRT_Q3 = [-0.042436, -0.052514, -0.008633, -0.003498, -0.12027, -0.05594, -0.02156, -0.13294]
MIRT_Q3 += [-0.04116, -0.042]
ITEMS = ("V1", "V2", "V3", "V4", "V5")


@pytest.fixture(scope="module")
def simulated() -> tuple[np.ndarray, np.ndarray]:
    table = np.loadtxt(SIMULATED, delimiter=",", skiprows=1, usecols=range(1, 7))
    return table[:, :5], table[:, 5]


@pytest.fixture(scope="module")
def calibration(simulated: tuple[np.ndarray, np.ndarray]) -> Calibration:
    patterns, counts = simulated
    return calibrate(patterns, "2pl", items=ITEMS, weights=counts, tol=1e-6)


def q3_at_eap(patterns: np.ndarray, counts: np.ndarray, params: ItemParameters) -> LocalDependence:
    """Q3 of every candidate's scores less their expectation at the EAP, as mirt takes it
    (fscores' default: N(0, 1) prior, 121 nodes on -6..6, the grid of estimate_ability)."""
    theta = estimate_ability(patterns, params, "eap").theta
    candidate = np.repeat(np.arange(len(counts)), counts.astype(int))
    expected = params.probability(theta)[candidate]
    return local_dependence(patterns[candidate], expected, items=ITEMS)


def test_q3_at_mirts_item_parameters_matches_mirt(simulated: tuple[np.ndarray, np.ndarray]) -> None:
    # At mirt's own parameters only the EAP and the correlations are checked. Tolerance 5e-5:
    # the printed rounding of the slopes moves a Q3 by up to 2e-5, that of the Q3s is 5e-6.
    params = ItemParameters(ITEMS, np.array(MIRT_A), np.array(MIRT_D))
    result = q3_at_eap(*simulated, params)
    np.testing.assert_allclose(result.q3[np.triu_indices(5, 1)], MIRT_Q3, atol=5e-5)


def test_the_calibration_is_the_2pl_mirt_fitted(
    simulated: tuple[np.ndarray, np.ndarray], calibration: Calibration
) -> None:
    # The same page prints G2 29.3 on 21 df. mirt's EM stops once no parameter moves by 1e-4 in
    # a cycle, 0.006 of log-likelihood short of the maximum, so its slopes are up to 0.004 (a
    # tenth of a standard error) from the maximum: tolerance 5e-3.
    counts = simulated[1]
    np.testing.assert_allclose(calibration.parameters.a, MIRT_A, atol=5e-3)
    np.testing.assert_allclose(calibration.parameters.d, MIRT_D, atol=5e-3)
    saturated = float(counts @ np.log(counts / counts.sum()))
    assert 2 * (saturated - calibration.loglik) == pytest.approx(29.3, abs=0.05)


def test_q3_of_the_calibration_matches_mirt(
    simulated: tuple[np.ndarray, np.ndarray], calibration: Calibration
) -> None:
    # Calibration and EAP here, Q3 as mirt printed it. Tolerance 1e-3: the slopes differ from
    # mirt's by up to 0.004 (previous test), which moves a Q3 by up to 5e-4.
    result = q3_at_eap(*simulated, calibration.parameters)
    np.testing.assert_allclose(result.q3[np.triu_indices(5, 1)], MIRT_Q3, atol=1e-3)
    assert result.mean_q3 == pytest.approx(-0.052, abs=1e-3)  # mirt's summary: mean -0.052
    assert result.flagged == []
