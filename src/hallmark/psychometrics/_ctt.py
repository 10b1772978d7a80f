"""Classical item analysis: p-values, corrected point-biserials, biserials, distractors, flags.

Every statistic comes from one weighted table per item, T[item, raw score, response code]:
how much candidate weight chose each response at each raw score. Two passes over the codes
build it (raw scores, then one bincount per block of rows); after that nothing depends on the
number of candidates, so a million candidates cost what two passes over 150 MB cost.

Conventions (see docs/psychometrics.md):
- p is the share right among those who reached the item; an omit counts as wrong there, a
  not-reached response is left out.
- The point-biserial is corrected: item against the rest score (raw score minus the item), over
  those who reached the item. The biserial is derived from it and p via the normal ordinate.
- Upper and lower groups are the top and bottom 27% of candidate weight by raw score; at a
  boundary score, candidates belong to the group in the fraction that makes it exactly 27%,
  so results do not depend on row order and pattern frequencies equal expanded rows.
- An item worth more than a point (a `Credit`, e.g. a multiple-response item under partial
  credit) is analysed on its score: p is the mean score over the maximum, the discrimination the
  Pearson correlation of the item score with the rest score (item-rest), and the biserial is
  NaN. Where its responses are option sets, the option table lists each option: how often it
  was chosen (in any pattern), by the upper and lower groups, and its rest-score correlation.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from hallmark.psychometrics._reliability import Moments, Reliability, reliability_from_moments
from hallmark.psychometrics._scoring import (
    NOT_REACHED,
    OMITTED,
    Credit,
    KeyLike,
    ScoringResult,
    as_scoring,
)
from hallmark.psychometrics._warnings import DegenerateDataWarning

__all__ = ["Flag", "FlagRules", "ItemAnalysis", "ItemStats", "OptionStats", "item_analysis"]

_ROWS = 32768


@dataclass(frozen=True)
class FlagRules:
    """When an item is flagged for review.

    Attributes:
        p_low: flag items with p below this (too hard, or a key problem).
        p_high: flag items with p above this (too easy to inform).
        r_low: flag items whose corrected point-biserial is below this.
        group_fraction: share of candidates in each of the upper and lower groups.
    """

    p_low: float = 0.30
    p_high: float = 0.95
    r_low: float = 0.10
    group_fraction: float = 0.27


@dataclass(frozen=True)
class Flag:
    """One reason to review an item: a short code and a sentence for people.

    Codes: ``p_low``, ``p_high``, ``r_low``, ``distractor_upper`` (a distractor chosen more by
    the upper group than the lower), ``miskey`` (a distractor correlates with the rest score
    positively and more than the key), ``no_data`` (nobody reached the item).
    """

    code: str
    text: str


@dataclass(frozen=True)
class OptionStats:
    """How one option of an item was chosen.

    Attributes:
        option: the option label.
        key: whether the option is keyed (accepted as right).
        count: weight of candidates who chose it.
        share: share among those who reached the item.
        upper: share among upper-group candidates who reached the item.
        lower: share among lower-group candidates who reached the item.
        r_rest: correlation of choosing the option with the rest score.
    """

    option: str
    key: bool
    count: float
    share: float
    upper: float
    lower: float
    r_rest: float


@dataclass(frozen=True)
class ItemStats:
    """Classical statistics of one item.

    Attributes:
        item: the item name.
        n: weight of candidates who reached the item.
        p: share right among them (omits count as wrong); for an item worth more than a
            point, the mean score over the maximum.
        r_pbis: corrected point-biserial (item against raw score minus the item); for an item
            worth more than a point, the item-rest Pearson correlation of its score.
        biserial: biserial correlation, from `r_pbis` and `p` (NaN when worth more than a
            point).
        omitted: share of those who reached the item who left it blank.
        not_reached: share of all candidates who did not reach it.
        keys: the accepted options.
        options: per-option statistics (empty for 0/1 scored data); for option-set responses,
            one row per option chosen in any pattern.
        flags: reasons to review the item.
        maximum: what the item is worth (1 for right or wrong).
    """

    item: str
    n: float
    p: float
    r_pbis: float
    biserial: float
    omitted: float
    not_reached: float
    keys: tuple[str, ...]
    options: tuple[OptionStats, ...] = ()
    flags: tuple[Flag, ...] = ()
    maximum: int = 1

    @property
    def flag_codes(self) -> tuple[str, ...]:
        return tuple(f.code for f in self.flags)


@dataclass(frozen=True)
class ItemAnalysis:
    """A classical item analysis of one form.

    Attributes:
        items: per-item statistics, in column order.
        reliability: reliability of the raw score on the analysed items.
        n_candidates: total candidate weight.
        dropped: items left out of scoring.
        option_data: whether the analysis saw options (and so distractors).
        rules: the thresholds used for flags.
    """

    items: list[ItemStats]
    reliability: Reliability
    n_candidates: float
    dropped: list[str] = field(default_factory=list)
    option_data: bool = True
    rules: FlagRules = field(default_factory=FlagRules)

    def item(self, name: str) -> ItemStats:
        """The statistics of the item called `name`."""
        for stats in self.items:
            if stats.item == name:
                return stats
        raise KeyError(name)

    def flagged(self) -> list[ItemStats]:
        """The items with at least one flag."""
        return [stats for stats in self.items if stats.flags]

    def to_rows(self) -> list[dict[str, Any]]:
        """One flat dict per item (for a table or a CSV): numbers, flag codes and texts."""
        return [
            {
                "item": s.item,
                "n": _num(s.n),
                "p": _num(s.p),
                "r_pbis": _num(s.r_pbis),
                "biserial": _num(s.biserial),
                "omitted": _num(s.omitted),
                "not_reached": _num(s.not_reached),
                "keys": "|".join(s.keys),
                "flags": " ".join(s.flag_codes),
                "reasons": "; ".join(f.text for f in s.flags),
            }
            for s in self.items
        ]

    def to_dict(self) -> dict[str, Any]:
        """The whole analysis as JSON-ready data (NaN becomes None)."""
        return {
            "n_candidates": _num(self.n_candidates),
            "n_items": len(self.items),
            "dropped": list(self.dropped),
            "rules": asdict(self.rules),
            "reliability": self.reliability.to_dict(),
            "items": [_item_dict(s) for s in self.items],
        }


def _item_dict(s: ItemStats) -> dict[str, Any]:
    return {
        "item": s.item,
        "n": _num(s.n),
        "p": _num(s.p),
        "r_pbis": _num(s.r_pbis),
        "biserial": _num(s.biserial),
        "omitted": _num(s.omitted),
        "not_reached": _num(s.not_reached),
        "keys": list(s.keys),
        "options": [
            {k: _num(v) if isinstance(v, float) else v for k, v in asdict(o).items()}
            for o in s.options
        ],
        "flags": [asdict(f) for f in s.flags],
        "maximum": s.maximum,
    }


def _num(value: float) -> float | None:
    return float(value) if np.isfinite(value) else None


def item_analysis(
    data: Any,
    key: KeyLike | None = None,
    weights: ArrayLike | None = None,
    cut: float | None = None,
    *,
    items: Sequence[str] | None = None,
    rules: FlagRules | None = None,
    progress: Callable[[int], None] | None = None,
) -> ItemAnalysis:
    """Classical item analysis with distractors, flags and the reliability summary.

    Args:
        data: a `ScoringResult`; option responses (`ResponseTable`, `EncodedTable`,
            `EncodedResponses`, array of labels) with `key`; or 0/1 scores (`ScoredTable`,
            array with NaN for no response, which is then left out like not reached).
        key: item -> accepted options, when `data` holds option responses.
        weights: pattern frequencies (default: the table's, else ones).
        cut: a raw cut score, for the conditional SEM in the reliability summary.
        items: item names for arrays.
        rules: flag thresholds (default `FlagRules()`).
        progress: called with a number of candidate rows after each block (two passes).

    Returns:
        An `ItemAnalysis`. Degenerate items (nobody reached, everybody right, ...) get NaN
        statistics and one `DegenerateDataWarning` naming them.
    """
    rules = rules or FlagRules()
    scored = as_scoring(data, key, None if weights is None else np.asarray(weights), items)
    _item_analysis_iv(scored, cut, rules)
    table = _response_table(scored, progress)
    return _analyse(scored, table, cut, rules)


def _item_analysis_iv(scored: ScoringResult, cut: float | None, rules: FlagRules) -> None:
    k = len(scored.items)
    if k == 0:
        raise ValueError("no items to analyse (all were dropped)")
    if scored.n_candidates == 0:
        raise ValueError("no candidates to analyse")
    top = scored.max_raw
    if cut is not None and not (np.isfinite(cut) and 0 <= cut <= top):
        raise ValueError(f"cut must be a raw score between 0 and {top}; got {cut!r}")
    if not 0 < rules.group_fraction <= 0.5:
        raise ValueError(f"rules.group_fraction must be in (0, 0.5]; got {rules.group_fraction}")
    if not 0 <= rules.p_low <= rules.p_high <= 1:
        raise ValueError("rules need 0 <= p_low <= p_high <= 1")


def _response_table(scored: ScoringResult, progress: Callable[[int], None] | None) -> np.ndarray:
    """T[item, raw score, compact code]: candidate weight, compact codes being
    0 = omitted, 1..m = options, m + 1 = not reached."""
    k, m, top = len(scored.items), len(scored.options), scored.max_raw
    n_codes = m + 2
    compact = np.arange(256, dtype=np.uint8)
    compact[NOT_REACHED] = m + 1
    raw = np.empty(scored.n_candidates, dtype=np.int32)
    for start, block in scored.row_blocks(_ROWS):
        raw[start : start + len(block)] = scored.points(block).sum(axis=1)
        if progress is not None:
            progress(len(block))
    size = k * (top + 1) * n_codes
    index_type = np.int32 if size < 2**31 else np.int64
    base: np.ndarray = (np.arange(k, dtype=index_type) * (top + 1))[None, :]
    unweighted = bool(np.all(scored.weights == 1.0))
    table = np.zeros(size)
    for start, block in scored.row_blocks(_ROWS):
        index: np.ndarray = raw[start : start + len(block), None] + base
        index *= n_codes
        index += np.take(compact, block)
        flat = index.ravel()
        if unweighted:
            table += np.bincount(flat, minlength=size)
        else:
            w = np.repeat(scored.weights[start : start + len(block)], k)
            table += np.bincount(flat, weights=w, minlength=size)
        if progress is not None:
            progress(len(block))
    return table.reshape(k, top + 1, n_codes)


@dataclass(frozen=True)
class _Sums:
    """Per-item weighted sums over those who reached the item (rest score y = x - u)."""

    n: np.ndarray  # weight who reached
    p: np.ndarray
    var_u: np.ndarray
    mean_y: np.ndarray
    var_y: np.ndarray
    r_pbis: np.ndarray
    share: np.ndarray  # (items, codes): omitted + options, among those who reached
    r_rest: np.ndarray  # (items, codes)
    s_dy: np.ndarray  # (items, codes): weighted rest-score sums of those who chose each code
    upper: np.ndarray
    lower: np.ndarray
    counts: np.ndarray


def _analyse(
    scored: ScoringResult, table: np.ndarray, cut: float | None, rules: FlagRules
) -> ItemAnalysis:
    k = len(scored.items)
    credit = _credit_codes(scored, table.shape[2] - 1)
    sums = _sums(table, credit, scored.maxima, rules.group_fraction)
    _warn_degenerate(scored.items, sums)
    score_weight = table[0].sum(axis=1)  # every candidate has some code for item 0
    xs = np.arange(table.shape[1])
    reached = table[:, :, :-1]
    right_by_score = np.einsum("jxc,jc->jx", reached, credit)
    moments = Moments(
        weight=float(score_weight.sum()),
        sum_x=float(score_weight @ xs),
        sum_xx=float(score_weight @ xs**2),
        sum_u=right_by_score.sum(axis=1),
        sum_ux=right_by_score @ xs,
        sum_uu=np.einsum("jxc,jc->j", reached, credit**2) if scored.polytomous else None,
        maxima=scored.maxima if scored.polytomous else None,
    )
    summary = reliability_from_moments(scored.items, moments, cut)
    not_reached = table[:, :, -1].sum(axis=1) / moments.weight
    keyed = credit == scored.maxima[:, None]
    stats = [_item_stats(scored, j, sums, keyed[j], float(not_reached[j]), rules) for j in range(k)]
    return ItemAnalysis(
        items=stats,
        reliability=summary,
        n_candidates=moments.weight,
        dropped=list(scored.dropped),
        option_data=scored.option_data,
        rules=rules,
    )


def _credit_codes(scored: ScoringResult, n_reached_codes: int) -> np.ndarray:
    """float (items, compact codes except not reached): the points each code earns."""
    credit = np.zeros((len(scored.items), n_reached_codes))
    position = {o: c + 1 for c, o in enumerate(scored.options)}
    credits = scored.credits or (None,) * len(scored.items)
    for j, (accepted, item_credit) in enumerate(zip(scored.keys, credits, strict=True)):
        earned = item_credit.points if item_credit is not None else dict.fromkeys(accepted, 1)
        for option, value in earned.items():
            if option in position:
                credit[j, position[option]] = value
    credit[:, OMITTED] = 0.0
    return credit


def _sums(table: np.ndarray, credit: np.ndarray, maxima: np.ndarray, fraction: float) -> _Sums:
    """Item score u (points), rest score y = x - u: p = mean u / maximum and
    r = cov(u, y) / sqrt(var u var y), which is the corrected point-biserial for 0/1 items."""
    xs = np.arange(table.shape[1], dtype=np.float64)
    reached = table[:, :, :-1]
    by_score = reached.sum(axis=2)
    right = np.einsum("jxc,jc->jx", reached, credit)
    counts = reached.sum(axis=1)
    with np.errstate(divide="ignore", invalid="ignore"):
        n = by_score.sum(axis=1)
        s_u = right.sum(axis=1)
        s_uu = (counts * credit**2).sum(axis=1)
        mean_u = s_u / n
        p = mean_u / maxima
        var_u = s_uu / n - mean_u**2
        var_u[var_u <= 1e-12 * np.maximum(1.0, mean_u**2)] = 0.0
        s_ux = right @ xs
        mean_y = (by_score @ xs - s_u) / n
        var_y = (by_score @ xs**2 - 2 * s_ux + s_uu) / n - mean_y**2
        var_y[var_y <= 1e-12 * np.maximum(1.0, mean_y**2)] = 0.0
        r_pbis = ((s_ux - s_uu) / n - mean_u * mean_y) / np.sqrt(var_u * var_y)
        share = counts / n[:, None]
        s_dy = np.einsum("jxc,x->jc", reached, xs) - credit * counts
        cov = s_dy / n[:, None] - share * mean_y[:, None]
        r_rest = cov / np.sqrt(share * (1 - share) * var_y[:, None])
        upper_w, lower_w = _group_weights(table[0].sum(axis=1), fraction)
        upper = np.einsum("jxc,x->jc", reached, upper_w)
        lower = np.einsum("jxc,x->jc", reached, lower_w)
        upper /= upper.sum(axis=1, keepdims=True)
        lower /= lower.sum(axis=1, keepdims=True)
    r_pbis[~np.isfinite(r_pbis)] = np.nan
    r_rest[~np.isfinite(r_rest)] = np.nan
    return _Sums(n, p, var_u, mean_y, var_y, r_pbis, share, r_rest, s_dy, upper, lower, counts)


def _group_weights(score_weight: np.ndarray, fraction: float) -> tuple[np.ndarray, np.ndarray]:
    """Membership (0..1) of each raw score in the upper and lower groups."""
    total = score_weight.sum()
    target = fraction * total
    below = np.cumsum(score_weight) - score_weight
    above = total - np.cumsum(score_weight)
    with np.errstate(divide="ignore", invalid="ignore"):
        lower = np.clip((target - below) / score_weight, 0.0, 1.0)
        upper = np.clip((target - above) / score_weight, 0.0, 1.0)
    lower[score_weight == 0] = 0.0
    upper[score_weight == 0] = 0.0
    return upper, lower


def _warn_degenerate(items: Sequence[str], sums: _Sums) -> None:
    def names(mask: np.ndarray) -> str:
        chosen = [str(items[int(j)]) for j in np.flatnonzero(mask)]
        return ", ".join(chosen[:8]) + (f" and {len(chosen) - 8} more" if len(chosen) > 8 else "")

    unreached = sums.n == 0
    constant = ~unreached & (sums.var_u == 0)
    flat_rest = ~unreached & ~constant & (sums.var_y == 0)
    for mask, reason in (
        (unreached, "no candidate reached item(s) {}: their statistics are NaN"),
        (
            constant,
            "item(s) {} were answered right by all or by none of those who reached them: "
            "point-biserial and biserial are NaN",
        ),
        (flat_rest, "the rest score has no variance for item(s) {}: correlations are NaN"),
    ):
        if mask.any():
            warnings.warn(reason.format(names(mask)), DegenerateDataWarning, stacklevel=4)


def _item_stats(
    scored: ScoringResult,
    j: int,
    sums: _Sums,
    keyed: np.ndarray,
    not_reached: float,
    rules: FlagRules,
) -> ItemStats:
    p, r = float(sums.p[j]), float(sums.r_pbis[j])
    maximum = int(scored.maxima[j])
    credit = scored.credits[j] if scored.credits else None
    options: tuple[OptionStats, ...] = ()
    if scored.option_data and credit is not None and credit.separator:
        options = _set_options(scored, j, sums, credit)
    elif scored.option_data:
        options = tuple(
            OptionStats(
                option=label,
                key=bool(keyed[c]),
                count=float(sums.counts[j, c]),
                share=float(sums.share[j, c]),
                upper=float(sums.upper[j, c]),
                lower=float(sums.lower[j, c]),
                r_rest=float(sums.r_rest[j, c]),
            )
            for c, label in enumerate(scored.options, start=1)
            if sums.counts[j, c] > 0 or keyed[c]
        )
    n = float(sums.n[j])
    return ItemStats(
        item=scored.items[j],
        n=n,
        p=p,
        r_pbis=r,
        biserial=_biserial(r, p, maximum),
        omitted=float(sums.share[j, OMITTED]) if n > 0 else float("nan"),
        not_reached=not_reached,
        keys=tuple(sorted(scored.keys[j])),
        options=options,
        flags=_flags(n, p, r, options, rules),
        maximum=maximum,
    )


def _set_options(
    scored: ScoringResult, j: int, sums: _Sums, credit: Credit
) -> tuple[OptionStats, ...]:
    """Per option of an item answered with option sets: choosing it in any pattern."""
    key = {o for label in credit.keys for o in credit.options(label)}
    seen = {
        c: credit.options(label)
        for c, label in enumerate(scored.options, start=1)
        if sums.counts[j, c] > 0
    }
    labels = sorted(key | {o for parts in seen.values() for o in parts})
    member = np.zeros((sums.counts.shape[1], len(labels)))
    for c, parts in seen.items():
        for o in parts:
            member[c, labels.index(o)] = 1.0
    n, mean_y, var_y = sums.n[j], sums.mean_y[j], sums.var_y[j]
    with np.errstate(divide="ignore", invalid="ignore"):
        count = sums.counts[j] @ member
        share = count / n
        cov = (sums.s_dy[j] @ member) / n - share * mean_y
        r_rest = cov / np.sqrt(share * (1 - share) * var_y)
    return tuple(
        OptionStats(
            option=label,
            key=label in key,
            count=float(count[i]),
            share=float(share[i]),
            upper=float(np.nan_to_num(sums.upper[j]) @ member[:, i]),
            lower=float(np.nan_to_num(sums.lower[j]) @ member[:, i]),
            r_rest=float(r_rest[i]) if np.isfinite(r_rest[i]) else float("nan"),
        )
        for i, label in enumerate(labels)
    )


def _biserial(r_pbis: float, p: float, maximum: int = 1) -> float:
    """r_bis = r_pbis * sqrt(p q) / phi(z_p), phi the normal density at the z cutting off p."""
    if maximum > 1 or not (np.isfinite(r_pbis) and 0 < p < 1):
        return float("nan")
    from scipy.special import ndtri  # imported here: scipy's import is most of a verb's start-up

    z = float(ndtri(p))
    density = np.exp(-z * z / 2) / np.sqrt(2 * np.pi)
    return float(r_pbis * np.sqrt(p * (1 - p)) / density)


def _flags(
    n: float, p: float, r: float, options: tuple[OptionStats, ...], rules: FlagRules
) -> tuple[Flag, ...]:
    if n == 0:
        return (Flag("no_data", "no candidate reached the item"),)
    flags: list[Flag] = []
    if p < rules.p_low:
        flags.append(Flag("p_low", f"hard: p = {_dec(p)} is below {_dec(rules.p_low)}"))
    if p > rules.p_high:
        flags.append(Flag("p_high", f"easy: p = {_dec(p)} is above {_dec(rules.p_high)}"))
    if np.isfinite(r) and r < rules.r_low:
        flags.append(
            Flag(
                "r_low",
                f"weak discrimination: corrected point-biserial {_dec(r)} is below "
                f"{_dec(rules.r_low)}",
            )
        )
    distractors = [o for o in options if not o.key]
    reversed_ = [o for o in distractors if o.upper > o.lower + 1e-12]
    if reversed_:
        share = f"{rules.group_fraction:.0%}"
        detail = ", ".join(f"{o.option} ({o.upper:.0%} vs {o.lower:.0%})" for o in reversed_)
        flags.append(
            Flag(
                "distractor_upper",
                f"distractor chosen more by the upper {share} than the lower {share}: {detail}",
            )
        )
    key_r = max((o.r_rest for o in options if o.key and np.isfinite(o.r_rest)), default=-np.inf)
    suspects = [o for o in distractors if np.isfinite(o.r_rest) and o.r_rest > max(key_r, 0.0)]
    if suspects:
        best = max(suspects, key=lambda o: o.r_rest)
        key_text = _dec(key_r) if np.isfinite(key_r) else "undefined"
        flags.append(
            Flag(
                "miskey",
                f"likely miskey: option {best.option} correlates {_dec(best.r_rest)} with the "
                f"rest score, the key {key_text}",
            )
        )
    return tuple(flags)


def _dec(value: float) -> str:
    """.30 rather than 0.30 (and -.28), as item statistics are usually written."""
    text = f"{value:.2f}"
    return text.replace("0.", ".", 1) if text.lstrip("-").startswith("0.") else text
