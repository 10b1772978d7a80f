"""The scored 0/1 responses of a form's released results as CSV, so that anyone can recompute
a run's statistics (KR-20, DIF, decision consistency) with their own software.

One row per released result (`id` is the result's number, not the candidate), one column per
scored item (the form position), 1 right and 0 wrong or omitted. Each export is recorded in
the access record with the reason given.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np

from hallmark import csv_cells
from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.models import AccessRecord, User
from hallmark.exams.models import Form
from hallmark.lib.permissions import need
from hallmark.results.data import RunStatus
from hallmark.results.models import ScoringRun
from hallmark.results.responses import ScoredMatrix, scored_matrix

PERMISSION = "results.score_window"


class ExportRefused(ValueError):
    """The export cannot be made; the message says why and what to do."""


@dataclass(frozen=True)
class Exported:
    path: Path
    runs: list[ScoringRun]
    rows: int
    items: int


def released_runs(form: Form, window_id: int | None = None) -> list[ScoringRun]:
    runs = ScoringRun.objects.filter(form=form, status=RunStatus.RELEASED).select_related(
        "window", "form"
    )
    if window_id is not None:
        runs = runs.filter(window_id=window_id)
    return list(runs.order_by("window__opens_at", "pk"))


def _matrices(runs: list[ScoringRun], code: str) -> list[ScoredMatrix]:
    try:
        matrices = [scored_matrix(run) for run in runs]
    except ValueError as error:
        raise ExportRefused(str(error)) from error
    if len({tuple(m.items) for m in matrices}) > 1:
        raise ExportRefused(
            f"the released runs of {code} score different items (an item was dropped in one): "
            "export one window at a time (--window ID)"
        )
    return matrices


def export_responses(
    form: Form, out: Path, *, by: User, reason: str, window_id: int | None = None
) -> Exported:
    """Write the scored responses of the form's released runs to `out` and record the export."""
    need(by, PERMISSION, f"export the scored responses of {form.code}")
    if not reason.strip():
        raise ExportRefused("say why the scored responses are exported (--reason)")
    if out.exists():
        raise ExportRefused(f"{out} exists: name a new file (an export never overwrites)")
    if not out.parent.is_dir():
        raise ExportRefused(f"{out.parent} is not a folder")
    runs = released_runs(form, window_id)
    if not runs:
        where = f" in window {window_id}" if window_id is not None else ""
        raise ExportRefused(f"{form.code} has no released scoring run{where}: nothing to export")
    matrices = _matrices(runs, form.code)
    with out.open("x", newline="", encoding="utf-8") as handle:
        writer = csv_cells.writer(handle)
        writer.writerow(["id", *matrices[0].items])
        for matrix in matrices:
            for result_id, row in zip(matrix.result_ids, matrix.right, strict=True):
                writer.writerow([result_id, *np.asarray(row, dtype=int).tolist()])
    rows = sum(len(m.result_ids) for m in matrices)
    AccessRecord.objects.create(
        who=by,
        kind=AccessRecordKind.RESPONSES_EXPORT,
        what=f"scored responses of {form.code} ({rows} released results, "
        f"{len(runs)} run(s)) exported to {out.name}"[:300],
        object_type=Form._meta.label_lower,
        object_id=str(form.pk),
        reason=reason.strip()[:500],
    )
    return Exported(out, runs, rows, len(matrices[0].items))
