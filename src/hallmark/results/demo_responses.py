"""Simulated answers for the demo's administrations, drawn from the bank's 2PL parameters."""

import math
import random
from collections.abc import Mapping, Sequence

from hallmark.exams.models import Form, FormItem
from hallmark.itembank.data import LABEL_SEPARATOR, ItemKind
from hallmark.itembank.models import ItemVersion
from hallmark.itembank.queries import latest_calibrations

D = 1.702
# A window's candidates' abilities on the bank's θ scale: a prepared, experienced group, abler
# and more alike than the calibration sample, so that a form's items are mostly answered right
# (mean p near .75), about seven in ten pass a standard near 71% correct, and a 115-item form's
# KR-20 is near .90, as in a real certification (a wider spread would make it near .95).
ABILITY = (0.95, 0.45)  # mean, standard deviation


def item_parameters(form: Form) -> dict[int, tuple[float, float]]:
    """Position -> (a, b) from the bank's latest IRT statistics (a middling item if none)."""
    form_items = list(form.items.select_related("item_version"))
    calibrations = latest_calibrations(fi.item_version for fi in form_items)
    out = {}
    for fi in form_items:
        stats = calibrations.get(fi.item_version_id)
        out[fi.position] = (
            (stats.a or 1.0, stats.b) if stats and stats.b is not None else (1.0, 0.0)
        )
    return out


def p_right(theta: float, a: float, b: float) -> float:
    """The 2PL probability that a candidate of ability θ answers the item (a, b) right."""
    return 1 / (1 + math.exp(-D * a * (theta - b)))


def _answer(version: ItemVersion, theta: float, a: float, b: float, rng: random.Random) -> str:
    """The key with the 2PL probability of a right answer, else a wrong option at random."""
    if version.kind == ItemKind.MULTIPLE:
        return _pattern(version, p_right(theta, a, b), rng)
    if rng.random() < p_right(theta, a, b):
        return str(version.keys[0])
    labels = [label for label, _ in version.labelled_options()]
    return rng.choice([label for label in labels if label not in version.keys])


def _pattern(version: ItemVersion, p: float, rng: random.Random) -> str:
    """A multiple-response answer: every key with probability `p`; otherwise a plausible wrong
    pattern, each key kept with probability `p` and the rest made up with wrong options, as
    many options in all as the item has keys (what "select N" asks)."""
    keys = sorted(str(k) for k in version.keys)
    if rng.random() < p:
        return LABEL_SEPARATOR.join(keys)
    kept = [k for k in keys if rng.random() < p]
    others = [label for label, _ in version.labelled_options() if label not in keys]
    wrong = rng.sample(others, k=min(len(others), max(1, len(keys) - len(kept))))
    kept = kept[: max(0, len(keys) - len(wrong))]
    return LABEL_SEPARATOR.join(sorted(kept + wrong))


def answers(
    items: Sequence[FormItem],
    parameters: dict[int, tuple[float, float]],
    theta: float,
    rng: random.Random,
    harder: Mapping[int, float] | None = None,
) -> dict[int, str]:
    """Position -> the option one candidate of ability θ chose, item by item in the given order;
    `harder` adds to some positions' difficulty for this candidate (DIF)."""
    shift = harder or {}
    chosen = {}
    for fi in items:
        a, b = parameters[fi.position]
        chosen[fi.position] = _answer(
            fi.item_version, theta, a, b + shift.get(fi.position, 0.0), rng
        )
    return chosen
