"""A small calibrated bank to assemble forms from."""

import random

from hallmark.itembank.data import ItemStatus
from hallmark.programs import models as pm

from factories.itembank import ItemFactory, ItemStatisticsFactory
from factories.programs import BlueprintFactory, ProgramFactory, published_outline


def form_bank(
    *,
    operational: int = 12,
    pretest: int = 4,
    scored_length: int = 4,
    pretest_length: int = 1,
    seed: int = 7,
    program: pm.Program | None = None,
) -> pm.Blueprint:
    """A program with a two-domain outline (50/50), a blueprint and calibrated items in both
    domains (each with 2PL statistics); returns the blueprint."""
    rng = random.Random(seed)
    program = program or ProgramFactory()
    outline = published_outline(program, weights=(50, 50), competencies_per_domain=2)
    blueprint = BlueprintFactory(
        outline=outline,
        scored_length=scored_length,
        pretest_length=pretest_length,
        time_limit_minutes=30,
    )
    competencies = list(pm.Competency.objects.filter(domain__outline=outline).order_by("code"))
    for n in range(operational + pretest):
        status = ItemStatus.OPERATIONAL if n < operational else ItemStatus.PRETEST
        item = ItemFactory(
            program=program,
            identifier=f"{program.designation}-Q{n + 1:03d}",
            status=status,
            version__competency=competencies[n % len(competencies)],
        )
        ItemStatisticsFactory(
            version=item.current_version,
            a=round(rng.uniform(0.7, 1.8), 3),
            b=round(rng.uniform(-1.5, 1.5), 3),
        )
    return blueprint


__all__ = ["form_bank"]
