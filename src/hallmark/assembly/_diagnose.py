"""Why no forms exist, in the user's words: counting arguments first, then relaxing one
constraint group at a time and naming the group whose removal makes the forms possible."""

import math
from collections.abc import Callable

import numpy as np

from ._bank import ItemBank
from ._model import (
    DEFINITION,
    EXPOSURE,
    SETS,
    Model,
    build_model,
)
from ._pool import SCORED, Eligibility, Units, build_units, eligibility, set_groups
from ._result import Explanation
from ._spec import AssemblySpec, Range


def distinct_items_needed(n_forms: int, length: int, max_overlap: int) -> int:
    """Fewest distinct items that fill `n_forms` forms of `length` items when any two forms
    share at most `max_overlap` items.

    With D distinct items used u_i times, sum u_i = K n and the shared pairs sum C(u_i, 2)
    cannot exceed C(K, 2) m. For a given D the pair count is smallest when the u_i are as
    equal as possible (C(u, 2) is convex), so D is feasible only if that smallest count fits.
    """
    k, n, m = n_forms, length, min(max_overlap, length)
    if k <= 1 or n == 0:
        return n
    budget = math.comb(k, 2) * m
    for d in range(n, k * n + 1):
        q, r = divmod(k * n, d)
        if (d - r) * math.comb(q, 2) + r * math.comb(q + 1, 2) <= budget:
            return d
    return k * n  # unreachable: d = K n gives zero pairs


def check_counts(
    bank: ItemBank, spec: AssemblySpec, n_forms: int, elig: Eligibility | None = None
) -> tuple[Explanation, ...]:
    """Counting arguments that prove the forms impossible, without solving anything."""
    elig = eligibility(bank, spec) if elig is None else elig
    units, _ = build_units(bank, spec, elig)
    counter = _Counter(bank, spec, n_forms, elig, units)
    return tuple(counter.run())


