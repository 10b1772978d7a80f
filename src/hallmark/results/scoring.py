"""From sittings to scores: the response matrix of a window's form, the item analysis with its
flags, and each candidate's raw score, theta, scaled score, pass/fail and domain subscores.

Raw scores are points: one per right single-answer or all-or-nothing multiple-response item,
and under partial credit a point per key chosen less one per other option chosen (never below
0) on a multiple-response item, which is then worth its number of keys. The maximum raw score
is the sum of what the items are worth.

Nothing here writes: `services.score_window` stores what `score_sittings` computes. The same
sittings, key and cut always give the same numbers.
"""

import math
import warnings
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import numpy as np

from hallmark.exams.data import SessionStatus
from hallmark.exams.models import ExamSession, Form, Registration, Response, TestingWindow
from hallmark.itembank.queries import latest_calibrations
from hallmark.psychometrics import (
    ScoringResult,
    item_analysis,
    local_dependence,
    raw_cut_from,
    response_set_credit,
    score_responses,
)
from hallmark.psychometrics.irt import ItemParameters, estimate_ability
from hallmark.results.data import BLOCKING_FLAGS, SIMILAR_BAND, Standing
from hallmark.results.keys import EffectiveKey, effective_keys
from hallmark.results.models import CutScoreDecision, Rating, VendorRecord
from hallmark.results.scale import Conversion, Scale

# A vendor's item-level score of 1 (a 0 is read as a wrong, blank answer).
SCORED_RIGHT = "=1"


@dataclass(frozen=True)
class Sitting:
    """One candidate's answers to a form: from a delivered session or a vendor record."""

    registration: Registration
    session: ExamSession | None
    # position -> option label, or labels joined by "|" for multiple response ("" omitted;
    # SCORED_RIGHT from a vendor)
    answers: dict[int, str]


@dataclass
class CandidateScore:
    sitting: Sitting
    raw: int
    theta: float | None
    scaled: int
    passed: bool
    domains: list[dict[str, Any]]


@dataclass
class Scored:
    keys: list[EffectiveKey]
    cut: float
    raw_cut: int
    max_raw: int
    analysis: dict[str, Any]
    scores: list[CandidateScore]
    notes: list[str] = field(default_factory=list)


def sittings(window: TestingWindow, form: Form) -> list[Sitting]:
    """Submitted sessions of the form in the window, then the current vendor records."""
    found = []
    sessions = ExamSession.objects.filter(
        form=form, registration__window=window, status=SessionStatus.SUBMITTED
    ).select_related("registration__candidate")
    answers: dict[int, dict[int, str]] = {}
    chosen = Response.objects.filter(session__in=sessions).values_list(
        "session_id", "form_item__position", "selected"
    )
    for session_id, position, selected in chosen.iterator(chunk_size=10000):
        answers.setdefault(session_id, {})[position] = selected
    for session in sessions.order_by("pk"):
        found.append(Sitting(session.registration, session, answers.get(session.pk, {})))
    delivered = {s.registration.pk for s in found}
    records = VendorRecord.objects.filter(
        batch__window=window, batch__form=form, superseded=False
    ).select_related("registration__candidate")
    for record in records.order_by("pk"):
        if record.registration_id not in delivered:
            cells = {int(p): str(v) for p, v in record.responses.items()}
            if record.scored:
                cells = {p: SCORED_RIGHT if v == "1" else "" for p, v in cells.items()}
            found.append(Sitting(record.registration, None, cells))
    return found


def adjusted_cut(decision: CutScoreDecision, keys: list[EffectiveKey]) -> tuple[float, str]:
    """The decided raw cut less what dropped items contributed to it.

    With the study's final-round ratings, each dropped item takes away its mean Angoff rating
    (what a minimally competent candidate was expected to score on it); without a study, the
    cut shrinks in proportion to the items left.
    """
    cut = float(decision.raw_cut)
    dropped = [k for k in keys if k.dropped]
    if not dropped:
        return cut, "as decided"
    study = decision.study
    if study is not None:
        last = study.rounds.order_by("-number").first()
        worth = {k.form_item.pk: k.maximum for k in dropped}
        ratings = Rating.objects.filter(
            round=last, form_item__in=[k.form_item for k in dropped]
        ).values_list("form_item_id", "value")
        if ratings:
            n_panelists = max(study.panelists.filter(ratings__round=last).distinct().count(), 1)
            # a rating is the share of the item's points the borderline candidate earns
            removed = float(sum((v * worth[i] for i, v in ratings), Decimal(0))) / n_panelists
            return cut - removed, f"less the mean ratings of {len(dropped)} dropped item(s)"
    kept = sum(k.maximum for k in keys if not k.dropped)
    total = sum(k.maximum for k in keys)
    return cut * kept / total, f"scaled to the {kept} points left of {total}"


