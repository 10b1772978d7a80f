"""Marginal maximum likelihood by EM (Bock-Aitkin) for dichotomous items.

The E-step is a matrix product of the response patterns with the item log-odds at the
quadrature nodes; the M-step is a vectorised Newton (Fisher scoring) on the expected counts.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from ._quadrature import Patterns
from ._special import expit, log_expit

# Largest Newton step in any one parameter: keeps early steps on flat likelihoods sane.
MAX_STEP = 1.0
MSTEP_ITER = 25
MSTEP_TOL = 1e-9
# Above this many pattern x item cells, iterate in float32 before polishing in float64.
SINGLE_PRECISION_CELLS = 2_000_000


@dataclass(frozen=True)
class ItemPriors:
    """Priors on item parameters; None means no prior on that parameter.

    ``slope``: log-normal (meanlog, sdlog) on a; ``intercept``: normal (mean, sd) on d;
    ``guessing``: beta (alpha, beta) on c. With priors the estimates are posterior modes
    (Bayes modal EM); the reported log-likelihood leaves the priors out.
    """

    slope: tuple[float, float] | None = None
    intercept: tuple[float, float] | None = None
    guessing: tuple[float, float] | None = None

    def __post_init__(self) -> None:
        for name, value in (("slope", self.slope), ("intercept", self.intercept)):
            if value is not None and (len(value) != 2 or not value[1] > 0):
                raise ValueError(f"prior {name} must be (location, scale) with scale > 0")
        if self.guessing is not None and (
            len(self.guessing) != 2 or not (self.guessing[0] > 0 and self.guessing[1] > 0)
        ):
            raise ValueError("prior guessing must be beta (alpha, beta) with both > 0")


@dataclass
class EMSpec:
    """What is estimated: the model, which items are free, how the slope and latent scale behave."""

    three_pl: bool
    shared_slope: bool  # 1PL and Rasch: one slope for all free items
    slope_fixed: bool  # the shared slope is taken from the anchors
    free: NDArray[np.bool_]
    estimate_latent: bool  # latent mean and sd (fixed-parameter calibration)
    priors: ItemPriors


@dataclass
class EMState:
    a: NDArray[np.float64]
    d: NDArray[np.float64]
    c: NDArray[np.float64]
    mean: float = 0.0
    sd: float = 1.0


@dataclass
class EStep:
    right: NDArray[np.float64]  # expected correct responses per item and node
    total: NDArray[np.float64]  # expected responses per item and node
    mass: NDArray[np.float64]  # expected candidates per node
    loglik: float
    posterior: NDArray[np.float64] | None = None  # (patterns, nodes), rows sum to one


class Design:
    """The response patterns in the working precision, split into row blocks for threads."""

    def __init__(self, pat: Patterns, dtype: type[np.floating], workers: int) -> None:
        self.pat = pat
        self.dtype = dtype
        self.x = pat.x.astype(dtype, copy=False)
        self.observed = None if pat.observed is None else pat.observed.astype(dtype, copy=False)
        self.counts = pat.counts
        m = pat.x.shape[0]
        # Two row blocks per worker (at least 2048 rows each) keep the threads evenly loaded.
        size = max(2048, m // max(1, workers * 2))
        self.blocks = [slice(i, min(m, i + size)) for i in range(0, m, size)]
        self.workers = workers


def e_step(
    design: Design,
    state: EMState,
    nodes: NDArray[np.float64],
    logw: NDArray[np.float64],
    keep_posterior: bool = False,
    pool: ThreadPoolExecutor | None = None,
) -> EStep:
    """Posterior over the nodes for every pattern, summed into expected counts."""
    logp, logq = item_logs(state.a, state.d, state.c, nodes)
    # Items left out (degenerate) contribute nothing.
    logp = np.nan_to_num(logp, nan=0.0)
    logq = np.nan_to_num(logq, nan=0.0)
    dt = design.dtype
    diff = (logp - logq).astype(dt)
    logq_t = logq.astype(dt)
    base = (logw + logq.sum(axis=0)) if design.observed is None else logw
    base_t = base.astype(dt)

    def block(
        rows: slice,
    ) -> tuple[
        float,
        NDArray[np.float64],
        NDArray[np.float64],
        NDArray[np.float64],
        NDArray[np.float64] | None,
    ]:
        x = design.x[rows]
        like = x @ diff
        if design.observed is not None:
            like += design.observed[rows] @ logq_t
        like += base_t
        top = like.max(axis=1, keepdims=True)
        like -= top
        # Weights below e^-80 are kept at that floor: subnormal floats would slow every later
        # product many times over and such weights change nothing.
        np.maximum(like, -80.0, out=like)
        np.exp(like, out=like)
        norm = like.sum(axis=1, dtype=np.float64)
        counts = design.counts[rows]
        ll = float(counts @ (top[:, 0].astype(np.float64) + np.log(norm)))
        post = like / norm[:, None].astype(dt) if keep_posterior else None
        like *= (counts / norm).astype(dt)[:, None]
        right = (x.T @ like).astype(np.float64)
        mass = like.sum(axis=0, dtype=np.float64)
        if design.observed is None:
            total = np.broadcast_to(mass, right.shape)
        else:
            total = (design.observed[rows].T @ like).astype(np.float64)
        return ll, right, np.asarray(total), mass, post

    if pool is not None and len(design.blocks) > 1:
        parts = list(pool.map(block, design.blocks))
    else:
        parts = [block(rows) for rows in design.blocks]
    posterior = None
    if keep_posterior:
        posterior = np.concatenate([p[4] for p in parts]).astype(np.float64)
    return EStep(
        right=_added(p[1] for p in parts),
        total=_added(p[2] for p in parts),
        mass=_added(p[3] for p in parts),
        loglik=float(sum(p[0] for p in parts)),
        posterior=posterior,
    )


def _added(blocks: Iterable[NDArray[np.float64]]) -> NDArray[np.float64]:
    """The blocks' arrays added in order into a new array (the builtin sum, typed)."""
    return np.asarray(sum(blocks), dtype=np.float64)