class _Counter:
    def __init__(
        self, bank: ItemBank, spec: AssemblySpec, n_forms: int, elig: Eligibility, units: Units
    ) -> None:
        self.bank, self.spec, self.K, self.elig, self.units = bank, spec, n_forms, elig, units
        # an item counts as available when its unit is in the model and it takes a scored spot
        in_units = np.asarray(units.members.sum(axis=0)).ravel() > 0
        self.scored = in_units & (elig.role == SCORED)
        self.pretest = in_units & (elig.role != SCORED) & (elig.role != 0)
        self.m = spec.overlap.limit(spec.scored_length) if spec.overlap else spec.scored_length

    def run(self) -> list[Explanation]:
        out: list[Explanation] = []
        out.extend(self.category_checks())
        out.extend(self.length_checks())
        out.extend(self.pretest_checks())
        out.extend(self.enemy_checks())
        out.extend(self.band_checks())
        return out

    def at_overlap(self) -> str:
        if self.K < 2:
            return ""
        if self.spec.overlap is None:
            return " (forms may share items)"
        return f" at overlap <= {self.spec.overlap.text(self.spec.scored_length)}"

    def why_fewer(self, mask: np.ndarray) -> str:
        """Reasons items matching `mask` are unavailable."""
        reasons = []
        over = int(np.sum(mask & self.elig.overexposed & (self.elig.role == SCORED)))
        if over:
            reasons.append(f"{over} more excluded by the exposure rule")
        operational = mask & (self.bank.status == "operational")
        lacking = int(np.sum(operational & (self.elig.role != SCORED)))
        if lacking:
            reasons.append(f"{lacking} lack the statistics the objective needs")
        in_bad_sets = int(
            np.sum(mask & (self.elig.role == SCORED) & ~self.elig.overexposed & ~self.scored)
        )
        if in_bad_sets:
            reasons.append(f"{in_bad_sets} belong to sets with an unusable item")
        return f" ({'; '.join(reasons)})" if reasons else ""

    def shortage(
        self, group: str, what: str, per_form: int, mask: np.ndarray
    ) -> Explanation | None:
        need = distinct_items_needed(self.K, per_form, self.m)
        have = int(np.sum(mask & self.scored))
        if have >= need:
            return None
        forms = f"{self.K} forms" if self.K > 1 else "1 form"
        message = (
            f"{what} needs {need} operational items for {forms}{self.at_overlap()}; "
            f"the bank has {have}{self.why_fewer(mask)}"
        )
        return Explanation(group, message, need, have)

    def category_checks(self) -> list[Explanation]:
        bank, spec = self.bank, self.spec
        out: list[Explanation | None] = []
        for name, count in spec.domains.items():
            out.append(self.shortage("domains", f"domain '{name}'", count, bank.domain == name))
        for name, r in spec.competencies.items():
            mask = bank.competency == name
            out.append(
                self.shortage("competencies", f"competency '{name}'", int(r.minimum or 0), mask)
            )
        for name, r in spec.cognitive_levels.items():
            mask = bank.cognitive_level == name
            out.append(
                self.shortage(
                    "cognitive levels", f"cognitive level '{name}'", int(r.minimum or 0), mask
                )
            )
        for name, r in spec.item_formats.items():
            mask = bank.item_format == name
            out.append(
                self.shortage("item formats", f"item format '{name}'", int(r.minimum or 0), mask)
            )
        out.extend(self.competency_sums())
        out.extend(
            self.range_sums(
                "cognitive levels",
                "cognitive level",
                spec.cognitive_levels,
                bank.cognitive_level,
                None,
                spec.scored_length,
            )
        )
        out.extend(
            self.range_sums(
                "item formats",
                "item format",
                spec.item_formats,
                bank.item_format,
                None,
                spec.scored_length,
            )
        )
        return [e for e in out if e is not None]

    def competency_sums(self) -> list[Explanation]:
        out: list[Explanation] = []
        for name, count in self.spec.domains.items():
            comps = sorted(set(self.bank.competency[self.bank.domain == name].tolist()))
            out.extend(
                self.range_sums(
                    "competencies",
                    "competency",
                    self.spec.competencies,
                    self.bank.competency,
                    comps,
                    count,
                    f"domain '{name}'",
                )
            )
        return out

    def range_sums(
        self,
        group: str,
        kind: str,
        bounds: dict[str, Range] | object,
        labels: np.ndarray,
        names: list[str] | None,
        total: int,
        whole: str = "each form",
    ) -> list[Explanation]:
        assert isinstance(bounds, dict)
        if names is None:
            names = sorted(set(labels[self.scored].tolist()) | set(bounds))
        if not names:
            return []
        lows = sum(int(bounds[c].minimum or 0) for c in names if c in bounds)
        out = []
        if lows > total:
            out.append(
                Explanation(
                    group,
                    f"{whole} needs {total} scored items but its {kind} minimums add up to {lows}",
                    lows,
                    total,
                )
            )
        highs = [bounds[c].maximum if c in bounds else None for c in names]
        if all(h is not None for h in highs):
            cap = int(sum(h for h in highs if h is not None))
            if cap < total:
                out.append(
                    Explanation(
                        group,
                        f"{whole} needs {total} scored items but its {kind} maximums allow {cap}",
                        total,
                        cap,
                    )
                )
        return out

    def length_checks(self) -> list[Explanation]:
        what = "each form" if self.K > 1 else "the form"
        e = self.shortage(
            "overlap" if self.K > 1 and self.spec.overlap else "scored length",
            what,
            self.spec.scored_length,
            np.ones(len(self.bank), dtype=bool),
        )
        return [] if e is None else [e]

    def pretest_checks(self) -> list[Explanation]:
        p = self.spec.pretest_length
        if p == 0:
            return []
        reuse = min(self.spec.pretest_forms_per_item, self.K)
        need = max(p, math.ceil(self.K * p / reuse))
        have = int(self.pretest.sum())
        if have >= need:
            return []
        return [
            Explanation(
                "pretest",
                f"pretest: {self.K} form(s) with {p} pretest items each, every pretest item on at "
                f"most {reuse} form(s), need {need} pretest items; the bank has {have}",
                need,
                have,
            )
        ]

    def enemy_checks(self) -> list[Explanation]:
        """A form holds at most one item per enemy group: items outside every group plus the
        number of groups bounds how many items of a kind one form can take."""
        out = []
        kinds = [("each form", np.ones(len(self.bank), dtype=bool), self.spec.scored_length)]
        kinds += [(f"domain '{d}'", self.bank.domain == d, n) for d, n in self.spec.domains.items()]
        for what, mask, need in kinds:
            cap, free, groups = self.capacity(mask & self.scored)
            # a plain shortage of items is reported by the counts, not blamed on enemies
            if cap < need <= int(np.sum(mask & self.scored)):
                message = (
                    f"enemies: {what} can hold at most {cap} scored items ({free} outside "
                    f"enemy groups plus one from each of {groups} groups); the blueprint needs "
                    f"{need}"
                )
                out.append(Explanation("enemies", message, need, cap))
        cap, free, groups = self.capacity(self.pretest)
        if cap < self.spec.pretest_length <= int(self.pretest.sum()):
            out.append(
                Explanation(
                    "enemies",
                    f"enemies: a form can hold at most {cap} pretest items ({free} outside enemy "
                    f"groups plus one from each of {groups} groups); the spec needs "
                    f"{self.spec.pretest_length}",
                    self.spec.pretest_length,
                    cap,
                )
            )
        return out

    def capacity(self, mask: np.ndarray) -> tuple[int, int, int]:
        idx = np.flatnonzero(mask)
        free = sum(1 for i in idx if not self.bank.enemy_groups[int(i)])
        groups = {g for i in idx for g in self.bank.enemy_groups[int(i)]}
        return free + len(groups), free, len(groups)

    def band_checks(self) -> list[Explanation]:
        """Reading time and mean-statistic bands against the most extreme forms possible."""
        out: list[Explanation] = []
        spec, bank = self.spec, self.bank
        if spec.reading_seconds is not None:
            low, high = self.extreme_sums(bank.reading_seconds, with_pretest=True)
            out.extend(
                self.band(
                    "reading time",
                    "reading seconds of a form",
                    spec.reading_seconds,
                    low,
                    high,
                    "s",
                )
            )
        n = spec.scored_length
        for band, values, group, what in (
            (spec.p_mean, bank.p, "mean p", "mean p of a form"),
            (spec.rpbis_mean, bank.rpbis, "mean point-biserial", "mean point-biserial of a form"),
        ):
            if band is not None:
                low, high = self.extreme_sums(values, with_pretest=False)
                out.extend(self.band(group, what, band, low / n, high / n, ""))
        return out

    def extreme_sums(self, values: np.ndarray, with_pretest: bool) -> tuple[float, float]:
        """Smallest and largest sums a form can reach, domain by domain (ignoring other rules)."""
        parts = [(self.bank.domain == d, n) for d, n in self.spec.domains.items()]
        if not parts:
            parts = [(np.ones(len(self.bank), dtype=bool), self.spec.scored_length)]
        pools = [(mask & self.scored, n) for mask, n in parts]
        if with_pretest:
            pools.append((self.pretest, self.spec.pretest_length))
        low = high = 0.0
        for mask, n in pools:
            v = np.sort(np.nan_to_num(values[mask]))
            if v.size < n:
                return -math.inf, math.inf  # a shortage reported elsewhere
            low += float(v[:n].sum())
            high += float(v[v.size - n :].sum()) if n else 0.0
        return low, high

    @staticmethod
    def band(
        group: str, what: str, band: Range, low: float, high: float, unit: str
    ) -> list[Explanation]:
        if band.maximum is not None and low > band.maximum + 1e-9:
            return [
                Explanation(
                    group,
                    f"{group}: the lowest {what} possible is {low:.4g}{unit}; "
                    f"the spec allows at most {band.maximum:g}{unit}",
                    low,
                    band.maximum,
                )
            ]
        if band.minimum is not None and high < band.minimum - 1e-9:
            return [
                Explanation(
                    group,
                    f"{group}: the highest {what} possible is {high:.4g}{unit};"
                    f" the spec needs at least {band.minimum:g}{unit}",
                    band.minimum,
                    high,
                )
            ]
        return []


