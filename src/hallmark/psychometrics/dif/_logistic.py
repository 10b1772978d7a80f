"""Logistic regression DIF (Swaminathan & Rogers, 1990) with Nagelkerke's R^2 effect sizes.

For each item: logit P(right) = b0 + b1 score + b2 group + b3 score x group, the score being the
matching score and group 1 for the focal group. Likelihood-ratio tests compare the full model
with the score-only model (both kinds of DIF, 2 df, as difR's default), the score + group model
with the score-only model (uniform, 1 df) and the full model with score + group (non-uniform,
1 df). Effect sizes are differences of Nagelkerke's R^2, classed by Zumbo & Thomas (A < 0.13 <=
B < 0.26 <= C) and Jodoin & Gierl (A < 0.035 <= B < 0.07 <= C). The likelihood depends on the
data only through the counts per (score, group), so each fit runs on those cells.
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hallmark.psychometrics._warnings import ConvergenceWarning
from hallmark.psychometrics.dif._groups import DifGroups
from hallmark.psychometrics.dif._mh import mh_tables

__all__ = ["LogisticItem", "jodoin_gierl_class", "logistic_statistics", "zumbo_thomas_class"]

_MAX_STEPS = 100


@dataclass(frozen=True)
class LogisticItem:
    """Logistic regression DIF of one item.

    Attributes:
        item: the item name.
        lr_chi2, p_value: the 2-df likelihood-ratio test of uniform and non-uniform DIF.
        delta_r2: Nagelkerke R^2 of the full model minus that of the score-only model.
        zt_class, jg_class: Zumbo-Thomas and Jodoin-Gierl classes of delta_r2.
        uniform_chi2, uniform_p, uniform_delta_r2: the 1-df test of uniform DIF.
        nonuniform_chi2, nonuniform_p, nonuniform_delta_r2: the 1-df test of non-uniform DIF.
        group_coef, interaction_coef: b2 and b3 of the full model (b2 < 0: the item is harder
            for the focal group at equal scores).
        flagged: p_value below the significance level.
    """

    item: str
    lr_chi2: float
    p_value: float
    delta_r2: float
    zt_class: str
    jg_class: str
    uniform_chi2: float
    uniform_p: float
    uniform_delta_r2: float
    nonuniform_chi2: float
    nonuniform_p: float
    nonuniform_delta_r2: float
    group_coef: float
    interaction_coef: float
    flagged: bool


def zumbo_thomas_class(delta_r2: float) -> str:
    return _class(delta_r2, 0.13, 0.26)


def jodoin_gierl_class(delta_r2: float) -> str:
    return _class(delta_r2, 0.035, 0.07)


def _class(value: float, b: float, c: float) -> str:
    if math.isnan(value):
        return ""
    return "A" if value < b else "B" if value < c else "C"


def logistic_statistics(
    groups: DifGroups, anchor: NDArray[np.bool_], *, alpha: float = 0.05
) -> list[LogisticItem]:
    """Logistic regression DIF of every item with `anchor` items in the matching score."""
    tables = mh_tables(groups, anchor)
    return [_item(name, tables[j], alpha) for j, name in enumerate(groups.items)]


def _item(name: str, table: NDArray[np.float64], alpha: float) -> LogisticItem:
    from scipy.special import chdtrc

    x, right, trials = _cells(table)
    n = float(trials.sum())
    null = _loglik_null(right, trials)
    score = _fit(x[:, :2], right, trials, name)
    main = _fit(x[:, :3], right, trials, name)
    full = _fit(x, right, trials, name)
    r2 = {k: _nagelkerke(v[0], null, n) for k, v in (("s", score), ("m", main), ("f", full))}
    both = max(2 * (full[0] - score[0]), 0.0)
    uni = max(2 * (main[0] - score[0]), 0.0)
    non = max(2 * (full[0] - main[0]), 0.0)
    p = float(chdtrc(2, both))
    return LogisticItem(
        item=name,
        lr_chi2=both,
        p_value=p,
        delta_r2=r2["f"] - r2["s"],
        zt_class=zumbo_thomas_class(r2["f"] - r2["s"]),
        jg_class=jodoin_gierl_class(r2["f"] - r2["s"]),
        uniform_chi2=uni,
        uniform_p=float(chdtrc(1, uni)),
        uniform_delta_r2=r2["m"] - r2["s"],
        nonuniform_chi2=non,
        nonuniform_p=float(chdtrc(1, non)),
        nonuniform_delta_r2=r2["f"] - r2["m"],
        group_coef=float(full[1][2]),
        interaction_coef=float(full[1][3]),
        flagged=p < alpha,
    )


def _cells(
    table: NDArray[np.float64],
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Design rows (1, score, group, score x group), right counts and trials of each cell."""
    score = np.arange(len(table), dtype=np.float64)
    rows, right, trials = [], [], []
    for group, (r, w) in enumerate(((0, 1), (2, 3))):
        n = table[:, r] + table[:, w]
        keep = n > 0
        s = score[keep]
        g = np.full(s.shape, float(group))
        rows.append(np.column_stack([np.ones_like(s), s, g, s * g]))
        right.append(table[keep, r])
        trials.append(n[keep])
    return np.concatenate(rows), np.concatenate(right), np.concatenate(trials)


def _loglik(eta: NDArray[np.float64], y: NDArray[np.float64], t: NDArray[np.float64]) -> float:
    # log p = -log(1 + e^-eta), log(1 - p) = -log(1 + e^eta)
    return float(-(y * np.logaddexp(0, -eta) + (t - y) * np.logaddexp(0, eta)).sum())


def _loglik_null(y: NDArray[np.float64], t: NDArray[np.float64]) -> float:
    p = y.sum() / t.sum()
    if p <= 0 or p >= 1:
        return 0.0
    return float(y.sum() * math.log(p) + (t.sum() - y.sum()) * math.log(1 - p))


def _fit(
    x: NDArray[np.float64], y: NDArray[np.float64], t: NDArray[np.float64], name: str
) -> tuple[float, NDArray[np.float64]]:
    """Maximum likelihood by Newton-Raphson with step halving; (log-likelihood, coefficients)."""
    beta = np.zeros(x.shape[1])
    ll = _loglik(x @ beta, y, t)
    for _ in range(_MAX_STEPS):
        p = 1 / (1 + np.exp(-(x @ beta)))
        gradient = x.T @ (y - t * p)
        hessian = (x * (t * p * (1 - p))[:, None]).T @ x
        step = np.linalg.lstsq(hessian, gradient, rcond=None)[0]
        new_ll = _loglik(x @ (beta + step), y, t)
        halvings = 0
        while new_ll < ll - 1e-12 and halvings < 30:
            step /= 2
            new_ll = _loglik(x @ (beta + step), y, t)
            halvings += 1
        beta, change, ll = beta + step, new_ll - ll, new_ll
        if abs(change) < 1e-10 * (abs(ll) + 1e-10) and np.max(np.abs(step)) < 1e-6:
            return ll, beta
    warnings.warn(
        f"logistic regression of item {name!r} did not converge in {_MAX_STEPS} steps "
        "(the groups may be separated at some score); its statistics are the last step's",
        ConvergenceWarning,
        stacklevel=4,
    )
    return ll, beta


def _nagelkerke(ll: float, null: float, n: float) -> float:
    """Nagelkerke's R^2: Cox-Snell's 1 - (L0 / L)^(2/n) over its maximum 1 - L0^(2/n)."""
    top = 1 - math.exp(2 * (null - ll) / n)
    most = 1 - math.exp(2 * null / n)
    return top / most if most > 0 else float("nan")
