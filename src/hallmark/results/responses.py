"""The scored 0/1 matrix of a scoring run: one row per result, one column per scored item.

It is rebuilt from the run's sittings and the key the run applied (`rules["keys"]`), so the
DIF, decision consistency and the responses export read exactly what the run scored.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hallmark.results.models import ScoringRun
from hallmark.results.scoring import SCORED_RIGHT, sittings


@dataclass(frozen=True)
class ScoredMatrix:
    """Rows follow `result_ids`; `items` are the run's scored positions, as text, in order.

    Attributes:
        result_ids: the run's Result ids (the export's `id` column).
        candidate_ids: each row's candidate (only for aggregate group counts).
        items: the scored positions the run kept ("1", "2", ...).
        right: float64 (results, items), 1.0 right and 0.0 wrong or omitted.
    """

    result_ids: list[int]
    candidate_ids: list[int]
    items: list[str]
    right: NDArray[np.float64]


def run_keys(run: ScoringRun) -> dict[str, list[str]]:
    """The key per kept position, in position order (a JSON object's order is not kept)."""
    keys: dict[str, list[str]] = run.rules.get("keys", {})
    return {name: keys[name] for name in sorted(keys, key=int)}


def scored_matrix(run: ScoringRun) -> ScoredMatrix:
    keys = run_keys(run)
    results = {
        r: (pk, raw) for r, pk, raw in run.results.values_list("registration_id", "pk", "raw")
    }
    rows: list[list[float]] = []
    result_ids: list[int] = []
    candidate_ids: list[int] = []
    for sitting in sittings(run.window, run.form):
        if sitting.registration.pk not in results:
            continue
        result_id, raw = results[sitting.registration.pk]
        row = [
            float(value == SCORED_RIGHT or value in accepted)
            for value, accepted in ((sitting.answers.get(int(n), ""), keys[n]) for n in keys)
        ]
        if sum(row) != raw:
            raise ValueError(
                f"{run}: result {result_id}'s answers now score {sum(row):g}, not the run's "
                f"{raw}: the sittings changed after the run; rescore first"
            )
        rows.append(row)
        result_ids.append(result_id)
        candidate_ids.append(sitting.registration.candidate_id)
    if len(rows) != len(results):
        raise ValueError(
            f"{run}: {len(results) - len(rows)} of its results have no sitting any more; "
            "rescore first"
        )
    right = np.array(rows, dtype=np.float64).reshape(len(rows), len(keys))
    return ScoredMatrix(result_ids, candidate_ids, list(keys), right)