@dataclass
class EMOutcome:
    state: EMState
    loglik: float
    iterations: int
    converged: bool
    max_change: float


def item_logs(
    a: NDArray[np.float64],
    d: NDArray[np.float64],
    c: NDArray[np.float64],
    nodes: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """log P and log(1 - P) for each item (rows) at each node (columns)."""
    z = a[:, None] * nodes[None, :] + d[:, None]
    if not np.any(c):
        return log_expit(z), log_expit(-z)
    cc = np.clip(c, 0.0, 1.0 - 1e-12)[:, None]  # an extrapolated c may round to 1
    p = cc + (1.0 - cc) * expit(z)
    return np.log(p), np.log1p(-cc) + log_expit(-z)


# ---------------------------------------------------------------------------------------------
# Per-item derivatives. Parameters per item: (a, d) or (a, d, gamma) with c = expit(gamma).


def _prob_and_derivs(
    eta: NDArray[np.float64], nodes: NDArray[np.float64]
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """P (k, Q), dP/d eta (k, Q, p) and s = expit(a theta + d) (k, Q)."""
    a, d = eta[:, 0:1], eta[:, 1:2]
    s = expit(a * nodes[None, :] + d)
    ds = s * (1.0 - s)
    if eta.shape[1] == 2:
        dp = np.stack([ds * nodes[None, :], ds], axis=2)
        return s, dp, s
    c = expit(eta[:, 2:3])
    p = c + (1.0 - c) * s
    dp = np.stack(
        [(1.0 - c) * ds * nodes[None, :], (1.0 - c) * ds, c * (1.0 - c) * (1.0 - s)], axis=2
    )
    return p, dp, s


def _clip_p(p: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.clip(p, 1e-300, 1.0 - 1e-16)


def item_objective(
    eta: NDArray[np.float64],
    right: NDArray[np.float64],
    total: NDArray[np.float64],
    nodes: NDArray[np.float64],
    priors: ItemPriors,
) -> NDArray[np.float64]:
    """Expected complete-data log-likelihood (plus log prior) of each item."""
    z = eta[:, 0:1] * nodes[None, :] + eta[:, 1:2]
    if eta.shape[1] == 2:
        f = (right * log_expit(z) + (total - right) * log_expit(-z)).sum(axis=1)
    else:
        c = expit(eta[:, 2:3])
        p = _clip_p(c + (1.0 - c) * expit(z))
        f = (right * np.log(p) + (total - right) * (np.log1p(-c) + log_expit(-z))).sum(axis=1)
    return f + prior_terms(eta, priors)[0]


def prior_terms(
    eta: NDArray[np.float64], priors: ItemPriors
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Log prior (k,), its gradient (k, p) and its negative second derivative (k, p)."""
    k, p = eta.shape
    f = np.zeros(k)
    g = np.zeros((k, p))
    h = np.zeros((k, p))
    if priors.slope is not None:
        mu, sdl = priors.slope
        a = np.maximum(eta[:, 0], 1e-8)
        la = np.log(a)
        f += -la - (la - mu) ** 2 / (2 * sdl**2)
        g[:, 0] = -1.0 / a - (la - mu) / (sdl**2 * a)
        h[:, 0] = -(1.0 - 1.0 / sdl**2 + (la - mu) / sdl**2) / a**2
    if priors.intercept is not None:
        mu, sd = priors.intercept
        f += -((eta[:, 1] - mu) ** 2) / (2 * sd**2)
        g[:, 1] = -(eta[:, 1] - mu) / sd**2
        h[:, 1] = 1.0 / sd**2
    if priors.guessing is not None and p == 3:
        al, be = priors.guessing
        c = expit(eta[:, 2])
        f += (al - 1) * log_expit(eta[:, 2]) + (be - 1) * log_expit(-eta[:, 2])
        g[:, 2] = (al - 1) * (1 - c) - (be - 1) * c
        h[:, 2] = (al + be - 2) * c * (1 - c)
    return f, g, h


def item_gradient_info(
    eta: NDArray[np.float64],
    right: NDArray[np.float64],
    total: NDArray[np.float64],
    nodes: NDArray[np.float64],
    priors: ItemPriors,
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Gradient (k, p) and Fisher information (k, p, p) of the item objective."""
    p, dp, _ = _prob_and_derivs(eta, nodes)
    pq = np.clip(p * (1.0 - p), 1e-300, None)
    grad = np.einsum("kq,kqu->ku", (right - total * p) / pq, dp)
    info = np.einsum("kq,kqu,kqv->kuv", total / pq, dp, dp)
    _, pg, ph = prior_terms(eta, priors)
    grad += pg
    info[:, np.arange(eta.shape[1]), np.arange(eta.shape[1])] += np.maximum(ph, 0.0)
    return grad, info


def _solve(info: NDArray[np.float64], grad: NDArray[np.float64]) -> NDArray[np.float64]:
    """Newton steps for a stack of small systems; a singular one gets its least-squares step."""
    info = info + 1e-10 * np.eye(info.shape[-1])
    try:
        step = np.linalg.solve(info, grad[..., None])[..., 0]
    except np.linalg.LinAlgError:
        step = (np.linalg.pinv(info) @ grad[..., None])[..., 0]
    return np.where(np.isfinite(step), step, 0.0)


def _limit(step: NDArray[np.float64]) -> NDArray[np.float64]:
    big = np.abs(step).max(axis=-1, keepdims=True)
    return step * np.minimum(1.0, MAX_STEP / np.maximum(big, 1e-300))


def m_step_items(
    eta: NDArray[np.float64],
    right: NDArray[np.float64],
    total: NDArray[np.float64],
    nodes: NDArray[np.float64],
    priors: ItemPriors,
) -> tuple[NDArray[np.float64], NDArray[np.bool_]]:
    """Maximise each item's objective by damped Fisher scoring; returns (eta, settled)."""
    eta = eta.copy()
    f = item_objective(eta, right, total, nodes, priors)
    settled = np.zeros(eta.shape[0], dtype=bool)
    for _ in range(MSTEP_ITER):
        grad, info = item_gradient_info(eta, right, total, nodes, priors)
        step = _limit(_solve(info, grad))
        f_new = f
        for _ in range(30):
            trial = eta + step
            f_new = item_objective(trial, right, total, nodes, priors)
            worse = ~(f_new >= f - 1e-12 * np.abs(f))
            if not worse.any():
                break
            step[worse] *= 0.5
        eta = eta + step
        f = np.where(np.isfinite(f_new), f_new, f)
        settled = np.abs(step).max(axis=1) < MSTEP_TOL
        if settled.all():
            break
    return eta, settled


def m_step_shared(
    slope: float,
    d: NDArray[np.float64],
    right: NDArray[np.float64],
    total: NDArray[np.float64],
    nodes: NDArray[np.float64],
    priors: ItemPriors,
    slope_fixed: bool,
) -> tuple[float, NDArray[np.float64]]:
    """One slope for all items (1PL, Rasch) and one intercept per item; Newton with a Schur step."""

    def objective(s: float, dd: NDArray[np.float64]) -> float:
        eta = np.column_stack([np.full(dd.size, s), dd])
        return (
            float(
                item_objective(
                    eta, right, total, nodes, ItemPriors(intercept=priors.intercept)
                ).sum()
            )
            + (_slope_prior(s, priors)[0])
        )

    f = objective(slope, d)
    for _ in range(MSTEP_ITER):
        eta = np.column_stack([np.full(d.size, slope), d])
        grad, info = item_gradient_info(
            eta, right, total, nodes, ItemPriors(intercept=priors.intercept)
        )
        hdd = info[:, 1, 1] + 1e-12
        if slope_fixed:
            da = 0.0
        else:
            _, pg, ph = _slope_prior(slope, priors)
            ga = grad[:, 0].sum() + pg
            haa = info[:, 0, 0].sum() + max(ph, 0.0)
            had = info[:, 0, 1]
            schur = haa - np.sum(had**2 / hdd)
            da = float((ga - np.sum(had * grad[:, 1] / hdd)) / max(schur, 1e-12))
        dd = (grad[:, 1] - info[:, 0, 1] * da) / hdd
        big = max(abs(da), float(np.abs(dd).max(initial=0.0)))
        shrink = min(1.0, MAX_STEP / max(big, 1e-300))
        da, dd = da * shrink, dd * shrink
        for _ in range(30):
            f_new = objective(slope + da, d + dd)
            if f_new >= f - 1e-12 * abs(f):
                break
            da, dd = da * 0.5, dd * 0.5
        slope, d, f = slope + da, d + dd, max(f, f_new)
        if max(abs(da), float(np.abs(dd).max(initial=0.0))) < MSTEP_TOL:
            break
    return slope, d


def _slope_prior(slope: float, priors: ItemPriors) -> tuple[float, float, float]:
    if priors.slope is None:
        return 0.0, 0.0, 0.0
    f, g, h = prior_terms(np.array([[slope, 0.0]]), ItemPriors(slope=priors.slope))
    return float(f[0]), float(g[0, 0]), float(h[0, 0])


def run_em(
    pat: Patterns,
    spec: EMSpec,
    start: EMState,
    nodes: NDArray[np.float64],
    log_weights: Callable[[float, float], NDArray[np.float64]],
    tol: float,
    max_iter: int,
    callback: Callable[[int, float, float], None] | None = None,
) -> EMOutcome:
    """EM cycles, accelerated by SQUAREM, until one plain EM cycle moves no free parameter by
    more than ``tol``.

    Large problems iterate in single precision first and then polish in double precision, so the
    answer is the double-precision fixed point either way.
    """
    # Python threads only where BLAS can be held to one thread each; otherwise the two kinds
    # of threads fight over the cores.
    workers = max(1, min(4, os.cpu_count() or 1)) if blas_limits_available() else 1
    big = pat.x.size >= SINGLE_PRECISION_CELLS
    counter = [0]
    with single_threaded_blas(), ThreadPoolExecutor(max_workers=workers) as pool:
        state = _copy(start)
        outcome = None
        dtypes: list[type[np.floating[Any]]] = [np.float32, np.float64] if big else [np.float64]
        for dtype in dtypes:
            design = Design(pat, dtype, workers)
            outcome = _squarem(
                design, spec, state, nodes, log_weights, tol, max_iter, counter, callback, pool
            )
            state = outcome.state
            if not np.isfinite(outcome.max_change):
                break
        assert outcome is not None
        final = e_step(
            Design(pat, np.float64, workers),
            state,
            nodes,
            log_weights(state.mean, state.sd),
            pool=pool,
        )
    return EMOutcome(state, final.loglik, counter[0], outcome.converged, outcome.max_change)


def _squarem(
    design: Design,
    spec: EMSpec,
    state: EMState,
    nodes: NDArray[np.float64],
    log_weights: Callable[[float, float], NDArray[np.float64]],
    tol: float,
    max_iter: int,
    counter: list[int],
    callback: Callable[[int, float, float], None] | None,
    pool: ThreadPoolExecutor,
) -> EMOutcome:
    def cycle(x: NDArray[np.float64]) -> tuple[NDArray[np.float64], float, float]:
        s = _unpack(x, state, spec)
        est = e_step(design, s, nodes, log_weights(s.mean, s.sd), pool=pool)
        _m_step(s, spec, est, nodes)
        if spec.estimate_latent:
            s.mean = float(est.mass @ nodes / est.mass.sum())
            s.sd = float(np.sqrt(est.mass @ (nodes - s.mean) ** 2 / est.mass.sum()))
        new = _pack(s, spec)
        change = float(np.abs(new - x).max(initial=0.0))
        counter[0] += 1
        if callback is not None:
            callback(counter[0], est.loglik, change)
        return new, est.loglik, change

    x0 = _pack(state, spec)
    change = np.inf
    while counter[0] < max_iter:
        x1, _, change = cycle(x0)
        if change < tol or not np.isfinite(change) or counter[0] >= max_iter:
            x0 = x1
            break
        x2, ll1, change = cycle(x1)
        if change < tol or not np.isfinite(change) or counter[0] >= max_iter:
            x0 = x2
            break
        r = x1 - x0
        v = x2 - x1 - r
        vv = float(v @ v)
        alpha = -np.sqrt(float(r @ r) / vv) if vv > 0 else -1.0
        alpha = min(alpha, -1.0)
        jump = x0 - 2.0 * alpha * r + alpha * alpha * v
        if not np.all(np.isfinite(jump)):
            x0 = x2
            continue
        x3, ll_jump, change = cycle(jump)
        # The extrapolation must not lower the likelihood; otherwise keep the plain EM cycle.
        if np.isfinite(ll_jump) and ll_jump >= ll1 and np.isfinite(change):
            x0 = x3
        else:
            x0 = x2
            change = np.inf
        if change < tol:
            break
    out = _unpack(x0, state, spec)
    return EMOutcome(out, float("nan"), counter[0], bool(change < tol), float(change))


def blas_limits_available() -> bool:
    try:
        import threadpoolctl  # noqa: F401
    except ImportError:  # pragma: no cover - optional
        return False
    return True


@contextmanager
def single_threaded_blas() -> Iterator[None]:
    # The EM products are tall and thin: BLAS threads gain little on them and stall when the
    # cores are shared, so rows are split over Python threads instead.
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - optional
        yield
        return
    with threadpool_limits(limits=1, user_api="blas"):
        yield


def _copy(s: EMState) -> EMState:
    return EMState(s.a.copy(), s.d.copy(), s.c.copy(), s.mean, s.sd)


def _pack(state: EMState, spec: EMSpec) -> NDArray[np.float64]:
    f = spec.free
    parts = [state.d[f]]
    if not spec.shared_slope:
        parts.append(state.a[f])
    elif not spec.slope_fixed and f.any():
        parts.append(state.a[f][:1])
    if spec.three_pl:
        parts.append(_logit(state.c[f]))
    if spec.estimate_latent:
        parts.append(np.array([state.mean, np.log(state.sd)]))
    return np.concatenate(parts)


def _unpack(x: NDArray[np.float64], template: EMState, spec: EMSpec) -> EMState:
    s = _copy(template)
    f = spec.free
    k = int(f.sum())
    s.d[f] = x[:k]
    i = k
    if not spec.shared_slope:
        s.a[f] = x[i : i + k]
        i += k
    elif not spec.slope_fixed and k:
        s.a[f] = x[i]
        i += 1
    if spec.three_pl:
        s.c[f] = expit(np.clip(x[i : i + k], -30.0, 30.0))
        i += k
    if spec.estimate_latent:
        s.mean = float(x[i])
        s.sd = float(np.exp(x[i + 1]))
    return s


def _logit(c: NDArray[np.float64]) -> NDArray[np.float64]:
    c = np.clip(c, 1e-12, 1 - 1e-12)
    return np.log(c) - np.log1p(-c)


def _m_step(state: EMState, spec: EMSpec, est: EStep, nodes: NDArray[np.float64]) -> None:
    f = spec.free
    if not f.any():
        return
    right, total = est.right[f], est.total[f]
    if spec.shared_slope:
        slope, d = m_step_shared(
            float(state.a[f][0]), state.d[f], right, total, nodes, spec.priors, spec.slope_fixed
        )
        state.a[f] = slope
        state.d[f] = d
        return
    cols = [state.a[f], state.d[f]]
    if spec.three_pl:
        cols.append(_logit(state.c[f]))
    eta, _ = m_step_items(np.column_stack(cols), right, total, nodes, spec.priors)
    state.a[f] = eta[:, 0]
    state.d[f] = eta[:, 1]
    if spec.three_pl:
        state.c[f] = expit(eta[:, 2])
