"""A small made study whose figures are known by hand.

Two domains, five statements (1.1, 1.2, 1.3 in domain 1; 2.1, 2.2 in domain 2). Thirty good
respondents, fifteen in a community setting (A) and fifteen in a school (B), rate them:

    statement  importance A/B  mean  frequency              mean   performing
    1.1        4 / 2           3.0   A 4, B 2                3.0    100%
    1.2        3 / 3           3.0   2                       2.0    100%
    1.3        2 / 2           2.0   1                       1.0    100%   out: importance < 2.5
    2.1        4 / 4           4.0   A 0, B 5                2.5    50%    in: 50% is enough
    2.2        3 / 3           3.0   1 for ten, 0 for twenty 1/3    33.3%  out: performing < 50%

Importance x frequency of the included: 1.1 9, 1.2 6, 2.1 10, sum 25: domain 1 60%, domain 2
40%; 48 scored items split 28.8 / 19.2, so 29 and 19.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from hallmark.jobanalysis import services, survey
from hallmark.jobanalysis.models import Response, Study
from hallmark.programs.models import Competency, ContentOutline

from factories import CompetencyFactory, ContentOutlineFactory, DomainFactory, ProgramFactory

T0 = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))
GOOD_SECONDS = 600

IMPORTANCE = {"1.1": (4, 2), "1.2": (3, 3), "1.3": (2, 2), "2.1": (4, 4), "2.2": (3, 3)}
FREQUENCY = {"1.1": (4, 2), "1.2": (2, 2), "1.3": (1, 1), "2.1": (0, 5)}


def frequency(code: str, index: int) -> int:
    if code == "2.2":
        return 1 if index < 10 else 0
    a, b = FREQUENCY[code]
    return a if index < 15 else b


def good_ratings(statements: dict[str, Competency], index: int) -> dict[tuple[int, str], int]:
    group = 0 if index < 15 else 1
    out: dict[tuple[int, str], int | None] = {}
    for code, competency in statements.items():
        out[(competency.pk, "importance")] = IMPORTANCE[code][group]
        out[(competency.pk, "frequency")] = frequency(code, index)
    return out  # type: ignore[return-value]


@dataclass
class Ground:
    study: Study
    outline: ContentOutline
    statements: dict[str, Competency]


@pytest.fixture
def ground(cast) -> Ground:
    program = ProgramFactory(name="Employment Support")
    outline = ContentOutlineFactory(program=program, title="CESP outline")
    statements = {}
    for d in (1, 2):
        domain = DomainFactory(outline=outline, code=str(d), weight=Decimal(50), order=d)
        for c in (1, 2, 3) if d == 1 else (1, 2):
            statements[f"{d}.{c}"] = CompetencyFactory(
                domain=domain, code=f"{d}.{c}", statement=f"Statement {d}.{c}", order=c
            )
    study = services.create_study(
        program, outline, "2026 practice analysis", by=cast.manager, exam_length=48
    )
    services.add_background_question(
        study,
        "setting",
        "Where do you work?",
        by=cast.manager,
        choices=["community", "school"],
        subgroup=True,
    )
    return Ground(study, outline, statements)


def respond(
    ground: Ground,
    ratings: dict[tuple[int, str], int | None],
    *,
    setting: str,
    seconds: int = GOOD_SECONDS,
    token: str | None = None,
    started: datetime.datetime = T0,
) -> Response:
    response, _ = survey.start_response(ground.study, token=token, now=started)
    survey.save_ratings(response, ratings, {"setting": setting})
    return survey.complete(response, token=token, now=started + datetime.timedelta(seconds=seconds))
