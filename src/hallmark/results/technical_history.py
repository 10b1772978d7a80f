"""What the technical report cites by reference: the job analysis and content outline, the
standard-setting studies and cut decisions, the equatings; the program's policies in force at
the period's end; and the exposure of items across forms in the period."""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from hallmark.exams.models import Form, FormItem
from hallmark.programs.models import (
    CasePolicy,
    ContentOutline,
    EligibilityPolicy,
    Program,
    RecertificationPolicy,
    RetakePolicy,
)
from hallmark.results.data import EquatingStatus, RunStatus
from hallmark.results.fairness import min_group
from hallmark.results.models import (
    CutScoreDecision,
    Equating,
    ReportingScale,
    Result,
    ScoringRun,
    Study,
)
from hallmark.results.technical import Period


@dataclass
class History:
    outline: ContentOutline | None
    blueprints: list[tuple[str, str]]  # form code, blueprint
    studies: list[Study]
    decisions: list[CutScoreDecision]
    equatings: list[Equating]


def history(program: Program, forms: list[Form]) -> History:
    decided = CutScoreDecision.objects.filter(form__program=program)
    return History(
        outline=program.current_outline(),
        blueprints=[
            (f.code, f"{f.blueprint} from outline v{f.blueprint.outline.version}") for f in forms
        ],
        studies=list(
            Study.objects.filter(form__program=program)
            .select_related("form")
            .prefetch_related("rounds", "panelists")
            .order_by("created_at")
        ),
        decisions=list(decided.select_related("form", "study").order_by("decided_at", "pk")),
        equatings=list(
            Equating.objects.filter(form__program=program)
            .exclude(status=EquatingStatus.PROPOSED)
            .select_related("form", "base_form")
            .order_by("computed_at", "pk")
        ),
    )


@dataclass
class Policies:
    on: datetime.date
    validity_months: int | None
    eligibility: EligibilityPolicy | None
    retake: RetakePolicy | None
    recertification: RecertificationPolicy | None
    scale: ReportingScale | None
    dif_min_group: int
    cases: CasePolicy | None = None
    criteria: list[Any] = field(default_factory=list)
    ce_categories: list[Any] = field(default_factory=list)


def policies(program: Program, on: datetime.date) -> Policies:
    eligibility = EligibilityPolicy.in_force(program, on)
    recertification = RecertificationPolicy.in_force(program, on)
    return Policies(
        on=on,
        validity_months=program.validity_months,
        eligibility=eligibility,
        retake=RetakePolicy.in_force(program, on),
        recertification=recertification,
        scale=ReportingScale.objects.filter(program=program).first(),
        dif_min_group=min_group(program),
        cases=CasePolicy.in_force(program, on),
        criteria=list(eligibility.criteria.all()) if eligibility else [],
        ce_categories=list(recertification.ce_categories.all()) if recertification else [],
    )


@dataclass(frozen=True)
class Exposure:
    """One form's items: shared with other forms, and how many candidates saw them."""

    code: str
    items: int
    shared: dict[str, int]  # another form's code -> items both forms hold
    seen_mean: float  # candidates per item in the period, over the form's items
    seen_max: int
    candidates: int  # candidates of every form in the period: the rate's denominator

    @property
    def rate_max(self) -> float:
        return self.seen_max / self.candidates if self.candidates else 0.0

    @property
    def rate_mean(self) -> float:
        return self.seen_mean / self.candidates if self.candidates else 0.0


def _sat_per_form(program: Program, period: Period) -> dict[int, int]:
    """Candidates per form: the current run (held or released) of each window closing in the
    period, so a field test's sittings count too (they saw the items)."""
    low, high = period.bounds(program)
    runs = ScoringRun.objects.filter(
        window__program=program, window__closes_at__gte=low, window__closes_at__lt=high
    ).exclude(status=RunStatus.SUPERSEDED)
    latest: dict[tuple[int, int], int] = {}
    for run_id, window_id, form_id in runs.order_by("number").values_list(
        "pk", "window_id", "form_id"
    ):
        latest[(window_id, form_id)] = run_id
    counts = Counter(
        Result.objects.filter(run_id__in=latest.values()).values_list("run__form_id", flat=True)
    )
    return dict(counts)


def exposure(program: Program, period: Period, forms: list[Form]) -> list[Exposure]:
    sat = _sat_per_form(program, period)
    holders: dict[int, set[int]] = {}  # item -> forms holding it (any version)
    codes = dict(Form.objects.filter(program=program).values_list("pk", "code"))
    for form_id, item_id in FormItem.objects.filter(form__program=program).values_list(
        "form_id", "item_version__item_id"
    ):
        holders.setdefault(item_id, set()).add(form_id)
    total = sum(sat.values())
    out = []
    for form in forms:
        items = list(form.items.values_list("item_version__item_id", flat=True))
        shared = Counter(codes[other] for i in items for other in holders[i] if other != form.pk)
        seen = [sum(sat.get(f, 0) for f in holders[i]) for i in items]
        out.append(
            Exposure(
                code=form.code,
                items=len(items),
                shared=dict(sorted(shared.items())),
                seen_mean=sum(seen) / len(seen) if seen else 0.0,
                seen_max=max(seen, default=0),
                candidates=total,
            )
        )
    return out
