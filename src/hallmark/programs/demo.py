"""The demo programs: a certification modelled on the CESP, and a small certificate program.

Competency statements are Hallmark's own, written for the demonstration; the program is marked
as a demo and is not the real exam of any certifying body.
"""

import datetime
from decimal import Decimal

from hallmark.programs.data import CompetencyKind, FeeKind, ProgramKind, ProgramStatus
from hallmark.programs.demo_handbook import CEF_HANDBOOK, CESP_HANDBOOK
from hallmark.programs.models import (
    CandidateHandbook,
    CasePolicy,
    CECategory,
    Disclosure,
    EligibilityCriterion,
    EligibilityPolicy,
    EvidenceKind,
    Fee,
    FeeSchedule,
    Program,
    RecertificationPolicy,
    RetakePolicy,
)
from hallmark.programs.services import (
    CompetencySpec,
    DomainSpec,
    publish_handbook,
)

DEMO_DESIGNATION = "CESP"
CERTIFICATE_DESIGNATION = "CEF"
POLICIES_FROM = datetime.date(2024, 1, 1)

K = CompetencyKind.KNOWLEDGE
T = CompetencyKind.TASK

# The outline as the 2025 practice analysis adopted it (the job analysis demo runs that study).
CESP_OUTLINE = [
    DomainSpec(
        "1",
        "Core values, ethics, and legislation and funding",
        Decimal(15),
        [
            CompetencySpec(
                "1.1",
                "Apply the presumption that every person who wants to work can work "
                "in the community with the right supports.",
                K,
            ),
            CompetencySpec(
                "1.2",
                "Protect the confidentiality of a job seeker's disability and "
                "personal information, disclosing only with informed consent.",
                T,
            ),
            CompetencySpec(
                "1.3",
                "Explain how disability benefits and work incentives interact with "
                "earnings, and refer to benefits counselling when needed.",
                K,
            ),
            CompetencySpec(
                "1.4",
                "Describe the rights and protections of workers with disabilities "
                "under employment and civil-rights law.",
                K,
            ),
            CompetencySpec(
                "1.5",
                "Identify the public funding streams for employment services and "
                "the documentation each requires.",
                K,
            ),
        ],
    ),
    DomainSpec(
        "2",
        "Individualized discovery and career planning",
        Decimal(22),
        [
            CompetencySpec(
                "2.1",
                "Gather information about a job seeker's interests, skills and "
                "conditions for success through observation in familiar settings.",
                T,
            ),
            CompetencySpec(
                "2.2",
                "Involve the job seeker and the people they choose in planning, "
                "keeping the job seeker's own preferences at the centre.",
                T,
            ),
            CompetencySpec(
                "2.3",
                "Write a vocational profile that summarises discovery findings "
                "and points to realistic employment goals.",
                T,
            ),
            CompetencySpec(
                "2.4",
                "Use informational interviews and job shadowing to explore "
                "possible careers with the job seeker.",
                T,
            ),
            CompetencySpec(
                "2.5",
                "Identify supports and accommodations the job seeker may need "
                "before any job is sought.",
                K,
            ),
        ],
    ),
    DomainSpec(
        "3",
        "Community research and job development",
        Decimal(25),
        [
            CompetencySpec(
                "3.1",
                "Research local labour markets and businesses to find employers "
                "whose needs match a job seeker's contributions.",
                T,
            ),
            CompetencySpec(
                "3.2",
                "Present a job seeker's strengths to employers in terms of the "
                "employer's business needs.",
                T,
            ),
            CompetencySpec(
                "3.3",
                "Negotiate customized job descriptions, carved jobs or created "
                "positions with employers.",
                T,
            ),
            CompetencySpec(
                "3.4",
                "Maintain a network of business contacts and follow up on every employer lead.",
                T,
            ),
            CompetencySpec(
                "3.5",
                "Support the job seeker's own participation in applications and interviews.",
                T,
            ),
        ],
    ),
    DomainSpec(
        "4",
        "Workplace supports",
        Decimal(23),
        [
            CompetencySpec(
                "4.1",
                "Analyse the tasks, routines and culture of a workplace before the "
                "new employee starts.",
                T,
            ),
            CompetencySpec(
                "4.2",
                "Use systematic instruction to teach job tasks, fading support as "
                "the employee gains competence.",
                T,
            ),
            CompetencySpec(
                "4.3",
                "Arrange reasonable accommodations and assistive technology with the "
                "employer and the employee.",
                T,
            ),
            CompetencySpec("4.4", "Develop natural supports from co-workers and supervisors.", T),
            CompetencySpec(
                "4.5", "Plan transportation and other logistics for getting to work.", K
            ),
        ],
    ),
    DomainSpec(
        "5",
        "Ongoing supports and retention",
        Decimal(15),
        [
            CompetencySpec(
                "5.1",
                "Monitor job performance and satisfaction with the employee and the "
                "employer at agreed intervals.",
                T,
            ),
            CompetencySpec(
                "5.2",
                "Respond to changes in job duties, supervisors or personal "
                "circumstances that threaten job retention.",
                T,
            ),
            CompetencySpec("5.3", "Support career advancement, raises and new opportunities.", T),
            CompetencySpec("5.4", "Document services and outcomes as funding sources require.", K),
        ],
    ),
]

