"""How a study's survey is going: invitations sent, opened, started and completed, responses by
channel and exclusion, response rates by the invitations' region and setting, and the
respondents' shares against the sampling plan."""

from collections import Counter
from dataclasses import asdict, dataclass
from typing import Any

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from hallmark.jobanalysis.data import ExclusionReason, ResponseChannel
from hallmark.jobanalysis.models import Study
from hallmark.psychometrics.job_analysis import Representativeness, representativeness

CELLS = ("region", "setting")  # the invitations' sampling cells


@dataclass(frozen=True)
class Funnel:
    invited: int
    opened: int
    started: int
    completed: int
    reminders: int
    open_link_started: int
    open_link_completed: int
    screened_out: int
    responses_completed: int
    excluded: dict[str, int]  # by reason's label, completed responses only
    analysed: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class CellRate:
    """Invitations of one cell (e.g. region "South") and how many of them completed."""

    dimension: str
    cell: str
    invited: int
    completed: int

    @property
    def rate(self) -> float | None:
        return 100.0 * self.completed / self.invited if self.invited else None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "rate": self.rate}


@dataclass(frozen=True)
class PlanComparison:
    """One subgroup question's respondents against its sampling plan."""

    question: str
    text: str
    result: Representativeness

    def to_dict(self) -> dict[str, Any]:
        return {"question": self.question, "text": self.text, **self.result.to_dict()}


def funnel(study: Study) -> Funnel:
    invitations = study.invitations.aggregate(
        invited=Count("pk"),
        opened=Count("pk", filter=Q(opened_at__isnull=False)),
        started=Count("pk", filter=Q(started_at__isnull=False)),
        completed=Count("pk", filter=Q(completed_at__isnull=False)),
        reminders=Coalesce(Sum("reminders_sent"), 0),
    )
    open_link = study.responses.filter(channel=ResponseChannel.OPEN_LINK)
    completed = study.responses.filter(completed_at__isnull=False)
    reasons = Counter(completed.filter(excluded=True).values_list("exclusion_reason", flat=True))
    return Funnel(
        **invitations,
        open_link_started=open_link.count(),
        open_link_completed=open_link.filter(completed_at__isnull=False).count(),
        screened_out=study.responses.filter(exclusion_reason=ExclusionReason.SCREENED_OUT).count(),
        responses_completed=completed.count(),
        excluded={ExclusionReason(r).label: n for r, n in sorted(reasons.items())},
        analysed=completed.filter(excluded=False).count(),
    )


def cell_rates(study: Study) -> list[CellRate]:
    """Response rates by the invitations' region and setting, cells in name order."""
    rates = []
    for dimension in CELLS:
        rows = (
            study.invitations.exclude(**{dimension: ""})
            .values(dimension)
            .annotate(
                invited=Count("pk"), completed=Count("pk", filter=Q(completed_at__isnull=False))
            )
            .order_by(dimension)
        )
        rates += [CellRate(dimension, r[dimension], r["invited"], r["completed"]) for r in rows]
    return rates


def plan_comparisons(study: Study) -> list[PlanComparison]:
    """Each subgroup question with a sampling plan: the analysed respondents' answers against
    its targets (a respondent who did not answer it is left out of that question)."""
    analysed = list(
        study.responses.filter(completed_at__isnull=False, excluded=False).values_list(
            "background", flat=True
        )
    )
    out = []
    for question in study.background.filter(subgroup=True).prefetch_related("targets"):
        targets = {t.cell: float(t.target_percent) for t in question.targets.all()}
        if not targets:
            continue
        counts = Counter(b.get(question.key) for b in analysed if b.get(question.key))
        out.append(PlanComparison(question.key, question.text, representativeness(counts, targets)))
    return out
