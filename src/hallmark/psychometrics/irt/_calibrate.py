"""Item calibration by marginal maximum likelihood: the public ``calibrate`` function."""

from __future__ import annotations

import math
import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from .._warnings import ConvergenceWarning, DegenerateDataWarning
from ._em import EMOutcome, EMSpec, EMState, ItemPriors, run_em, single_threaded_blas
from ._information import Covariance, louis_covariance
from ._models import ItemParameters
from ._quadrature import Quadrature, collapse_patterns
from ._special import ndtri

__all__ = ["MODELS", "Calibration", "ItemEstimate", "calibrate", "default_prior"]

MODELS = ("rasch", "1pl", "2pl", "3pl")
# Slopes or intercepts beyond these mean the item's likelihood has no finite maximum.
_RUNAWAY = 50.0
# Slopes (D = 1) closer to zero than this discriminate nothing: b = -d/a runs off.
_FLAT = 1e-3


@dataclass(frozen=True)
class ItemEstimate:
    """One item's estimates on the calibration's logistic scale, with standard errors.

    ``se_b`` and ``se_c`` come from the delta method; a parameter that was not estimated
    (fixed slope, no asymptote, anchor item) has a NaN standard error.
    """

    item: str
    a: float
    b: float
    c: float
    d: float
    se_a: float
    se_b: float
    se_c: float
    se_d: float
    anchor: bool = False