def _answer(sitting: Sitting, key: EffectiveKey) -> str:
    value = sitting.answers.get(key.form_item.position, "")
    if value == SCORED_RIGHT:  # a vendor's item-level score of 1: right under any key
        return key.answer
    return value


def _matrix(rows: list[Sitting], keys: list[EffectiveKey]) -> np.ndarray:
    return np.array([[_answer(s, k) for k in keys] for s in rows], dtype=object).reshape(
        len(rows), len(keys)
    )


def scored_responses(rows: list[Sitting], kept: list[EffectiveKey]) -> ScoringResult:
    """The sittings' answers scored against the kept keys (a multiple-response position by
    its credit: all or nothing, or partial)."""
    matrix = _matrix(rows, kept)
    key: dict[str, Any] = {}
    for j, k in enumerate(kept):
        if k.multiple:
            key[k.name] = response_set_credit(k.keys, matrix[:, j].tolist(), partial=k.partial)
        else:
            key[k.name] = list(k.keys)
    return score_responses(matrix, key, items=[k.name for k in kept], trailing_not_reached=False)


def right_matrix(rows: list[Sitting], kept: list[EffectiveKey]) -> np.ndarray:
    """The points each sitting earned on each kept position (rows x kept keys): 1 or 0, or
    up to the number of keys on a multiple-response position under partial credit."""
    scored = scored_responses(rows, kept)
    return scored.points(scored.codes).astype(float).reshape(len(rows), len(kept))


def _flags(item: dict[str, Any]) -> list[dict[str, str]]:
    """The analysis' flags, and one more: a distractor the upper group prefers to the key."""
    flags = list(item["flags"])
    options = item.get("options", [])
    key_upper = max((o["upper"] or 0 for o in options if o["key"]), default=0)
    for o in options:
        if not o["key"] and (o["upper"] or 0) > key_upper:
            flags.append(
                {
                    "code": "upper_prefers_distractor",
                    "text": f"the upper group chose {o['option']} ({o['upper']:.0%}) more than "
                    f"the key ({key_upper:.0%})",
                }
            )
            break
    return flags


def _analysis(scored: ScoringResult, kept: list[EffectiveKey], notes: list[str]) -> dict[str, Any]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        analysis = item_analysis(scored).to_dict()
    notes.extend(str(w.message) for w in caught)
    by_name = {k.name: k for k in kept}
    for item in analysis["items"]:
        k = by_name[item["item"]]
        item["position"] = k.form_item.position
        item["identifier"] = k.form_item.item_version.item.identifier
        item["kind"] = k.form_item.item_version.kind
        item["flags"] = _flags(item)
        codes = {f["code"] for f in item["flags"]}
        item["blocking"] = bool(codes & BLOCKING_FLAGS) and k.override is None
    return {**analysis, "raw": scored.raw_scores.tolist()}


def _irt_parameters(kept: list[EffectiveKey], notes: list[str]) -> ItemParameters | None:
    """The bank's IRT parameters of the kept positions, or None (with a note) when a position
    has none or is scored with partial credit (the bank's models are for right/wrong items)."""
    partial = [k.name for k in kept if k.maximum > 1]
    if partial:
        notes.append(
            f"no theta: item(s) {', '.join(partial)} score partial credit, which the bank's "
            "IRT parameters (for items right or wrong) do not model"
        )
        return None
    calibrations = latest_calibrations(k.form_item.item_version for k in kept)
    params = []
    for k in kept:
        stats = calibrations.get(k.form_item.item_version_id)
        if stats is None:
            return None
        params.append((stats.a or 1.0, stats.b, stats.c or 0.0))
    a, b, c = (np.array(v, dtype=np.float64) for v in zip(*params, strict=True))
    return ItemParameters.from_difficulty(tuple(k.name for k in kept), a, b, c)


def _theta(right: np.ndarray, params: ItemParameters | None) -> list[float] | None:
    """EAP theta where every scored item has IRT parameters in the bank, else None."""
    if params is None or not len(right):
        return None
    estimates = estimate_ability(right, params)
    return [round(float(t), 4) for t in estimates.theta]


