"""The demo's failed result that an appeal overturns after a key correction.

Marcus Bell sits a third CESP form in a small on-demand window and fails by one point. One of
its items, written and reviewed with the key A, asks for the first step when an employer wants
to buy an accommodation; B, asking the worker and exploring the options with her and the
employer, is the best answer, and it is his. His score is verified (it stands on the printed
key), which opens the appeal; the appeal itself is certification's (`certification.appeals`).

The window is still open (on demand, it closes in ten months), so its results stay out of the
technical report of the last twelve months; the form shares only CESP's pretest items with the
base form and takes its cut from an equating to it, so its key correction changes nothing of
the two forms every other window delivers. Everything is made once.
"""

import datetime
import random

from django.db.models import F
from django.utils import timezone

from hallmark.accounts.data import Role
from hallmark.accounts.demo import ensure_person
from hallmark.accounts.models import User
from hallmark.accounts.notifications import recorded_only
from hallmark.exams.data import DeliveryMode
from hallmark.exams.forms import workflow
from hallmark.exams.models import Form, FormItem, Registration, TestingWindow
from hallmark.itembank import services as bank
from hallmark.itembank.content import Content
from hallmark.itembank.data import (
    CHECKLIST_FIELDS,
    LABEL_SEPARATOR,
    CognitiveLevel,
    ItemKind,
    ItemStatus,
)
from hallmark.itembank.demo import PRETEST, classical, demo_people
from hallmark.itembank.demo_items import EEOC_ACCOMMODATION, JAN
from hallmark.itembank.models import Item, ItemVersion
from hallmark.programs.models import Program
from hallmark.results import equating, services
from hallmark.results.data import EquatingDesign, KeyAction
from hallmark.results.demo_responses import ABILITY, answers, item_parameters
from hallmark.results.demo_seats import record_sitting, score_and_release, seat_cohort
from hallmark.results.models import Equating, Result

WINDOW = "CESP online — on demand"
APPELLANT = ("marcus.bell@example.org", "Marcus Bell")
OTHERS = 15  # the other candidates of the window's first release
PRINTED, BEST = "A", "B"
FLAWED = Content(
    competency="4.3",
    cognitive_level=CognitiveLevel.APPLICATION,
    stem="<p>A warehouse has just hired a worker who is hard of hearing. Before her first day, "
    "the manager asks the job coach which accommodation to buy. What should the job coach do "
    "first?</p>",
    options=(
        "Recommend a vibrating pager, the accommodation most often used for alarms",
        "Ask the worker what has worked for her, then explore the options with her and the manager",
        "Wait until a problem shows on the job before buying anything",
        "Ask the employer's doctor to assess her hearing",
    ),
    keys=(PRINTED,),
    rationale="A vibrating pager alerts a worker who is hard of hearing to alarms.",
    references=(JAN, EEOC_ACCOMMODATION),
)
VERIFIED = "Rescored by hand against the form's key: {raw} of {max_raw}, as reported."
TRUE_SCORE = "true-score"


def _window(base: Form) -> TestingWindow | None:
    return TestingWindow.objects.filter(program=base.program, name=WINDOW).first()


def _flawed_version(program: Program, people: dict[str, User]) -> ItemVersion:
    """The item, through the review workflow to operational with its statistics, as any
    item of the bank (its two reviewers missed the key)."""
    writer, psychometrician = people["writer"], people["psychometrician"]
    item = bank.create_item(program, FLAWED, writer)
    bank.submit_item(item, writer)
    checklist = dict.fromkeys(CHECKLIST_FIELDS, True)
    for reviewer in (people["reviewer"], people["reviewer2"]):
        bank.record_review(item, reviewer, "approve", checklist)
    bank.move_to_pretest(item, psychometrician, "Pretest in the next window.")
    version = item.versions.get()
    a, b = 0.55, -0.4  # an ordinary item by its statistics: a key error does not always show
    p, rpb = classical(a, b)
    administration, on = PRETEST
    bank.record_statistics(
        version, psychometrician, administration=administration, administered_on=on, n=180,
        p=p, point_biserial=rpb, irt_model="2PL", a=a, a_se=0.09, b=b, b_se=0.12,
    )  # fmt: skip
    bank.make_operational(item, psychometrician, "Pretest statistics within targets.")
    return ItemVersion.objects.select_related("item", "competency").get(pk=version.pk)


