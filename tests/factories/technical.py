"""The ground of a technical report: a base form and a harder second form spiralled in a window
that closed yesterday, the second equated (random groups, linear), both scored and released;
one candidate of the base form is a repeat (an earlier sitting in an older window)."""

import datetime
import random
from dataclasses import dataclass

import numpy as np
from django.utils import timezone

from hallmark.exams import models as em
from hallmark.exams.data import RegistrationStatus
from hallmark.programs import models as pm
from hallmark.results import equating, services
from hallmark.results.data import KeyAction
from hallmark.results.models import ScoringRun

from factories.exams import RegistrationFactory, TestingWindowFactory, ready_program
from factories.results import decided_cut, keyed_form, reporting_scale, submitted_session

N_ITEMS = 20
KEYS = ["ABCD"[j % 4] for j in range(N_ITEMS)]
WRONG = {"A": "B", "B": "C", "C": "D", "D": "A"}
BASE_CUT = "12"
PER_FORM = 50


@dataclass
class Ground:
    program: pm.Program
    base: em.Form
    other: em.Form
    window: em.TestingWindow
    runs: dict[str, ScoringRun]


def answers(rng: random.Random, theta: float, shift: float) -> str:
    """Right with a Rasch probability; items get harder along the form, more so by `shift`."""
    out = []
    for j, key in enumerate(KEYS):
        b = -1.5 + 3 * j / N_ITEMS + shift
        out.append(key if rng.random() < 1 / (1 + np.exp(-(theta - b))) else WRONG[key])
    return "".join(out)


def closed_window(program: pm.Program, blueprint: pm.Blueprint, days_ago: int) -> em.TestingWindow:
    closes = timezone.now() - datetime.timedelta(days=days_ago)
    return TestingWindowFactory(
        program=program,
        blueprint=blueprint,
        opens_at=closes - datetime.timedelta(days=14),
        closes_at=closes,
    )


def repeat_registration(program: pm.Program, window: em.TestingWindow) -> em.Registration:
    """A candidate who sat the program's exam in an older window, booked again in `window`."""
    older = closed_window(program, window.blueprint, days_ago=120)
    first = RegistrationFactory(
        window=older,
        status=RegistrationStatus.SAT,
        sat_on=older.closes_at.date(),
        booked_at=older.opens_at,
    )
    return RegistrationFactory(
        window=window, application=first.application, booked_at=window.opens_at
    )


def release(run: ScoringRun, by) -> ScoringRun:
    for item in run.flagged:
        services.override_key(
            run.form.items.get(position=item["position"]),
            action=KeyAction.KEEP,
            reason="Reviewed.",
            by=by,
        )
    services.release_run(run, by=by)
    run.refresh_from_db()
    return run


def technical_ground(cast, seed: int = 5) -> Ground:
    program = ready_program(designation="TR")
    base = keyed_form(program, keys=KEYS, code="TR-A")
    other = keyed_form(program, keys=KEYS, code="TR-B")
    window = closed_window(program, base.blueprint, days_ago=1)
    window.forms.add(base, other)
    reporting_scale(program)
    decided_cut(base, BASE_CUT, cast.manager)
    rng = random.Random(seed)
    submitted_session(
        base, answers(rng, 0.0, 0.0), registration=repeat_registration(program, window)
    )
    for i in range(2 * PER_FORM - 1):
        form, shift = (other, 0.5) if i % 2 == 0 else (base, 0.0)
        submitted_session(form, answers(rng, rng.gauss(0, 1), shift), window=window)
    proposed = equating.compute_equating(
        other, design="random-groups", window=window, by=cast.psychometrician
    )
    equating.approve_equating(
        proposed, method="linear", reason="Small groups: linear.", by=cast.psychometrician
    )
    runs = {
        form.code: release(
            services.score_window(window, form, by=cast.psychometrician), cast.psychometrician
        )
        for form in (base, other)
    }
    return Ground(program, base, other, window, runs)
