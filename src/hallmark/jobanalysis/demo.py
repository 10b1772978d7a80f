"""The demo's job analysis: the 2025 CESP practice analysis, from the panel's review of a draft
outline through a national survey to the adopted outline the demo program publishes, and the
2026 study whose survey is open to try at /job-analysis/<study>/.

Respondents are made up, seeded: each rates statements around the statement's level, with their
own leniency and their setting's view (school transition staff see job development as less
important and discovery as more), and a few hurry or straight-line and are excluded.
"""

import datetime
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from hallmark.accounts.data import Role
from hallmark.accounts.demo import DEMO_PEOPLE, ensure_person
from hallmark.accounts.models import User
from hallmark.accounts.notifications import recorded_only
from hallmark.jobanalysis import services, survey
from hallmark.jobanalysis.models import Study
from hallmark.jobanalysis.rules import statements_of
from hallmark.programs.data import CompetencyKind
from hallmark.programs.demo import CESP_OUTLINE, DEMO_DESIGNATION
from hallmark.programs.models import Competency, ContentOutline, Program
from hallmark.programs.services import (
    CompetencySpec,
    new_outline_version,
    publish_outline,
    set_outline_domains,
)

UTC = datetime.UTC
COMPLETED_TITLE = "2025 CESP practice analysis"
OPEN_TITLE = "2026 CESP practice analysis"
PUBLISHED = datetime.datetime(2025, 6, 2, 9, 0, tzinfo=UTC)
OPEN_FOR_DAYS = 21
# the least multiple-response and case-set items per form of the blueprint the study adopts
CESP_MINIMUM_MULTIPLE_RESPONSE = 4
CESP_MINIMUM_CASE_ITEMS = 4

# The 2025 draft: the outline's statements, one worded as the panel found it, and two more
# that the survey leaves out (few find the first important; fewer than half perform the second).
REWORDED = {"5.3": "Support career advancement."}
DRAFT_EXTRAS = {
    "2": CompetencySpec(
        "2.6", "Administer and score standardized vocational aptitude tests.", CompetencyKind.TASK
    ),
    "4": CompetencySpec(
        "4.6",
        "Arrange the employee's transportation to and from the workplace.",
        CompetencyKind.TASK,
    ),
}
# The 2026 draft adds two statements to the published outline.
NEW_IN_2026 = {
    "3": CompetencySpec(
        "3.6",
        "Use online job boards and professional networking sites to find openings that match "
        "a job seeker's plan.",
        CompetencyKind.TASK,
    ),
    "4": CompetencySpec(
        "4.6",
        "Set up the accessibility features and assistive technology of the workplace's "
        "software with the employee.",
        CompetencyKind.TASK,
    ),
}

# Each statement's level: mean importance (0-4), mean frequency (0-5) among those performing
# it, and the share performing it. Domain sums of importance x frequency lie near 15, 22,
# 25, 23 and 15 parts of 100; the panel then writes whole percentages.
LEVELS: dict[str, tuple[float, float, float]] = {
    "1.1": (3.7, 3.06, 0.97),
    "1.2": (3.8, 2.87, 0.98),
    "1.3": (3.0, 2.50, 0.9),
    "1.4": (2.9, 2.41, 0.9),
    "1.5": (2.36, 2.69, 0.84),  # borderline: under 2.5, kept by the panel
    "2.1": (3.6, 3.58, 0.96),
    "2.2": (3.4, 3.58, 0.95),
    "2.3": (3.3, 3.48, 0.95),
    "2.4": (3.5, 3.38, 0.96),
    "2.5": (3.2, 3.58, 0.94),
    "2.6": (1.9, 1.6, 0.45),  # left out: low importance
    "3.1": (3.6, 4.18, 0.97),
    "3.2": (3.5, 4.07, 0.96),
    "3.3": (3.4, 4.18, 0.96),
    "3.4": (3.6, 3.96, 0.96),
    "3.5": (3.5, 3.96, 0.95),
    "4.1": (3.6, 3.75, 0.96),
    "4.2": (3.5, 3.75, 0.95),
    "4.3": (3.4, 3.65, 0.95),
    "4.4": (3.3, 3.75, 0.95),
    "4.5": (3.4, 3.65, 0.94),
    "4.6": (2.8, 2.2, 0.38),  # left out: fewer than half perform it
    "5.1": (3.5, 3.20, 0.96),
    "5.2": (3.6, 3.02, 0.95),
    "5.3": (3.1, 2.67, 0.9),
    "5.4": (3.2, 3.47, 0.97),
}
LEVELS_2026 = {**LEVELS, "3.6": (3.3, 3.8, 0.93), "4.6": (3.0, 2.8, 0.7)}

