"""Statement and domain weights from the survey's means, and item counts for an exam length."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from hallmark.psychometrics.apportion import largest_remainder
from hallmark.psychometrics.job_analysis._inclusion import Inclusion
from hallmark.psychometrics.job_analysis._statistics import SurveyStatistics

__all__ = ["WEIGHT_FORMULAS", "Weights", "weights"]

# The scales each formula multiplies the means of. The product of importance and frequency
# means is the usual weight of a task; criticality adds the consequence of doing it wrong.
WEIGHT_FORMULAS: dict[str, tuple[str, ...]] = {
    "importance": ("importance",),
    "importance x frequency": ("importance", "frequency"),
    "importance x frequency x criticality": ("importance", "frequency", "criticality"),
}


@dataclass(frozen=True)
class Weights:
    """The weights of the outline's statements and domains.

    Attributes:
        formula: the formula's name (a key of :data:`WEIGHT_FORMULAS`).
        statements: the statements' names, in the survey's order.
        raw: by statement, the product of the formula's scale means (None when excluded).
        weight: by statement, raw / sum of the included statements' raw weights (0 when
            excluded), so the included weights sum to 1.
        domain_weight: by domain, in first-seen order, the sum of its statements' weights.
        exam_length: the number of items apportioned, if one was given.
        domain_items: by domain, its item count; the counts sum to the exam length.
    """

    formula: str
    statements: list[str]
    raw: dict[str, float | None]
    weight: dict[str, float]
    domain_weight: dict[str, float]
    exam_length: int | None
    domain_items: dict[str, int] | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "formula": self.formula,
            "statements": [
                {"statement": s, "raw": self.raw[s], "weight": self.weight[s]}
                for s in self.statements
            ],
            "domains": [
                {
                    "domain": d,
                    "weight": w,
                    "items": None if self.domain_items is None else self.domain_items[d],
                }
                for d, w in self.domain_weight.items()
            ],
            "exam_length": self.exam_length,
        }


def weights(
    stats: SurveyStatistics,
    domains: Mapping[str, str] | Sequence[str],
    formula: str = "importance x frequency",
    *,
    included: Sequence[Inclusion] | Sequence[bool] | None = None,
    exam_length: int | None = None,
) -> Weights:
    """Weight each included statement by its scale means, then each domain by its statements.

    Args:
        stats: the survey's statement statistics.
        domains: each statement's domain, by statement name or in the statements' order.
        formula: "importance", "importance x frequency" (product of the means) or
            "importance x frequency x criticality".
        included: which statements enter the outline, as :func:`inclusion` returned or as
            booleans in the statements' order; default all.
        exam_length: if given, the domains' item counts by largest-remainder apportionment of
            this many items to the domain weights.

    An included statement needs a mean on every scale of the formula. A domain whose statements
    are all excluded keeps a weight of 0 and gets no items.
    """
    domain_of, keep = _weights_iv(stats, domains, formula, included, exam_length)
    raw: dict[str, float | None] = {}
    for j, name in enumerate(stats.statements):
        if not keep[j]:
            raw[name] = None
            continue
        product = 1.0
        for key in WEIGHT_FORMULAS[formula]:
            mean = stats.scales[key].statements[j].mean
            if mean is None:
                raise ValueError(f"statement {name!r} is included but has no {key} ratings")
            product *= mean
        raw[name] = product
    total = sum(r for r in raw.values() if r is not None)
    if total <= 0:
        raise ValueError(
            f"the included statements' {formula} weights are all 0: nothing to normalise"
        )
    weight = {name: (0.0 if r is None else r / total) for name, r in raw.items()}
    domain_weight: dict[str, float] = {}
    for name in stats.statements:
        domain_weight[domain_of[name]] = domain_weight.get(domain_of[name], 0.0) + weight[name]
    domain_items = None
    if exam_length is not None:
        counts = largest_remainder(list(domain_weight.values()), exam_length)
        domain_items = dict(zip(domain_weight, counts, strict=True))
    return Weights(
        formula, list(stats.statements), raw, weight, domain_weight, exam_length, domain_items
    )


def _weights_iv(
    stats: SurveyStatistics,
    domains: Mapping[str, str] | Sequence[str],
    formula: str,
    included: Sequence[Inclusion] | Sequence[bool] | None,
    exam_length: int | None,
) -> tuple[dict[str, str], list[bool]]:
    if formula not in WEIGHT_FORMULAS:
        raise ValueError(f"unknown formula {formula!r}: one of {', '.join(WEIGHT_FORMULAS)}")
    for key in WEIGHT_FORMULAS[formula]:
        if key not in stats.scales:
            raise ValueError(f"formula {formula!r} needs {key} ratings, which the statistics lack")
    names = stats.statements
    if isinstance(domains, Mapping):
        missing = [s for s in names if s not in domains]
        if missing:
            raise ValueError(f"domains gives no domain for statement {missing[0]!r}")
        domain_of = {s: str(domains[s]) for s in names}
    else:
        if isinstance(domains, str) or len(domains) != len(names):
            raise ValueError(
                f"domains must give one domain for each of the {len(names)} statements"
            )
        domain_of = {s: str(d) for s, d in zip(names, domains, strict=True)}
    if included is None:
        keep = [True] * len(names)
    else:
        if len(included) != len(names):
            raise ValueError(f"included has {len(included)} entries, expected {len(names)}")
        keep = []
        for name, entry in zip(names, included, strict=True):
            if isinstance(entry, Inclusion):
                if entry.statement != name:
                    raise ValueError(
                        f"included names {entry.statement!r} where {name!r} was expected"
                    )
                keep.append(entry.included)
            else:
                keep.append(bool(entry))
    if exam_length is not None and (isinstance(exam_length, bool) or exam_length < 0):
        raise ValueError(f"the exam length must be zero or more, got {exam_length}")
    return domain_of, keep
