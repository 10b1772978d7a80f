"""The mixed-integer program: all forms at once, one 0-1 decision per unit and form.

Rows are written over x[u, f] (unit u on form f) and mapped to the solver's columns by a
sparse matrix T, x = T v, so the same rows serve two formulations of pairwise overlap:

- patterns (up to 5 forms): one 0-1 column per unit and set S of forms it appears on,
  with sum_S v[u, S] <= 1; items shared by forms f and g are sum_u sum_{S >= {f, g}} v[u, S].
  This is the convex hull of each unit's choices, so the LP relaxation cannot spread a good
  item thinly over every form to dodge the overlap limit. x stays as continuous columns tied
  to the patterns by x[u, f] = sum_{S contains f} v[u, S], which keeps the long blueprint and
  information rows at one entry per unit.
- linearised pairs (6 forms and more, where 2**K - 1 patterns per unit are too many):
  0-1 x with continuous z[u, f, g] >= x[u, f] + x[u, g] - 1, strengthened by the clique
  inequalities k * sum_f x[u, f] - sum_fg z[u, f, g] <= k (k + 1) / 2 for k = 1..K-1 (an item
  on u forms adds u (u - 1) / 2 shared pairs). Without them the LP bound is useless (every
  good item at x = 1/2 on every form shares nothing); with them it equals the pattern bound.

Measured on 4 forms x 150 items from a 1,800-item pool (2 cores): the root LP takes 26 s
with linearised pairs, 5 s with patterns on 0-1 x alone, 2.3 s with patterns tied to
continuous x; forms within 2.3% of the bound come after 4 s with the last (26 s before).
"""

import itertools
import math
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from ._bank import FloatArray, IntArray, ItemBank
from ._pool import Eligibility, Units, build_units, candidate_pool, reference_curves, set_groups
from ._spec import AssemblySpec, Classical, Maximin, Parallel, Range

MAX_PATTERN_FORMS = 5
# constraint groups, in the user's words; "definition" rows are never relaxed
LENGTH = "scored length"
DOMAINS = "domains"
COMPETENCIES = "competencies"
COGNITIVE = "cognitive levels"
FORMATS = "item formats"
PRETEST = "pretest"
PRETEST_REUSE = "pretest reuse"
ENEMIES = "enemies"
OVERLAP = "overlap"
READING = "reading time"
P_MEAN = "mean p"
RPBIS_MEAN = "mean point-biserial"
SPREAD = "information spread"
EXPOSURE = "exposure"
SETS = "sets"
DEFINITION = "definition"


@dataclass
class _Rows:
    """Sparse rows collected as triplets, each with bounds, a group and a readable label."""

    cols: list[IntArray] = field(default_factory=list)
    vals: list[FloatArray] = field(default_factory=list)
    row_ids: list[IntArray] = field(default_factory=list)
    lower: list[float] = field(default_factory=list)
    upper: list[float] = field(default_factory=list)
    groups: list[str] = field(default_factory=list)
    labels: list[str] = field(default_factory=list)

    def add(
        self, cols: IntArray, vals: FloatArray, bounds: tuple[float, float], group: str, label: str
    ) -> None:
        keep = vals != 0
        self.cols.append(np.asarray(cols)[keep])
        self.vals.append(np.asarray(vals, dtype=float)[keep])
        self.row_ids.append(np.full(int(keep.sum()), len(self.lower), dtype=np.int64))
        self.lower.append(bounds[0])
        self.upper.append(bounds[1])
        self.groups.append(group)
        self.labels.append(label)

    def add_block(
        self,
        cols: IntArray,
        vals: FloatArray,
        lower: FloatArray,
        upper: FloatArray,
        group: str,
        labels: list[str],
    ) -> None:
        """Many rows at once: row r has coefficients vals[r, :] on columns cols[r, :]."""
        n_rows = cols.shape[0]
        first = len(self.lower)
        self.cols.append(cols.ravel())
        self.vals.append(np.asarray(vals, dtype=float).ravel())
        self.row_ids.append(np.repeat(np.arange(first, first + n_rows), cols.shape[1]))
        self.lower.extend(np.broadcast_to(lower, n_rows).tolist())
        self.upper.extend(np.broadcast_to(upper, n_rows).tolist())
        self.groups.extend([group] * n_rows)
        self.labels.extend(labels)

    def add_triplets(
        self,
        rows: IntArray,
        cols: IntArray,
        vals: FloatArray,
        n_rows: int,
        bounds: tuple[float, float],
        group: str,
    ) -> None:
        """n_rows rows given as (local row, column, value) triplets, all with the same bounds."""
        first = len(self.lower)
        self.cols.append(cols)
        self.vals.append(np.asarray(vals, dtype=float))
        self.row_ids.append(first + rows)
        self.lower.extend([bounds[0]] * n_rows)
        self.upper.extend([bounds[1]] * n_rows)
        self.groups.extend([group] * n_rows)
        self.labels.extend([""] * n_rows)

    def matrix(self, n_cols: int) -> sp.csr_array:
        if not self.lower:
            return sp.csr_array((0, n_cols))
        rows = np.concatenate(self.row_ids)
        return sp.csr_array(
            (np.concatenate(self.vals), (rows, np.concatenate(self.cols))),
            shape=(len(self.lower), n_cols),
        )


