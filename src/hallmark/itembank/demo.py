"""The demo bank: hand-written CESP-style items in every status, and a synthetic calibrated bank.

The hand-written items go through the real services (so they are checked like any item and
carry a real history); the 1,200 synthetic items, plainly marked, are written in bulk so that
the demo stays quick. Everything is seeded once: a second run changes nothing.
"""

import datetime
import math
import random
from dataclasses import replace
from importlib import resources
from statistics import NormalDist
from typing import Any

from django.utils import timezone

from hallmark.accounts.data import Role
from hallmark.accounts.demo import DEMO_PEOPLE, ensure_person
from hallmark.accounts.models import User
from hallmark.itembank import services
from hallmark.itembank.content import Content
from hallmark.itembank.data import (
    CHECKLIST_FIELDS,
    CognitiveLevel,
    ItemEventKind,
    ItemKind,
    ItemStatus,
)
from hallmark.itembank.demo_items import (
    CASE_ITEMS,
    ENEMIES,
    ITEMS,
    MULTIPLE_RESPONSE,
    SETS,
    DemoItem,
)
from hallmark.itembank.models import Item, ItemEvent, ItemSet, ItemStatistics, ItemVersion
from hallmark.programs.demo import DEMO_DESIGNATION
from hallmark.programs.models import Competency, Program
from hallmark.psychometrics.apportion import largest_remainder

REVIEWER2 = ("reviewer2@example.org", "Rosa Delgado")
# Written after the single-answer items, so that theirs stay the statistics they always had.
WRITTEN = [*ITEMS, *MULTIPLE_RESPONSE, *CASE_ITEMS]
SYNTHETIC_ITEMS = 1200
SYNTHETIC_PRETEST_EVERY = 25  # every 25th synthetic item is still in pretest
PRETEST = ("2023 fall window (pretest)", datetime.date(2023, 11, 30))
SPRING = ("2024 spring window", datetime.date(2024, 5, 31))
FALL = ("2024 fall window", datetime.date(2024, 11, 30))
CALIBRATION = ("Synthetic calibration 2024", datetime.date(2024, 6, 30))
FULL_CHECKLIST = dict.fromkeys(CHECKLIST_FIELDS, True)
D = 1.702  # logistic-to-normal-ogive scaling
NORMAL = NormalDist()

REVISION_REQUESTS = {
    "3.2": "Option B is defensible when a business truly has no work to offer; say in the stem "
    "that the business is busy and short-staffed, so that A is clearly best.",
    "5.2": "The stem does not say whether he has told anyone about the move, so B can read as "
    "reasonable. Say that he has not told his employer.",
}
REJECTION = (
    "An \u201call of the above\u201d item about which laws are federal does not test competency "
    "1.4 (workers' rights). Please write a new item on a right or protection instead."
)


def demo_people() -> dict[str, User]:
    """The demo's staff who write, review and calibrate items, and decide on them."""
    people = {role: ensure_person(email, name, role) for role, (email, name) in DEMO_PEOPLE.items()}
    return {
        "writer": people[Role.ITEM_WRITER],
        "reviewer": people[Role.ITEM_REVIEWER],
        "reviewer2": ensure_person(*REVIEWER2, Role.ITEM_REVIEWER),
        "psychometrician": people[Role.PSYCHOMETRICIAN],
        "manager": people[Role.PROGRAM_MANAGER],
        "officer": people[Role.CREDENTIALING_OFFICER],
    }


def classical(a: float, b: float) -> tuple[float, float]:
    """p and corrected point-biserial a 2PL item would show for abilities ~ N(0, 1).

    Normal-ogive approximation: p = Φ(-k b / √(1 + k²)) with k = a / 1.702, the biserial
    r = k / √(1 + k²), and the point-biserial from it; "corrected" is shrunk by a tenth.
    """
    k = a / D
    p = NORMAL.cdf(-k * b / math.sqrt(1 + k**2))
    biserial = k / math.sqrt(1 + k**2)
    height = math.exp(-(NORMAL.inv_cdf(p) ** 2) / 2) / math.sqrt(2 * math.pi)
    point_biserial = biserial * height / math.sqrt(p * (1 - p))
    return round(p, 3), round(0.9 * point_biserial, 3)