# ---------------------------------------------------------------------------------------------
# relaxation

Solver = Callable[[Model, float], tuple[str, np.ndarray | None]]


def relaxation_explanations(
    bank: ItemBank,
    spec: AssemblySpec,
    n_forms: int,
    solve: Solver,
    time_limit: float,
) -> tuple[Explanation, ...]:
    """Relax each constraint group alone (its rows made elastic, violations minimised) and
    name the groups whose relaxation makes the forms possible, with the smallest violation
    found. `solve(model, seconds)` returns a status word and the solution vector."""
    elig = eligibility(bank, spec)
    base = build_model(bank, spec, n_forms, elig)
    groups = [g for g in dict.fromkeys(base.row_group.tolist()) if g != DEFINITION]
    if np.any(elig.overexposed & (elig.role != 0)):
        groups.append(EXPOSURE)
    if set_groups(bank):
        groups.append(SETS)
    found: list[Explanation] = []
    undecided: list[str] = []
    for group in groups:
        model = build_model(
            bank,
            spec,
            n_forms,
            elig,
            relax=frozenset({group}),
            include_overexposed=group == EXPOSURE,
            split_sets=group == SETS,
        )
        status, x = solve(model, time_limit)
        if x is not None:
            found.append(_describe(group, model, x))
        elif status != "infeasible":
            undecided.append(group)
    if not found:
        found.append(_nothing_single(groups, undecided))
    return tuple(found)