@dataclass(frozen=True)
class Model:
    """A built MILP with what is needed to read its solution back."""

    c: FloatArray
    integrality: FloatArray
    lower: FloatArray
    upper: FloatArray
    A: sp.csr_array
    row_lower: FloatArray
    row_upper: FloatArray
    row_group: npt.NDArray[np.str_]
    row_label: list[str]
    units: Units
    unit_ids: IntArray  # positions (in the full unit list) of the units in the model
    n_forms: int
    T: sp.csr_array  # x (unit-major within form: f * U + u) = T @ solution
    formulation: str
    objective_cols: dict[str, int]
    slack_cols: IntArray  # elastic slack columns (relaxation), empty otherwise
    slack_rows: IntArray
    excluded_sets: list[str]
    pruned: bool

    @property
    def n_units(self) -> int:
        return int(self.unit_ids.size)

    def x_values(self, solution: FloatArray) -> FloatArray:
        """x[f * U + u] from a solution vector."""
        return np.asarray(self.T @ solution, dtype=float)

    def chosen_units(self, solution: FloatArray) -> list[IntArray]:
        """Unit positions chosen for each form."""
        x = self.x_values(solution).reshape(self.n_forms, self.n_units)
        return [self.unit_ids[np.flatnonzero(x[f] > 0.5)] for f in range(self.n_forms)]


def build_model(
    bank: ItemBank,
    spec: AssemblySpec,
    n_forms: int,
    elig: Eligibility,
    *,
    pool_factor: float | None = None,
    relax: frozenset[str] = frozenset(),
    include_overexposed: bool = False,
    split_sets: bool = False,
) -> Model:
    """Build the MILP; groups in `relax` become elastic (their violation is minimised instead)."""
    units, excluded = build_units(
        bank, spec, elig, include_overexposed=include_overexposed, split_sets=split_sets
    )
    unit_ids = np.arange(units.count)
    pruned = False
    if pool_factor is not None:
        keep = candidate_pool(bank, spec, units, n_forms, pool_factor)
        pruned = not keep.all()
        unit_ids = np.flatnonzero(keep)
    builder = _Builder(bank, spec, n_forms, units, unit_ids)
    builder.blueprint_rows()
    builder.enemy_rows()
    builder.overlap_rows()
    builder.objective_rows()
    if include_overexposed:
        builder.exposure_rows(elig)
    if split_sets:
        builder.set_rows(elig)
    return builder.finish(relax, excluded, pruned)