def _statistics(rng: random.Random, administration: tuple[str, datetime.date], a: float, b: float,
                n: int) -> dict[str, Any]:  # fmt: skip
    p, rpb = classical(a, b)
    information = math.sqrt(n * p * (1 - p))  # roughly how precisely the data pin a and b
    return {
        "administration": administration[0],
        "administered_on": administration[1],
        "n": n,
        "p": p,
        "point_biserial": rpb,
        "irt_model": "2PL",
        "a": round(a, 3),
        "a_se": round(rng.uniform(1.2, 1.8) / information, 3),
        "b": round(b, 3),
        "b_se": round(rng.uniform(0.9, 1.2) / (a * information), 3),
    }


def _walk(item: Item, spec: DemoItem, people: dict[str, User], rng: random.Random) -> None:
    """Take a freshly written item through the workflow up to its demo status."""
    writer, reviewer, reviewer2 = people["writer"], people["reviewer"], people["reviewer2"]
    psychometrician = people["psychometrician"]
    status = spec.status
    if status == ItemStatus.DRAFT:
        return
    services.submit_item(item, writer)
    if status == ItemStatus.SUBMITTED:
        return
    if status == ItemStatus.IN_REVIEW:
        services.record_review(item, reviewer2, "approve", FULL_CHECKLIST, "Clear and current.")
        return
    if status == ItemStatus.NEEDS_REVISION:
        services.record_review(item, reviewer, "revise", {}, REVISION_REQUESTS[spec.competency])
        return
    if status == ItemStatus.REJECTED:
        services.record_review(item, reviewer, "reject", {}, REJECTION)
        return
    services.record_review(item, reviewer, "approve", FULL_CHECKLIST)
    services.record_review(
        item, reviewer2, "approve", FULL_CHECKLIST, "Key and reference check out."
    )
    if status == ItemStatus.APPROVED:
        return
    services.move_to_pretest(item, psychometrician, "Pretest in the next window.")
    version = item.versions.get()
    a, b = rng.uniform(0.4, 1.0), rng.uniform(-2.0, 0.8)
    services.record_statistics(version, psychometrician, **_statistics(rng, PRETEST, a, b, 180))
    if status == ItemStatus.PRETEST:
        return
    services.make_operational(item, psychometrician, "Pretest statistics within targets.")
    services.record_statistics(version, psychometrician, **_statistics(rng, SPRING, a, b, 520))
    if rng.random() < 0.5:
        later = _statistics(rng, FALL, a * rng.uniform(0.9, 1.1), b + rng.uniform(-0.15, 0.15), 470)
        services.record_statistics(version, psychometrician, **later)
    if status == ItemStatus.RETIRED:
        services.retire_item(
            item,
            psychometrician,
            "Dollar amounts change every year; replaced by items on the rules themselves.",
        )


def _content(spec: DemoItem) -> Content:
    return Content(
        spec.competency,
        spec.level,
        spec.stem,
        spec.options,
        spec.keys,
        spec.rationale,
        spec.references,
        kind=ItemKind.SINGLE if spec.select == 1 else ItemKind.MULTIPLE,
        select=spec.select,
    )


DEMO_MEDIA = resources.files("hallmark.itembank") / "demo_media"


def _seed_sets(program: Program, people: dict[str, User]) -> dict[str, ItemSet]:
    sets = {}
    for spec in SETS:
        item_set = services.create_item_set(
            program, spec.identifier, spec.title, spec.stimulus, people["writer"]
        )
        if spec.exhibit:
            image = (
                resources.files("hallmark.itembank") / "demo_media" / spec.exhibit
            ).read_bytes()
            item_set = services.attach_set_media(
                item_set, spec.exhibit, image, people["writer"], alt=spec.exhibit_alt
            )
        sets[spec.identifier] = item_set
    return sets


def _seed_written(program: Program, people: dict[str, User]) -> list[Item]:
    rng = random.Random(2024)
    items = []
    revised_one = False
    sets = _seed_sets(program, people)
    for spec in WRITTEN:
        content = _content(spec)
        if spec.status == ItemStatus.DRAFT and not revised_one:
            # One draft with two versions, to show the history and the differences.
            item = services.create_item(program, replace(content, references=()), people["writer"])
            services.revise_item(item, content, people["writer"], "Added the reference")
            revised_one = True
        else:
            item = services.create_item(program, content, people["writer"])
        if spec.item_set:
            services.place_in_set(item, sets[spec.item_set], people["writer"])
        _walk(item, spec, people, rng)
        items.append(item)
    by_stem = {spec.stem[3:]: item for spec, item in zip(WRITTEN, items, strict=True)}
    for first, second in ENEMIES:
        a = next(i for s, i in by_stem.items() if s.startswith(first))
        b = next(i for s, i in by_stem.items() if s.startswith(second))
        services.set_enemies(a, [b], people["manager"])
    submitted = next(i for s, i in zip(WRITTEN, items, strict=True) if s.status == "submitted")
    services.add_comment(
        submitted,
        people["writer"],
        "Would \u201cmusic retail\u201d in option A lead candidates to the key? Happy to cut it.",
    )
    return items


