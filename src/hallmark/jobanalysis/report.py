"""A study's report: its sample, every statement's figures and the panel's decisions, the
weights and the blueprint, recomputed from the responses (not read from the fixed analysis), so
anyone can check that the adopted outline follows from the ratings.

The domain weights are the study's formula over the statements finally kept (the inclusion
criteria, then the panel's latest keep or drop), then the panel's adjustments: as `adopt` makes
them. The blueprint splits the exam length over them as the programs app's blueprint does.
Nothing here writes; the report holds no address.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from hallmark.jobanalysis.analysis import Analysis, analyse, computed_domain_weights, plain
from hallmark.jobanalysis.data import BorderlineDecision
from hallmark.jobanalysis.models import PanelComment, Study
from hallmark.jobanalysis.rules import statements_of
from hallmark.jobanalysis.tracking import (
    CellRate,
    Funnel,
    PlanComparison,
    cell_rates,
    funnel,
    plan_comparisons,
)
from hallmark.psychometrics.apportion import largest_remainder
from hallmark.psychometrics.job_analysis import Weights, weights


@dataclass(frozen=True)
class StatementRow:
    """One statement's figures: importance and frequency, the criteria and the panel's word."""

    code: str
    statement: str
    domain: str
    n: int
    importance_mean: float | None
    importance_sd: float | None
    importance_ci: tuple[float | None, float | None]
    frequency_mean: float | None
    performed_pct: float | None
    meets_criteria: bool
    reasons: tuple[str, ...]  # why the criteria leave it out
    decision: str  # the panel's latest keep or drop, "" for none
    decision_reason: str
    included: bool  # in the adopted outline: the criteria unless the panel decided
    weight: float | None = None  # percent, the formula's over the kept statements; None if out

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "statement": self.statement,
            "domain": self.domain,
            "n": self.n,
            "importance_mean": self.importance_mean,
            "importance_sd": self.importance_sd,
            "importance_ci": list(self.importance_ci),
            "frequency_mean": self.frequency_mean,
            "performed_pct": self.performed_pct,
            "meets_criteria": self.meets_criteria,
            "reasons": list(self.reasons),
            "decision": self.decision or None,
            "decision_reason": self.decision_reason or None,
            "included": self.included,
            "weight": self.weight,
        }


@dataclass(frozen=True)
class DomainRow:
    """A domain's weight in percent: computed over the statements kept, the panel's, final."""

    code: str
    title: str
    computed: Decimal | None  # None: no statement of it is kept
    adjusted: Decimal | None
    reason: str
    items: int | None  # of the exam length, from the final weight

    @property
    def final(self) -> Decimal | None:
        return self.computed if self.adjusted is None else self.adjusted

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "computed": _number(self.computed),
            "adjusted": _number(self.adjusted),
            "reason": self.reason or None,
            "final": _number(self.final),
            "items": self.items,
        }


def _number(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


@dataclass(frozen=True)
class StudyReport:
    study: Study
    analysis: Analysis
    funnel: Funnel
    cell_rates: list[CellRate]
    plan_comparisons: list[PlanComparison]
    statements: list[StatementRow]
    domains: list[DomainRow]

    @property
    def reliability(self) -> float | None:
        """ICC(2,k) of the importance ratings: how far the mean ratings would be reproduced."""
        icc = self.analysis.icc
        return None if icc is None or math.isnan(icc.icc2k) else icc.icc2k

    @property
    def weighted(self) -> list[DomainRow]:
        """The domains of the adopted outline: those with a final weight."""
        return [d for d in self.domains if d.final is not None]

    @property
    def weight_total(self) -> Decimal:
        return sum((d.final for d in self.weighted if d.final is not None), Decimal(0))

    @property
    def left_out(self) -> list[StatementRow]:
        return [s for s in self.statements if not s.meets_criteria]

    @property
    def decided(self) -> list[StatementRow]:
        return [s for s in self.statements if s.decision]

    @property
    def flagged(self) -> list[dict[str, Any]]:
        """The statements a subgroup rated apart from everyone, with those subgroups' means."""
        out = []
        for c in self.analysis.subgroups:
            groups = [g for g in c.subgroups if g.flagged]
            if groups:
                out.append({"comparison": c, "groups": groups})
        return out

    def as_json(self) -> dict[str, Any]:
        a, study = self.analysis, self.study
        return plain(
            {
                "study": study.pk,
                "program": study.program.designation,
                "title": study.title,
                "status": study.status,
                "opened": _day(study.opened_at),
                "closed": _day(study.closed_at),
                "adopted_outline": study.adopted_outline.version if study.adopted_outline else None,
                "respondents": a.respondents,
                "invited": a.invited,
                "response_rate": a.response_rate,
                "reliability": self.reliability,
                "statements": [
                    {
                        "code": s.code,
                        "n": s.n,
                        "importance_mean": s.importance_mean,
                        "frequency_mean": s.frequency_mean,
                        "performed_pct": s.performed_pct,
                        "included": s.included,
                    }
                    for s in self.statements
                ],
                "domains": [{"code": d.code, "weight": _number(d.final)} for d in self.weighted],
                "blueprint": [{"domain": d.code, "items": d.items} for d in self.weighted]
                if study.exam_length
                else [],
                "exam_length": study.exam_length,
                "criteria": {
                    "minimum_mean_importance": float(study.minimum_mean_importance),
                    "minimum_percent_performing": float(study.minimum_percent_performing),
                },
                "weight_formula": study.weight_formula,
                "sample": {
                    "funnel": self.funnel.to_dict(),
                    "completed": a.completed,
                    "excluded": a.excluded,
                    "invitations_completed": a.invitations_completed,
                    "cell_rates": [c.to_dict() for c in self.cell_rates],
                    "plan_comparisons": [p.to_dict() for p in self.plan_comparisons],
                },
                "statement_details": [s.to_dict() for s in self.statements],
                "subgroups": [c.to_dict() for c in a.subgroups],
                "icc": None if a.icc is None else a.icc.to_dict(),
                "domain_weights": [d.to_dict() for d in self.domains],
            }
        )


