"""The assembly specification: blueprint, statistical targets and security rules."""

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


class SpecError(ValueError):
    """A bad specification; `field` is the dotted name of the offending field."""

    def __init__(self, field_name: str, detail: str) -> None:
        self.field = field_name
        self.detail = detail
        super().__init__(f"spec field '{field_name}': {detail}")


@dataclass(frozen=True)
class Range:
    """Inclusive bounds; None leaves that side open."""

    minimum: float | None = None
    maximum: float | None = None

    def text(self) -> str:
        low, high = self.minimum, self.maximum
        if low is not None and high is not None:
            return f"= {_num(low)}" if low == high else f"{_num(low)}..{_num(high)}"
        if low is not None:
            return f">= {_num(low)}"
        return "any" if high is None else f"<= {_num(high)}"


@dataclass(frozen=True)
class Overlap:
    """Most scored items any two forms may share: a count, or a share of the scored length."""

    max_items: int | None = None
    max_share: float | None = None

    def limit(self, scored_length: int) -> int:
        if self.max_items is not None:
            return self.max_items
        assert self.max_share is not None
        # the small epsilon keeps e.g. 0.2 * 150 at 30 despite binary rounding
        return math.floor(self.max_share * scored_length + 1e-9)

    def text(self, scored_length: int) -> str:
        if self.max_share is not None:
            return f"{self.max_share:.0%} ({self.limit(scored_length)} items)"
        return f"{self.max_items} items"


@dataclass(frozen=True)
class Exposure:
    """Items used more than `max_uses` times (the bank's times_used, counted over the last
    `windows` testing windows) are not selected."""

    max_uses: int
    windows: int | None = None


@dataclass(frozen=True)
class Maximin:
    """Maximise y such that every form's information at theta[k] is at least y * targets[k]."""

    theta: tuple[float, ...]
    targets: tuple[float, ...] | None = None
    # optional ceiling: information at most (1 + spread) * y * targets[k], so forms stay alike
    spread: float | None = None

    def target_values(self) -> tuple[float, ...]:
        return self.targets if self.targets is not None else (1.0,) * len(self.theta)


@dataclass(frozen=True)
class Parallel:
    """Minimise the largest relative deviation of every form's TIF and TCC from a reference,
    given as targets at theta or as a reference form's items (scaled to the scored length)."""

    theta: tuple[float, ...]
    tif: tuple[float, ...] | None = None
    tcc: tuple[float, ...] | None = None
    reference_form: tuple[str, ...] | None = None
    tcc_weight: float = 1.0


@dataclass(frozen=True)
class Classical:
    """For banks without IRT parameters: maximise the summed point-biserial of the forms
    (mean p and mean point-biserial bands are set with `p_mean` and `rpbis_mean`)."""


Objective = Maximin | Parallel | Classical


@dataclass(frozen=True)
class AssemblySpec:
    """What every form must meet.

    Counts apply to the scored (operational) items of each form; enemies, sets and the reading
    time budget apply to the whole form, pretest items included.
    """

    scored_length: int
    objective: Objective
    domains: Mapping[str, int] = field(default_factory=dict)
    pretest_length: int = 0
    competencies: Mapping[str, Range] = field(default_factory=dict)
    cognitive_levels: Mapping[str, Range] = field(default_factory=dict)
    item_formats: Mapping[str, Range] = field(default_factory=dict)
    overlap: Overlap | None = None
    exposure: Exposure | None = None
    reading_seconds: Range | None = None
    p_mean: Range | None = None
    rpbis_mean: Range | None = None
    pretest_forms_per_item: int = 1
    scaling: float = 1.0

    @property
    def theta(self) -> tuple[float, ...]:
        return () if isinstance(self.objective, Classical) else self.objective.theta


def _num(x: float) -> str:
    return str(int(x)) if float(x).is_integer() else f"{x:g}"


# ---------------------------------------------------------------------------------------------
# validation