ELIGIBILITY = [
    (
        "education",
        "A high-school diploma or an equivalent (e.g. GED).",
        "A copy of the diploma, equivalency certificate or transcript.",
        EvidenceKind.UPLOAD,
    ),
    (
        "experience",
        "One year of paid employment-support work at 20 or more hours a week; or nine "
        "months of such work plus 32 hours of training in employment supports.",
        "Dates, hours per week and duties of each position; training certificates for the "
        "nine-month route.",
        EvidenceKind.UPLOAD,
    ),
    (
        "conduct",
        "Agreement to the program's code of ethics and conduct.",
        "The candidate signs the code of conduct in the application.",
        EvidenceKind.ATTESTATION,
    ),
    (
        "employer",
        "Verification of the employment-support work by an employer or supervisor.",
        "A supervisor confirms the work through a one-time link, or staff record the confirmation.",
        EvidenceKind.EMPLOYER,
    ),
]

CE_CATEGORIES = [
    ("general", "Workshops, conferences and courses", "", Decimal(0), None, Decimal(1), None),
    (
        "teaching",
        "Teaching or presenting on employment supports",
        "Each hour of teaching counts double, up to 16 credits per cycle.",
        Decimal(0),
        Decimal(16),
        Decimal(2),
        None,
    ),
    (
        "employer",
        "Employer-provided training",
        "At most 20 hours per cycle.",
        Decimal(0),
        Decimal(20),
        Decimal(1),
        None,
    ),
    (
        "college",
        "College course (3 credits)",
        "A completed 3-credit course counts 10 hours.",
        Decimal(0),
        None,
        Decimal(1),
        Decimal(10),
    ),
    (
        "ethics",
        "Ethics",
        "At least 3 hours of ethics each cycle.",
        Decimal(3),
        None,
        Decimal(1),
        None,
    ),
]

CESP_FEES = [
    (FeeKind.APPLICATION, Decimal("50.00")),
    (FeeKind.EXAM, Decimal("175.00")),
    (FeeKind.RETAKE, Decimal("125.00")),
    (FeeKind.RENEWAL, Decimal("75.00")),
    (FeeKind.LATE_RENEWAL, Decimal("50.00")),
    (FeeKind.REINSTATEMENT, Decimal("150.00")),
]

CODE_OF_CONDUCT = (
    "I will respect the dignity, choices and confidentiality of every person I support; represent "
    "my credential honestly; keep exam content confidential; and report conflicts of interest."
)


