"""Read-only summaries: a study's report (Angoff rounds, impact data, Hofstee) and a run's
distribution and pass rates. Nothing here writes."""

import warnings
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from typing import Any

import numpy as np
from django.db.models import Exists, OuterRef, QuerySet

from hallmark.exams.data import RegistrationStatus
from hallmark.exams.models import FormItem, Registration
from hallmark.psychometrics import AngoffResult, HofsteeResult, angoff, hofstee, pass_rate
from hallmark.results.data import RunStatus
from hallmark.results.keys import effective_keys
from hallmark.results.models import Rating, Result, Round, ScoringRun, Study


def latest_run(form_id: int) -> ScoringRun | None:
    """The newest run of a form that is not superseded (its data give the impact)."""
    return (
        ScoringRun.objects.filter(form_id=form_id)
        .exclude(status=RunStatus.SUPERSEDED)
        .order_by("-created_at", "-pk")
        .first()
    )


def _quiet(function: Any, *args: Any) -> tuple[Any, list[str]]:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        value = function(*args)
    return value, [str(w.message) for w in caught]


@dataclass
class RoundSummary:
    round: Round
    panelists: list[str]
    positions: list[int]
    angoff: AngoffResult | None
    complete: bool
    projected_pass_rate: float | None


@dataclass
class StudyReport:
    study: Study
    scored: list[FormItem]
    rounds: list[RoundSummary]
    p_values: dict[int, float | None]
    raw_scores: list[int]
    impact: list[tuple[int, float]]  # raw cut, pass rate
    hofstee: HofsteeResult | None
    notes: list[str] = field(default_factory=list)

    @property
    def final(self) -> RoundSummary | None:
        done = [r for r in self.rounds if r.angoff is not None]
        return done[-1] if done else None

    @property
    def final_angoff(self) -> AngoffResult | None:
        """The Angoff result of the last round that has one."""
        final = self.final
        return None if final is None else final.angoff


def _round_summary(
    round_: Round,
    scored: list[FormItem],
    raw: list[int],
    notes: list[str],
    worth: dict[int, int],
) -> RoundSummary:
    ratings = Rating.objects.filter(round=round_, form_item__in=scored).select_related(
        "panelist__person"
    )
    table: dict[int, dict[int, tuple[float, bool]]] = {}
    names: dict[int, str] = {}
    for r in ratings:
        table.setdefault(r.panelist_id, {})[r.form_item_id] = (float(r.value), r.not_sure)
        names[r.panelist_id] = r.panelist.person.display_name
    ids = [fi.pk for fi in scored]
    full = [p for p, row in table.items() if all(i in row for i in ids)]
    positions = [fi.position for fi in scored]
    if not full:
        return RoundSummary(round_, [], positions, None, False, None)
    values = [[table[p][i][0] for i in ids] for p in full]
    marks = [[table[p][i][1] for i in ids] for p in full]
    points = [worth.get(i, 1) for i in ids]
    result, caught = _quiet(
        partial(angoff, points=points if max(points) > 1 else None), values, marks
    )
    notes.extend(f"round {round_.number}: {m}" for m in caught)
    rate = result.projected_pass_rate(raw) if raw else None
    return RoundSummary(
        round_, [names[p] for p in full], positions, result, len(full) == len(table), rate
    )


def study_report(study: Study) -> StudyReport:
    scored = list(study.form.scored_items().select_related("item_version__item"))
    run = latest_run(study.form_id)
    raw: list[int] = []
    p_values: dict[int, float | None] = {}
    top = len(scored)  # the highest raw score: more where items give partial credit
    if run is not None:
        raw = [int(v) for v in run.analysis.get("raw", [])]
        p_values = {i["position"]: i["p"] for i in run.analysis.get("items", [])}
        top = int(run.rules.get("max_raw", top))
    notes: list[str] = []
    # what each position is worth: a partial-credit item's rating is a share of its points
    worth = {k.form_item.pk: k.maximum for k in effective_keys(study.form)}
    rounds = [_round_summary(r, scored, raw, notes, worth) for r in study.rounds.order_by("number")]
    impact = [(c, pass_rate(raw, c)) for c in range(1, top + 1)] if raw else []
    judgements = [
        [j.lowest_cut, j.highest_cut, j.lowest_fail, j.highest_fail] for j in study.hofstee.all()
    ]
    compromise = None
    if judgements and raw:
        compromise, caught = _quiet(hofstee, raw, top, judgements)
        notes.extend(caught)
    return StudyReport(study, scored, rounds, p_values, raw, impact, compromise, notes)


def item_spread(round_: Round) -> dict[int, dict[str, float]]:
    """Per form item id: the panel's lowest, mean and highest rating in the round."""
    out: dict[int, list[float]] = {}
    for form_item_id, value in round_.ratings.values_list("form_item_id", "value"):
        out.setdefault(form_item_id, []).append(float(value))
    return {
        i: {"low": min(v), "mean": float(np.mean(v)), "high": max(v), "n": len(v)}
        for i, v in out.items()
    }


@dataclass
class Distribution:
    counts: list[tuple[int, int, int]]  # raw score, candidates, bar width in percent
    mean: float
    sd: float
    pass_rate: float
    first_time: tuple[int, int]  # passed, sat
    repeat: tuple[int, int]


def repeat_results(results: QuerySet[Result]) -> set[int]:
    """The results (by pk) whose candidate sat the program in an earlier registration.

    One query however many results: an EXISTS on the candidate's earlier sat registrations.
    """
    earlier = Registration.objects.filter(
        candidate_id=OuterRef("registration__candidate_id"),
        program_id=OuterRef("registration__program_id"),
        status=RegistrationStatus.SAT,
        booked_at__lt=OuterRef("registration__booked_at"),
    )
    return set(results.filter(Exists(earlier)).values_list("pk", flat=True))


def distribution(run: ScoringRun) -> Distribution:
    results = list(run.results.all())
    repeats = repeat_results(run.results.all())
    raw = np.array([r.raw for r in results], dtype=float)
    counts = Counter(int(v) for v in raw)
    top = max(counts.values(), default=1)
    max_raw = results[0].max_raw if results else 0
    bars = [(s, counts.get(s, 0), round(100 * counts.get(s, 0) / top)) for s in range(max_raw + 1)]
    first, repeat = [0, 0], [0, 0]
    for r in results:
        group = repeat if r.pk in repeats else first
        group[0] += int(r.passed)
        group[1] += 1
    return Distribution(
        counts=bars,
        mean=float(raw.mean()) if raw.size else 0.0,
        sd=float(raw.std()) if raw.size else 0.0,
        pass_rate=float(np.mean([r.passed for r in results])) if results else 0.0,
        first_time=(first[0], first[1]),
        repeat=(repeat[0], repeat[1]),
    )


def released_result(result_id: int, candidate_id: int) -> Result | None:
    return (
        Result.objects.filter(
            pk=result_id, candidate_id=candidate_id, run__status=RunStatus.RELEASED
        )
        .select_related("run__window__program", "run__form", "registration")
        .first()
    )