def _form(base: Form, flawed: ItemVersion, by: User) -> Form:
    """A form of the base form's blueprint, hand-picked from operational items no other form
    holds (domain by domain as many as the base form), then the base form's pretest items."""
    held = FormItem.objects.filter(form__program=base.program)
    taken = set(held.values_list("item_version__item_id", flat=True))
    scored: list[ItemVersion] = []
    base_items = base.items.filter(scored=True).select_related("item_version__competency")
    for domain_id in sorted({fi.item_version.classification.domain_id for fi in base_items}):
        wanted = sum(fi.item_version.classification.domain_id == domain_id for fi in base_items)
        mine = [flawed] if flawed.classification.domain_id == domain_id else []
        free = (
            ItemVersion.objects.filter(
                item__program=base.program,
                item__status=ItemStatus.OPERATIONAL,
                item__is_synthetic=True,
                item__current_version=F("pk"),
                competency__domain_id=domain_id,
            )
            .exclude(item_id__in=taken)
            .order_by("item__identifier")
        )
        scored += mine + list(free[: wanted - len(mine)])
    pretest = [fi.item_version for fi in base.items.filter(scored=False).order_by("position")]
    code = workflow.next_codes(base.program, 1, base.program.today().year)[0]
    return workflow.freeze_hand_picked(
        base.program, base.blueprint, code, [*scored, *pretest], by=by
    )


def _equate(form: Form, by: User, reason: str) -> Equating:
    """The bank's IRT true-score equating to the base form, approved (as the second form's)."""
    proposed = equating.compute_equating(form, design=EquatingDesign.IRT, by=by)
    return equating.approve_equating(proposed, method=TRUE_SCORE, reason=reason, by=by)


def _sit(registration: Registration, form: Form, chosen: dict[int, str], seed: int) -> None:
    at = registration.window.opens_at + datetime.timedelta(days=10 + seed % 30, hours=seed % 7)
    record_sitting(registration, form, chosen, at=at, seed=seed)


def _one_short(items: list[FormItem], flawed: FormItem, raw_cut: int) -> dict[int, str]:
    """The appellant's answers: the best answer to the flawed item, and on the printed key
    one point short of the cut (the easiest items right, the rest wrong)."""
    params = item_parameters(flawed.form)
    others = [fi for fi in items if fi.scored and fi.pk != flawed.pk]
    right = {fi.pk for fi in sorted(others, key=lambda fi: params[fi.position][1])[: raw_cut - 1]}
    chosen = {}
    for fi in items:
        labels = [label for label, _ in fi.item_version.labelled_options()]
        keys = list(fi.item_version.keys)
        wrong = next(label for label in labels if label not in keys)
        # a multiple-response item is right with all its keys ("A|C")
        multiple = fi.item_version.kind == ItemKind.MULTIPLE
        best = LABEL_SEPARATOR.join(sorted(keys)) if multiple else keys[0]
        chosen[fi.position] = best if fi.pk in right or not fi.scored else wrong
    chosen[flawed.position] = BEST
    return chosen


