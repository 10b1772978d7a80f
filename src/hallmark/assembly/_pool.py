"""Which items may be selected, grouped into selection units (a single item or a whole set)."""

import math
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from hallmark.psychometrics.irt import item_information, item_probability

from ._bank import OPERATIONAL, PRETEST, FloatArray, IntArray, ItemBank
from ._spec import AssemblySpec, Classical, Maximin, Parallel

BoolArray = npt.NDArray[np.bool_]

# roles an item can take on a form
NONE, SCORED, PRETESTED = 0, 1, 2
# Significant bits kept of every information and probability value the model sees (about six
# significant digits, far finer than calibrated parameters are known).
CURVE_BITS = 20


@dataclass(frozen=True)
class Eligibility:
    """Per item: the role it may take, and whether the exposure rule shuts it out."""

    role: IntArray
    overexposed: BoolArray

    def usable(self, include_overexposed: bool = False) -> BoolArray:
        ok = self.role != NONE
        return ok if include_overexposed else ok & ~self.overexposed


def eligibility(bank: ItemBank, spec: AssemblySpec) -> Eligibility:
    """Operational items with the statistics the spec needs are scored candidates; pretest items
    fill pretest positions; every other status is never selected."""
    needs = np.ones(len(bank), dtype=bool)
    if isinstance(spec.objective, Classical):
        needs &= np.isfinite(bank.rpbis)
    else:
        needs &= bank.has_irt > 0
    if spec.p_mean is not None:
        needs &= np.isfinite(bank.p)
    if spec.rpbis_mean is not None:
        needs &= np.isfinite(bank.rpbis)
    role = np.full(len(bank), NONE, dtype=np.int64)
    role[(bank.status == OPERATIONAL) & needs] = SCORED
    role[bank.status == PRETEST] = PRETESTED
    if spec.exposure is None:
        overexposed = np.zeros(len(bank), dtype=bool)
    else:
        overexposed = bank.times_used > spec.exposure.max_uses
    return Eligibility(role=role, overexposed=overexposed)


@dataclass(frozen=True)
class Units:
    """Selection units: each is one item, or every item of a set (all in or all out).

    `members` is a units x items 0/1 matrix; per-unit attributes are sums over members.
    """

    members: sp.csr_array
    scored: FloatArray  # scored items in the unit
    pretest: FloatArray  # pretest items in the unit
    info: FloatArray  # units x theta: information of the scored items
    tcc: FloatArray  # units x theta: expected score on the scored items
    scored_item: BoolArray  # per item: takes a scored position when its unit is chosen

    @property
    def count(self) -> int:
        return int(self.members.shape[0])

    def scored_sum(self, item_values: FloatArray) -> FloatArray:
        """Sum of an item attribute over each unit's scored items (NaN counts as 0)."""
        values = np.where(self.scored_item, np.nan_to_num(item_values), 0.0)
        return np.asarray(self.members @ values, dtype=float)

    def all_sum(self, item_values: FloatArray) -> FloatArray:
        return np.asarray(self.members @ np.nan_to_num(item_values), dtype=float)

    def items_of(self, unit: int) -> IntArray:
        start, stop = self.members.indptr[unit], self.members.indptr[unit + 1]
        return np.asarray(self.members.indices[start:stop], dtype=np.int64)


def item_curves(bank: ItemBank, spec: AssemblySpec) -> tuple[FloatArray, FloatArray]:
    """Information and probability of every item at the spec's theta points (0 without IRT),
    rounded to `CURVE_BITS` significant bits (see `significant`)."""
    theta = np.asarray(spec.theta, dtype=float)
    usable = bank.has_irt > 0
    a = np.where(usable, bank.a, 1.0)
    b = np.where(usable, bank.b, 0.0)
    d = -a * b  # psychometrics' slope-intercept form; its curves are theta by item
    info = item_information(theta, a, d, bank.c, spec.scaling).T * usable[:, None]
    prob = item_probability(theta, a, d, bank.c, spec.scaling).T * usable[:, None]
    return significant(info), significant(prob)


def significant(values: FloatArray, bits: int = CURVE_BITS) -> FloatArray:
    """`values` rounded to `bits` significant bits, by exact operations only.

    The curves come from exp(), whose last bits differ between processors (numpy runs other
    code on AVX-512 than on AVX2), and the solver follows another path to other forms when a
    single coefficient moves by one ulp. Rounded, the model is the same on every machine
    unless a value lies within a few ulps of a rounding boundary (about one chance in 10**5
    per model). frexp, rint and ldexp are exact, so the rounding itself cannot differ.
    """
    mantissa, exponent = np.frexp(values)
    return np.asarray(np.ldexp(np.rint(np.ldexp(mantissa, bits)), exponent - bits), dtype=float)


def set_groups(bank: ItemBank) -> dict[str, IntArray]:
    """Item positions of every item set, by set id."""
    groups: dict[str, list[int]] = {}
    for i, sid in enumerate(bank.set_id.tolist()):
        if sid:
            groups.setdefault(sid, []).append(i)
    return {k: np.array(v, dtype=np.int64) for k, v in groups.items()}