REGIONS = ("Northeast", "Midwest", "South", "West")
REGION_PLAN = {"Northeast": 17, "Midwest": 21, "South": 38, "West": 24}
SETTINGS = (
    "Community rehabilitation provider",
    "State vocational rehabilitation agency",
    "School transition program",
    "Independent or other",
)
SETTING_PLAN = dict(zip(SETTINGS, (50, 20, 15, 15), strict=True))
YEARS = ("Under 2", "2 to 5", "6 to 10", "Over 10")
ROLES = ("Employment specialist or job developer", "Job coach", "Supervisor or manager", "Other")
# A setting's view: importance shifted in a domain (school transition staff).
SETTING_SHIFT = {("School transition program", "3"): -0.8, ("School transition program", "2"): 0.6}
# Response rates by region: the South answers least, as national surveys often find.
RESPONSE_RATE = {"Northeast": 0.66, "Midwest": 0.62, "South": 0.5, "West": 0.6}


@dataclass(frozen=True)
class Member:
    email: str
    region: str
    setting: str


def _members(rng: random.Random, count: int, domain: str) -> list[Member]:
    regions = rng.choices(REGIONS, weights=list(REGION_PLAN.values()), k=count)
    settings_ = rng.choices(SETTINGS, weights=list(SETTING_PLAN.values()), k=count)
    return [
        Member(f"member{n:04d}@{domain}", region, setting)
        for n, (region, setting) in enumerate(zip(regions, settings_, strict=True), start=1)
    ]


def _draft(outline: ContentOutline) -> None:
    specs = []
    for spec in CESP_OUTLINE:
        statements = [
            replace(c, statement=REWORDED.get(c.code, c.statement)) for c in spec.competencies
        ]
        if spec.code in DRAFT_EXTRAS:
            statements.append(DRAFT_EXTRAS[spec.code])
        specs.append(replace(spec, competencies=statements))
    set_outline_domains(outline, specs)


def _rating(rng: random.Random, level: float, high: int, shift: float) -> int:
    """A rating whose expected value is the level (plus the respondent's shift), rounded up or
    down at random in proportion, so that means keep the level."""
    value = min(high, max(0.0, rng.gauss(level + shift, 0.45)))
    low = int(value)
    return min(high, low + (rng.random() < value - low))


def _ratings(
    rng: random.Random,
    statements: Sequence[Competency],
    levels: dict[str, tuple[float, float, float]],
    member: Member,
    *,
    criticality: bool,
    straight: bool = False,
) -> dict[tuple[int, str], int | None]:
    leniency = rng.gauss(0, 0.3)
    out: dict[tuple[int, str], int | None] = {}
    for c in statements:
        importance, frequency, performing = levels[c.code]
        shift = leniency + SETTING_SHIFT.get((member.setting, c.domain.code), 0.0)
        performs = rng.random() < performing
        out[(c.pk, "importance")] = 3 if straight else _rating(rng, importance, 4, shift)
        out[(c.pk, "frequency")] = (
            3 if straight else _rating(rng, frequency, 5, leniency) if performs else 0
        )
        if criticality:
            out[(c.pk, "criticality")] = _rating(rng, importance - 0.3, 4, shift)
    return out


def _background(rng: random.Random, member: Member) -> dict[str, str]:
    return {
        "region": member.region,
        "setting": member.setting,
        "years": rng.choices(YEARS, weights=(15, 35, 28, 22))[0],
        "role": rng.choices(ROLES, weights=(45, 30, 15, 10))[0],
    }


def _set_up(study: Study, manager: User) -> None:
    questions = [
        ("region", "Which region of the country do you work in?", REGIONS, True),
        ("setting", "Where do you mainly work?", SETTINGS, True),
        ("years", "How many years have you worked in employment support?", YEARS, True),
        ("role", "What is your main role?", ROLES, False),
    ]
    for key, text, choices, subgroup in questions:
        question = services.add_background_question(
            study, key, text, by=manager, choices=choices, subgroup=subgroup
        )
        plan = {"region": REGION_PLAN, "setting": SETTING_PLAN}.get(key)
        if plan:
            services.set_sampling_plan(question, plan, by=manager)


