"""The demo's scoring: a reporting scale, a modified-Angoff study with two rounds on the CESP
form, and released results for a cohort that sat last month's window.

The cohort's answers are drawn from the form's 2PL parameters with a fixed seed, and written
directly as submitted sessions (the delivery engine is for live sittings). Sam Patel passes
(the pass waits as a certification decision for an officer); Taylor Novak (retake@) fails and
sees domain feedback. The window spiralled the second form: as many candidates again, drawn
from the same population, sat it. It is equated to the base form both ways (random groups from
the window, IRT true-score from the bank); the psychometrician approves the bank's, whose
standard errors are far smaller, so its cut is the Angoff standard carried over. Everything is
made once: a second run changes nothing.
"""

import datetime
import random
from decimal import Decimal

from hallmark.accounts.data import Role
from hallmark.accounts.demo import DEMO_PEOPLE, ensure_person
from hallmark.accounts.models import User
from hallmark.exams.data import (
    FormStatus,
    RegistrationStatus,
)
from hallmark.exams.models import (
    ExamSession,
    Form,
    Registration,
    TestingWindow,
)
from hallmark.programs.demo import DEMO_DESIGNATION
from hallmark.programs.models import Program
from hallmark.results import equating, fairness_demo, services
from hallmark.results.data import (
    RATING_STEP,
    EquatingDesign,
    EquatingStatus,
)
from hallmark.results.demo_responses import ABILITY, answers, item_parameters, p_right
from hallmark.results.demo_seats import record_sitting, score_and_release, seat_cohort
from hallmark.results.models import Equating, ReportingScale, ScoringRun, Study

WINDOW = "CESP online — last month"
COHORT = 40
PASSING = ("sam.patel@example.org", "Sam Patel")
PANEL = [
    DEMO_PEOPLE[Role.PANELIST],
    ("panelist2@example.org", "Morgan Reyes"),
    ("panelist3@example.org", "Chris Adeyemi"),
]
# Each panelist's acceptable cuts (percent correct) and fail rates (percent).
HOFSTEE = [(65, 78, 20, 40), (68, 80, 25, 40), (66, 76, 20, 35)]
# The minimally competent candidate the panel has in mind, on the bank's θ scale: someone who
# answers about 71% of the form right (the CESP's published standard is 82 of 115).
MCC_THETA = 0.65
KEY_KEPT = "Demo: content reviewed with two experts; the key stands."


def _sit(registration: Registration, form: Form, theta: float, rng: random.Random) -> None:
    if ExamSession.objects.filter(registration=registration).exists():
        return
    params = item_parameters(form)
    at = registration.window.opens_at + datetime.timedelta(days=3, hours=rng.randint(0, 48))
    seed = rng.randint(1, 10**9)
    items = list(form.items.select_related("item_version").order_by("position"))
    record_sitting(registration, form, answers(items, params, theta, rng), at=at, seed=seed)


def _cohort(window: TestingWindow, form: Form) -> None:
    rng = random.Random(2026)
    people = [ensure_person(*PASSING, Role.CANDIDATE)]
    people += [
        ensure_person(f"cohort{i:02d}@example.org", f"Cohort Candidate {i:02d}", Role.CANDIDATE)
        for i in range(1, COHORT)
    ]
    codes = [f"DEMO-R{n:04d}" for n in range(len(people))]
    seats = seat_cohort(window, people, codes, applied_at=window.opens_at)
    for n, registration in enumerate(seats):
        theta = 1.6 if n == 0 else rng.gauss(*ABILITY)
        _sit(registration, form, theta, rng)
    taylor = Registration.objects.filter(candidate__email="retake@example.org", window=window)
    for registration in taylor.filter(
        status__in=[RegistrationStatus.SAT, RegistrationStatus.BOOKED]
    ):
        _sit(registration, form, -0.4, rng)


def _second_cohort(window: TestingWindow, form: Form) -> None:
    """The spiralled half on the second form: the same ability distribution, other people."""
    rng = random.Random(2027)
    people = [
        ensure_person(f"cohortb{i:02d}@example.org", f"Cohort Candidate B{i:02d}", Role.CANDIDATE)
        for i in range(1, COHORT + 1)
    ]
    codes = [f"DEMO-R{100 + i:04d}" for i in range(1, COHORT + 1)]
    for registration in seat_cohort(window, people, codes, applied_at=window.opens_at):
        _sit(registration, form, rng.gauss(*ABILITY), rng)


def _se_at_cut(proposed: Equating, method: str) -> float:
    entry = proposed.methods[method]
    return entry["table"][entry["raw_cut"]]["se"] or 0.0


def _equate(window: TestingWindow, form: Form, psychometrician: User) -> Equating:
    """Post-equating by random groups (kept for the record), then the bank's IRT pre-equating,
    which the psychometrician approves: forty candidates a form pin the cut far less well."""
    approved = Equating.objects.filter(form=form, status=EquatingStatus.APPROVED).first()
    if approved is not None:
        return approved
    groups = equating.compute_equating(
        form, design=EquatingDesign.RANDOM_GROUPS, window=window, by=psychometrician
    )
    bank = equating.compute_equating(form, design=EquatingDesign.IRT, by=psychometrician)
    reason = (
        f"Random groups of about forty a form put the cut at {groups.methods['linear']['raw_cut']} "
        f"with a standard error of {_se_at_cut(groups, 'linear'):.1f} raw points (linear); the "
        f"bank's calibration gives {bank.methods['true-score']['raw_cut']} with "
        f"{_se_at_cut(bank, 'true-score'):.2f}. The groups differ by chance more than the forms do."
    )
    return equating.approve_equating(bank, method="true-score", reason=reason, by=psychometrician)


