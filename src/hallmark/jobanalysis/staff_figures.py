"""The analysis's figures as the staff's pages show them: a row per statement (with the panel's
latest decision and whether it is borderline), the flagged subgroups, and each domain's weight
computed and adjusted with the blueprint's item counts.

Before the study is marked analysed the figures are worked out afresh on each view; after, they
are the fixed snapshot the adopted outline cites."""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from hallmark.jobanalysis.analysis import analyse, computed_domain_weights, plain
from hallmark.jobanalysis.data import BorderlineDecision, StudyStatus
from hallmark.jobanalysis.models import PanelComment, Study, WeightAdjustment
from hallmark.jobanalysis.rules import statements_of
from hallmark.programs.models import HUNDRED, Competency
from hallmark.psychometrics.apportion import largest_remainder

# Near the inclusion line: within these margins of a threshold, on either side.
NEAR_IMPORTANCE = 0.25  # scale points of mean importance
NEAR_PERCENT = 10.0  # percentage points performing


def figures_of(study: Study) -> tuple[dict[str, Any] | None, str]:
    """The figures to show and, when there are none, why not."""
    if study.status in (StudyStatus.ANALYSED, StudyStatus.ADOPTED):
        return study.analysis.figures, ""
    if study.status != StudyStatus.SURVEY_CLOSED:
        return None, "The analysis shows once the survey is closed."
    try:
        return plain(analyse(study).to_dict()), ""
    except ValidationError as error:
        return None, " ".join(error.messages)


@dataclass(frozen=True)
class StatementRow:
    code: str
    text: str  # "" for a statement no longer in the draft outline
    competency: Competency | None
    n: int
    importance: Mapping[str, Any]  # mean, ci_low, ci_high
    frequency_mean: float | None
    percent_performing: float | None
    included: bool
    reasons: list[str]
    decision: PanelComment | None
    borderline: bool

    @property
    def overridden(self) -> bool:
        """The panel's latest decision goes against the inclusion criteria."""
        if self.decision is None:
            return False
        return (self.decision.decision == BorderlineDecision.KEEP) != self.included


def _near(value: float | None, threshold: float, margin: float) -> bool:
    return value is not None and abs(value - threshold) <= margin


def latest_decisions(study: Study) -> dict[int, PanelComment]:
    rows = study.comments.exclude(decision="").select_related("author").order_by("pk")
    return {c.competency_id: c for c in rows}


def statement_rows(study: Study, figures: Mapping[str, Any]) -> list[StatementRow]:
    by_code = {c.code: c for c in statements_of(study)}
    decisions = latest_decisions(study)
    scales = figures["statistics"]["scales"]
    rows = []
    for j, (code, inclusion) in enumerate(
        zip(figures["statements"], figures["inclusion"], strict=True)
    ):
        importance = scales["importance"]["statements"][j]
        frequency = scales["frequency"]["statements"][j]
        percent = frequency["percent_performing"]
        competency = by_code.get(code)
        borderline = _near(
            importance["mean"], float(study.minimum_mean_importance), NEAR_IMPORTANCE
        ) or _near(percent, float(study.minimum_percent_performing), NEAR_PERCENT)
        rows.append(
            StatementRow(
                code=code,
                text=competency.statement if competency else "",
                competency=competency,
                n=importance["n"],
                importance=importance,
                frequency_mean=frequency["mean"],
                percent_performing=percent,
                included=inclusion["included"],
                reasons=inclusion["reasons"],
                decision=decisions.get(competency.pk) if competency else None,
                borderline=borderline,
            )
        )
    return rows


def flagged_subgroups(figures: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The statements on which a subgroup's mean importance differs from everyone's by more
    than the study's threshold."""
    out = []
    for comparison in figures["subgroups"]:
        if comparison["flagged"]:
            groups = [g for g in comparison["subgroups"] if g["flagged"]]
            out.append({**comparison, "flagged_groups": groups})
    return out


@dataclass(frozen=True)
class DomainWeight:
    code: str
    title: str
    computed: Decimal
    adjusted: WeightAdjustment | None
    weight: Decimal
    items: int | None


def domain_weights(study: Study, figures: Mapping[str, Any]) -> tuple[list[DomainWeight], Decimal]:
    """Each weighted domain: computed, the panel's latest adjustment, the weight that stands and
    its items on the exam (when the study has an exam length and the weights sum to 100)."""
    computed = computed_domain_weights(figures)
    adjusted = {
        a.domain.code: a for a in study.adjustments.select_related("domain", "by").order_by("pk")
    }
    weight = {
        code: adjusted[code].adjusted_weight if code in adjusted else w
        for code, w in computed.items()
    }
    total = sum(weight.values(), Decimal(0))
    items: list[int | None] = [None] * len(weight)
    if study.exam_length and total == HUNDRED:
        items = list(largest_remainder(list(weight.values()), study.exam_length))
    titles = dict(study.draft_outline.domains.values_list("code", "title"))
    rows = [
        DomainWeight(code, titles.get(code, ""), computed[code], adjusted.get(code), w, n)
        for (code, w), n in zip(weight.items(), items, strict=True)
    ]
    return rows, total
