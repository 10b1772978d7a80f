"""The statistical part of a program's technical report: for each form with released scoring
runs in a period (their windows close in it), the figures an accreditor asks for each year.

Everything is recomputed from the scored 0/1 matrix the runs applied (`responses.scored_matrix`,
the same rows `hallmark results export-responses` writes), pooled over a form's runs in the
period, so anyone can recompute the report from that export. Nothing here writes.
"""

import datetime
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from hallmark.exams.models import Form
from hallmark.jobanalysis.chapter import outline_chapter
from hallmark.programs.models import Program
from hallmark.psychometrics import item_analysis, scores_to_result
from hallmark.results.data import RunStatus
from hallmark.results.fairness import consistency_of, min_group
from hallmark.results.models import Result, ScoringRun
from hallmark.results.reports import repeat_results
from hallmark.results.responses import ScoredMatrix, scored_matrix
from hallmark.results.technical_cut import CutFacts, cut_facts
from hallmark.results.technical_items import DifFacts, ItemSummary, dif_facts, item_summary

RELIABILITY_METHOD = "KR-20"
DECIMALS = 6


# The body's casework (appeals, complaints, discipline) is reported by the apps that hold it, which
# sit above results: each registers a provider when it starts, so results need not know their
# models. A provider returns one row per kind of case: {"kind", "received", "decided",
# "on_time", "open", "outcomes": {label: count}}.
CaseworkProvider = Callable[[Program, "Period"], list[dict[str, Any]]]
_CASEWORK: list[CaseworkProvider] = []


def report_casework_with(provider: CaseworkProvider) -> None:
    """Add `provider`'s rows to every technical report (once, however often it is called)."""
    if provider not in _CASEWORK:
        _CASEWORK.append(provider)


class ReportRefused(ValueError):
    """The report cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Period:
    """Windows closing from `start` to `end`, both days included, in the program's time zone."""

    start: datetime.date
    end: datetime.date

    def bounds(self, program: Program) -> tuple[datetime.datetime, datetime.datetime]:
        zone = program.time_zone
        low = datetime.datetime.combine(self.start, datetime.time.min, tzinfo=zone)
        high = datetime.datetime.combine(
            self.end + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
        )
        return low, high