@dataclass(frozen=True)
class Calibration:
    """The result of :func:`calibrate`.

    ``loglik`` is the marginal log-likelihood at the estimates (priors left out);
    ``aic = -2 loglik + 2 n_parameters``, ``bic = -2 loglik + n_parameters log(n_candidates)``,
    with ``n_candidates`` the summed frequency weights. ``latent_mean``/``latent_sd`` describe the
    latent trait distribution: fixed at 0 and 1 unless estimated (Rasch: the sd; anchored
    calibrations: both). ``standard_errors`` names the method ("louis": observed information).
    """

    model: str
    scale: float
    items: tuple[ItemEstimate, ...]
    loglik: float
    aic: float
    bic: float
    n_parameters: int
    n_candidates: float
    iterations: int
    converged: bool
    latent_mean: float
    latent_sd: float
    se_latent_mean: float
    se_latent_sd: float
    quadrature: Quadrature
    prior: ItemPriors
    standard_errors: str

    @property
    def parameters(self) -> ItemParameters:
        """The item parameters, ready for ability estimation, linking or information."""
        return ItemParameters(
            tuple(i.item for i in self.items),
            np.array([i.a for i in self.items]),
            np.array([i.d for i in self.items]),
            np.array([i.c for i in self.items]),
            self.scale,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready values (NaN becomes None)."""
        out: dict[str, Any] = {
            "model": self.model,
            "scale": self.scale,
            "items": [_clean(asdict(i)) for i in self.items],
            "loglik": self.loglik,
            "aic": self.aic,
            "bic": self.bic,
            "n_parameters": self.n_parameters,
            "n_candidates": self.n_candidates,
            "iterations": self.iterations,
            "converged": self.converged,
            "latent_mean": self.latent_mean,
            "latent_sd": self.latent_sd,
            "se_latent_mean": self.se_latent_mean,
            "se_latent_sd": self.se_latent_sd,
            "quadrature": asdict(self.quadrature),
            "prior": asdict(self.prior),
            "standard_errors": self.standard_errors,
        }
        return _clean(out)


def _clean(value: Any) -> Any:
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_clean(v) for v in value]
    return value


def default_prior(model: str) -> ItemPriors:
    """The priors :func:`calibrate` uses when none are given.

    3PL: Beta(6, 16) on the lower asymptote c (mode 0.25, the weight of 20 pseudo-candidates:
    the form of BILOG-MG's guessing prior for four-option items). Other models: none (maximum
    likelihood, as R mirt).
    """
    return ItemPriors(guessing=(6.0, 16.0)) if model == "3pl" else ItemPriors()


@dataclass
class _Inputs:
    scores: NDArray[np.float64]
    weights: NDArray[np.float64]
    model: str
    items: tuple[str, ...]
    anchor_mask: NDArray[np.bool_]
    anchor_a: NDArray[np.float64]
    anchor_d: NDArray[np.float64]
    anchor_c: NDArray[np.float64]
    prior: ItemPriors
    scale: float


def _calibrate_iv(
    scores: ArrayLike,
    model: str,
    items: Sequence[str] | None,
    weights: ArrayLike | None,
    anchors: ItemParameters | None,
    quadrature: Quadrature,
    prior: ItemPriors | None,
    tol: float,
    max_iter: int,
    scale: float,
) -> _Inputs:
    raw = np.asarray(scores)
    if raw.dtype.kind not in "biuf":
        # numpy would turn the strings "1" and "0" into numbers without a word.
        raise TypeError(f"scores must be numbers (0, 1 or NaN), got an array of dtype {raw.dtype}")
    x = raw.astype(np.float64)
    if x.ndim != 2:
        raise ValueError(
            f"scores must be a 2-D array (candidates x items), got {x.ndim} dimension(s)"
        )
    n, k = x.shape
    if n == 0 or k == 0:
        raise ValueError("scores must have at least one candidate and one item")
    bad = ~np.isnan(x) & (x != 0) & (x != 1)
    if bad.any():
        r, c = np.argwhere(bad)[0]
        raise ValueError(f"scores row {r}, column {c}: value {float(x[r, c])!r} is not 0, 1 or NaN")
    model_l = str(model).lower()
    if model_l not in MODELS:
        raise ValueError(f"model must be one of {', '.join(MODELS)}, got {model!r}")
    names = (
        tuple(f"item{j + 1}" for j in range(k)) if items is None else tuple(str(i) for i in items)
    )
    if len(names) != k:
        raise ValueError(f"items has {len(names)} names for {k} score columns")
    if len(set(names)) != k:
        raise ValueError("items must be unique")
    w = np.ones(n) if weights is None else np.asarray(weights, dtype=np.float64)
    if w.shape != (n,):
        raise ValueError(f"weights must have one value per candidate ({n}), got shape {w.shape}")
    if not np.all(np.isfinite(w)) or np.any(w < 0):
        raise ValueError("weights must be finite and non-negative")
    if not isinstance(quadrature, Quadrature):
        raise TypeError("quadrature must be a Quadrature")
    if not (tol > 0) or not math.isfinite(tol):
        raise ValueError(f"tol must be a positive number, got {tol!r}")
    if int(max_iter) != max_iter or max_iter < 1:
        raise ValueError(f"max_iter must be a positive integer, got {max_iter!r}")
    if not (scale > 0) or not math.isfinite(scale):
        raise ValueError(f"scale must be positive, got {scale!r}")
    mask = np.zeros(k, dtype=bool)
    aa, dd, cc = np.full(k, np.nan), np.full(k, np.nan), np.zeros(k)
    if anchors is not None:
        if not isinstance(anchors, ItemParameters):
            raise TypeError("anchors must be ItemParameters")
        fixed = anchors.rescaled(1.0)  # work on the D = 1 metric of the same theta scale
        index = {name: j for j, name in enumerate(names)}
        unknown = [name for name in fixed.items if name not in index]
        if unknown:
            raise ValueError(f"anchors name items not in the scores: {', '.join(unknown)}")
        for i, name in enumerate(fixed.items):
            j = index[name]
            mask[j] = True
            aa[j], dd[j], cc[j] = fixed.a[i], fixed.d[i], fixed.c[i]
        if not np.all(np.isfinite(aa[mask])) or not np.all(np.isfinite(dd[mask])):
            raise ValueError("anchors must have finite a and d")
        if model_l in ("rasch", "1pl") and np.ptp(aa[mask]) > 1e-9 * max(1.0, abs(aa[mask]).max()):
            raise ValueError(f"anchors for a {model_l} calibration must share one slope")
        if model_l != "3pl" and np.any(cc[mask] != 0):
            raise ValueError(f"anchors for a {model_l} calibration must have c = 0")
    return _Inputs(
        scores=x,
        weights=w,
        model=model_l,
        items=names,
        anchor_mask=mask,
        anchor_a=aa,
        anchor_d=dd,
        anchor_c=cc,
        prior=default_prior(model_l) if prior is None else prior,
        scale=float(scale),
    )


def calibrate(
    scores: ArrayLike,
    model: str = "2pl",
    *,
    items: Sequence[str] | None = None,
    weights: ArrayLike | None = None,
    anchors: ItemParameters | None = None,
    quadrature: Quadrature | None = None,
    prior: ItemPriors | None = None,
    tol: float = 1e-4,
    max_iter: int = 500,
    scale: float = 1.0,
    standard_errors: bool = True,
    callback: Callable[[int, float, float], None] | None = None,
) -> Calibration:
    """Calibrate dichotomous items by marginal maximum likelihood (Bock-Aitkin EM).

    ``scores`` is candidates x items with 1 right, 0 wrong and NaN not presented/omitted
    (skipped in the likelihood). ``weights`` are frequency weights (a row stands for that many
    candidates). Models: ``rasch`` (slopes 1, latent variance estimated), ``1pl`` (one common
    slope, N(0, 1) trait), ``2pl``, ``3pl`` (lower asymptote with a beta prior, see
    :func:`default_prior`). ``anchors`` fixes the named items at their bank parameters and
    calibrates the others onto the bank's scale, estimating the latent mean and sd.

    The run stops when one EM cycle changes no estimated parameter by more than ``tol``
    (slopes, intercepts, logit of c; mirt's criterion) or after ``max_iter`` cycles, with a
    ConvergenceWarning. ``scale`` is the logistic constant D of the reported parameters
    (1 or 1.702). ``callback(iteration, loglik, max_change)`` is called after each cycle.
    """
    q = quadrature if quadrature is not None else Quadrature()
    inp = _calibrate_iv(scores, model, items, weights, anchors, q, prior, tol, max_iter, scale)
    x, w = inp.scores, inp.weights
    missing = np.isnan(x)
    any_missing = bool(missing.any())
    answered = (w > 0) & (~missing.all(axis=1) if any_missing else True)
    if not answered.all():
        x, w, missing = x[answered], w[answered], missing[answered]
    if x.shape[0] == 0:
        raise ValueError("scores: no candidate has any response with positive weight")
    x0 = np.where(missing, 0.0, x) if any_missing else x
    seen_mask = (~missing).astype(np.float64) if any_missing else None
    free = _usable_items(x0, seen_mask, w, inp) & ~inp.anchor_mask
    if not free.any():
        raise ValueError(
            "scores: no item can be calibrated (every item is an anchor, or has no responses "
            "or no variance)"
        )
    spec = EMSpec(
        three_pl=inp.model == "3pl",
        shared_slope=inp.model in ("rasch", "1pl"),
        slope_fixed=inp.model in ("rasch", "1pl") and bool(inp.anchor_mask.any()),
        free=free,
        estimate_latent=bool(inp.anchor_mask.any()),
        priors=inp.prior,
    )
    start = _start_values(x0, seen_mask, w, inp, free, spec)
    pat = collapse_patterns(x0, missing if any_missing else None, w)
    out = run_em(pat, spec, start, q.nodes(), q.log_weights, tol, int(max_iter), callback)
    if not out.converged:
        warnings.warn(
            f"calibration stopped after {out.iterations} EM cycles without converging "
            f"(largest last change {out.max_change:.3g} > tol {tol:g})",
            ConvergenceWarning,
            stacklevel=2,
        )
    _check_runaway(out.state, free, inp.items)
    _check_slopes(out.state, free, inp)
    cov = None
    if standard_errors and free.any():
        with single_threaded_blas():
            cov = louis_covariance(
                pat, spec, out.state, q.nodes(), q.log_weights(out.state.mean, out.state.sd)
            )
        if cov.singular:
            warnings.warn(
                "the information matrix is singular: standard errors come from its pseudo-inverse "
                "and may be unreliable (an item or the data do not identify every parameter)",
                DegenerateDataWarning,
                stacklevel=2,
            )
    n_par = int(
        (
            0
            if spec.slope_fixed
            else (1 if spec.shared_slope else int(free.sum()))
            if free.any()
            else 0
        )
        + int(free.sum()) * (2 if spec.three_pl else 1)
        + (2 if spec.estimate_latent else 0)
    )
    n_cand = float(w.sum())
    if n_cand < n_par:
        warnings.warn(
            f"{n_cand:g} candidates for {n_par} parameters: the data cannot identify the "
            "calibration, and its estimates and standard errors mean nothing",
            DegenerateDataWarning,
            stacklevel=2,
        )
    return _report(inp, spec, out.state, cov, q, out, n_par, n_cand)


def _usable_items(
    x0: NDArray[np.float64],
    seen_mask: NDArray[np.float64] | None,
    w: NDArray[np.float64],
    inp: _Inputs,
) -> NDArray[np.bool_]:
    seen = np.full(x0.shape[1], w.sum()) if seen_mask is None else w @ seen_mask
    right = w @ x0
    usable = (seen > 0) & (right > 0) & (right < seen)
    bad = [
        name
        for name, ok, fixed in zip(inp.items, usable, inp.anchor_mask, strict=True)
        if not ok and not fixed
    ]
    if bad:
        warnings.warn(
            "items with no responses or no variance cannot be calibrated and are reported as NaN: "
            + ", ".join(bad),
            DegenerateDataWarning,
            stacklevel=3,
        )
    return usable


def _start_values(
    x0: NDArray[np.float64],
    seen_mask: NDArray[np.float64] | None,
    w: NDArray[np.float64],
    inp: _Inputs,
    free: NDArray[np.bool_],
    spec: EMSpec,
) -> EMState:
    """Slopes and intercepts from item-rest correlations (normal-ogive approximations)."""
    wn = w / w.sum()
    seen = np.ones(x0.shape[1]) if seen_mask is None else wn @ seen_mask
    p = np.clip((wn @ x0) / np.maximum(seen, 1e-12), 0.01, 0.99)
    total = x0.sum(axis=1)
    mx, mt = wn @ x0, wn @ total
    var_x = mx - mx**2  # 0/1 scores (missing counted as 0 here: a start value only)
    cov_xt = x0.T @ (wn * total) - mx * mt
    var_t = wn @ total**2 - mt**2
    cov_rest = cov_xt - var_x
    var_rest = var_t - 2 * cov_xt + var_x
    with np.errstate(invalid="ignore", divide="ignore"):
        r = np.nan_to_num(cov_rest / np.sqrt(var_x * var_rest), nan=0.3)
    r = np.clip(r, 0.05, 0.9)
    a0 = np.clip(1.702 * r / np.sqrt(1 - r * r), 0.3, 3.0)
    d0 = 1.702 * ndtri(p) / np.sqrt(1 - r * r)
    if spec.shared_slope:
        a0[:] = a0[free].mean() if free.any() else 1.0
    c0 = np.where(free, 0.15, 0.0) if spec.three_pl else np.zeros_like(a0)
    if spec.three_pl:
        d0 = d0 - 0.5  # the asymptote carries part of the proportion correct
    a = np.where(inp.anchor_mask, inp.anchor_a, a0)
    d = np.where(inp.anchor_mask, inp.anchor_d, d0)
    c = np.where(inp.anchor_mask, inp.anchor_c, c0)
    if spec.slope_fixed:
        a[free] = inp.anchor_a[inp.anchor_mask][0]
    unused = ~free & ~inp.anchor_mask
    a[unused], d[unused], c[unused] = np.nan, np.nan, 0.0
    return EMState(a, d, c)


def _check_runaway(state: EMState, free: NDArray[np.bool_], names: tuple[str, ...]) -> None:
    far = free & ((np.abs(state.a) > _RUNAWAY) | (np.abs(state.d) > _RUNAWAY))
    if far.any():
        warnings.warn(
            "estimates of these items run off to infinity (no finite maximum; consider a prior): "
            + ", ".join(n for n, f in zip(names, far, strict=True) if f),
            ConvergenceWarning,
            stacklevel=3,
        )


def _check_slopes(state: EMState, free: NDArray[np.bool_], inp: _Inputs) -> None:
    """Name the items whose slope is negative or near zero (b is then meaningless)."""
    named = np.array(inp.items)
    flat = free & (np.abs(state.a) < _FLAT)
    if flat.any() and inp.model == "rasch":
        warnings.warn(
            "the latent sd is estimated at about 0: the data show no differences between "
            "candidates, and the difficulties are not identified",
            DegenerateDataWarning,
            stacklevel=3,
        )
    elif flat.any():
        warnings.warn(
            "items with a slope of about 0 do not discriminate; their difficulty b is undefined: "
            + ", ".join(named[flat]),
            DegenerateDataWarning,
            stacklevel=3,
        )
    negative = free & (state.a <= -_FLAT)
    if negative.any():
        warnings.warn(
            "items with a negative slope favour lower-scoring candidates (check the key): "
            + ", ".join(named[negative]),
            DegenerateDataWarning,
            stacklevel=3,
        )


def _report(
    inp: _Inputs,
    spec: EMSpec,
    state: EMState,
    cov: Covariance | None,
    q: Quadrature,
    out: EMOutcome,
    n_par: int,
    n_cand: float,
) -> Calibration:
    """Express the internal D = 1 estimates on the requested scale, with delta-method SEs."""
    D = inp.scale
    k = len(inp.items)
    a, d, c = state.a.copy(), state.d.copy(), state.c.copy()
    items_cov = cov.items if cov is not None else np.full((k, 3, 3), np.nan)
    mean, sd = state.mean, state.sd
    se_mean = se_sd = float("nan")
    if cov is not None and spec.estimate_latent:
        se_mean, se_sd = (float(v) for v in _se(np.diag(cov.latent)))
    rasch_free_scale = inp.model == "rasch" and not spec.estimate_latent
    if rasch_free_scale and spec.free.any():
        # Fitted as sigma(s theta* + d), theta* ~ N(0, 1); Rasch form: theta = (s / D) theta*.
        slope = float(a[spec.free][0])
        sd = slope / D
        se_sd = float(_se(items_cov[spec.free][0, 0, 0])) / D
        a[spec.free] = D
    estimates = []
    for j, name in enumerate(inp.items):
        cj = items_cov[j]
        var_a, var_d, cov_ad = cj[0, 0], cj[1, 1], cj[0, 1]
        if rasch_free_scale or np.isnan(var_a):
            var_b = var_d / a[j] ** 2
            var_a = float("nan")
        else:
            var_b = (
                var_d / a[j] ** 2 + (d[j] / a[j] ** 2) ** 2 * var_a - 2 * d[j] / a[j] ** 3 * cov_ad
            )
        se_c = c[j] * (1 - c[j]) * _se(cj[2, 2]) if spec.three_pl else float("nan")
        estimates.append(
            ItemEstimate(
                item=name,
                a=float(a[j] / D),
                b=float(-d[j] / a[j]),
                c=float(c[j]),
                d=float(d[j] / D),
                se_a=float(_se(var_a) / D),
                se_b=float(_se(var_b)),
                se_c=float(se_c),
                se_d=float(_se(var_d) / D),
                anchor=bool(inp.anchor_mask[j]),
            )
        )
    return Calibration(
        model=inp.model,
        scale=D,
        items=tuple(estimates),
        loglik=out.loglik,
        aic=-2 * out.loglik + 2 * n_par,
        bic=-2 * out.loglik + n_par * math.log(n_cand),
        n_parameters=n_par,
        n_candidates=n_cand,
        iterations=out.iterations,
        converged=out.converged,
        latent_mean=float(mean),
        latent_sd=float(sd),
        se_latent_mean=se_mean,
        se_latent_sd=se_sd,
        quadrature=q,
        prior=inp.prior,
        standard_errors="louis" if cov is not None else "none",
    )


def _se(variance: Any) -> Any:
    """Square roots of variances; NaN for the negative ones a singular information matrix
    (already warned of) can leave."""
    v = np.asarray(variance, dtype=np.float64)
    return np.sqrt(np.where(v >= 0, v, np.nan))
