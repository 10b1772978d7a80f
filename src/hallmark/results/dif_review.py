"""The DIF review queue and the content panel's decisions.

An item is in the queue when a current run (held or released) of its form classes it C for
some focal group. What the panel sees is aggregate: group sizes, proportions right and the
statistics, for groups of at least the run's minimum. A decision to drop is also a key
override, so a rescore is needed before release, as for any key decision.
"""

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from hallmark.accounts.models import User
from hallmark.exams.models import FormItem
from hallmark.lib.permissions import need
from hallmark.programs.models import Program
from hallmark.results.data import KeyAction, RunStatus
from hallmark.results.fairness import c_positions, labels
from hallmark.results.models import DifDecision, DifPolicy, DifReview, ScoringRun
from hallmark.results.models.fairness import DIF_GROUP_FLOOR
from hallmark.results.services import override_key


@dataclass
class Flagged:
    """One form position that a run's DIF classed C, with every comparison's row for it."""

    run: ScoringRun
    form_item: FormItem
    rows: list[dict[str, Any]] = field(default_factory=list)  # comparison and item statistics
    review: DifReview | None = None

    @property
    def c_rows(self) -> list[dict[str, Any]]:
        return [r for r in self.rows if r["ets_class"] == "C"]


def item_rows(run: ScoringRun, position: int) -> list[dict[str, Any]]:
    """Every comparison's statistics of one position, with the groups compared."""
    rows = []
    for comparison in run.analysis.get("dif", {}).get("comparisons", []):
        for row in comparison["items"]:
            if row["item"] == str(position):
                groups = {k: v for k, v in comparison.items() if k not in ("items", "c_items")}
                words = labels(comparison["variable"], comparison["reference"], comparison["focal"])
                names = ("variable_label", "reference_label", "focal_label")
                named = dict(zip(names, words, strict=True))
                rows.append({**groups, **named, **row})
    return rows


def current_review(form_item: FormItem) -> DifReview | None:
    return DifReview.objects.filter(form_item=form_item, superseded_at__isnull=True).first()


def flagged_in(run: ScoringRun) -> list[Flagged]:
    positions = c_positions(run)
    items = {fi.position: fi for fi in run.form.items.filter(position__in=positions)}
    return [Flagged(run, items[p], item_rows(run, p), current_review(items[p])) for p in positions]


def queue() -> list[Flagged]:
    """Every C item of the current runs, newest run first; decided ones carry their review."""
    runs = (
        ScoringRun.objects.exclude(status=RunStatus.SUPERSEDED)
        .select_related("window", "form")
        .order_by("-created_at", "-pk")
    )
    return [flagged for run in runs for flagged in flagged_in(run)]


@transaction.atomic
def decide_dif(
    run: ScoringRun, form_item: FormItem, *, decision: str, reason: str, by: User
) -> DifReview:
    """Record the panel's decision on a C item; a drop is a key override (rescore needed)."""
    if by is None:
        raise PermissionDenied("A person records a DIF review decision.")
    need(by, "results.review_dif", f"record a DIF decision on {form_item}")
    where = f"{run.form} item {form_item.position}"
    if form_item.form_id != run.form_id or form_item.position not in c_positions(run):
        raise ValidationError(f"{where}: {run} does not class it C; nothing to review.")
    if decision not in DifDecision.values:
        raise ValidationError(f"{where}: choose keep, revise or drop (not {decision!r}).")
    if not reason.strip():
        raise ValidationError(f"{where}: give the panel's reason for the DIF decision.")
    override = None
    if decision == DifDecision.DROP:
        override = override_key(
            form_item, action=KeyAction.DROP, reason=f"DIF review: {reason.strip()}", by=by
        )
    DifReview.objects.filter(form_item=form_item, superseded_at__isnull=True).update(
        superseded_at=timezone.now()
    )
    return DifReview.objects.create(
        run=run,
        form_item=form_item,
        decision=decision,
        reason=reason.strip(),
        key_override=override,
        by=by,
    )


@transaction.atomic
def set_dif_minimum(program: Program, *, min_group: int, reason: str, by: User | None) -> DifPolicy:
    """Set the smallest group a program's DIF analyses and shows, with the reason."""
    need(by, "results.change_difpolicy", f"set the DIF minimum of {program.designation}")
    if min_group < DIF_GROUP_FLOOR:
        raise ValidationError(
            f"{program.designation}: a DIF group is at least {DIF_GROUP_FLOOR} candidates "
            f"(not {min_group}), so that no figure points to a person."
        )
    if not reason.strip():
        raise ValidationError(f"{program.designation}: say why the DIF minimum is {min_group}.")
    policy, _ = DifPolicy.objects.update_or_create(
        program=program,
        defaults={"min_group": min_group, "reason": reason.strip(), "set_by": by},
    )
    return policy
