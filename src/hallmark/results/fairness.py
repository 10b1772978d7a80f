"""What every scoring run adds about fairness and consistency: DIF per demographic variable,
and decision consistency, accuracy and the CSEM at the cut. Stored in `run.analysis`.

DIF groups: for each variable the program collects (accounts.Demographics), answers left
blank or declined are left out; the largest group is the reference, and every other group of
at least the minimum (`min_group`) is a focal group compared with it. Smaller groups are
neither analysed nor named, so no table shows a group that could point to a person.
"""

import math
import warnings
from collections import Counter
from typing import Any

import numpy as np
from django.conf import settings

from hallmark.accounts.data import DEMOGRAPHIC_FIELDS, NOT_SAID
from hallmark.accounts.models import Demographics
from hallmark.programs.models import Program
from hallmark.psychometrics import csem_lord, dif_analysis, livingston_lewis
from hallmark.psychometrics.dif import DifGroups
from hallmark.results.models import DifPolicy, DifReview, ScoringRun
from hallmark.results.models.fairness import DIF_GROUP_FLOOR
from hallmark.results.responses import ScoredMatrix, scored_matrix

DIF_VARIABLES = DEMOGRAPHIC_FIELDS  # every question the profile asks "for DIF"
DECLINED = NOT_SAID[0]
CONSISTENCY_METHOD = "livingston-lewis"


def min_group(program: Program) -> int:
    """The program's DIF minimum, else the site's; never below the floor."""
    policy = DifPolicy.objects.filter(program=program).first()
    wanted = policy.min_group if policy else int(settings.HALLMARK_DIF_MIN_GROUP)
    return max(wanted, DIF_GROUP_FLOOR)


def _number(value: Any) -> float | None:
    """JSON keeps no NaN: an undefined statistic is None."""
    number = float(value)
    return None if math.isnan(number) or math.isinf(number) else round(number, 6)


def labels(variable: str, *values: str) -> tuple[str, ...]:
    """The question's name and each answer's wording, as the profile shows them."""
    field = Demographics._meta.get_field(variable)
    words = dict(getattr(field, "choices", None) or [])
    name = str(getattr(field, "verbose_name", variable))
    return (name.capitalize(), *(str(words.get(v, v)) for v in values))


def group_values(candidate_ids: list[int], variable: str) -> list[str | None]:
    """Each row's answer to `variable`; blank and declined are None (left out)."""
    answers = dict(
        Demographics.objects.filter(user_id__in=candidate_ids).values_list("user_id", variable)
    )
    return [
        None if answers.get(c, "") in ("", DECLINED) else str(answers[c]) for c in candidate_ids
    ]


def comparisons(values: list[str | None], minimum: int) -> tuple[str, list[str]] | None:
    """The reference group and the focal groups of one variable, or None (too few)."""
    sizes = Counter(v for v in values if v is not None)
    large = sorted((v for v, n in sizes.items() if n >= minimum), key=lambda v: (-sizes[v], v))
    if len(large) < 2:
        return None
    return large[0], large[1:]


def _item_rows(
    matrix: ScoredMatrix, values: list[str | None], focal: str, reference: str
) -> tuple[DifGroups, list[dict[str, Any]]]:
    # the groups were checked against the minimum already: no size warning here; an item
    # scored with partial credit enters as full credit or not (the methods are for 0/1 items)
    full = matrix.full
    mh, lr = (
        dif_analysis(full, values, focal, reference, method=m, items=matrix.items, min_group=1)
        for m in ("mh", "logistic")
    )
    labels = np.array([v or "" for v in values], dtype=object)
    p_ref = full[labels == reference].mean(axis=0)
    p_focal = full[labels == focal].mean(axis=0)
    rows = []
    for j, (m, g) in enumerate(zip(mh.items, lr.items, strict=True)):
        rows.append(
            {
                "item": m.item,
                "p_reference": _number(p_ref[j]),
                "p_focal": _number(p_focal[j]),
                "mh_chi2": _number(m.mh_chi2),
                "mh_p": _number(m.p_value),
                "alpha_mh": _number(m.alpha_mh),
                "delta_mh": _number(m.delta_mh),
                "delta_se": _number(m.delta_se),
                "ets_class": m.ets_class_sig,
                "lr_chi2": _number(g.lr_chi2),
                "lr_p": _number(g.p_value),
                "delta_r2": _number(g.delta_r2),
                "zt_class": g.zt_class,
                "jg_class": g.jg_class,
            }
        )
    return mh.groups, rows