def _sittings(window: TestingWindow, form: Form, flawed: FormItem, raw_cut: int) -> Registration:
    rng = random.Random(2028)
    appellant = ensure_person(*APPELLANT, Role.CANDIDATE)
    people = [appellant] + [
        ensure_person(
            f"ondemand{i:02d}@example.org", f"On-demand Candidate {i:02d}", Role.CANDIDATE
        )
        for i in range(1, OTHERS + 1)
    ]
    codes = [f"DEMO-D{n:04d}" for n in range(len(people))]
    seats = seat_cohort(window, people, codes, applied_at=window.opens_at)
    items = list(form.items.select_related("item_version").order_by("position"))
    params = item_parameters(form)
    _sit(seats[0], form, _one_short(items, flawed, raw_cut), rng.randint(1, 10**9))
    for seat in seats[1:]:
        chosen = answers(items, params, rng.gauss(*ABILITY), rng)
        if chosen[flawed.position] == BEST:  # only the appellant's answer turns on the key
            chosen[flawed.position] = "C"
        _sit(seat, form, chosen, rng.randint(1, 10**9))
    return seats[0]


def failed_result(program: Program) -> Result | None:
    """The appellant's failed result, verified, in the on-demand window (made the first time;
    None before the program has a base form and its results)."""
    base = equating.base_form(program)
    if base is None:
        return None
    window = _window(base)
    appellant = APPELLANT[0]
    if window is not None:
        return (
            Result.objects.filter(run__window=window, candidate__email=appellant)
            .order_by("run__number")
            .first()
        )
    people = demo_people()
    psychometrician = people["psychometrician"]
    flawed = _flawed_version(program, people)
    form = _form(base, flawed, psychometrician)
    approved = _equate(
        form,
        psychometrician,
        "As for the second form: the bank's calibration pins the cut far better than sixteen "
        "candidates would.",
    )
    assert approved.raw_cut is not None  # an approved equating carries its cut
    now = timezone.now()
    day = datetime.timedelta(days=1)
    window = TestingWindow.objects.create(
        program=program,
        name=WINDOW,
        blueprint=base.blueprint,
        delivery_mode=DeliveryMode.ONLINE,
        opens_at=now - 70 * day,
        closes_at=now + 300 * day,
        capacity=OTHERS + 1,  # full: the story's seats only
    )
    workflow.put_in_use(form, window, by=psychometrician)
    seat = _sittings(window, form, form.items.get(item_version=flawed), approved.raw_cut)
    score_and_release(
        window,
        form,
        psychometrician,
        reason=f"{OTHERS + 1} candidates: a small sample's flag; content reviewed.",
    )
    failed = Result.objects.get(run__window=window, registration=seat)
    with recorded_only():
        request = services.request_verification(
            failed, by=failed.candidate, reason="I am one point short; please check by hand."
        )
        services.decide_verification(
            request,
            changed=False,
            outcome=VERIFIED.format(raw=failed.raw, max_raw=failed.max_raw),
            by=people["officer"],
        )
    return failed


def flawed_item(result: Result) -> FormItem:
    """The item whose key the appeal is about, on the result's form."""
    return result.run.form.items.select_related("item_version__item").get(
        item_version__stem=FLAWED.stem
    )


def correct_key(result: Result, *, reference: str, by: User) -> FormItem:
    """The psychometrician's review of the item for the appeal: both answers are accepted on
    the form (nobody loses a point given), and the form is equated again, since a key change
    invalidates its equating (every item still scores: the conversion is the same)."""
    item = flawed_item(result)
    services.override_key(
        item,
        action=KeyAction.ACCEPT,
        keys=[PRINTED, BEST],
        reason=f"Item review for appeal {reference}: the stem asks for the first step, and B "
        "(ask the worker, then explore the options with her and the employer) is the best "
        "answer; A stays accepted, so that no one loses a point given.",
        by=by,
    )
    _equate(result.run.form, by, f"Equated again after the key correction for {reference}.")
    return item


def retire(result: Result, *, reference: str, by: User) -> None:
    """After the correction: the form is retired and the item rekeyed in the bank to B."""
    item = flawed_item(result)
    workflow.retire_form(
        result.run.form, by=by, reason=f"Item {item.position} was corrected on appeal {reference}."
    )
    bank.rekey_item(
        Item.objects.get(pk=item.item_version.item_id),
        [BEST],
        by,
        f"The best answer is B (appeal {reference}).",
    )
