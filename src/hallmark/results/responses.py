"""The scored matrix of a scoring run: one row per result, one column per scored item.

Cells are points: 1 right and 0 wrong, or up to the number of keys on a multiple-response
item scored with partial credit.

It is rebuilt from the run's sittings and the key the run applied (`rules["keys"]`), so the
DIF, decision consistency and the responses export read exactly what the run scored.
"""

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from hallmark.itembank.data import LABEL_SEPARATOR
from hallmark.programs.data import MultipleResponseScoring
from hallmark.psychometrics import response_set_credit
from hallmark.results.models import ScoringRun
from hallmark.results.scoring import SCORED_RIGHT, sittings


@dataclass(frozen=True)
class ScoredMatrix:
    """Rows follow `result_ids`; `items` are the run's scored positions, as text, in order.

    Attributes:
        result_ids: the run's Result ids (the export's `id` column).
        candidate_ids: each row's candidate (only for aggregate group counts).
        items: the scored positions the run kept ("1", "2", ...).
        right: float64 (results, items), the points earned: 1.0 right and 0.0 wrong or
            omitted; up to `maxima` on a partial-credit item.
        maxima: what each item is worth (all 1 unless some item scores partial credit).
    """

    result_ids: list[int]
    candidate_ids: list[int]
    items: list[str]
    right: NDArray[np.float64]
    maxima: tuple[int, ...] = ()

    @property
    def worth(self) -> NDArray[np.float64]:
        """What each item is worth, as a row."""
        return np.array(self.maxima or [1] * len(self.items), dtype=np.float64)

    @property
    def max_raw(self) -> int:
        return int(self.worth.sum())

    @property
    def full(self) -> NDArray[np.float64]:
        """1.0 where an item earned its whole worth, else 0.0 (for methods of 0/1 items)."""
        return (self.right == self.worth).astype(np.float64)


def run_keys(run: ScoringRun) -> dict[str, list[str]]:
    """The key per kept position, in position order (a JSON object's order is not kept)."""
    keys: dict[str, list[str]] = run.rules.get("keys", {})
    return {name: keys[name] for name in sorted(keys, key=int)}


def _points(run: ScoringRun, keys: dict[str, list[str]], answers: list[dict[int, str]]):
    """Per kept position: the points of each row's answer, and what the position is worth."""
    multiple: dict[str, str] = run.rules.get("multiple_response", {})
    columns, maxima = [], []
    for name, accepted in keys.items():
        values = [a.get(int(name), "") for a in answers]
        how = multiple.get(name)
        if how is None:
            columns.append([float(v == SCORED_RIGHT or v in accepted) for v in values])
            maxima.append(1)
            continue
        full = LABEL_SEPARATOR.join(sorted(accepted))
        values = [full if v == SCORED_RIGHT else v for v in values]
        credit = response_set_credit(
            accepted, values, partial=how == MultipleResponseScoring.PARTIAL
        )
        columns.append([float(credit.points.get(v, 0)) for v in values])
        maxima.append(credit.maximum)
    return columns, tuple(maxima)


def scored_matrix(run: ScoringRun) -> ScoredMatrix:
    keys = run_keys(run)
    results = {
        r: (pk, raw) for r, pk, raw in run.results.values_list("registration_id", "pk", "raw")
    }
    kept = [s for s in sittings(run.window, run.form) if s.registration.pk in results]
    if len(kept) != len(results):
        raise ValueError(
            f"{run}: {len(results) - len(kept)} of its results have no sitting any more; "
            "rescore first"
        )
    columns, maxima = _points(run, keys, [s.answers for s in kept])
    right = np.array(columns, dtype=np.float64).reshape(len(keys), len(kept)).T
    result_ids = []
    for sitting, row in zip(kept, right, strict=True):
        result_id, raw = results[sitting.registration.pk]
        if row.sum() != raw:
            raise ValueError(
                f"{run}: result {result_id}'s answers now score {row.sum():g}, not the run's "
                f"{raw}: the sittings changed after the run; rescore first"
            )
        result_ids.append(result_id)
    candidate_ids = [s.registration.candidate_id for s in kept]
    return ScoredMatrix(result_ids, candidate_ids, list(keys), right, maxima)