def _local_dependence(
    kept: list[EffectiveKey],
    right: np.ndarray,
    params: ItemParameters | None,
    thetas: list[float] | None,
    analysis: dict[str, Any],
) -> None:
    """Yen's Q3 of the positions sharing a case set's stimulus, flagged onto their items.

    Residuals are from the IRT model at each candidate's theta where the bank has parameters
    for every position, else from the rest-score expectation."""
    sets: dict[int, list[str]] = {}
    for k in kept:
        set_id = k.form_item.item_version.item.item_set_id
        if set_id is not None:
            sets.setdefault(set_id, []).append(k.name)
    pairs = [(a, b) for names in sets.values() for i, a in enumerate(names) for b in names[i + 1 :]]
    if not pairs or len(right) < 2 or len(kept) < 3:
        return
    expected = None
    if params is not None and thetas is not None:
        theta = np.array([t if math.isfinite(t) else np.nan for t in thetas])
        expected = params.probability(theta)
    scores = right / np.array([k.maximum for k in kept], dtype=float)
    result = local_dependence(scores, expected, items=[k.name for k in kept], pairs=pairs)
    how = "IRT at each theta" if expected is not None else "the rest-score expectation"
    analysis["local_dependence"] = {**result.to_dict(), "residuals": how}
    by_name = {item["item"]: item for item in analysis["items"]}
    for a, b, value in result.flagged:
        for this, other in ((a, b), (b, a)):
            by_name[this]["flags"].append(
                {
                    "code": "local_dependence",
                    "text": f"Q3 with item {other} is {value:.2f}, more than "
                    f"{result.critical:.1f} above the mean Q3 ({result.mean_q3:.2f}): the two "
                    "may depend on each other beyond the ability measured",
                }
            )


def _domains(
    kept: list[EffectiveKey], right: np.ndarray, cut_percent: float
) -> list[list[dict[str, Any]]]:
    groups: dict[str, tuple[str, list[int]]] = {}
    for j, k in enumerate(kept):
        domain = k.form_item.item_version.classification.domain
        groups.setdefault(domain.code, (domain.title, []))[1].append(j)
    maxima = np.array([k.maximum for k in kept])
    out = []
    for row in right:
        domains = []
        for code, (title, columns) in sorted(groups.items()):
            raw = int(row[columns].sum())
            top = int(maxima[columns].sum())
            percent = 100.0 * raw / top
            if percent >= cut_percent + SIMILAR_BAND:
                standing = Standing.STRONGER
            elif percent <= cut_percent - SIMILAR_BAND:
                standing = Standing.WEAKER
            else:
                standing = Standing.SIMILAR
            domains.append(
                {
                    "code": code,
                    "title": title,
                    "raw": raw,
                    "max": top,
                    "percent": round(percent, 1),
                    "standing": str(standing),
                }
            )
        out.append(domains)
    return out


def _carried_cut(conversion: Conversion, max_raw: int) -> tuple[float, str]:
    if len(conversion.equated) != max_raw + 1:
        raise ValueError(
            f"the equating converts raw scores 0 to {len(conversion.equated) - 1} but "
            f"the scored items give 0 to {max_raw}: equate the form again"
        )
    if conversion.raw_cut is None:
        raise ValueError("no raw score reaches the base form's cut once equated")
    return float(conversion.raw_cut), conversion.how


def score_sittings(
    rows: list[Sitting],
    form: Form,
    decision: CutScoreDecision,
    scale: Scale,
    conversion: Conversion | None = None,
) -> Scored:
    """Score the sittings against the form's own cut, or, with the `conversion` of an
    approved equating, against the base form's cut carried to this form."""
    keys = effective_keys(form)
    kept = [k for k in keys if not k.dropped]
    if not kept:
        raise ValueError(f"every scored item of {form} is dropped: nothing to score")
    max_raw = sum(k.maximum for k in kept)
    notes: list[str] = []
    if conversion is None:
        cut, how = adjusted_cut(decision, keys)
    else:
        cut, how = _carried_cut(conversion, max_raw)
    raw_cut = max(raw_cut_from(cut), 1)
    if raw_cut > max_raw:
        raise ValueError(f"the raw cut {cut:.2f} is above the {max_raw} points left to score")
    notes.append(f"raw cut {cut:.2f} ({how}): {raw_cut} of {max_raw} to pass")
    scored = scored_responses(rows, kept)
    analysis = _analysis(scored, kept, notes)
    right = scored.points(scored.codes).astype(float).reshape(len(rows), len(kept))
    params = _irt_parameters(kept, notes)
    thetas = _theta(right, params)
    _local_dependence(kept, right, params, thetas, analysis)
    cut_percent = 100.0 * raw_cut / max_raw
    domains = _domains(kept, right, cut_percent)
    scores = []
    for i, sitting in enumerate(rows):
        raw = int(right[i].sum())
        theta = thetas[i] if thetas else None
        if theta is not None and not math.isfinite(theta):
            theta = None
        scores.append(
            CandidateScore(
                sitting=sitting,
                raw=raw,
                theta=theta,
                scaled=(
                    conversion.scaled(scale, raw)
                    if conversion is not None
                    else scale.scaled(raw, raw_cut, max_raw)
                ),
                passed=raw >= raw_cut,
                domains=domains[i],
            )
        )
    return Scored(keys, cut, raw_cut, max_raw, analysis, scores, notes)