def _respond(
    study: Study,
    rng: random.Random,
    member: Member,
    levels: dict[str, tuple[float, float, float]],
    start: datetime.datetime,
    *,
    statements: Sequence[Competency],
    criticality: bool,
    token: str | None,
    seconds: int,
    straight: bool = False,
    finish: bool = True,
) -> None:
    response, _ = survey.start_response(study, token=token, now=start)
    survey.save_ratings(
        response,
        _ratings(rng, statements, levels, member, criticality=criticality, straight=straight),
        _background(rng, member),
    )
    if finish:
        survey.complete(response, token=token, now=start + datetime.timedelta(seconds=seconds))


def _token(link: str) -> str:
    return link.rstrip("/").rsplit("/", 1)[1]


def _survey(
    study: Study,
    manager: User,
    members: Sequence[Member],
    levels: dict[str, tuple[float, float, float]],
    opened: datetime.datetime,
    rng: random.Random,
    *,
    days: int,
    rate_scale: float = 1.0,
    open_link: int = 0,
) -> None:
    """Invite the members, and let each answer (or not) by their personal link; `open_link`
    more come by the open link, a few screened out."""
    base = settings.PUBLIC_BASE_URL
    with recorded_only():
        services.invite(
            study, [(m.email, m.region, m.setting) for m in members], by=manager, base_url=base
        )
    links = dict(services.personal_links(study, by=manager, base_url=base, now=opened))
    # Read once for every respondent: the statements rated and whether criticality is asked.
    statements = statements_of(study)
    criticality = study.scales.filter(key="criticality").exists()
    for n, member in enumerate(members):
        if rng.random() >= RESPONSE_RATE[member.region] * rate_scale:
            continue
        start = opened + datetime.timedelta(days=rng.randrange(days), minutes=rng.randrange(600))
        seconds = int(rng.lognormvariate(7.35, 0.3))  # about 26 minutes
        speeder = n % 97 == 13
        straight = n % 89 == 41
        _respond(
            study,
            rng,
            member,
            levels,
            start,
            statements=statements,
            criticality=criticality,
            token=_token(links[member.email]),
            seconds=seconds // 5 if speeder else seconds,
            straight=straight,
            finish=n % 31 != 7,  # some leave part-way
        )
    for n in range(open_link):
        member = Member("", rng.choice(REGIONS), rng.choice(SETTINGS))
        start = opened + datetime.timedelta(days=rng.randrange(days), minutes=rng.randrange(600))
        if n % 12 == 5:
            survey.start_response(study, screening_ok=False, now=start)
            continue
        seconds = int(rng.lognormvariate(7.35, 0.3))
        _respond(
            study,
            rng,
            member,
            levels,
            start,
            statements=statements,
            criticality=criticality,
            token=None,
            seconds=seconds,
        )


def _completed_study(program: Program, manager: User) -> Study:
    rng = random.Random(2025)
    draft = ContentOutline.objects.create(
        program=program,
        title="CESP content outline",
        job_analysis="Draft for the 2025 practice analysis.",
    )
    _draft(draft)
    study = services.create_study(
        program,
        draft,
        COMPLETED_TITLE,
        by=manager,
        exam_length=115,
        exam_pretest_length=20,
        exam_minutes=180,
        estimated_minutes=25,
    )
    _set_up(study, manager)
    statement = {c.code: c for c in statements_of(study)}
    services.begin_panel_review(study, by=manager)
    services.comment(
        study,
        statement["2.6"],
        "Few of us give aptitude tests now; discovery replaced them. Let the survey say.",
        by=manager,
    )
    services.edit_statement(
        study,
        statement["5.3"],
        "Support career advancement, raises and new opportunities.",
        reason="Say what advancement means, so that every respondent rates the same thing.",
        by=manager,
    )
    opened = datetime.datetime(2025, 3, 3, 9, 0, tzinfo=UTC)
    services.open_survey(study, by=manager, now=opened)
    members = _members(rng, 560, "example.net")
    _survey(study, manager, members, LEVELS, opened, rng, days=35, open_link=48)
    services.close_survey(study, by=manager, now=datetime.datetime(2025, 4, 11, 17, 0, tzinfo=UTC))
    services.flag_quality(study, by=manager)
    services.decide_borderline(
        study,
        statement["1.5"],
        "keep",
        reason="Mean importance 2.4 is just under the line, and errors in funding documentation "
        "end services: the panel keeps it as knowledge every specialist needs.",
        by=manager,
    )
    services.mark_analysed(study, by=manager, now=datetime.datetime(2025, 5, 2, 15, 0, tzinfo=UTC))
    _whole_percent_weights(study, manager)
    outline = services.adopt(
        study, by=manager, now=datetime.datetime(2025, 5, 16, 12, 0, tzinfo=UTC)
    )
    publish_outline(outline, by=manager, now=PUBLISHED)
    _item_formats(outline)
    return study