def _seed_synthetic(program: Program, author: User) -> int:
    """1,200 plainly synthetic items with 2PL parameters, spread over the competencies by weight."""
    rng = random.Random(1200)
    outline = program.current_outline()
    assert outline is not None
    domains = list(outline.domains.prefetch_related("competencies"))
    shares = largest_remainder([d.weight for d in domains], SYNTHETIC_ITEMS)
    competencies: list[Competency] = []
    for domain, count in zip(domains, shares, strict=True):
        own = list(domain.competencies.all())
        competencies.extend(own[i % len(own)] for i in range(count))
    levels = [CognitiveLevel.RECALL] * 3 + [CognitiveLevel.APPLICATION] * 5
    levels += [CognitiveLevel.ANALYSIS] * 2
    now = timezone.now()
    items = [
        Item(
            program=program,
            identifier=f"{program.designation}-S{n:04d}",
            author=author,
            status=ItemStatus.PRETEST
            if n % SYNTHETIC_PRETEST_EVERY == 0
            else ItemStatus.OPERATIONAL,
            is_synthetic=True,
        )
        for n in range(1, SYNTHETIC_ITEMS + 1)
    ]
    Item.objects.bulk_create(items, batch_size=500)
    versions = [
        ItemVersion(
            item=item,
            number=1,
            competency=competency,
            cognitive_level=rng.choice(levels),
            stem=f"<p>Synthetic item S-{n:04d} (competency {competency.code}): a placeholder "
            "with calibrated 2PL parameters, for trying assembly and analysis.</p>",
            options=[f"Synthetic option {label}" for label in "ABCD"],
            keys=[rng.choice("ABCD")],
            rationale="Synthetic item: there is no content to explain.",
            references=["Synthetic: generated by the Hallmark demo"],
            change_note="Generated for the demo",
            created_by=author,
        )
        for n, (item, competency) in enumerate(zip(items, competencies, strict=True), start=1)
    ]
    ItemVersion.objects.bulk_create(versions, batch_size=500)
    for item, version in zip(items, versions, strict=True):
        item.current_version = version
    Item.objects.bulk_update(items, ["current_version"], batch_size=500)
    ItemEvent.objects.bulk_create(
        [
            ItemEvent(
                item=item,
                version=version,
                kind=ItemEventKind.IMPORTED,
                to_status=item.status,
                actor_label="demo: synthetic calibrated bank",
                at=now,
                comment="Generated with 2PL parameters for trying assembly and analysis.",
            )
            for item, version in zip(items, versions, strict=True)
        ],
        batch_size=500,
    )
    statistics = []
    for version in versions:
        # discriminations like a real bank's (median 0.6 on the D = 1.702 metric): a form of
        # the most informative of them has a KR-20 near .90 for a window, not near .99
        a = min(2.0, max(0.2, rng.lognormvariate(math.log(0.6), 0.3)))
        b = min(3.0, max(-3.0, rng.gauss(0, 1)))
        values = _statistics(rng, CALIBRATION, a, b, rng.randint(900, 2400))
        statistics.append(ItemStatistics(version=version, recorded_by=author, **values))
    ItemStatistics.objects.bulk_create(statistics, batch_size=500)
    return len(items)


def seed() -> list[str]:
    program = Program.objects.filter(designation=DEMO_DESIGNATION).first()
    if program is None or program.current_outline() is None:
        return []
    people = demo_people()
    if not Item.objects.filter(program=program).exists():
        _seed_written(program, people)
        _seed_synthetic(program, people["psychometrician"])
    written = Item.objects.filter(program=program, is_synthetic=False).count()
    synthetic = Item.objects.filter(program=program, is_synthetic=True).count()
    return [
        f"itembank: {written} hand-written {program.designation} items in every status and "
        f"{synthetic:,} synthetic calibrated items (2PL) at /items/; "
        f"second reviewer {REVIEWER2[0]}"
    ]