def _day(at: Any) -> str | None:
    return None if at is None else f"{at:%Y-%m-%d}"


def panel_decisions(study: Study) -> dict[str, PanelComment]:
    """Each statement's latest keep or drop: the one `adopt` follows."""
    latest: dict[str, PanelComment] = {}
    for c in study.comments.exclude(decision="").select_related("competency").order_by("pk"):
        latest[c.competency.code] = c
    return latest


def _statement_rows(study: Study, analysis: Analysis) -> list[StatementRow]:
    decisions = panel_decisions(study)
    importance = analysis.statistics["importance"].statements
    frequency = analysis.statistics["frequency"].statements
    rows = []
    for j, competency in enumerate(statements_of(study)):
        imp, freq, inc = importance[j], frequency[j], analysis.inclusion[j]
        decision = decisions.get(competency.code)
        rows.append(
            StatementRow(
                code=competency.code,
                statement=competency.statement,
                domain=analysis.domains[j],
                n=imp.n,
                importance_mean=imp.mean,
                importance_sd=imp.sd,
                importance_ci=(imp.ci_low, imp.ci_high),
                frequency_mean=freq.mean,
                performed_pct=freq.percent_performing,
                meets_criteria=inc.included,
                reasons=inc.reasons,
                decision=decision.decision if decision else "",
                decision_reason=decision.decision_reason if decision else "",
                included=decision.decision == BorderlineDecision.KEEP if decision else inc.included,
            )
        )
    return rows


def _over_kept(study: Study, analysis: Analysis, kept: Sequence[bool]) -> Weights | None:
    """The formula's weights over the kept statements (None when none is kept)."""
    if not any(kept):
        return None
    try:
        return weights(analysis.statistics, analysis.domains, study.weight_formula, included=kept)
    except ValueError as error:  # a statement kept without ratings on the formula's scales
        raise ValidationError(f"{study}: {error}") from None


def _computed(study: Study, analysis: Analysis, kept: Sequence[bool]) -> dict[str, Decimal]:
    """The formula's domain weights over the kept statements, in percent (2 decimals)."""
    over_kept = _over_kept(study, analysis, kept)
    return {} if over_kept is None else computed_domain_weights({"weights": over_kept.to_dict()})


def _domain_rows(study: Study, analysis: Analysis, kept: Sequence[bool]) -> list[DomainRow]:
    computed = _computed(study, analysis, kept)
    adjusted: dict[str, tuple[Decimal, str]] = {}
    for a in study.adjustments.select_related("domain").order_by("pk"):
        adjusted[a.domain.code] = (a.adjusted_weight, a.reason)
    domains = list(study.draft_outline.domains.order_by("order", "code"))
    final = {
        d.code: adjusted[d.code][0] if d.code in adjusted else computed.get(d.code) for d in domains
    }
    weighted = [code for code, w in final.items() if w is not None]
    items: dict[str, int] = {}
    if study.exam_length and weighted and sum(final[c] or 0 for c in weighted) > 0:
        # The programs app's Blueprint.domain_counts: the largest remainder over the weights.
        counts = largest_remainder([final[c] or Decimal(0) for c in weighted], study.exam_length)
        items = dict(zip(weighted, counts, strict=True))
    return [
        DomainRow(
            code=d.code,
            title=d.title,
            computed=computed.get(d.code),
            adjusted=adjusted[d.code][0] if d.code in adjusted else None,
            reason=adjusted[d.code][1] if d.code in adjusted else "",
            items=items.get(d.code),
        )
        for d in domains
    ]


def study_report(study: Study) -> StudyReport:
    """The study's report from its responses; ValidationError when it has none completed."""
    analysis = analyse(study)
    statements = _statement_rows(study, analysis)
    kept = [s.included for s in statements]
    over_kept = _over_kept(study, analysis, kept)
    if over_kept is not None:  # each competency's share of the outline, as the domains'
        statements = [
            replace(s, weight=100 * over_kept.weight[s.code] if s.included else None)
            for s in statements
        ]
    return StudyReport(
        study=study,
        analysis=analysis,
        funnel=funnel(study),
        cell_rates=cell_rates(study),
        plan_comparisons=plan_comparisons(study),
        statements=statements,
        domains=_domain_rows(study, analysis, kept),
    )
