"""The numbers behind a scoring run's charts, each also shown as a table on the run's page:
the raw-score distribution with the cut, pass rates by form and by attempt, p and r by item."""

from dataclasses import dataclass
from typing import Any

from hallmark.results.data import RunStatus
from hallmark.results.models import ScoringRun
from hallmark.results.reports import Distribution


@dataclass(frozen=True)
class PassRate:
    label: str
    passed: int
    sat: int

    @property
    def rate(self) -> float:
        return self.passed / self.sat if self.sat else 0.0


def form_pass_rates(run: ScoringRun) -> list[PassRate]:
    """The current run (held or released) of each form of the run's window."""
    runs = (
        ScoringRun.objects.filter(window=run.window)
        .exclude(status=RunStatus.SUPERSEDED)
        .select_related("form")
        .order_by("form__code", "-number")
    )
    rates, seen = [], set()
    for other in runs:
        if other.form_id in seen:
            continue
        seen.add(other.form_id)
        results = other.results.all()
        rates.append(
            PassRate(other.form.code, results.filter(passed=True).count(), results.count())
        )
    return rates


def attempt_pass_rates(distribution: Distribution) -> list[PassRate]:
    return [
        PassRate("First-time", *distribution.first_time),
        PassRate("Repeat", *distribution.repeat),
    ]


def item_points(run: ScoringRun) -> list[dict[str, Any]]:
    """Position, p and corrected point-biserial r of each scored item."""
    return [
        {"position": i["position"], "p": i["p"], "r": i["r_pbis"]}
        for i in run.analysis.get("items", [])
    ]