def _item_formats(outline: ContentOutline) -> None:
    """Each CESP form carries multiple-response items and a case set, as the exam's own do."""
    for blueprint in outline.blueprints.all():
        blueprint.minimum_multiple_response = CESP_MINIMUM_MULTIPLE_RESPONSE
        blueprint.minimum_case_items = CESP_MINIMUM_CASE_ITEMS
        blueprint.full_clean()
        blueprint.save()


def _whole_percent_weights(study: Study, manager: User) -> None:
    """The panel writes each domain's weight as the outline states it, a whole percent."""
    target = {spec.code: spec.weight for spec in CESP_OUTLINE}
    for domain in study.draft_outline.domains.all():
        services.adjust_weight(
            study,
            domain,
            Decimal(target[domain.code]),
            reason="The outline states weights in whole percent; the panel rounded the "
            "survey's weight, moving it by less than a point.",
            by=manager,
        )


def _open_study(program: Program, manager: User) -> Study:
    rng = random.Random(2026)
    published = program.current_outline()
    assert published is not None
    draft = new_outline_version(published)
    draft.job_analysis = "Draft for the 2026 practice analysis."
    draft.save()
    domains = {d.code: d for d in draft.domains.all()}
    for code, spec in NEW_IN_2026.items():
        Competency.objects.create(
            domain=domains[code],
            code=spec.code,
            statement=spec.statement,
            kind=spec.kind,
            order=domains[code].competencies.count() + 1,
        )
    study = services.create_study(
        program,
        draft,
        OPEN_TITLE,
        by=manager,
        exam_length=115,
        exam_pretest_length=20,
        exam_minutes=180,
        estimated_minutes=25,
    )
    _set_up(study, manager)
    services.add_scale(study, "criticality", by=manager)
    services.begin_panel_review(study, by=manager)
    new = {c.code: c for c in statements_of(study)}
    services.comment(
        study,
        new["3.6"],
        "Most openings are now found online; the survey should tell us how often.",
        by=manager,
    )
    # Open for three weeks by the day the demo is seeded, answers coming in meanwhile.
    today = timezone.now().replace(hour=9, minute=0, second=0, microsecond=0)
    opened = today - datetime.timedelta(days=OPEN_FOR_DAYS)
    services.open_survey(study, by=manager, now=opened)
    members = _members(rng, 40, "example.com")
    _survey(
        study,
        manager,
        members,
        LEVELS_2026,
        opened,
        rng,
        days=OPEN_FOR_DAYS - 1,
        rate_scale=0.4,
        open_link=4,
    )
    return study


def _summary(program: Program) -> list[str]:
    done = program.studies.get(title=COMPLETED_TITLE)
    live = program.studies.get(title=OPEN_TITLE)
    outline = done.adopted_outline
    assert outline is not None and done.analysis is not None
    figures = done.analysis.figures
    return [
        f"jobanalysis: {done.title} ({figures['respondents']} respondents analysed of "
        f"{figures['invited']} invited) adopted as {outline}, published",
        f"jobanalysis: {live.title} open: the survey at {settings.PUBLIC_BASE_URL}"
        f"/job-analysis/{live.pk}/",
    ]


@transaction.atomic
def seed() -> list[str]:
    program = Program.objects.filter(designation=DEMO_DESIGNATION).first()
    if program is None:
        return []
    if not program.studies.exists():
        manager = ensure_person(*DEMO_PEOPLE[Role.PROGRAM_MANAGER], Role.PROGRAM_MANAGER)
        _completed_study(program, manager)
        _open_study(program, manager)
    return _summary(program)
