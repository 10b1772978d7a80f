"""From sittings to scores: the response matrix of a window's form, the item analysis with its
flags, and each candidate's raw score, theta, scaled score, pass/fail and domain subscores.

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
from hallmark.psychometrics import item_analysis, raw_cut_from, score_responses
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
    answers: dict[int, str]  # position -> option label ("" omitted; SCORED_RIGHT from a vendor)


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
        ratings = Rating.objects.filter(
            round=last, form_item__in=[k.form_item for k in dropped]
        ).values_list("value", flat=True)
        if ratings:
            n_panelists = max(study.panelists.filter(ratings__round=last).distinct().count(), 1)
            removed = float(sum(ratings, Decimal(0))) / n_panelists
            return cut - removed, f"less the mean ratings of {len(dropped)} dropped item(s)"
    kept = len(keys) - len(dropped)
    return cut * kept / len(keys), f"scaled to the {kept} items left of {len(keys)}"


def _answer(sitting: Sitting, key: EffectiveKey) -> str:
    value = sitting.answers.get(key.form_item.position, "")
    if value == SCORED_RIGHT:  # a vendor's item-level score of 1: right under any key
        return key.keys[0] if key.keys else ""
    return value


def _matrix(rows: list[Sitting], keys: list[EffectiveKey]) -> np.ndarray:
    return np.array([[_answer(s, k) for k in keys] for s in rows], dtype=object).reshape(
        len(rows), len(keys)
    )


def right_matrix(rows: list[Sitting], kept: list[EffectiveKey]) -> np.ndarray:
    """1 where a sitting's answer is one of the position's keys, else 0 (rows x kept keys)."""
    matrix = _matrix(rows, kept)
    return np.array(
        [[v in k.keys for v, k in zip(row, kept, strict=True)] for row in matrix], dtype=float
    ).reshape(len(rows), len(kept))


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


def _analysis(rows: list[Sitting], keys: list[EffectiveKey], notes: list[str]) -> dict[str, Any]:
    kept = [k for k in keys if not k.dropped]
    matrix = _matrix(rows, kept)
    key = {k.name: list(k.keys) for k in kept}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        scored = score_responses(
            matrix, key, items=[k.name for k in kept], trailing_not_reached=False
        )
        analysis = item_analysis(scored).to_dict()
    notes.extend(str(w.message) for w in caught)
    by_name = {k.name: k for k in kept}
    for item in analysis["items"]:
        k = by_name[item["item"]]
        item["position"] = k.form_item.position
        item["identifier"] = k.form_item.item_version.item.identifier
        item["flags"] = _flags(item)
        codes = {f["code"] for f in item["flags"]}
        item["blocking"] = bool(codes & BLOCKING_FLAGS) and k.override is None
    return {**analysis, "raw": scored.raw_scores.tolist()}


def _theta(rows: list[Sitting], kept: list[EffectiveKey], right: np.ndarray) -> list[float] | None:
    """EAP theta where every scored item has IRT parameters in the bank, else None."""
    calibrations = latest_calibrations(k.form_item.item_version for k in kept)
    params = []
    for k in kept:
        stats = calibrations.get(k.form_item.item_version_id)
        if stats is None:
            return None
        params.append((stats.a or 1.0, stats.b, stats.c or 0.0))
    if not rows:
        return None
    a, b, c = (np.array(v, dtype=np.float64) for v in zip(*params, strict=True))
    items = tuple(k.name for k in kept)
    estimates = estimate_ability(right, ItemParameters.from_difficulty(items, a, b, c))
    return [round(float(t), 4) for t in estimates.theta]


def _domains(
    kept: list[EffectiveKey], right: np.ndarray, cut_percent: float
) -> list[list[dict[str, Any]]]:
    groups: dict[str, tuple[str, list[int]]] = {}
    for j, k in enumerate(kept):
        domain = k.form_item.item_version.classification.domain
        groups.setdefault(domain.code, (domain.title, []))[1].append(j)
    out = []
    for row in right:
        domains = []
        for code, (title, columns) in sorted(groups.items()):
            raw = int(row[columns].sum())
            percent = 100.0 * raw / len(columns)
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
                    "max": len(columns),
                    "percent": round(percent, 1),
                    "standing": str(standing),
                }
            )
        out.append(domains)
    return out


def _carried_cut(conversion: Conversion, kept: list[EffectiveKey]) -> tuple[float, str]:
    if len(conversion.equated) != len(kept) + 1:
        raise ValueError(
            f"the equating converts raw scores 0 to {len(conversion.equated) - 1} but "
            f"{len(kept)} items are scored: equate the form again"
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
    notes: list[str] = []
    if conversion is None:
        cut, how = adjusted_cut(decision, keys)
    else:
        cut, how = _carried_cut(conversion, kept)
    raw_cut = max(raw_cut_from(cut), 1)
    if raw_cut > len(kept):
        raise ValueError(f"the raw cut {cut:.2f} is above the {len(kept)} items left to score")
    notes.append(f"raw cut {cut:.2f} ({how}): {raw_cut} of {len(kept)} to pass")
    analysis = _analysis(rows, keys, notes)
    right = right_matrix(rows, kept)
    thetas = _theta(rows, kept, right)
    cut_percent = 100.0 * raw_cut / len(kept)
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
                    else scale.scaled(raw, raw_cut, len(kept))
                ),
                passed=raw >= raw_cut,
                domains=domains[i],
            )
        )
    return Scored(keys, cut, raw_cut, len(kept), analysis, scores, notes)
