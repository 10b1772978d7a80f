"""Item fit: Orlando-Thissen S-X2 and infit/outfit mean squares."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from ._ability import _responses, estimate_ability, summed_score_likelihood
from ._models import ItemParameters
from ._quadrature import Quadrature

__all__ = ["ItemFit", "item_fit"]


@dataclass(frozen=True)
class ItemFit:
    """Fit statistics, one entry per item.

    ``sx2``/``sx2_df``/``sx2_p``: Orlando & Thissen's (2000) S-X2 on the candidates who answered
    every item, over raw-score groups 1..k-1, adjacent groups merged until expected counts of
    right and wrong are at least ``mincell``; df = groups - estimated parameters of the item.
    ``infit``/``outfit``: information-weighted and unweighted mean squared standardised
    residuals at each candidate's theta (EAP unless given); expected value 1.
    """

    items: tuple[str, ...]
    sx2: NDArray[np.float64]
    sx2_df: NDArray[np.int64]
    sx2_p: NDArray[np.float64]
    infit: NDArray[np.float64]
    outfit: NDArray[np.float64]
    n_complete: float


def _item_fit_iv(
    scores: ArrayLike,
    params: ItemParameters,
    weights: ArrayLike | None,
    n_estimated: ArrayLike | int,
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64]]:
    if not isinstance(params, ItemParameters):
        raise TypeError("params must be ItemParameters")
    x = _responses(scores, params)
    w = np.ones(x.shape[0]) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (x.shape[0],) or np.any(w < 0) or not np.all(np.isfinite(w)):
        raise ValueError(f"weights must be {x.shape[0]} finite non-negative values")
    n_est = np.broadcast_to(np.asarray(n_estimated, dtype=np.int64), (params.n_items,)).copy()
    if params.n_items < 3:
        raise ValueError("item fit needs at least 3 items")
    return x, w, n_est


def item_fit(
    scores: ArrayLike,
    params: ItemParameters,
    *,
    weights: ArrayLike | None = None,
    n_estimated: ArrayLike | int = 2,
    latent_mean: float = 0.0,
    latent_sd: float = 1.0,
    theta: ArrayLike | None = None,
    mincell: float = 1.0,
    quadrature: Quadrature | None = None,
) -> ItemFit:
    """S-X2 (for 2PL/3PL, and any model) and infit/outfit (for Rasch, and any model).

    ``n_estimated`` is the number of estimated parameters per item, for the S-X2 degrees of
    freedom (Rasch and 1PL: 1, 2PL: 2, 3PL: 3). ``latent_mean``/``latent_sd`` give the trait
    distribution the calibration assumed.
    """
    x, w, n_est = _item_fit_iv(scores, params, weights, n_estimated)
    q = quadrature if quadrature is not None else Quadrature()
    sx2, df, p, n_complete = _s_x2(x, w, params, n_est, latent_mean, latent_sd, mincell, q)
    th = (
        estimate_ability(x, params, "eap", prior_mean=latent_mean, prior_sd=latent_sd).theta
        if theta is None
        else np.asarray(theta, dtype=np.float64)
    )
    infit, outfit = _mean_squares(x, w, params, th)
    return ItemFit(params.items, sx2, df, p, infit, outfit, n_complete)


def _s_x2(
    x: NDArray[np.float64],
    w: NDArray[np.float64],
    params: ItemParameters,
    n_est: NDArray[np.int64],
    mean: float,
    sd: float,
    mincell: float,
    q: Quadrature,
) -> tuple[NDArray[np.float64], NDArray[np.int64], NDArray[np.float64], float]:
    k = params.n_items
    complete = ~np.isnan(x).any(axis=1)
    xc, wc = x[complete], w[complete]
    raw = xc.sum(axis=1).astype(np.int64)
    n_s = np.bincount(raw, weights=wc, minlength=k + 1).astype(np.float64)
    nodes = q.nodes()
    prior = np.exp(q.log_weights(mean, sd))
    prob = params.probability(nodes)  # (Q, k)
    full = summed_score_likelihood(prob) @ prior  # P(score = s)
    sx2 = np.full(k, np.nan)
    df = np.zeros(k, dtype=np.int64)
    for j in range(k):
        rest = summed_score_likelihood(np.delete(prob, j, axis=1))  # (k, Q) scores 0..k-1
        # P(right on j | score s) for s = 1..k-1
        expected = (rest[:-1] * prob[:, j][None, :]) @ prior / full[1:k]
        observed = np.bincount(raw, weights=wc * xc[:, j], minlength=k + 1)[1:k].astype(np.float64)
        groups = _collapse(n_s[1:k], expected * n_s[1:k], observed, mincell)
        stat = 0.0
        for n_g, e_g, o_g in groups:
            if n_g > 0 and 0 < e_g < n_g:
                stat += (o_g - e_g) ** 2 * n_g / (e_g * (n_g - e_g))
        sx2[j] = stat
        df[j] = len(groups) - int(n_est[j])
    from scipy.stats import chi2  # imported here: scipy.stats alone takes most of a second

    with np.errstate(invalid="ignore"):
        p = np.where(df > 0, chi2.sf(sx2, np.maximum(df, 1)), np.nan)
    return sx2, df, p, float(wc.sum())


def _collapse(
    n: NDArray[np.float64], e: NDArray[np.float64], o: NDArray[np.float64], mincell: float
) -> list[tuple[float, float, float]]:
    """Merge adjacent score groups from each tail until expected right and wrong >= mincell."""
    cells = [[float(a), float(b), float(c)] for a, b, c in zip(n, e, o, strict=True)]

    def small(cell: list[float]) -> bool:
        return cell[1] < mincell or cell[0] - cell[1] < mincell

    for _ in range(2):
        merged: list[list[float]] = []
        for cell in cells:
            if merged and small(merged[-1]):
                merged[-1] = [u + v for u, v in zip(merged[-1], cell, strict=True)]
            else:
                merged.append(cell)
        if len(merged) > 1 and small(merged[-1]):
            last = merged.pop()
            merged[-1] = [u + v for u, v in zip(merged[-1], last, strict=True)]
        cells = merged[::-1]  # second pass runs from the other tail
    return [(c[0], c[1], c[2]) for c in cells[::-1]]


def _mean_squares(
    x: NDArray[np.float64],
    w: NDArray[np.float64],
    params: ItemParameters,
    theta: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    p = params.probability(theta)
    var = p * (1 - p)
    obs = (~np.isnan(x)) * w[:, None]
    resid2 = (np.nan_to_num(x) - p) ** 2
    with np.errstate(invalid="ignore", divide="ignore"):
        outfit = (obs * resid2 / var).sum(axis=0) / obs.sum(axis=0)
        infit = (obs * resid2).sum(axis=0) / (obs * var).sum(axis=0)
    return infit, outfit