def dif_of(matrix: ScoredMatrix, minimum: int) -> dict[str, Any]:
    """Every variable's comparisons, each with its group sizes and its items' statistics."""
    out: dict[str, Any] = {
        "min_group": minimum,
        "methods": ["mh", "logistic"],
        "class_rule": "ETS (Mantel-Haenszel delta with significance at 0.05)",
        "comparisons": [],
        "not_analysed": [],
        "notes": [],
    }
    for variable in DIF_VARIABLES:
        values = group_values(matrix.candidate_ids, variable)
        groups = comparisons(values, minimum)
        if groups is None:
            out["not_analysed"].append(variable)
            continue
        reference, focals = groups
        for focal in focals:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                split, rows = _item_rows(matrix, values, focal, reference)
            out["notes"].extend(f"{variable} {focal}: {w.message}" for w in caught)
            out["comparisons"].append(
                {
                    "variable": variable,
                    "reference": reference,
                    "focal": focal,
                    "n_reference": int(split.n_reference),
                    "n_focal": int(split.n_focal),
                    "items": rows,
                    "c_items": [r["item"] for r in rows if r["ets_class"] == "C"],
                }
            )
    return out


def consistency_of(matrix: ScoredMatrix, raw_cut: int, reliability: float | None) -> dict:
    """Livingston-Lewis at the run's cut with its KR-20, and Lord's CSEM at the cut (over the
    maximum raw score, which counts every point of a partial-credit item)."""
    n_items = matrix.max_raw
    counts = np.bincount(matrix.right.sum(axis=1).astype(int), minlength=n_items + 1)
    out: dict[str, Any] = {"method": CONSISTENCY_METHOD, "cut": raw_cut, "n_items": n_items}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out["csem_at_cut"] = _number(csem_lord(raw_cut, n_items))
        try:
            result = livingston_lewis(counts, n_items, [raw_cut], reliability)
        except ValueError as error:
            out["error"] = str(error)
            result = None
    out["notes"] = [str(w.message) for w in caught]
    if result is not None:
        for name in ("accuracy", "consistency", "chance", "kappa"):
            out[name] = _number(getattr(result, name))
        out["false_positive"] = _number(result.false_positive)
        out["false_negative"] = _number(result.false_negative)
        out["reliability"] = _number(result.reliability)
        out["reliability_source"] = "kr20" if reliability is not None else result.reliability_source
        out["effective_length"] = result.effective_length
    return out


def analyse(run: ScoringRun) -> dict[str, Any]:
    """The run's DIF and decision consistency, as stored under run.analysis."""
    try:
        matrix = scored_matrix(run)
    except ValueError as error:
        return {"dif": {"error": str(error)}, "consistency": {"error": str(error)}}
    alpha = (run.analysis.get("reliability") or {}).get("alpha")
    reliability = float(alpha) if alpha is not None else None
    return {
        "dif": dif_of(matrix, min_group(run.window.program)),
        "consistency": consistency_of(matrix, int(run.rules["raw_cut"]), reliability),
    }


def record(run: ScoringRun) -> None:
    """Add the run's fairness and consistency figures to its analysis (score_window calls it)."""
    run.analysis = {**run.analysis, **analyse(run)}
    run.save(update_fields=["analysis"])


def c_positions(run: ScoringRun) -> list[int]:
    """The form positions the run's DIF classes C for some focal group."""
    found = {
        int(name)
        for comparison in run.analysis.get("dif", {}).get("comparisons", [])
        for name in comparison["c_items"]
    }
    return sorted(found)


def dif_problems(run: ScoringRun) -> list[str]:
    """C items without a current DIF review decision (for `release_problems`): release waits
    for the content panel, as it waits for a flagged key."""
    positions = c_positions(run)
    decided = set(
        DifReview.objects.filter(
            form_item__form=run.form,
            form_item__position__in=positions,
            superseded_at__isnull=True,
        ).values_list("form_item__position", flat=True)
    )
    items = run.form.items.filter(position__in=positions).select_related("item_version__item")
    return [
        f"{run.form} item {fi.position} ({fi.item_version.item.identifier}) is classed C for "
        "DIF and has no review decision: the content panel records keep, revise or drop "
        "(DIF review queue)."
        for fi in items.order_by("position")
        if fi.position not in decided
    ]
