"""Ability (theta) estimation, test information and the test characteristic curve."""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._warnings import DegenerateDataWarning
from ._models import ItemParameters
from ._special import expit

__all__ = [
    "AbilityEstimates",
    "ScoreConversion",
    "SumScoreTable",
    "estimate_ability",
    "expected_score",
    "sum_score_table",
    "test_information",
    "theta_for_score",
]

METHODS = ("eap", "map", "mle", "wle")
# EAP integrates over 121 nodes spanning the prior mean +- 6 prior sds (R mirt's fscores grid).
EAP_POINTS = 121
EAP_HALF_WIDTH = 6.0
MLE_BOUNDS = (-4.0, 4.0)


@dataclass(frozen=True)
class AbilityEstimates:
    """One theta per candidate with its standard error.

    EAP: posterior mean and posterior sd. MAP: posterior mode, se = 1/sqrt(I(theta) + 1/sd^2).
    MLE: likelihood maximum within ``bounds``, se = 1/sqrt(I(theta)); ``at_bound`` marks
    estimates held at a bound (all-right or all-wrong patterns and the like). WLE: Warm's
    weighted likelihood estimate, the root of S(theta) + J(theta) / (2 I(theta)) within
    ``bounds``, se = 1/sqrt(I(theta)).
    """

    theta: NDArray[np.float64]
    se: NDArray[np.float64]
    method: str
    at_bound: NDArray[np.bool_]


@dataclass(frozen=True)
class ScoreConversion:
    """Theta whose expected raw score (the TCC) equals each requested score.

    Scores the TCC cannot reach (at or below the sum of the c's, at or above the number of
    items) give the nearest bound, flagged in ``at_bound``.
    """

    score: NDArray[np.float64]
    theta: NDArray[np.float64]
    at_bound: NDArray[np.bool_]


@dataclass(frozen=True)
class SumScoreTable:
    """EAP theta for each raw score 0..k (Lord-Wingersky), with posterior sd and the model's
    expected proportion of candidates at each score."""

    score: NDArray[np.int64]
    theta: NDArray[np.float64]
    se: NDArray[np.float64]
    proportion: NDArray[np.float64]


def _responses(scores: ArrayLike, params: ItemParameters) -> NDArray[np.float64]:
    x = np.asarray(scores, dtype=np.float64)
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2 or x.shape[1] != params.n_items:
        raise ValueError(
            f"scores must have one column per item ({params.n_items}), got shape {x.shape}"
        )
    bad = ~np.isnan(x) & (x != 0) & (x != 1)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise ValueError(f"scores row {r}, column {c}: value {float(x[r, c])!r} is not 0, 1 or NaN")
    return x


def _ability_iv(
    scores: ArrayLike,
    params: ItemParameters,
    method: str,
    prior_sd: float,
    bounds: tuple[float, float],
) -> tuple[NDArray[np.float64], str]:
    if not isinstance(params, ItemParameters):
        raise TypeError("params must be ItemParameters")
    m = str(method).lower()
    if m not in METHODS:
        raise ValueError(f"method must be one of {', '.join(METHODS)}, got {method!r}")
    if not (prior_sd > 0 and math.isfinite(prior_sd)):
        raise ValueError(f"prior_sd must be positive, got {prior_sd!r}")
    if not (bounds[0] < bounds[1]):
        raise ValueError(f"bounds must be (lower, upper) with lower < upper, got {bounds!r}")
    if not (np.all(np.isfinite(params.a)) and np.all(np.isfinite(params.d))):
        raise ValueError("params: every item needs finite a and d")
    return _responses(scores, params), m


def _loglik_grid(
    x: NDArray[np.float64], params: ItemParameters, grid: NDArray[np.float64]
) -> NDArray[np.float64]:
    """log L(theta) per candidate (rows) and grid point (columns); NaN responses skipped."""
    p = np.clip(params.probability(grid), 1e-300, 1 - 1e-16)
    logp, logq = np.log(p), np.log1p(-p)
    obs = ~np.isnan(x)
    x0 = np.nan_to_num(x)
    return x0 @ (logp - logq).T + obs.astype(np.float64) @ logq.T