class _Builder:
    """Collects rows over the virtual columns [x (U * K) | solver columns]."""

    def __init__(
        self, bank: ItemBank, spec: AssemblySpec, n_forms: int, units: Units, unit_ids: IntArray
    ) -> None:
        self.bank, self.spec, self.K = bank, spec, n_forms
        self.units, self.ids = units, unit_ids
        self.U = int(unit_ids.size)
        self.UK = self.U * n_forms
        self.upper: list[float] = []
        self.integer: list[float] = []
        self.cost: list[float] = []
        self.x_cost = np.zeros(self.UK)
        self.rows = _Rows()
        self.objective_cols: dict[str, int] = {}
        self.limit = self.overlap_limit()
        self.formulation = "patterns" if self.K <= MAX_PATTERN_FORMS else "linearised pairs"
        self.T, self.patterns = self.base_columns()

    # -- helpers ---------------------------------------------------------------------------

    def overlap_limit(self) -> int | None:
        overlap = self.spec.overlap
        if overlap is None or self.K < 2:
            return None
        limit = overlap.limit(self.spec.scored_length)
        return None if limit >= self.spec.scored_length else limit

    def new_cols(self, count: int, upper: float, integer: bool, cost: float = 0.0) -> IntArray:
        """Append solver columns; returns their virtual indices."""
        first = len(self.upper)
        self.upper.extend([upper] * count)
        self.integer.extend([1.0 if integer else 0.0] * count)
        self.cost.extend([cost] * count)
        return self.UK + np.arange(first, first + count)

    def base_columns(self) -> tuple[sp.csr_array, list[tuple[IntArray, IntArray, tuple[int, ...]]]]:
        """The solver columns behind x and the map T from them to x. With patterns, also the
        list of (units, virtual columns, forms) the overlap rows need."""
        use_patterns = self.formulation == "patterns" and self.limit is not None
        if not use_patterns:
            self.new_cols(self.UK, 1.0, integer=True)
            return sp.csr_array(sp.eye(self.UK, format="csr")), []
        # x stays as continuous columns tied to the patterns: the blueprint and curve rows
        # then hold one entry per unit instead of one per pattern (2**(K-1) of them)
        x_cols = self.new_cols(self.UK, 1.0, integer=False)
        T = sp.csr_array(sp.eye(self.UK, format="csr"))
        # units without scored items never count toward overlap: one column per form
        scored = self.units.scored[self.ids] > 0
        sizes = np.where(scored, self.K, 1)
        link_rows, link_cols = [np.arange(self.UK)], [x_cols]
        link_vals = [np.ones(self.UK)]
        patterns: list[tuple[IntArray, IntArray, tuple[int, ...]]] = []
        by_unit: list[list[int]] = [[] for _ in range(self.U)]
        for size in range(1, self.K + 1):
            units = np.flatnonzero(sizes >= size)
            for forms in itertools.combinations(range(self.K), size):
                vcols = self.new_cols(units.size, 1.0, integer=True)
                patterns.append((units, vcols, forms))
                for u, c in zip(units.tolist(), vcols.tolist(), strict=True):
                    by_unit[u].append(c)
                for f in forms:
                    link_rows.append(f * self.U + units)
                    link_cols.append(vcols)
                    link_vals.append(-np.ones(units.size))
        self.rows.add_triplets(
            np.concatenate(link_rows),
            np.concatenate(link_cols),
            np.concatenate(link_vals),
            self.UK,
            (0.0, 0.0),
            DEFINITION,
        )
        for unit_cols in by_unit:
            if len(unit_cols) > 1:
                ones = np.ones(len(unit_cols))
                self.rows.add(np.array(unit_cols), ones, (-math.inf, 1.0), DEFINITION, "")
        return T, patterns

    def x(self, form: int) -> IntArray:
        return form * self.U + np.arange(self.U)

    def per_form(
        self, weights: FloatArray, bounds: Range | tuple[float, float], group: str, what: str
    ) -> None:
        """One row per form: lo <= sum_u weights[u] x[u, f] <= hi."""
        if isinstance(bounds, Range):
            lo = -math.inf if bounds.minimum is None else float(bounds.minimum)
            hi = math.inf if bounds.maximum is None else float(bounds.maximum)
        else:
            lo, hi = bounds
        w = weights[self.ids]
        for f in range(self.K):
            self.rows.add(self.x(f), w, (lo, hi), group, f"{what} on form {f + 1}")

    def scored_with(self, labels: npt.NDArray[np.str_], name: str) -> FloatArray:
        return self.units.scored_sum((labels == name).astype(float))

    # -- constraint groups -----------------------------------------------------------------

    def blueprint_rows(self) -> None:
        spec, bank, units = self.spec, self.bank, self.units
        n = float(spec.scored_length)
        self.per_form(units.scored, (n, n), LENGTH, "scored items")
        for name, count in spec.domains.items():
            weights = self.scored_with(bank.domain, name)
            self.per_form(weights, (count, count), DOMAINS, f"domain '{name}'")
        for name, bounds in spec.competencies.items():
            weights = self.scored_with(bank.competency, name)
            self.per_form(weights, bounds, COMPETENCIES, f"competency '{name}'")
        for name, bounds in spec.cognitive_levels.items():
            weights = self.scored_with(bank.cognitive_level, name)
            self.per_form(weights, bounds, COGNITIVE, f"cognitive level '{name}'")
        for name, bounds in spec.item_formats.items():
            weights = self.scored_with(bank.item_format, name)
            self.per_form(weights, bounds, FORMATS, f"item format '{name}'")
        p = float(spec.pretest_length)
        self.per_form(units.pretest, (p, p), PRETEST, "pretest items")
        if spec.reading_seconds is not None:
            seconds = units.all_sum(bank.reading_seconds)
            self.per_form(seconds, spec.reading_seconds, READING, "reading seconds")
        for band, column, group, what in (
            (spec.p_mean, bank.p, P_MEAN, "summed p"),
            (spec.rpbis_mean, bank.rpbis, RPBIS_MEAN, "summed point-biserial"),
        ):
            if band is not None:
                # a mean band on a fixed scored length is a band on the sum
                lo = -math.inf if band.minimum is None else band.minimum * n
                hi = math.inf if band.maximum is None else band.maximum * n
                self.per_form(units.scored_sum(column), (lo, hi), group, what)
        self.pretest_reuse_rows()

    def pretest_reuse_rows(self) -> None:
        limit = self.spec.pretest_forms_per_item
        has_pretest = np.flatnonzero(self.units.pretest[self.ids] > 0)
        if limit >= self.K or has_pretest.size == 0:
            return
        cols = np.stack([f * self.U + has_pretest for f in range(self.K)], axis=1)
        first = self.units.members.indices[self.units.members.indptr[self.ids[has_pretest]]]
        labels = [f"forms holding '{name}'" for name in self.bank.item[first].tolist()]
        self.rows.add_block(
            cols,
            np.ones(cols.shape),
            np.array(-math.inf),
            np.array(float(limit)),
            PRETEST_REUSE,
            labels,
        )

    def enemy_rows(self) -> None:
        members = self.units.members[self.ids]
        groups: dict[str, list[int]] = {}
        for i, item_groups in enumerate(self.bank.enemy_groups):
            for g in item_groups:
                groups.setdefault(g, []).append(i)
        for name, items in sorted(groups.items()):
            in_group = np.zeros(len(self.bank))
            in_group[items] = 1.0
            counts = np.asarray(members @ in_group, dtype=float)
            if counts.sum() < 2:
                continue
            for f in range(self.K):
                self.rows.add(
                    self.x(f),
                    counts,
                    (-math.inf, 1.0),
                    ENEMIES,
                    f"enemy group '{name}' on form {f + 1}",
                )

    def overlap_rows(self) -> None:
        if self.limit is None:
            return
        limit = float(self.limit)
        scored = self.units.scored[self.ids]
        pairs = list(itertools.combinations(range(self.K), 2))
        if self.patterns:
            for f, g in pairs:
                cols = [vc for _, vc, forms in self.patterns if f in forms and g in forms]
                vals = [scored[u] for u, _, forms in self.patterns if f in forms and g in forms]
                label = f"items shared by forms {f + 1} and {g + 1}"
                self.rows.add(
                    np.concatenate(cols), np.concatenate(vals), (-math.inf, limit), OVERLAP, label
                )
            return
        self.linearised_overlap(scored, pairs, limit)

    def linearised_overlap(
        self, scored: FloatArray, pairs: list[tuple[int, int]], limit: float
    ) -> None:
        us = np.flatnonzero(scored > 0)
        z = {pair: self.new_cols(us.size, 1.0, integer=False) for pair in pairs}
        no_labels = [""] * us.size
        for (f, g), zc in z.items():
            cols = np.stack([zc, f * self.U + us, g * self.U + us], axis=1)
            vals = np.tile([1.0, -1.0, -1.0], (us.size, 1))
            self.rows.add_block(
                cols, vals, np.array(-1.0), np.array(math.inf), DEFINITION, no_labels
            )
        if self.K >= 3:
            # for K = 2 the k = 1 clique row is the linearisation itself
            x_cols = np.stack([f * self.U + us for f in range(self.K)], axis=1)
            z_cols = np.stack([z[pair] for pair in pairs], axis=1)
            cols = np.concatenate([x_cols, z_cols], axis=1)
            for k in range(1, self.K):
                vals = np.concatenate(
                    [np.full(x_cols.shape, float(k)), np.full(z_cols.shape, -1.0)], axis=1
                )
                self.rows.add_block(
                    cols,
                    vals,
                    np.array(-math.inf),
                    np.array(k * (k + 1) / 2),
                    DEFINITION,
                    no_labels,
                )
        for (f, g), zc in z.items():
            self.rows.add(
                zc,
                scored[us],
                (-math.inf, limit),
                OVERLAP,
                f"items shared by forms {f + 1} and {g + 1}",
            )

    def objective_rows(self) -> None:
        objective = self.spec.objective
        if isinstance(objective, Classical):
            rpbis = self.units.scored_sum(self.bank.rpbis)[self.ids]
            self.x_cost = np.tile(-rpbis, self.K)
            return
        info = self.units.info[self.ids]
        if isinstance(objective, Maximin):
            self.maximin_rows(objective, info)
        else:
            self.parallel_rows(objective, info)

    def maximin_rows(self, objective: Maximin, info: FloatArray) -> None:
        y = int(self.new_cols(1, math.inf, integer=False, cost=-1.0)[0])
        self.objective_cols["y"] = y
        targets = objective.target_values()
        for f in range(self.K):
            cols = np.concatenate([[y], self.x(f)])
            for k, target in enumerate(targets):
                label = f"information at theta {objective.theta[k]:g} on form {f + 1}"
                vals = np.concatenate([[-target], info[:, k]])
                self.rows.add(cols, vals, (0.0, math.inf), DEFINITION, label)
                if objective.spread is not None:
                    vals = np.concatenate([[-(1.0 + objective.spread) * target], info[:, k]])
                    self.rows.add(cols, vals, (-math.inf, 0.0), SPREAD, label)

    def parallel_rows(self, objective: Parallel, info: FloatArray) -> None:
        tif, tcc = reference_curves(self.bank, self.spec)
        curves = (("tif", tif, info, 1.0), ("tcc", tcc, self.units.tcc[self.ids], 1.0))
        for name, target, values, weight in curves:
            if not target.any():
                continue
            if name == "tcc":
                weight = objective.tcc_weight
            d = int(self.new_cols(1, math.inf, integer=False, cost=weight)[0])
            self.objective_cols[name] = d
            for f in range(self.K):
                for k, t in enumerate(target):
                    label = f"{name.upper()} at theta {objective.theta[k]:g} on form {f + 1}"
                    # the curve value gets its own column so the long row is written once
                    c = int(self.new_cols(1, math.inf, integer=False)[0])
                    cols = np.concatenate([[c], self.x(f)])
                    vals = np.concatenate([[-1.0], values[:, k]])
                    self.rows.add(cols, vals, (0.0, 0.0), DEFINITION, label)
                    # |c - t| <= d * t: a relative deviation
                    pair = np.array([c, d])
                    self.rows.add(pair, np.array([1.0, -t]), (-math.inf, t), DEFINITION, label)
                    self.rows.add(pair, np.array([1.0, t]), (t, math.inf), DEFINITION, label)

    def exposure_rows(self, elig: Eligibility) -> None:
        """Diagnosis only: over-used items are present but each use is a violation."""
        over = np.asarray(self.units.members[self.ids] @ elig.overexposed.astype(float))
        for u in np.flatnonzero(over > 0):
            cols = np.array([f * self.U + u for f in range(self.K)])
            items = self.units.items_of(int(self.ids[u]))
            names = ", ".join(self.bank.item[items].tolist())
            self.rows.add(cols, np.ones(self.K), (-math.inf, 0.0), EXPOSURE, names)

    def set_rows(self, elig: Eligibility) -> None:
        """Diagnosis only: sets are split into items that must be chosen together."""
        position = {int(self.units.items_of(int(u))[0]): j for j, u in enumerate(self.ids)}
        for sid, items in set_groups(self.bank).items():
            present = [position[int(i)] for i in items if int(i) in position]
            if len(present) < len(items):
                # a member cannot be used, so the set cannot be whole
                for f in range(self.K):
                    cols = np.array([f * self.U + j for j in present])
                    self.rows.add(
                        cols,
                        np.ones(len(present)),
                        (-math.inf, 0.0),
                        SETS,
                        f"set '{sid}' split on form {f + 1}",
                    )
                continue
            for j0, j1 in itertools.pairwise(present):
                for f in range(self.K):
                    self.rows.add(
                        np.array([f * self.U + j0, f * self.U + j1]),
                        np.array([1.0, -1.0]),
                        (0.0, 0.0),
                        SETS,
                        f"set '{sid}' split on form {f + 1}",
                    )

    # -- assembly of the arrays ------------------------------------------------------------

    def finish(self, relax: frozenset[str], excluded: list[str], pruned: bool) -> Model:
        groups = np.array(self.rows.groups, dtype=str)
        slack_rows = np.flatnonzero(np.isin(groups, sorted(relax)))
        slack_cols = np.zeros(0, dtype=np.int64)
        if slack_rows.size:
            # elastic rows: a.x + s_low - s_high stays within bounds; the slacks are minimised
            self.cost = [0.0] * len(self.cost)
            self.x_cost = np.zeros(self.UK)
            s_low = self.new_cols(slack_rows.size, math.inf, integer=False, cost=1.0)
            s_high = self.new_cols(slack_rows.size, math.inf, integer=False, cost=1.0)
            slack_cols = np.concatenate([s_low, s_high]) - self.UK
            self.rows.cols.append(slack_cols + self.UK)
            self.rows.vals.append(np.repeat([1.0, -1.0], slack_rows.size))
            self.rows.row_ids.append(np.concatenate([slack_rows, slack_rows]))
        n_real = len(self.upper)
        virtual = self.rows.matrix(self.UK + n_real).tocsc()
        # rows over x become rows over the solver's columns through x = T v
        T = sp.csr_array(sp.hstack([self.T, sp.csr_array((self.UK, n_real - self.T.shape[1]))]))
        A = sp.csr_array(virtual[:, : self.UK] @ T + virtual[:, self.UK :])
        cost = np.array(self.cost, dtype=float) + np.asarray(T.T @ self.x_cost, dtype=float)
        return Model(
            c=cost,
            integrality=np.array(self.integer, dtype=float),
            lower=np.zeros(n_real),
            upper=np.array(self.upper, dtype=float),
            A=A,
            row_lower=np.array(self.rows.lower, dtype=float),
            row_upper=np.array(self.rows.upper, dtype=float),
            row_group=groups,
            row_label=self.rows.labels,
            units=self.units,
            unit_ids=self.ids,
            n_forms=self.K,
            T=T,
            formulation=self.formulation if self.limit is not None else "no overlap limit",
            objective_cols={k: v - self.UK for k, v in self.objective_cols.items()},
            slack_cols=slack_cols,
            slack_rows=np.concatenate([slack_rows, slack_rows]),
            excluded_sets=excluded,
            pruned=pruned,
        )