def date_of(value: str | None, name: str) -> datetime.date | None:
    """A date given as YYYY-MM-DD (None when not given)."""
    if value is None or not value.strip():
        return None
    try:
        return datetime.date.fromisoformat(value.strip())
    except ValueError:
        raise ReportRefused(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from None


def period_of(program: Program, start: datetime.date | None, end: datetime.date | None) -> Period:
    """The period asked for; by default the twelve months that end today (or on `end`)."""
    end = end or (start + datetime.timedelta(days=364) if start else program.today())
    start = start or _year_before(end)
    if start > end:
        raise ReportRefused(f"the period starts ({start}) after it ends ({end})")
    return Period(start, end)


def _year_before(end: datetime.date) -> datetime.date:
    try:
        return end.replace(year=end.year - 1) + datetime.timedelta(days=1)
    except ValueError:  # 29 February
        return end.replace(year=end.year - 1, day=28) + datetime.timedelta(days=1)


def released_runs(program: Program, period: Period) -> dict[Form, list[ScoringRun]]:
    """Each form's released runs of the program's windows closing in the period."""
    low, high = period.bounds(program)
    runs = (
        ScoringRun.objects.filter(
            window__program=program,
            status=RunStatus.RELEASED,
            window__closes_at__gte=low,
            window__closes_at__lt=high,
        )
        .select_related("window", "form__blueprint__outline", "cut__study", "cut__form")
        .order_by("form__code", "window__closes_at", "pk")
    )
    out: dict[Form, list[ScoringRun]] = {}
    for run in runs:
        out.setdefault(run.form, []).append(run)
    return out


def pooled_matrix(form: Form, runs: list[ScoringRun]) -> ScoredMatrix:
    """The scored rows of every run, one matrix: the runs must score the same items and cut."""
    try:
        matrices = [scored_matrix(run) for run in runs]
    except ValueError as error:
        raise ReportRefused(str(error)) from error
    rules = {(tuple(m.items), run.rules["raw_cut"]) for m, run in zip(matrices, runs, strict=True)}
    if len(rules) > 1:
        names = ", ".join(f"{r.window.name} run {r.number}" for r in runs)
        raise ReportRefused(
            f"the released runs of {form.code} in the period ({names}) score different items "
            "or cuts: report a period that holds one of them (--from, --to)"
        )
    return ScoredMatrix(
        [i for m in matrices for i in m.result_ids],
        [c for m in matrices for c in m.candidate_ids],
        matrices[0].items,
        np.vstack([m.right for m in matrices]),
        matrices[0].maxima,
    )


@dataclass(frozen=True)
class Attempts:
    """Candidates, passes, first-time and repeat (an earlier sitting of the program)."""

    candidates: int
    passed: int
    first_time: int
    passed_first_time: int
    repeat: int
    passed_repeat: int


def attempts(runs: list[ScoringRun]) -> Attempts:
    chosen = Result.objects.filter(run__in=runs)
    results = list(chosen)
    again_ids = repeat_results(chosen)
    repeats = [r.pk in again_ids for r in results]
    passed = [r.passed for r in results]
    first = [p for p, again in zip(passed, repeats, strict=True) if not again]
    again = [p for p, again in zip(passed, repeats, strict=True) if again]
    return Attempts(len(results), sum(passed), len(first), sum(first), len(again), sum(again))


def _rate(passed: int, sat: int) -> float | None:
    return round(passed / sat, DECIMALS) if sat else None


def _round(value: Any) -> float | None:
    return None if value is None else round(float(value), DECIMALS)


@dataclass
class FormStatistics:
    form: Form
    runs: list[ScoringRun]
    attempts: Attempts
    smallest_group: int  # a group's pass rate is shown only from this many candidates
    raw: list[int]
    reliability: dict[str, Any]  # KR-20 (alpha), KR-21, SEM, mean, SD of the pooled matrix
    consistency: dict[str, Any]  # Livingston-Lewis at the cut, Lord's CSEM there
    cut: CutFacts
    items: ItemSummary
    dif: DifFacts

    @property
    def pass_rate_repeat(self) -> float | None:
        a = self.attempts
        return _rate(a.passed_repeat, a.repeat) if a.repeat >= self.smallest_group else None

    def as_json(self) -> dict[str, Any]:
        a, rel, con = self.attempts, self.reliability, self.consistency
        return {
            "code": self.form.code,
            "candidates": a.candidates,
            "first_time": a.first_time,
            "repeat": a.repeat,
            "pass_rate": _rate(a.passed, a.candidates),
            "pass_rate_first_time": _rate(a.passed_first_time, a.first_time),
            "reliability": _round(rel.get("alpha")),
            "reliability_method": RELIABILITY_METHOD,
            "sem": _round(rel.get("sem")),
            "csem_at_cut": _round(con.get("csem_at_cut")),
            "decision_consistency": _round(con.get("consistency")),
            "decision_accuracy": _round(con.get("accuracy")),
            "cut_raw": self.cut.raw_cut,
            "cut_scaled": self.cut.scaled_cut,
            "equated_to": self.cut.equated_to,
            "equating_method": self.cut.equating_method,
            "dif_flagged": len(self.dif.flagged),
            "passed": a.passed,
            "pass_rate_repeat": self.pass_rate_repeat,
            "scored_items": rel.get("n_items"),
            "mean_raw": _round(rel.get("mean")),
            "sd_raw": _round(rel.get("sd")),
            "runs": [{"window": r.window.name, "run": r.number} for r in self.runs],
        }


def form_statistics(form: Form, runs: list[ScoringRun]) -> FormStatistics:
    matrix = pooled_matrix(form, runs)
    raw_cut = int(runs[0].rules["raw_cut"])
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a constant item's r is undefined: shown as such
        analysis = item_analysis(
            scores_to_result(matrix.right, items=matrix.items, maxima=matrix.maxima or None)
        ).to_dict()
    reliability = analysis["reliability"]
    alpha = reliability.get("alpha")
    return FormStatistics(
        form=form,
        runs=runs,
        attempts=attempts(runs),
        smallest_group=min_group(form.program),
        raw=[int(v) for v in matrix.right.sum(axis=1)],
        reliability=reliability,
        consistency=consistency_of(matrix, raw_cut, None if alpha is None else float(alpha)),
        cut=cut_facts(runs[0]),
        items=item_summary(analysis["items"], runs),
        dif=dif_facts(form, runs),
    )


@dataclass
class TechnicalReport:
    program: Program
    period: Period
    forms: list[FormStatistics]
    casework: list[dict[str, Any]] = field(default_factory=list)
    # The study the published outline was adopted from (None: the outline came from no study).
    job_analysis: dict[str, Any] | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "program": self.program.designation,
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "forms": [f.as_json() for f in self.forms],
            "casework": self.casework,
            "job_analysis": self.job_analysis,
        }


def technical_report(
    program: Program, start: datetime.date | None = None, end: datetime.date | None = None
) -> TechnicalReport:
    period = period_of(program, start, end)
    by_form = released_runs(program, period)
    if not by_form:
        raise ReportRefused(
            f"{program.designation} has no released scoring run of a window closing from "
            f"{period.start} to {period.end}: choose another period (--from, --to)"
        )
    forms = [form_statistics(form, runs) for form, runs in by_form.items()]
    casework = [row for provider in _CASEWORK for row in provider(program, period)]
    chapter = outline_chapter(program.current_outline())
    return TechnicalReport(program, period, forms, casework, chapter)
