"""A study's analysis: the pure statistics of its completed, included responses, and the domain
weights they give."""

import warnings
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError

from hallmark.jobanalysis.models import (
    Rating,
    Study,
)
from hallmark.jobanalysis.rules import statements_of
from hallmark.psychometrics import DegenerateDataWarning
from hallmark.psychometrics.apportion import largest_remainder
from hallmark.psychometrics.job_analysis import (
    SCALES,
    IccResult,
    Inclusion,
    InclusionCriteria,
    Scale,
    SubgroupComparison,
    SurveyStatistics,
    Weights,
    icc,
    inclusion,
    statement_statistics,
    subgroup_agreement,
    weights,
)


def plain(value: Any) -> Any:
    """Figures as JSON every database takes: NaN (an undefined ICC) becomes null."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


@dataclass(frozen=True)
class Analysis:
    """A study's figures, from its completed responses that are not excluded.

    Attributes:
        statements, domains: the statements' codes and each one's domain code, in outline order.
        invited, invitations_completed, completed, excluded, respondents: the counts; the
            respondents are the completed responses analysed.
        response_rate: invitations completed per invitation sent, in percent (None if none).
        statistics, inclusion, subgroups, icc, weights: the pure package's results.
    """

    statements: list[str]
    domains: list[str]
    invited: int
    invitations_completed: int
    completed: int
    excluded: int
    respondents: int
    response_rate: float | None
    statistics: SurveyStatistics
    inclusion: list[Inclusion]
    subgroups: list[SubgroupComparison]
    icc: IccResult | None
    weights: Weights

    def to_dict(self) -> dict[str, Any]:
        return {
            "statements": list(self.statements),
            "domains": list(self.domains),
            "invited": self.invited,
            "invitations_completed": self.invitations_completed,
            "completed": self.completed,
            "excluded": self.excluded,
            "respondents": self.respondents,
            "response_rate": self.response_rate,
            "statistics": self.statistics.to_dict(),
            "inclusion": [i.to_dict() for i in self.inclusion],
            "subgroups": [s.to_dict() for s in self.subgroups],
            "icc": None if self.icc is None else self.icc.to_dict(),
            "weights": self.weights.to_dict(),
        }


def analyse(study: Study) -> Analysis:
    """The study's statistics, inclusion, subgroup agreement, ICCs and weights, from the ratings
    of completed responses that are not excluded (NaN where a statement was not rated)."""
    statements = statements_of(study)
    names = [c.code for c in statements]
    column = {c.pk: j for j, c in enumerate(statements)}
    scale_rows = list(study.scales.all())
    scales = {
        s.key: Scale(SCALES[s.key].name, s.low, s.high, SCALES[s.key].performance)
        for s in scale_rows
    }
    included = study.responses.filter(completed_at__isnull=False, excluded=False)
    responses = list(included.order_by("pk"))
    if not responses:
        raise ValidationError(f"{study}: no completed responses to analyse.")
    row = {r.pk: i for i, r in enumerate(responses)}
    arrays = {key: np.full((len(responses), len(names)), np.nan) for key in scales}
    for response_id, competency_id, key, value in Rating.objects.filter(
        # A subquery, not the ids: a national survey's responses outnumber SQLite's parameters.
        response__in=included,
        value__isnull=False,
    ).values_list("response_id", "competency_id", "scale", "value"):
        if key in arrays and competency_id in column:
            arrays[key][row[response_id], column[competency_id]] = value
    try:
        stats = statement_statistics(arrays, statements=names, scales=scales)
        criteria = InclusionCriteria(
            minimum_mean={"importance": float(study.minimum_mean_importance)},
            minimum_percent_performing=float(study.minimum_percent_performing),
        )
        decided = inclusion(stats, criteria)
        groups = {
            q.key: [r.background.get(q.key) or None for r in responses]
            for q in study.background.filter(subgroup=True)
        }
        subgroups = (
            subgroup_agreement(
                arrays["importance"],
                groups,
                threshold=float(study.subgroup_threshold),
                min_n=study.minimum_subgroup_n,
                scale=scales["importance"],
                statements=names,
            )
            if groups
            else []
        )
        domains = [c.domain.code for c in statements]
        weighted = weights(
            stats,
            domains,
            study.weight_formula,
            included=decided,
            exam_length=study.exam_length,
        )
    except ValueError as error:
        raise ValidationError(f"{study}: {error}") from None
    agreement: IccResult | None
    try:
        with warnings.catch_warnings():
            # Statements all rated alike give NaN ICCs, shown as such.
            warnings.simplefilter("ignore", DegenerateDataWarning)
            agreement = icc(arrays["importance"], scale=scales["importance"], statements=names)
    except ValueError:
        agreement = None  # fewer than two complete respondents
    invitations = study.invitations
    invited = invitations.count()
    invitations_completed = invitations.filter(completed_at__isnull=False).count()
    completed = study.responses.filter(completed_at__isnull=False)
    return Analysis(
        statements=names,
        domains=domains,
        invited=invited,
        invitations_completed=invitations_completed,
        completed=completed.count(),
        excluded=completed.filter(excluded=True).count(),
        respondents=len(responses),
        response_rate=100.0 * invitations_completed / invited if invited else None,
        statistics=stats,
        inclusion=decided,
        subgroups=subgroups,
        icc=agreement,
        weights=weighted,
    )


def computed_domain_weights(figures: Mapping[str, Any]) -> dict[str, Decimal]:
    """The analysis's domain weights in percent with 2 decimals, summing to exactly 100.00 (the
    largest remainder on hundredths); domains without an included statement are left out."""
    shares = {d["domain"]: d["weight"] for d in figures["weights"]["domains"] if d["weight"] > 0}
    hundredths = largest_remainder([Decimal(str(w)) for w in shares.values()], 10000)
    return {d: Decimal(h) / 100 for d, h in zip(shares, hundredths, strict=True)}