def _seed_cesp() -> Program:
    program, created = Program.objects.get_or_create(
        designation=DEMO_DESIGNATION,
        defaults={
            "name": "Certified Employment Support Professional (demonstration)",
            "description": "For people who help persons with disabilities find and keep "
            "community jobs. A demonstration modelled on a real credential: its items, "
            "outline wording and policies are Hallmark's own.",
            "kind": ProgramKind.CERTIFICATION,
            "validity_months": 36,
            "status": ProgramStatus.ACTIVE,
            "is_demo": True,
        },
    )
    if not created:
        return program
    eligibility = EligibilityPolicy.objects.create(
        program=program,
        effective_from=POLICIES_FROM,
        approval_valid_days=365,
        code_of_conduct_version="2024-1",
        code_of_conduct=CODE_OF_CONDUCT,
    )
    EligibilityCriterion.objects.bulk_create(
        EligibilityCriterion(
            policy=eligibility, code=code, text=text, evidence=evidence, evidence_kind=kind, order=i
        )
        for i, (code, text, evidence, kind) in enumerate(ELIGIBILITY, start=1)
    )
    RetakePolicy.objects.create(
        program=program,
        effective_from=POLICIES_FROM,
        min_days_between_attempts=30,
        max_attempts_per_12_months=2,
    )
    CasePolicy.objects.create(
        program=program,
        effective_from=POLICIES_FROM,
        appeal_days=30,
        acknowledge_days=7,
        decide_days=60,
        panel_size=3,
        disclosure=Disclosure.SANCTION,
    )
    recertification = RecertificationPolicy.objects.create(
        program=program,
        effective_from=POLICIES_FROM,
        ce_hours_required=Decimal(36),
        reexam_allowed=True,
        window_opens_months_before=9,
        grace_days=30,
        reinstatement_days=365,
        audit_percent=Decimal(10),
    )
    CECategory.objects.bulk_create(
        CECategory(
            policy=recertification,
            code=code,
            name=name,
            description=description,
            min_hours=low,
            max_hours=high,
            credit_multiplier=multiplier,
            fixed_credits=fixed,
        )
        for code, name, description, low, high, multiplier, fixed in CE_CATEGORIES
    )
    fees = FeeSchedule.objects.create(program=program, effective_from=POLICIES_FROM)
    Fee.objects.bulk_create(Fee(schedule=fees, kind=k, amount=a) for k, a in CESP_FEES)
    return program


def _seed_certificate_program() -> Program:
    program, created = Program.objects.get_or_create(
        designation=CERTIFICATE_DESIGNATION,
        defaults={
            "name": "Customized Employment Foundations (training course)",
            "description": "A 30-hour training course. Those who complete it receive a "
            "certificate of completion: a record of the training they completed.",
            "kind": ProgramKind.CERTIFICATE,
            "validity_months": None,
            "status": ProgramStatus.ACTIVE,
            "is_demo": True,
        },
    )
    if created:
        fees = FeeSchedule.objects.create(program=program, effective_from=POLICIES_FROM)
        Fee.objects.create(schedule=fees, kind=FeeKind.CERTIFICATE, amount=Decimal("295.00"))
    return program


def _seed_handbook(program: Program, title: str, body: str) -> None:
    """Version 1 of the program's handbook, published by the system, once."""
    if CandidateHandbook.objects.filter(program=program).exists():
        return
    draft = CandidateHandbook.objects.create(program=program, title=title, body=body.strip())
    publish_handbook(draft, by=None)


def seed() -> list[str]:
    cesp = _seed_cesp()
    cef = _seed_certificate_program()
    _seed_handbook(cesp, "Candidate handbook", CESP_HANDBOOK)
    _seed_handbook(cef, "Participant handbook", CEF_HANDBOOK)
    return [
        f"programs: {cesp} (certification), {cef} (certificate program)",
        f"program pages: /programs/{cesp.designation}/ and /programs/{cef.designation}/, "
        "each with its published handbook (HTML and PDF)",
    ]