def build_units(
    bank: ItemBank,
    spec: AssemblySpec,
    elig: Eligibility,
    *,
    include_overexposed: bool = False,
    split_sets: bool = False,
) -> tuple[Units, list[str]]:
    """Units of usable items, and the ids of sets left out because a member is unusable."""
    usable = elig.usable(include_overexposed)
    rows: list[IntArray] = []
    excluded: list[str] = []
    in_set = np.zeros(len(bank), dtype=bool)
    if not split_sets:
        for sid, idx in set_groups(bank).items():
            in_set[idx] = True
            if usable[idx].all():
                rows.append(idx)
            else:
                excluded.append(sid)
    singles = np.flatnonzero(usable & ~in_set)
    rows.extend(singles[:, None])
    rows.sort(key=lambda r: int(r[0]))  # bank order keeps the model (and results) stable
    indptr = np.cumsum([0] + [len(r) for r in rows])
    indices = np.concatenate(rows) if rows else np.zeros(0, dtype=np.int64)
    members = sp.csr_array((np.ones(indices.size), indices, indptr), shape=(len(rows), len(bank)))
    scored_item = elig.role == SCORED
    info, prob = item_curves(bank, spec)
    units = Units(
        members=members,
        scored=np.asarray(members @ scored_item.astype(float), dtype=float),
        pretest=np.asarray(members @ (elig.role == PRETESTED).astype(float), dtype=float),
        info=np.asarray(members @ (info * scored_item[:, None]), dtype=float),
        tcc=np.asarray(members @ (prob * scored_item[:, None]), dtype=float),
        scored_item=scored_item,
    )
    return units, excluded


def reference_curves(bank: ItemBank, spec: AssemblySpec) -> tuple[FloatArray, FloatArray]:
    """Target TIF and TCC of the parallel objective at its theta points (zeros where absent)."""
    objective = spec.objective
    assert isinstance(objective, Parallel)
    n_theta = len(objective.theta)
    if objective.reference_form is not None:
        idx = bank.positions(objective.reference_form, "reference_form item")
        info, prob = item_curves(bank, spec)
        scale = spec.scored_length / idx.size  # a reference of another length sets the shape
        return info[idx].sum(axis=0) * scale, prob[idx].sum(axis=0) * scale
    tif = np.zeros(n_theta) if objective.tif is None else np.asarray(objective.tif, float)
    tcc = np.zeros(n_theta) if objective.tcc is None else np.asarray(objective.tcc, float)
    return tif, tcc


def unit_scores(bank: ItemBank, spec: AssemblySpec, units: Units) -> list[FloatArray]:
    """Rankings of units for the candidate pool (higher is better), one or two of them."""
    per_item = np.maximum(units.scored, 1.0)
    objective = spec.objective
    if isinstance(objective, Classical):
        return [units.scored_sum(bank.rpbis) / per_item]
    if isinstance(objective, Maximin):
        targets = np.asarray(objective.target_values(), dtype=float)
        return [np.asarray((units.info / targets).mean(axis=1) / per_item, dtype=float)]
    # parallel: the items whose curves are closest to the target's per-item share, and the
    # strongest items, which a target at the edge of what the bank can do needs
    tif, tcc = reference_curves(bank, spec)
    n = spec.scored_length
    curves = [(units.info, tif) if tif.any() else (units.tcc, tcc)]
    if tif.any() and tcc.any():
        curves.append((units.tcc, tcc))
    misfit = np.zeros(units.count)
    for values, target in curves:
        share = target / n
        misfit = np.maximum(
            misfit, np.abs(values / per_item[:, None] - share).max(axis=1) / share.max()
        )
    values, target = curves[0]
    level = (values / target).mean(axis=1) / per_item
    return [-misfit, np.asarray(level, dtype=float)]


def candidate_pool(
    bank: ItemBank, spec: AssemblySpec, units: Units, n_forms: int, factor: float
) -> BoolArray:
    """Units worth offering to the solver on a large bank (a documented heuristic).

    Kept: every item set; each single scored item that ranks, by its objective score, within
    the best factor * forms * count of its domain, or within the best forms * max of its
    competency, cognitive level or item format (so every bound can still be reached with
    distinct items);
    and the factor * forms * pretest length least-used single pretest items. The score is
    information relative to the targets (maximin), the point-biserial (classical), or for
    parallel forms two rankings that share the domain quota: closeness of the item's curves
    to the target's per-item share, and information relative to the target. Small banks come
    through whole.
    """
    keep = np.diff(units.members.indptr) > 1
    single = ~keep & (units.scored > 0)
    first = units.members.indices[units.members.indptr[:-1]]
    scores = unit_scores(bank, spec, units)
    orders = [np.argsort(-score, kind="stable") for score in scores]

    def keep_top(labels: npt.NDArray[np.str_], quota: dict[str, int]) -> None:
        for order in orders:
            taken: dict[str, int] = {}
            for u in order:
                if not single[u]:
                    continue
                label = str(labels[first[u]])
                if label in quota and taken.get(label, 0) < quota[label]:
                    taken[label] = taken.get(label, 0) + 1
                    keep[u] = True

    # with two rankings each fills half of the domain quota
    share = factor / len(orders)
    default = math.ceil(share * n_forms * spec.scored_length)
    domain_quota = {d: math.ceil(share * n_forms * n) for d, n in spec.domains.items()}
    if not spec.domains:
        domain_quota = dict.fromkeys(set(bank.domain.tolist()), default)
    keep_top(bank.domain, domain_quota)
    pretest = np.flatnonzero(~keep & (units.pretest > 0))
    uses = bank.times_used[first[pretest]]
    pretest_quota = math.ceil(factor * n_forms * spec.pretest_length)
    keep[pretest[np.argsort(uses, kind="stable")[:pretest_quota]]] = True
    for labels, bounds in (
        (bank.competency, spec.competencies),
        (bank.cognitive_level, spec.cognitive_levels),
        (bank.item_format, spec.item_formats),
    ):
        quota = {
            name: n_forms * int(r.maximum if r.maximum is not None else r.minimum or 0)
            for name, r in bounds.items()
        }
        keep_top(labels, quota)
    return keep
