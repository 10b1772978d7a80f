"""Frozen forms, submitted sessions with responses, cuts and scales: the ground of scoring."""

import datetime
from decimal import Decimal

from django.utils import timezone

from hallmark.exams import models as em
from hallmark.exams.data import FormStatus, SessionStatus
from hallmark.itembank.data import ItemKind
from hallmark.programs import models as pm
from hallmark.programs.data import MultipleResponseScoring
from hallmark.results import models as rm

from factories.exams import RegistrationFactory, TestingWindowFactory
from factories.itembank import ItemFactory
from factories.programs import ProgramFactory, UserFactory, published_outline

__all__ = [
    "decided_cut",
    "keyed_form",
    "released_window",
    "reporting_scale",
    "scoring_ground",
    "submitted_session",
]


def keyed_form(
    program: pm.Program | None = None,
    *,
    keys: list[str],
    pretest: int = 0,
    domains: tuple[int, ...] = (50, 50),
    code: str | None = None,
    multiple_response_scoring: str = MultipleResponseScoring.ALL_OR_NOTHING,
) -> em.Form:
    """A frozen form with one scored position per key ("A".."D"; "A|C" a multiple-response item
    selecting those two), then `pretest` unscored ones; scored positions alternate between the
    outline's domains."""
    program = program or ProgramFactory()
    outline = published_outline(program, weights=domains, competencies_per_domain=1)
    blueprint = pm.Blueprint.objects.create(
        outline=outline,
        name=f"Blueprint of {code or program.designation}",
        scored_length=len(keys),
        pretest_length=pretest,
        time_limit_minutes=60,
        multiple_response_scoring=multiple_response_scoring,
    )
    competencies = list(
        pm.Competency.objects.filter(domain__outline=outline).order_by("domain__order")
    )
    author = UserFactory()
    form = em.Form.objects.create(
        program=program, blueprint=blueprint, code=code or f"{program.designation}-A"
    )
    all_keys = [*keys, *["A"] * pretest]
    for position, key in enumerate(all_keys, start=1):
        labels = key.split("|")
        item = ItemFactory(
            program=program,
            author=author,
            version__competency=competencies[(position - 1) % len(competencies)],
            version__keys=labels,
            version__kind=ItemKind.MULTIPLE if len(labels) > 1 else ItemKind.SINGLE,
            version__select=len(labels),
        )
        em.FormItem.objects.create(
            form=form,
            position=position,
            item_version=item.current_version,
            scored=position <= len(keys),
        )
    form.status, form.frozen_at, form.frozen_by = FormStatus.FROZEN, timezone.now(), author
    form.save()
    return form


def submitted_session(
    form: em.Form,
    answers: str | list[str],
    *,
    window: em.TestingWindow | None = None,
    registration: em.Registration | None = None,
) -> em.ExamSession:
    """A submitted session whose answers are one letter per position ("-" omitted), or a list
    of answers ("A|C" for multiple response)."""
    registration = registration or RegistrationFactory(window=window)
    now = timezone.now()
    session = em.ExamSession.objects.create(
        registration=registration,
        candidate=registration.candidate,
        form=form,
        status=SessionStatus.SUBMITTED,
        seed=1,
        started_at=now - datetime.timedelta(hours=1),
        submitted_at=now,
    )
    items = {fi.position: fi for fi in form.items.all()}
    for position, letter in enumerate(answers, start=1):
        em.Response.objects.create(
            session=session,
            form_item=items[position],
            selected="" if letter == "-" else letter,
            sequence=position,
        )
    return session


def reporting_scale(program: pm.Program, lo: int = 200, cut: int = 500, hi: int = 800):
    return rm.ReportingScale.objects.create(program=program, minimum=lo, passing=cut, maximum=hi)


def decided_cut(form: em.Form, raw_cut: str, by, study=None) -> rm.CutScoreDecision:
    return rm.CutScoreDecision.objects.create(
        form=form,
        raw_cut=Decimal(raw_cut),
        decided_by=by,
        rationale="Panel recommendation.",
        study=study,
    )


def scoring_ground(
    keys: list[str],
    raw_cut: str,
    by,
    *,
    pretest: int = 0,
    program=None,
    multiple_response_scoring: str = MultipleResponseScoring.ALL_OR_NOTHING,
):
    """A program with a scale, a frozen form with a decided cut, and an open window using it."""
    from factories.exams import ready_program

    program = program or ready_program()
    form = keyed_form(
        program, keys=keys, pretest=pretest, multiple_response_scoring=multiple_response_scoring
    )
    window = TestingWindowFactory(program=program, blueprint=form.blueprint)
    window.forms.add(form)
    reporting_scale(program)
    decided_cut(form, raw_cut, by)
    return program, form, window


# Six items cut at 4: ABCDAB passes (6 of 6), ABDDCC fails (3 of 6); three more make the cohort.
RELEASED_KEYS = ["A", "B", "C", "D", "A", "B"]
PASSING, FAILING = "ABCDAB", "ABDDCC"


def released_window(by, psychometrician):
    """A window scored and released, its flagged keys kept: the run, and the results of the
    passing and the failing candidate."""
    from hallmark.results import services
    from hallmark.results.data import KeyAction

    _program, form, window = scoring_ground(RELEASED_KEYS, "4", by)
    sessions = {
        answers: submitted_session(form, answers, window=window)
        for answers in (PASSING, FAILING, "ABCDCC", "ABCCAB", "DDDDDD")
    }
    run = services.score_window(window, form, by=psychometrician)
    for item in run.flagged:
        services.override_key(
            form.items.get(position=item["position"]),
            action=KeyAction.KEEP,
            reason="Reviewed.",
            by=psychometrician,
        )
    services.release(window, by=psychometrician)
    return (
        run,
        run.results.get(session=sessions[PASSING]),
        run.results.get(session=sessions[FAILING]),
    )