def check_spec(spec: AssemblySpec) -> None:
    """Raise SpecError naming the first bad field."""
    _spec_iv(spec)


def _spec_iv(spec: AssemblySpec) -> None:
    _whole(spec.scored_length, "scored_length", low=1)
    _whole(spec.pretest_length, "pretest_length", low=0)
    _whole(spec.pretest_forms_per_item, "pretest_forms_per_item", low=1)
    for name, count in spec.domains.items():
        _whole(count, f"domains.{name}", low=0)
    if spec.domains and sum(spec.domains.values()) != spec.scored_length:
        raise SpecError(
            "domains",
            f"the domain counts add up to {sum(spec.domains.values())}, "
            f"not the scored length {spec.scored_length}",
        )
    for name, bounds in spec.competencies.items():
        _count_range(bounds, f"competencies.{name}")
    for name, bounds in spec.cognitive_levels.items():
        _count_range(bounds, f"cognitive_levels.{name}")
    for name, bounds in spec.item_formats.items():
        _count_range(bounds, f"item_formats.{name}")
    if spec.overlap is not None:
        _overlap_iv(spec.overlap)
    if spec.exposure is not None:
        _whole(spec.exposure.max_uses, "exposure.max_uses", low=0)
        if spec.exposure.windows is not None:
            _whole(spec.exposure.windows, "exposure.windows", low=1)
    if spec.reading_seconds is not None:
        _range(spec.reading_seconds, "reading_seconds", 0.0, math.inf)
    if spec.p_mean is not None:
        _range(spec.p_mean, "p_mean", 0.0, 1.0)
    if spec.rpbis_mean is not None:
        _range(spec.rpbis_mean, "rpbis_mean", -1.0, 1.0)
    _positive(spec.scaling, "scaling")
    _objective_iv(spec.objective, spec.scored_length)


