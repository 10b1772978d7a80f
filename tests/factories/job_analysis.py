"""A small job-analysis study of a program, run by the open link to an adopted and published
outline version: the program's current outline then comes from a study."""

import datetime
from decimal import Decimal

from django.utils import timezone

from hallmark.jobanalysis import services, survey
from hallmark.jobanalysis.models import Study
from hallmark.programs.services import publish_outline

from factories import CompetencyFactory, ContentOutlineFactory, DomainFactory

T0 = timezone.make_aware(datetime.datetime(2026, 2, 2, 9, 0))
# Statement -> (importance, frequency) of the even respondents, then the odd ones.
RATINGS = {"A.1": ((4, 4), (3, 3)), "A.2": ((3, 2), (2, 2)), "B.1": ((4, 5), (4, 3))}


def adopted_study(program, by, *, respondents: int = 12, adjust: bool = True) -> Study:
    """Rate three statements in two domains, adopt (the panel setting domain A to 55% with a
    reason when `adjust`), and publish the adopted version."""
    draft = ContentOutlineFactory(program=program, title="Next outline")
    statements = {}
    for order, code in enumerate(("A", "B"), start=1):
        domain = DomainFactory(outline=draft, code=code, weight=Decimal(50), order=order)
        for n in (1, 2) if code == "A" else (1,):
            statements[f"{code}.{n}"] = CompetencyFactory(
                domain=domain, code=f"{code}.{n}", statement=f"Task {code}.{n}", order=n
            )
    study = services.create_study(program, draft, "Practice analysis", by=by, exam_length=40)
    services.open_survey(study, by=by, now=T0)
    for i in range(respondents):
        response, _ = survey.start_response(study, now=T0)
        ratings = {}
        for code, competency in statements.items():
            importance, frequency = RATINGS[code][i % 2]
            ratings[(competency.pk, "importance")] = importance
            ratings[(competency.pk, "frequency")] = frequency
        survey.save_ratings(response, ratings, {})
        survey.complete(response, now=T0 + datetime.timedelta(minutes=10 + i))
    services.close_survey(study, by=by, now=T0 + datetime.timedelta(days=20))
    services.mark_analysed(study, by=by)
    if adjust:
        for code, weight in (("A", 55), ("B", 45)):
            domain = draft.domains.get(code=code)
            services.adjust_weight(study, domain, Decimal(weight), reason="Panel's view", by=by)
    outline = services.adopt(study, by=by)
    publish_outline(outline, by=by)
    return Study.objects.get(pk=study.pk)
