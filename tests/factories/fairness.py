"""A scored window whose candidates answered the demographic questions, with one item that
functions differently for men (DIF), for the fairness tests."""

import math
import random

from hallmark.accounts.data import FirstLanguage, Gender
from hallmark.accounts.models import Demographics
from hallmark.exams import models as em
from hallmark.programs import models as pm

from factories.results import scoring_ground, submitted_session

__all__ = ["DIF_GENDERS", "DIF_KEYS", "DIF_STUDIED", "dif_ground"]

DIF_KEYS = ["A", "B", "C", "D", "A", "B", "C", "D"]
WRONG = {"A": "B", "B": "C", "C": "D", "D": "A"}
DIF_STUDIED = 3  # harder for men of the same ability (by 1.3 logits)
# 44 women, 30 men, 6 non-binary (under a minimum of 20), 4 declined, 6 blank
DIF_GENDERS = [Gender.WOMAN] * 44 + [Gender.MAN] * 30 + [Gender.NON_BINARY] * 6
DIF_GENDERS += [Gender.DECLINED] * 4 + [""] * 6


def _answers(theta: float, man: bool, rng: random.Random) -> str:
    letters = []
    for position, key in enumerate(DIF_KEYS, start=1):
        b = -1.2 + 0.3 * position + (1.3 if man and position == DIF_STUDIED else 0.0)
        right = rng.random() < 1 / (1 + math.exp(-1.7 * (theta - b)))
        letters.append(key if right else WRONG[key])
    return "".join(letters)


def dif_ground(by) -> tuple[pm.Program, em.Form, em.TestingWindow]:
    """90 submitted sessions (seeded: Mantel-Haenszel classes item 3 C for men against
    women when groups of 20 are enough); about one in ten speaks another first language."""
    rng = random.Random(5)
    program, form, window = scoring_ground(DIF_KEYS, "5", by)
    for gender in DIF_GENDERS:
        session = submitted_session(
            form, _answers(rng.gauss(0, 1), gender == Gender.MAN, rng), window=window
        )
        language = FirstLanguage.OTHER if rng.random() < 0.1 else FirstLanguage.ENGLISH
        Demographics.objects.create(user=session.candidate, gender=gender, first_language=language)
    return program, form, window
