"""The demo's fairness part: a spring field test of the CESP form, large enough for DIF.

Mantel-Haenszel matches candidates on every total score, so the 41 candidates of last month's
window are far too few (most score levels hold one candidate). The field test's 400 candidates
sat the form at a test vendor; their answers are drawn from the form's 2PL parameters with a
fixed seed, and one item is harder for candidates whose first language is not English (its
difficulty shifted by DIF_SHIFT for them), as an item with a heavy reading load can be. Their
voluntary demographics leave some questions unanswered or declined, and some groups (the
non-binary candidates, most age bands) under the minimum of 100, so those are not shown.

The field test is scored (a held run: field-test results are not reported to candidates), its
DIF classes the item C, and the content panel records its decision with the reason.
"""

import datetime
import hashlib
import random

from django.contrib.auth.hashers import make_password

from hallmark.accounts.data import AgeBand, FirstLanguage, Gender
from hallmark.accounts.models import Demographics, User
from hallmark.exams.models import Form, TestingWindow
from hallmark.results import dif_review, services
from hallmark.results.demo_responses import answers, item_parameters
from hallmark.results.demo_seats import seat_cohort
from hallmark.results.models import (
    DifDecision,
    DifReview,
    ScoringRun,
    VendorImport,
    VendorRecord,
)

FIELD_TEST = "CESP field test — spring"
FIELD_COHORT = 400
DIF_SHIFT = 0.8  # logits added to the item's difficulty for the focal group
# The field test's volunteers are earlier in their careers than the candidates of a window:
# less able on the bank's scale, so the form's items spread their answers (DIF needs both).
FIELD_ABILITY = (0.5, 0.8)
KEEP_REASON = (
    "Read with two subject-matter experts: the item's scenario is long, but reading workplace "
    "case notes in English is part of the job analysis (task 2.3). Kept; to be watched in the "
    "next window and shortened when it is next revised."
)


def _window(last: TestingWindow, form: Form) -> TestingWindow:
    opens = last.opens_at - datetime.timedelta(days=120)
    window, _ = TestingWindow.objects.get_or_create(
        program=last.program,
        name=FIELD_TEST,
        defaults={
            "blueprint": last.blueprint,
            "delivery_mode": last.delivery_mode,
            "location": last.location,
            "opens_at": opens,
            "closes_at": opens + datetime.timedelta(days=14),
            "capacity": FIELD_COHORT,
        },
    )
    window.forms.add(form)
    return window


def _people(rng: random.Random) -> list[tuple[User, Demographics]]:
    unusable = make_password(None)
    users = User.objects.bulk_create(
        User(
            email=f"fieldtest{i:03d}@example.org",
            legal_name=f"Field-test Candidate {i:03d}",
            password=unusable,
        )
        for i in range(1, FIELD_COHORT + 1)
    )
    answers = [_demographics(user, rng) for user in users]
    Demographics.objects.bulk_create(answers)
    return list(zip(users, answers, strict=True))


def _demographics(user: User, rng: random.Random) -> Demographics:
    draw = rng.random()
    gender = Gender.WOMAN if draw < 0.53 else Gender.MAN if draw < 0.95 else Gender.NON_BINARY
    if rng.random() < 0.04:
        gender = Gender.DECLINED
    language = FirstLanguage.OTHER if rng.random() < 0.38 else FirstLanguage.ENGLISH
    band = rng.choices(
        [AgeBand.FROM_25, AgeBand.FROM_35, AgeBand.FROM_45, AgeBand.UNDER_25, AgeBand.FROM_55],
        weights=[40, 30, 15, 10, 5],
    )[0]
    return Demographics(user=user, gender=gender, first_language=language, age_band=band)


def dif_position(form: Form) -> int:
    """The scored item of middling difficulty that the field test gives DIF."""
    params = item_parameters(form)
    scored = form.scored_items().values_list("position", flat=True)
    return min(scored, key=lambda p: (abs(params[p][1]), p))


def _sittings(window: TestingWindow, form: Form, by: User) -> None:
    rng = random.Random(2026)
    people = _people(rng)
    codes = [f"DEMO-F{n:04d}" for n in range(len(people))]
    applied_at = window.opens_at - datetime.timedelta(days=30)
    registrations = seat_cohort(window, [u for u, _ in people], codes, applied_at=applied_at)
    items = list(form.items.select_related("item_version").order_by("position"))
    params = item_parameters(form)
    studied = dif_position(form)
    records = []
    for registration, (_user, profile) in zip(registrations, people, strict=True):
        theta = rng.gauss(*FIELD_ABILITY)
        focal = profile.first_language == FirstLanguage.OTHER
        chosen = answers(items, params, theta, rng, {studied: DIF_SHIFT} if focal else None)
        records.append((registration, {str(p): label for p, label in chosen.items()}))
    batch = VendorImport.objects.create(
        window=window,
        form=form,
        file_name="cesp-field-test-spring.csv",
        sha256=hashlib.sha256(FIELD_TEST.encode()).hexdigest(),
        rows=len(records),
        by=by,
    )
    VendorRecord.objects.bulk_create(
        VendorRecord(batch=batch, registration=r, responses=cells) for r, cells in records
    )


def seed(last: TestingWindow, form: Form, psychometrician: User, reviewer: User) -> list[str]:
    """The field test, its held run and the panel's decision on its C item (each once)."""
    window = _window(last, form)
    if not VendorImport.objects.filter(window=window).exists():
        _sittings(window, form, psychometrician)
    run = ScoringRun.objects.filter(window=window, form=form).order_by("-number").first()
    run = run or services.score_window(window, form, by=psychometrician)
    flagged = dif_review.flagged_in(run)
    for f in flagged:
        if not DifReview.objects.filter(form_item=f.form_item).exists():
            dif_review.decide_dif(
                run, f.form_item, decision=DifDecision.KEEP, reason=KEEP_REASON, by=reviewer
            )
    positions = ", ".join(str(f.form_item.position) for f in flagged) or "none"
    return [
        f"results: {run} (field test, held): {run.results.count()} candidates; DIF classes "
        f"item(s) {positions} C, kept by the content panel (reviewer@ sees /results/staff/dif/); "
        "decision consistency on the run's page"
    ]
