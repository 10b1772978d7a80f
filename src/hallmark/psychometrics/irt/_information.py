"""Observed information of the item parameters by Louis' (1982) method.

I_obs = E[-d2 log f_complete] - sum_n Cov_posterior(complete-data score of candidate n), with
the expectations taken over the quadrature posterior at the estimates. This is the exact
observed information of the marginal likelihood on the quadrature grid, the quantity mirt's
'Louis' and 'Oakes' standard errors estimate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from ._em import Design, EMSpec, EMState, e_step, prior_terms
from ._quadrature import Patterns
from ._special import expit


@dataclass(frozen=True)
class Covariance:
    """Sampling covariance of each item's (a, d, gamma = logit c) and of (latent mean, sd)."""

    items: NDArray[np.float64]  # (k, 3, 3), NaN where a parameter is not estimated
    latent: NDArray[np.float64]  # (2, 2)
    singular: bool


def _item_eta(state: EMState, idx: NDArray[np.intp], three_pl: bool) -> NDArray[np.float64]:
    cols = [state.a[idx], state.d[idx]]
    if three_pl:
        c = np.clip(state.c[idx], 1e-12, 1 - 1e-12)
        cols.append(np.log(c) - np.log1p(-c))
    return np.column_stack(cols)


def _derivatives(
    eta: NDArray[np.float64], nodes: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """P (k, Q), dP (k, Q, p) and d2P (k, Q, p, p) with respect to (a, d[, gamma])."""
    k, p = eta.shape
    t = nodes[None, :]
    s = expit(eta[:, 0:1] * t + eta[:, 1:2])
    s1 = s * (1 - s)
    s2 = s1 * (1 - 2 * s)
    c = np.zeros((k, 1)) if p == 2 else expit(eta[:, 2:3])
    c1 = c * (1 - c)
    c2 = c1 * (1 - 2 * c)
    prob = c + (1 - c) * s
    dp = np.zeros((k, nodes.size, p))
    dp[..., 0] = (1 - c) * s1 * t
    dp[..., 1] = (1 - c) * s1
    d2 = np.zeros((k, nodes.size, p, p))
    d2[..., 0, 0] = (1 - c) * s2 * t * t
    d2[..., 0, 1] = d2[..., 1, 0] = (1 - c) * s2 * t
    d2[..., 1, 1] = (1 - c) * s2
    if p == 3:
        dp[..., 2] = c1 * (1 - s)
        d2[..., 0, 2] = d2[..., 2, 0] = -c1 * s1 * t
        d2[..., 1, 2] = d2[..., 2, 1] = -c1 * s1
        d2[..., 2, 2] = c2 * (1 - s)
    return prob, dp, d2


def louis_covariance(
    pat: Patterns,
    spec: EMSpec,
    state: EMState,
    nodes: NDArray[np.float64],
    logw: NDArray[np.float64],
) -> Covariance:
    """Covariance of the estimates: the inverse of Louis' observed information."""
    free = np.flatnonzero(spec.free)
    p = 3 if spec.three_pl else 2
    est = e_step(Design(pat, np.float64, 1), state, nodes, logw, keep_posterior=True)
    post = est.posterior
    assert post is not None
    w = pat.counts
    x = pat.x[:, free]
    obs = None if pat.observed is None else pat.observed[:, free]
    right, total = est.right[free], est.total[free]
    eta = _item_eta(state, free, spec.three_pl)
    prob, dp, d2 = _derivatives(eta, nodes)
    pq = np.clip(prob * (1 - prob), 1e-100, None)
    h = dp / pq[..., None]
    kf = free.size

    resid = right - total * prob
    coef1 = -total / pq - resid * (1 - 2 * prob) / pq / pq
    hc = -(np.einsum("kq,kqu,kqv->kuv", coef1, dp, dp) + np.einsum("kq,kquv->kuv", resid / pq, d2))
    ess = _score_products(x, obs, w, post, prob, h, right, est.mass, canonical=not spec.three_pl)

    n_lat = 2 if spec.estimate_latent else 0
    size = kf * p + n_lat
    info = np.zeros((size, size))
    blocks = np.arange(kf)[:, None] * p + np.arange(p)[None, :]
    for j in range(kf):
        info[np.ix_(blocks[j], blocks[j])] += hc[j]
    info[: kf * p, : kf * p] -= ess.reshape(kf * p, kf * p)
    lam, neg_hess = _latent_terms(nodes, state.mean, state.sd)
    if n_lat:
        info[kf * p :, kf * p :] += np.einsum("q,quv->uv", est.mass, neg_hess)
        info[kf * p :, kf * p :] -= (lam * est.mass[:, None]).T @ lam
        cross = np.einsum("kq,kqu,qv->kuv", resid, h, lam).reshape(kf * p, 2)
        info[: kf * p, kf * p :] -= cross
        info[kf * p :, : kf * p] -= cross.T
    info += _score_gram(x, obs, w, post, prob, h, lam if n_lat else None)

    jac, prior_info = _free_map(spec, state, free, eta, p, n_lat)
    reduced = jac.T @ info @ jac + prior_info
    singular = False
    try:
        cov_free = np.linalg.inv(reduced)
        if not np.all(np.isfinite(cov_free)) or np.any(np.diag(cov_free) <= 0):
            raise np.linalg.LinAlgError
    except np.linalg.LinAlgError:
        singular = True
        cov_free = np.linalg.pinv(reduced)
    cov_full = jac @ cov_free @ jac.T

    k = spec.free.size
    items = np.full((k, 3, 3), np.nan)
    for j, item in enumerate(free):
        items[item, :p, :p] = cov_full[np.ix_(blocks[j], blocks[j])]
    if spec.shared_slope and spec.slope_fixed:
        items[free, 0, :] = np.nan
        items[free, :, 0] = np.nan
    latent = np.full((2, 2), np.nan)
    if n_lat:
        latent = cov_full[kf * p :, kf * p :]
    return Covariance(items=items, latent=latent, singular=singular)


def _score_products(
    x: NDArray[np.float64],
    obs: NDArray[np.float64] | None,
    w: NDArray[np.float64],
    post: NDArray[np.float64],
    prob: NDArray[np.float64],
    h: NDArray[np.float64],
    right: NDArray[np.float64],
    mass: NDArray[np.float64],
    canonical: bool,
) -> NDArray[np.float64]:
    """sum_n E_post[s s^T] over candidates, shaped (k, p, k, p)."""
    kf, nq, p = h.shape
    wpost = post * w[:, None]
    if canonical and obs is None:
        # h = (theta, 1) for every item, so three weighted Gram matrices of x suffice.
        nodes = h[0, :, 0]
        out = np.zeros((kf, p, kf, p))
        for u, v, g in ((0, 0, nodes * nodes), (0, 1, nodes), (1, 1, np.ones(nq))):
            weight = wpost @ g
            gram = _signed_gram(x, weight)
            cross = (right * g) @ prob.T
            t = gram - cross - cross.T + (prob * (mass * g)) @ prob.T
            out[:, u, :, v] = t
            out[:, v, :, u] = t.T
        return out
    tensor = np.empty((kf, kf, nq))
    for q in range(nq):
        xw = x * wpost[:, q : q + 1]
        a = xw.T @ x
        pq = prob[:, q]
        if obs is None:
            b = np.broadcast_to(right[:, q : q + 1], (kf, kf))
            cmat: NDArray[np.float64] | float = mass[q]
        else:
            b = xw.T @ obs
            cmat = (obs * wpost[:, q : q + 1]).T @ obs
        tensor[:, :, q] = a - b * pq[None, :] - pq[:, None] * b.T + np.outer(pq, pq) * cmat
    return np.einsum("jlq,jqu,lqv->julv", tensor, h, h)


def _signed_gram(x: NDArray[np.float64], v: NDArray[np.float64]) -> NDArray[np.float64]:
    """x^T diag(v) x as two symmetric rank-k updates (v may be negative, as theta is)."""
    out = np.zeros((x.shape[1], x.shape[1]))
    for sign in (1.0, -1.0):
        part = np.clip(sign * v, 0.0, None)
        if part.any():
            xs = x * np.sqrt(part)[:, None]
            out += sign * (xs.T @ xs)
    return out


def _score_gram(
    x: NDArray[np.float64],
    obs: NDArray[np.float64] | None,
    w: NDArray[np.float64],
    post: NDArray[np.float64],
    prob: NDArray[np.float64],
    h: NDArray[np.float64],
    lam: NDArray[np.float64] | None,
) -> NDArray[np.float64]:
    """sum_n w_n s_n s_n^T of the posterior-mean complete-data scores, in row blocks.

    Scores are in (item, parameter) order, then the latent parameters when given.
    """
    m = x.shape[0]
    kf, _, p = h.shape
    size = kf * p + (0 if lam is None else lam.shape[1])
    out = np.zeros((size, size))
    step = 8192
    for i in range(0, m, step):
        rows = slice(i, min(m, i + step))
        pb = post[rows]
        block = np.empty((pb.shape[0], size))
        scores = block[:, : kf * p].reshape(pb.shape[0], kf, p)
        for u in range(p):
            s = x[rows] * (pb @ h[:, :, u].T) - pb @ (prob * h[:, :, u]).T
            scores[:, :, u] = s if obs is None else s * obs[rows]
        if lam is not None:
            block[:, kf * p :] = pb @ lam
        block *= np.sqrt(w[rows])[:, None]
        out += block.T @ block  # A^T A of one buffer runs as a symmetric rank-k update
    return out


def _latent_terms(
    nodes: NDArray[np.float64], mean: float, sd: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Score and negative Hessian of log N(theta; mean, sd) in (mean, sd), per node."""
    z = nodes - mean
    lam = np.column_stack([z / sd**2, (z * z - sd**2) / sd**3])
    neg = np.empty((nodes.size, 2, 2))
    neg[:, 0, 0] = 1 / sd**2
    neg[:, 0, 1] = neg[:, 1, 0] = 2 * z / sd**3
    neg[:, 1, 1] = 3 * z * z / sd**4 - 1 / sd**2
    return lam, neg


def _free_map(
    spec: EMSpec,
    state: EMState,
    free: NDArray[np.intp],
    eta: NDArray[np.float64],
    p: int,
    n_lat: int,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Jacobian from the free parameters to the per-item slots, and the priors' information."""
    kf = free.size
    _, _, ph = prior_terms(eta, spec.priors)
    if spec.shared_slope:
        n_slope = 0 if spec.slope_fixed else 1
        n_free = n_slope + kf + n_lat
        jac = np.zeros((kf * p + n_lat, n_free))
        prior = np.zeros(n_free)
        for j in range(kf):
            if n_slope:
                jac[j * p, 0] = 1.0
            jac[j * p + 1, n_slope + j] = 1.0
            prior[n_slope + j] = ph[j, 1]
        if n_slope:
            prior[0] = ph[0, 0]
    else:
        n_free = kf * p + n_lat
        jac = np.zeros((kf * p + n_lat, n_free))
        jac[: kf * p, : kf * p] = np.eye(kf * p)
        prior = np.concatenate([ph.reshape(-1), np.zeros(n_lat)])
    if n_lat:
        jac[kf * p :, n_free - n_lat :] = np.eye(n_lat)
    return jac, np.diag(prior)