def _whole(value: object, name: str, low: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < low:
        raise SpecError(name, f"{value!r} is not a whole number >= {low}")


def _positive(value: object, name: str) -> None:
    if not (isinstance(value, int | float) and _is_number(value)) or not (
        math.isfinite(value) and value > 0
    ):
        raise SpecError(name, f"{value!r} is not a positive number")


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _range(bounds: Range, name: str, low: float, high: float) -> None:
    for side, value in (("min", bounds.minimum), ("max", bounds.maximum)):
        if value is None:
            continue
        if not _is_number(value) or not (low <= value <= high):
            raise SpecError(f"{name}.{side}", f"{value!r} is not a number in [{low:g}, {high:g}]")
    low_, high_ = bounds.minimum, bounds.maximum
    if low_ is not None and high_ is not None and low_ > high_:
        raise SpecError(name, f"min {bounds.minimum:g} is above max {bounds.maximum:g}")


def _count_range(bounds: Range, name: str) -> None:
    for side, value in (("min", bounds.minimum), ("max", bounds.maximum)):
        if value is not None:
            _whole(value, f"{name}.{side}", low=0)
    _range(bounds, name, 0.0, math.inf)


def _overlap_iv(overlap: Overlap) -> None:
    if (overlap.max_items is None) == (overlap.max_share is None):
        raise SpecError("overlap", "give exactly one of max_items and max_share")
    if overlap.max_items is not None:
        _whole(overlap.max_items, "overlap.max_items", low=0)
    share = overlap.max_share
    if share is not None and (not _is_number(share) or not 0.0 <= share <= 1.0):
        raise SpecError("overlap.max_share", f"{share!r} is not a number in [0, 1]")


def _points(values: tuple[float, ...], name: str, *, positive: bool) -> None:
    if len(values) == 0:
        raise SpecError(name, "needs at least one value")
    for k, value in enumerate(values):
        ok = _is_number(value) and math.isfinite(value) and (value > 0 or not positive)
        if not ok:
            wording = "a positive number" if positive else "a finite number"
            raise SpecError(f"{name}[{k}]", f"{value!r} is not {wording}")


def _objective_iv(objective: Objective, scored_length: int) -> None:
    if isinstance(objective, Classical):
        return
    _points(objective.theta, "objective.theta", positive=False)
    n_theta = len(objective.theta)
    if isinstance(objective, Maximin):
        if objective.targets is not None:
            _points(objective.targets, "objective.targets", positive=True)
            _same_length(objective.targets, n_theta, "objective.targets")
        if objective.spread is not None and not (
            _is_number(objective.spread) and objective.spread >= 0
        ):
            raise SpecError("objective.spread", f"{objective.spread!r} is not a number >= 0")
        return
    if objective.reference_form is not None:
        if objective.tif is not None or objective.tcc is not None:
            raise SpecError("objective", "give tif/tcc targets or a reference_form, not both")
        if len(objective.reference_form) == 0:
            raise SpecError("objective.reference_form", "lists no items")
    elif objective.tif is None and objective.tcc is None:
        raise SpecError("objective", "the parallel objective needs tif, tcc or reference_form")
    if objective.tif is not None:
        _points(objective.tif, "objective.tif", positive=True)
        _same_length(objective.tif, n_theta, "objective.tif")
    if objective.tcc is not None:
        _points(objective.tcc, "objective.tcc", positive=True)
        _same_length(objective.tcc, n_theta, "objective.tcc")
        for k, value in enumerate(objective.tcc):
            if value >= scored_length:
                raise SpecError(f"objective.tcc[{k}]", f"{value:g} is not below the scored length")
    if not (_is_number(objective.tcc_weight) and objective.tcc_weight >= 0):
        raise SpecError("objective.tcc_weight", f"{objective.tcc_weight!r} is not a number >= 0")


def _same_length(values: tuple[float, ...], n: int, name: str) -> None:
    if len(values) != n:
        raise SpecError(name, f"has {len(values)} values for {n} theta points")


# ---------------------------------------------------------------------------------------------
# JSON

_TOP_FIELDS = {
    "scored_length",
    "pretest_length",
    "domains",
    "competencies",
    "cognitive_levels",
    "item_formats",
    "overlap",
    "exposure",
    "reading_seconds",
    "p_mean",
    "rpbis_mean",
    "pretest_forms_per_item",
    "scaling",
    "objective",
}
_OBJECTIVE_FIELDS = {
    "maximin": {"kind", "theta", "targets", "spread"},
    "parallel": {"kind", "theta", "tif", "tcc", "reference_form", "tcc_weight"},
    "classical": {"kind"},
}


def spec_from_dict(data: Mapping[str, Any]) -> AssemblySpec:
    """Build and validate a spec from parsed SPEC.json; SpecError names the bad field."""
    if not isinstance(data, Mapping):
        raise SpecError("(top level)", "must be a JSON object")
    _known(data, _TOP_FIELDS, "")
    for required in ("scored_length", "objective"):
        if required not in data:
            raise SpecError(required, "is required")
    spec = AssemblySpec(
        scored_length=data["scored_length"],
        pretest_length=data.get("pretest_length", 0),
        domains=_mapping(data.get("domains", {}), "domains"),
        competencies={
            k: _parse_range(v, f"competencies.{k}")
            for k, v in _mapping(data.get("competencies", {}), "competencies").items()
        },
        cognitive_levels={
            k: _parse_range(v, f"cognitive_levels.{k}")
            for k, v in _mapping(data.get("cognitive_levels", {}), "cognitive_levels").items()
        },
        item_formats={
            k: _parse_range(v, f"item_formats.{k}")
            for k, v in _mapping(data.get("item_formats", {}), "item_formats").items()
        },
        overlap=_parse_overlap(data.get("overlap")),
        exposure=_parse_exposure(data.get("exposure")),
        reading_seconds=_optional_range(data.get("reading_seconds"), "reading_seconds"),
        p_mean=_optional_range(data.get("p_mean"), "p_mean"),
        rpbis_mean=_optional_range(data.get("rpbis_mean"), "rpbis_mean"),
        pretest_forms_per_item=data.get("pretest_forms_per_item", 1),
        scaling=data.get("scaling", 1.0),
        objective=_parse_objective(data["objective"]),
    )
    _spec_iv(spec)
    return spec


def read_spec(path: str | Path) -> AssemblySpec:
    """Read SPEC.json; SpecError names the bad field (or the JSON syntax error's position)."""
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except json.JSONDecodeError as exc:
        raise SpecError("(file)", f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:
        raise SpecError("(file)", "not usable JSON: nested too deeply") from None
    return spec_from_dict(data)


def _known(data: Mapping[str, Any], allowed: set[str], prefix: str) -> None:
    for key in data:
        if key not in allowed:
            raise SpecError(
                f"{prefix}{key}", f"is not a known field ({', '.join(sorted(allowed))})"
            )


def _mapping(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise SpecError(name, "must be a JSON object")
    return {str(k): v for k, v in value.items()}


def _parse_range(value: Any, name: str) -> Range:
    if isinstance(value, list | tuple):
        if len(value) != 2:
            raise SpecError(name, 'must be [min, max] or {"min": ..., "max": ...}')
        low, high = value
    elif isinstance(value, Mapping):
        _known(value, {"min", "max"}, f"{name}.")
        low, high = value.get("min"), value.get("max")
    else:
        raise SpecError(name, 'must be [min, max] or {"min": ..., "max": ...}')
    for side, v in (("min", low), ("max", high)):
        if v is not None and not _is_number(v):
            raise SpecError(f"{name}.{side}", f"{v!r} is not a number")
    return Range(low, high)


def _optional_range(value: Any, name: str) -> Range | None:
    return None if value is None else _parse_range(value, name)


def _parse_overlap(value: Any) -> Overlap | None:
    if value is None:
        return None
    mapping = _mapping(value, "overlap")
    _known(mapping, {"max_items", "max_share"}, "overlap.")
    return Overlap(max_items=mapping.get("max_items"), max_share=mapping.get("max_share"))


def _parse_exposure(value: Any) -> Exposure | None:
    if value is None:
        return None
    mapping = _mapping(value, "exposure")
    _known(mapping, {"max_uses", "windows"}, "exposure.")
    if "max_uses" not in mapping:
        raise SpecError("exposure.max_uses", "is required")
    return Exposure(max_uses=mapping["max_uses"], windows=mapping.get("windows"))


def _floats(value: Any, name: str) -> tuple[float, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple):
        raise SpecError(name, "must be a list of numbers")
    return tuple(value)


def _parse_objective(value: Any) -> Objective:
    mapping = _mapping(value, "objective")
    kind = mapping.get("kind")
    if kind not in _OBJECTIVE_FIELDS:
        raise SpecError("objective.kind", f"{kind!r} is not one of maximin, parallel, classical")
    _known(mapping, _OBJECTIVE_FIELDS[kind], "objective.")
    if kind == "classical":
        return Classical()
    theta = _floats(mapping.get("theta"), "objective.theta")
    if theta is None:
        raise SpecError("objective.theta", "is required")
    if kind == "maximin":
        return Maximin(
            theta=theta,
            targets=_floats(mapping.get("targets"), "objective.targets"),
            spread=mapping.get("spread"),
        )
    reference = mapping.get("reference_form")
    if reference is not None and (
        not isinstance(reference, list) or not all(isinstance(i, str) for i in reference)
    ):
        raise SpecError("objective.reference_form", "must be a list of item ids")
    return Parallel(
        theta=theta,
        tif=_floats(mapping.get("tif"), "objective.tif"),
        tcc=_floats(mapping.get("tcc"), "objective.tcc"),
        reference_form=None if reference is None else tuple(reference),
        tcc_weight=mapping.get("tcc_weight", 1.0),
    )