def _study(form: Form, psychometrician: User, manager: User) -> Study:
    study = Study.objects.filter(form=form).first()
    if study is not None:
        return study
    study = services.create_study(form, title=f"{form.code} modified Angoff", by=psychometrician)
    params = item_parameters(form)
    scored = list(form.scored_items())
    panelists = []
    for email, name in PANEL:
        person = ensure_person(email, name, Role.PANELIST)
        seat = services.invite_panelist(study, person, by=psychometrician)
        panelists.append(services.sign_statements(seat, conflicts="", by=person))
    rng = random.Random(7)
    for spread in (0.12, 0.05):  # round 2: the panel has discussed and moved closer
        services.open_round(study, by=psychometrician)
        for seat in panelists:
            ratings = {}
            for fi in scored:
                guess = p_right(MCC_THETA, *params[fi.position]) + rng.gauss(0, spread)
                steps = round(min(max(guess, 0.05), 0.95) / float(RATING_STEP))
                ratings[fi.pk] = (Decimal(steps) * RATING_STEP, abs(guess - 0.5) < 0.03)
            services.save_ratings(seat, ratings, by=seat.person)
    for seat, (lowest_cut, highest_cut, lowest_fail, highest_fail) in zip(
        panelists, HOFSTEE, strict=True
    ):
        services.save_hofstee(
            seat,
            lowest_cut=lowest_cut,
            highest_cut=highest_cut,
            lowest_fail=lowest_fail,
            highest_fail=highest_fail,
            by=seat.person,
        )
    return study


def _decide(study: Study, manager: User) -> None:
    if study.decisions.exists():
        return
    from hallmark.results.reports import study_report

    final = study_report(study).final_angoff
    assert final is not None  # both rounds are rated
    services.decide_cut(
        study.form,
        raw_cut=Decimal(f"{final.cut:.2f}"),
        rationale="The board adopts the panel's round-2 recommendation; the Hofstee check agrees.",
        by=manager,
        study=study,
    )


def seed() -> list[str]:
    program = Program.objects.filter(designation=DEMO_DESIGNATION).first()
    window = TestingWindow.objects.filter(program=program, name=WINDOW).first()
    form = (
        window.forms.filter(status=FormStatus.FROZEN).order_by("code").first() if window else None
    )
    if program is None or window is None or form is None:
        return ["results: no frozen form in the last window; nothing scored"]
    psychometrician = ensure_person(*DEMO_PEOPLE[Role.PSYCHOMETRICIAN], Role.PSYCHOMETRICIAN)
    manager = ensure_person(*DEMO_PEOPLE[Role.PROGRAM_MANAGER], Role.PROGRAM_MANAGER)
    if not ReportingScale.objects.filter(program=program).exists():
        services.set_reporting_scale(
            program, minimum=200, passing=500, maximum=800, by=psychometrician
        )
    _cohort(window, form)
    study = _study(form, psychometrician, manager)
    _decide(study, manager)
    run = score_and_release(window, form, psychometrician, reason=KEY_KEPT)
    reviewer = ensure_person(*DEMO_PEOPLE[Role.ITEM_REVIEWER], Role.ITEM_REVIEWER)
    passed = run.results.filter(passed=True).count()
    return [
        *_summary(study, run, passed),
        *fairness_demo.seed(window, form, psychometrician, reviewer),
        *_second_form(window, form, psychometrician),
        _technical_report(program),
    ]


def _second_form(window: TestingWindow, base: Form, psychometrician: User) -> list[str]:
    second = window.forms.filter(status=FormStatus.FROZEN).exclude(pk=base.pk).order_by("code")
    form = second.first()
    if form is None:
        return []
    _second_cohort(window, form)
    approved = _equate(window, form, psychometrician)
    run = score_and_release(window, form, psychometrician, reason=KEY_KEPT)
    passed = run.results.filter(passed=True).count()
    return [
        f"results: {form.code} equated to {base.code} ({approved.get_design_display()}, "
        f"{approved.method} approved): raw cut {approved.raw_cut} of {approved.max_raw} where "
        f"{base.code} needs {approved.base_raw_cut}; both pass at scaled {approved.scaled_cut} "
        f"(/results/staff/forms/{form.pk}/equating/)",
        f"results: {run} released, {passed} of {run.results.count()} pass",
    ]


def _technical_report(program: Program) -> str:
    """Where the report is; the PDF takes seconds, so the demo names the command instead."""
    code = program.designation
    return (
        f"results: the technical report's statistics of {code} at "
        f"/results/staff/report/{code}/ (psychometrician@, manager@); the PDF: "
        f"hallmark report technical --program {code} --out {code}-report.pdf "
        f"--json {code}-report.json"
    )


def _summary(study: Study, run: ScoringRun, passed: int) -> list[str]:
    return [
        f"results: {study.title} (3 panelists, 2 rounds; panelist@ rates at /results/panel/), "
        f"cut {run.rules['cut']:.2f} -> {run.rules['raw_cut']} of {run.rules['max_raw']}, "
        "scale 200 to 800 with 500 at the cut",
        f"results: {run} released, {passed} of {run.results.count()} pass "
        f"(sam.patel@ passes and awaits an officer's certification decision; retake@ sees "
        f"domain feedback); staff see /results/staff/",
    ]