def _derivs(
    x: NDArray[np.float64], params: ItemParameters, theta: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Score dlogL/dtheta and test information I(theta) per candidate, over answered items."""
    score, info, _ = _derivs3(x, params, theta)
    return score, info


def _derivs3(
    x: NDArray[np.float64], params: ItemParameters, theta: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Score, information and Warm's J = sum P' P'' / (P Q), over answered items."""
    D = params.scale
    s = expit(D * (params.a[None, :] * theta[:, None] + params.d[None, :]))
    c = params.c[None, :]
    p = np.clip(c + (1 - c) * s, 1e-300, 1 - 1e-16)
    dp = (1 - c) * D * params.a[None, :] * s * (1 - s)
    d2p = dp * D * params.a[None, :] * (1 - 2 * s)
    obs = ~np.isnan(x)
    x0 = np.nan_to_num(x)
    pq = p * (1 - p)
    score = np.sum(obs * (x0 - p) * dp / pq, axis=1)
    info = np.sum(obs * dp * dp / pq, axis=1)
    warm = np.sum(obs * dp * d2p / pq, axis=1)
    return score, info, warm


def estimate_ability(
    scores: ArrayLike,
    params: ItemParameters,
    method: str = "eap",
    *,
    prior_mean: float = 0.0,
    prior_sd: float = 1.0,
    bounds: tuple[float, float] = MLE_BOUNDS,
) -> AbilityEstimates:
    """Estimate theta for each row of ``scores`` (1/0/NaN per item of ``params``).

    ``method``: ``eap`` (posterior mean over 121 nodes on prior mean +- 6 sd), ``map``
    (posterior mode by Fisher scoring), ``mle`` (maximum likelihood held inside ``bounds``:
    a finite rule for all-right and all-wrong patterns) or ``wle`` (Warm's weighted likelihood,
    finite for those patterns under the 1PL and 2PL, held inside ``bounds``). The prior is
    N(prior_mean, prior_sd^2); for a Rasch calibration pass ``prior_sd=calibration.latent_sd``.
    Rows with no responses get the prior mean and sd (EAP, MAP) or NaN with a
    DegenerateDataWarning (MLE, WLE).
    """
    x, m = _ability_iv(scores, params, method, prior_sd, bounds)
    grid = prior_mean + prior_sd * np.linspace(-EAP_HALF_WIDTH, EAP_HALF_WIDTH, EAP_POINTS)
    ll = _loglik_grid(x, params, grid)
    logprior = -0.5 * ((grid - prior_mean) / prior_sd) ** 2
    post = ll + logprior
    post -= post.max(axis=1, keepdims=True)
    np.exp(post, out=post)
    post /= post.sum(axis=1, keepdims=True)
    eap = post @ grid
    eap_sd = np.sqrt(np.maximum(post @ grid**2 - eap**2, 0.0))
    none = np.isnan(x).all(axis=1)
    at_bound = np.zeros(x.shape[0], dtype=bool)
    if m == "eap":
        return AbilityEstimates(eap, eap_sd, m, at_bound)
    if m == "map":
        theta = _fisher_scoring(x, params, eap, prior_mean, prior_sd, (grid[0], grid[-1]))
        _, info = _derivs(x, params, theta)
        return AbilityEstimates(theta, 1.0 / np.sqrt(info + 1.0 / prior_sd**2), m, at_bound)
    lo, hi = bounds
    inside = np.linspace(lo, hi, 161)
    grid_ll = _loglik_grid(x, params, inside)
    if m == "wle":  # L sqrt(I) is Warm's criterion exactly for the 1PL and 2PL: a good start
        grid_ll = grid_ll + 0.5 * np.log(_info_grid(x, params, inside))
    start = inside[np.argmax(grid_ll, axis=1)]
    if m == "wle":
        theta = _warm_scoring(x, params, start, bounds)
    else:
        theta = _fisher_scoring(x, params, start, None, None, bounds)
    _, info = _derivs(x, params, theta)
    at_bound = (theta <= lo + 1e-9) | (theta >= hi - 1e-9)
    with np.errstate(divide="ignore"):
        se = 1.0 / np.sqrt(info)
    if none.any():
        warnings.warn(
            f"{int(none.sum())} candidate(s) have no responses: their {m.upper()} is undefined"
            " (NaN)",
            DegenerateDataWarning,
            stacklevel=2,
        )
        theta, se = theta.copy(), se.copy()
        theta[none] = np.nan
        se[none] = np.nan
        at_bound = at_bound & ~none
    return AbilityEstimates(theta, se, m, at_bound)


def _fisher_scoring(
    x: NDArray[np.float64],
    params: ItemParameters,
    theta: NDArray[np.float64],
    mean: float | None,
    sd: float | None,
    bounds: tuple[float, float],
) -> NDArray[np.float64]:
    theta = np.clip(theta.astype(np.float64), *bounds)
    for _ in range(100):
        score, info = _derivs(x, params, theta)
        if mean is not None and sd is not None:
            score = score - (theta - mean) / sd**2
            info = info + 1.0 / sd**2
        step = np.clip(score / np.maximum(info, 1e-12), -1.0, 1.0)
        new = np.clip(theta + step, *bounds)
        done = np.abs(new - theta).max(initial=0.0) < 1e-10
        theta = new
        if done:
            break
    return theta


def _info_grid(
    x: NDArray[np.float64], params: ItemParameters, grid: NDArray[np.float64]
) -> NDArray[np.float64]:
    """I(theta) per candidate (rows) and grid point (columns), over answered items."""
    info = params.information(grid)  # grid x items
    return np.maximum((~np.isnan(x)).astype(np.float64) @ info.T, 1e-300)


def _warm_equation(
    x: NDArray[np.float64], params: ItemParameters, theta: NDArray[np.float64]
) -> NDArray[np.float64]:
    """F(theta) = S + J / (2 I), whose root is the WLE."""
    score, info, warm = _derivs3(x, params, theta)
    return score + warm / (2 * np.maximum(info, 1e-12))


def _warm_scoring(
    x: NDArray[np.float64],
    params: ItemParameters,
    theta: NDArray[np.float64],
    bounds: tuple[float, float],
) -> NDArray[np.float64]:
    """Solve F = S + J / (2 I) = 0 by Newton steps on F inside a bracket.

    F's slope comes from central differences (-I misjudges it at low theta under the 3PL).
    Each row keeps [lo, hi] with F > 0 seen at lo and F < 0 at hi; a step that leaves the
    bracket, or a slope that is not negative, is replaced by the bracket's midpoint. A root
    beyond a bound ends at that bound.
    """
    theta = np.clip(theta.astype(np.float64), *bounds)
    lo = np.full(theta.shape, bounds[0])
    hi = np.full(theta.shape, bounds[1])
    h = 1e-5
    for _ in range(200):
        f = _warm_equation(x, params, theta)
        slope = (_warm_equation(x, params, theta + h) - _warm_equation(x, params, theta - h)) / (
            2 * h
        )
        lo = np.where(f > 0, theta, lo)
        hi = np.where(f < 0, theta, hi)
        with np.errstate(divide="ignore", invalid="ignore"):
            new = theta - f / slope
        bad = ~(slope < 0) | ~np.isfinite(new) | (new <= lo) | (new >= hi)
        new = np.where(bad & (f != 0), 0.5 * (lo + hi), new)
        new = np.where(f == 0, theta, new)
        done = np.abs(new - theta).max(initial=0.0) < 1e-10
        theta = new
        if done:
            break
    return theta


def test_information(theta: ArrayLike, params: ItemParameters) -> NDArray[np.float64]:
    """Test information I(theta) = sum of the item informations."""
    return params.information(theta).sum(axis=1)


def expected_score(theta: ArrayLike, params: ItemParameters) -> NDArray[np.float64]:
    """Test characteristic curve: the expected raw score at each theta."""
    return params.probability(theta).sum(axis=1)


def theta_for_score(
    score: ArrayLike, params: ItemParameters, bounds: tuple[float, float] = (-6.0, 6.0)
) -> ScoreConversion:
    """Invert the TCC: the theta whose expected raw score equals ``score`` (bisection)."""
    if not (bounds[0] < bounds[1]):
        raise ValueError(f"bounds must be (lower, upper) with lower < upper, got {bounds!r}")
    if np.any(params.a <= 0):
        raise ValueError("params: inverting the TCC needs positive slopes")
    s = np.atleast_1d(np.asarray(score, dtype=np.float64))
    lo = np.full(s.shape, bounds[0])
    hi = np.full(s.shape, bounds[1])
    f_lo = expected_score(lo[:1], params)[0]
    f_hi = expected_score(hi[:1], params)[0]
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        below = expected_score(mid, params) < s
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
        if np.max(hi - lo, initial=0.0) < 1e-12:
            break
    theta = 0.5 * (lo + hi)
    at_bound = (s <= f_lo) | (s >= f_hi)
    theta = np.where(s <= f_lo, bounds[0], np.where(s >= f_hi, bounds[1], theta))
    return ScoreConversion(score=s, theta=theta, at_bound=at_bound)


def summed_score_likelihood(prob: NDArray[np.float64]) -> NDArray[np.float64]:
    """Lord-Wingersky recursion: P(raw score = s | node) for s = 0..k, from P (nodes, k)."""
    nq, k = prob.shape
    out = np.zeros((k + 1, nq))
    out[0] = 1.0
    for j in range(k):
        p = prob[:, j]
        out[1 : j + 2] = out[1 : j + 2] * (1 - p) + out[: j + 1] * p
        out[0] = out[0] * (1 - p)
    return out


def sum_score_table(
    params: ItemParameters, *, prior_mean: float = 0.0, prior_sd: float = 1.0
) -> SumScoreTable:
    """EAP theta for every raw score on the full test, by the Lord-Wingersky recursion."""
    grid = prior_mean + prior_sd * np.linspace(-EAP_HALF_WIDTH, EAP_HALF_WIDTH, EAP_POINTS)
    w = np.exp(-0.5 * ((grid - prior_mean) / prior_sd) ** 2)
    w /= w.sum()
    like = summed_score_likelihood(params.probability(grid)) * w[None, :]
    prop = like.sum(axis=1)
    post = like / prop[:, None]
    theta = post @ grid
    se = np.sqrt(np.maximum(post @ grid**2 - theta**2, 0.0))
    return SumScoreTable(np.arange(params.n_items + 1), theta, se, prop)