def _describe(group: str, model: Model, x: np.ndarray) -> Explanation:
    slack = x[model.slack_cols]
    rows = model.slack_rows
    by_row: dict[int, float] = {}
    for r, s in zip(rows.tolist(), slack.tolist(), strict=True):
        if s > 1e-6:
            by_row[r] = by_row.get(r, 0.0) + s
    total = sum(by_row.values())
    if total <= 1e-6:
        return Explanation(group, f"{group}: the forms become possible once it is relaxed", 0, 0)
    activity = model.A @ x - _slack_part(model, x)
    worst = sorted(by_row, key=lambda r: -by_row[r])[:3]
    details = "; ".join(_row_text(model, r, float(activity[r])) for r in worst)
    more = f" and {len(by_row) - 3} more" if len(by_row) > 3 else ""
    message = (
        f"{group}: cannot be met with the other constraints; relaxing it alone makes the forms "
        f"possible, and the closest forms found miss it by {total:.4g} in all ({details}{more})"
    )
    return Explanation(group, message, None, None)


def _slack_part(model: Model, x: np.ndarray) -> np.ndarray:
    part = np.zeros(model.A.shape[0])
    half = model.slack_cols.size // 2
    np.add.at(part, model.slack_rows[:half], x[model.slack_cols[:half]])
    np.add.at(part, model.slack_rows[half:], -x[model.slack_cols[half:]])
    return part


def _row_text(model: Model, row: int, activity: float) -> str:
    low, high = model.row_lower[row], model.row_upper[row]
    label = model.row_label[row]
    if model.row_group[row] == EXPOSURE:
        return f"over-used item(s) {label} on {activity:.0f} form(s)"
    if model.row_group[row] == SETS:
        return label
    if low == high:
        need = f"{low:g}"
    elif activity > high:
        need = f"at most {high:g}"
    else:
        need = f"at least {low:g}"
    return f"{label}: {activity:.4g} where {need} is required"


def _nothing_single(groups: list[str], undecided: list[str]) -> Explanation:
    if undecided:
        message = (
            "no constraint group was found at fault within the time limit; undecided: "
            + ", ".join(undecided)
            + " (allow more time to find out)"
        )
    else:
        message = (
            "no single constraint group explains it: the forms stay impossible with any one of "
            + ", ".join(groups)
            + " relaxed, so several groups conflict together"
        )
    return Explanation("combination", message)
