"""A form's items in the technical report: the p and r summary of the pooled matrix, the flags
and key decisions of its runs, and DIF with the content panel's decisions (aggregate only)."""

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hallmark.exams.models import Form
from hallmark.results.data import KeyAction
from hallmark.results.dif_review import c_positions
from hallmark.results.fairness import labels
from hallmark.results.models import DifReview, KeyOverride, ScoringRun


@dataclass(frozen=True)
class Spread:
    mean: float | None
    low: float | None
    high: float | None

    @classmethod
    def of(cls, values: list[float | None]) -> "Spread":
        known = [v for v in values if v is not None]
        if not known:
            return cls(None, None, None)
        return cls(float(np.mean(known)), min(known), max(known))


@dataclass
class ItemSummary:
    positions: list[int]
    p: Spread
    r: Spread
    points: list[dict[str, Any]]  # position, p, r: the chart's data
    flag_counts: dict[str, int]  # flag code -> items with it in any run
    flagged: int  # items with any flag
    dropped: list[str]
    key_decisions: dict[str, int]  # the latest decision per item, by its wording


def _flags(runs: list[ScoringRun]) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for run in runs:
        for item in run.analysis.get("items", []):
            codes = {f["code"] for f in item.get("flags", [])}
            if codes:
                found.setdefault(int(item["position"]), set()).update(codes)
    return found


def _key_decisions(form: Form) -> dict[str, int]:
    latest: dict[int, str] = {}
    for form_item_id, action in KeyOverride.objects.filter(form_item__form=form).values_list(
        "form_item_id", "action"
    ):  # ordered by time: the last one stands
        latest[form_item_id] = action
    words = dict(KeyAction.choices)
    return {str(words[a]): n for a, n in sorted(Counter(latest.values()).items())}


def item_summary(items: list[dict[str, Any]], runs: list[ScoringRun]) -> ItemSummary:
    """`items` are the pooled matrix's item analysis rows (named by position)."""
    points = [{"position": int(i["item"]), "p": i["p"], "r": i["r_pbis"]} for i in items]
    flags = _flags(runs)
    return ItemSummary(
        positions=[pt["position"] for pt in points],
        p=Spread.of([pt["p"] for pt in points]),
        r=Spread.of([pt["r"] for pt in points]),
        points=points,
        flag_counts=dict(sorted(Counter(c for codes in flags.values() for c in codes).items())),
        flagged=len(flags),
        dropped=list(runs[0].rules.get("dropped", [])),
        key_decisions=_key_decisions(runs[0].form),
    )


@dataclass(frozen=True)
class Comparison:
    run: ScoringRun
    variable: str
    reference: str
    focal: str
    n_reference: int
    n_focal: int
    c_items: list[int]


@dataclass
class DifFacts:
    min_group: int | None
    comparisons: list[Comparison] = field(default_factory=list)
    not_analysed: list[str] = field(default_factory=list)  # variables' names
    errors: list[str] = field(default_factory=list)
    flagged: list[int] = field(default_factory=list)  # positions classed C in any run
    reviews: list[DifReview] = field(default_factory=list)  # current, on this form's items


def _comparison(run: ScoringRun, c: dict[str, Any]) -> Comparison:
    variable, reference, focal = labels(c["variable"], c["reference"], c["focal"])
    return Comparison(
        run,
        variable,
        reference,
        focal,
        int(c["n_reference"]),
        int(c["n_focal"]),
        sorted(int(i) for i in c["c_items"]),
    )


def dif_facts(form: Form, runs: list[ScoringRun]) -> DifFacts:
    facts = DifFacts(min_group=None)
    not_analysed: set[str] = set()
    for run in runs:
        dif = run.analysis.get("dif", {})
        if "error" in dif:
            facts.errors.append(f"{run}: {dif['error']}")
        facts.min_group = dif.get("min_group", facts.min_group)
        facts.comparisons.extend(_comparison(run, c) for c in dif.get("comparisons", []))
        not_analysed.update(dif.get("not_analysed", []))
    facts.not_analysed = sorted(labels(v)[0] for v in not_analysed)
    facts.flagged = sorted({p for run in runs for p in c_positions(run)})
    facts.reviews = list(
        DifReview.objects.filter(form_item__form=form, superseded_at__isnull=True)
        .select_related("form_item", "run__window")
        .order_by("form_item__position")
    )
    return facts
