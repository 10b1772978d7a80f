"""The demo's fairness part: voluntary demographics for the cohort, a demo-sized DIF minimum,
and the content panel's decision on the item the run classes C.

The cohort is small (about 40), so the program's DIF minimum is set to 15 with the reason
said; a live program keeps the default of 100. Gender answers are drawn so that one item
functions differently for men and women of the same score (women who answered it right are
more often those who say so), which the run's Mantel-Haenszel classes C; first language has
too few "another language" answers to be analysed, so it is not shown.
"""

import random
import warnings

import numpy as np

from hallmark.accounts.data import FirstLanguage, Gender
from hallmark.accounts.models import Demographics, User
from hallmark.exams.data import SessionStatus
from hallmark.exams.models import ExamSession, Form, Response, TestingWindow
from hallmark.programs.models import Program
from hallmark.psychometrics import dif_analysis
from hallmark.results import dif_review
from hallmark.results.models import DifDecision, DifPolicy, DifReview, ScoringRun

DEMO_MIN_GROUP = 15
REASON = (
    "Demo cohort of about 40 candidates: groups of 15 show how DIF review works; the figures "
    "are illustrative only. A live program keeps 100 or more."
)
KEEP_REASON = (
    "The panel read the item with two subject-matter experts: it asks for knowledge every "
    "certified professional needs, in plain wording, with no context that favours one group. "
    "Kept; to be watched in the next window."
)


def _matrix(window: TestingWindow, form: Form) -> tuple[list[int], list[int], np.ndarray]:
    """Candidates, scored positions and the 0/1 matrix of the window's sessions (form keys)."""
    keys = {fi.position: fi.item_version.keys for fi in form.scored_items()}
    positions = sorted(keys)
    sessions = ExamSession.objects.filter(
        form=form, registration__window=window, status=SessionStatus.SUBMITTED
    ).order_by("pk")
    chosen: dict[int, dict[int, str]] = {pk: {} for pk in sessions.values_list("pk", flat=True)}
    answers = Response.objects.filter(session__in=sessions).values_list(
        "session_id", "form_item__position", "selected"
    )
    for session_id, position, selected in answers:
        chosen[session_id][position] = selected
    candidates = list(sessions.values_list("candidate_id", flat=True))
    right = np.array(
        [[float(chosen[s].get(p, "") in keys[p]) for p in positions] for s in chosen],
        dtype=np.float64,
    ).reshape(len(chosen), len(positions))
    return candidates, positions, right


def _genders(right: np.ndarray, column: int, rng: random.Random) -> list[str]:
    """Women mostly among those right on `column`, men among those wrong."""
    return [
        Gender.WOMAN if (row[column] == 1) == (rng.random() < 0.85) else Gender.MAN for row in right
    ]


def _is_c(right: np.ndarray, genders: list[str], column: int) -> bool:
    if min(genders.count(Gender.WOMAN), genders.count(Gender.MAN)) < DEMO_MIN_GROUP:
        return False
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = dif_analysis(right, genders, Gender.MAN, Gender.WOMAN, min_group=1)
    return bool(result.items[column].ets_class_sig == "C")


def seed_demographics(program: Program, window: TestingWindow, form: Form, by: User) -> None:
    """Before scoring: the minimum, and answers that make one item C (once)."""
    if not DifPolicy.objects.filter(program=program).exists():
        dif_review.set_dif_minimum(program, min_group=DEMO_MIN_GROUP, reason=REASON, by=by)
    candidates, _positions, right = _matrix(window, form)
    if not candidates or Demographics.objects.filter(user_id__in=candidates).exists():
        return
    rng = random.Random(20)
    p = right.mean(axis=0)
    for column in sorted(range(right.shape[1]), key=lambda j: abs(p[j] - 0.5)):
        genders = _genders(right, column, rng)
        if _is_c(right, genders, column):
            break
    languages = [
        FirstLanguage.OTHER if k % 8 == 0 else FirstLanguage.ENGLISH for k in range(len(candidates))
    ]
    Demographics.objects.bulk_create(
        Demographics(user_id=c, gender=g, first_language=lang)
        for c, g, lang in zip(candidates, genders, languages, strict=True)
    )


def review(run: ScoringRun, reviewer: User) -> list[str]:
    """After scoring: the panel keeps each C item, with its reason (once)."""
    flagged = dif_review.flagged_in(run)
    for f in flagged:
        if not DifReview.objects.filter(form_item=f.form_item).exists():
            dif_review.decide_dif(
                run, f.form_item, decision=DifDecision.KEEP, reason=KEEP_REASON, by=reviewer
            )
    positions = ", ".join(str(f.form_item.position) for f in flagged) or "none"
    return [
        f"results: DIF of {run} (groups of {DEMO_MIN_GROUP} or more): item(s) {positions} "
        "classed C and kept by the content panel; reviewer@ sees /results/staff/dif/"
    ]
