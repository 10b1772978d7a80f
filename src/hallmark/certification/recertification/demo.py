"""Demo certificants at each point of recertification, a CE provider with an approved and a
pending course, and the daily job's history. Idempotent: a certificant seeded before is left
exactly as they are."""

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hallmark.accounts.data import Role
from hallmark.accounts.demo import ensure_person
from hallmark.accounts.models import User
from hallmark.accounts.notifications import recorded_only
from hallmark.certification import daily, services
from hallmark.certification.data import EvidenceKind
from hallmark.certification.dates import add_months
from hallmark.certification.models import Credential, Cycle, ProviderCourse
from hallmark.certification.recertification import ce, renewals
from hallmark.programs.data import FeeStatus
from hallmark.programs.models import Program

# A one-page PDF standing in for a certificate of attendance or completion.
CERTIFICATE_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

# (title, provider, category, hours, months after the cycle starts)
FULL_CE = [
    (
        "Benefits planning and work incentives update",
        "State Vocational Rehabilitation Agency",
        "general",
        "12",
        3,
    ),
    ("Ethics in employment support", "APSE Chapter Conference", "ethics", "3", 6),
    (
        "Teaching: job development workshop for new staff",
        "Valley Community Services",
        "teaching",
        "6",
        10,
    ),
    (
        "Customized employment: discovery in practice",
        "Employment First Institute",
        "general",
        "8",
        14,
    ),
    ("Systematic instruction on the job", "Regional Training Consortium", "general", "4", 20),
]
PARTIAL_CE = FULL_CE[:2]

# email, name, months since issue (before today), days more, the point they are at
CERTIFICANTS = [
    ("priya.raman@example.org", "Priya Raman", 12, 0, "window not yet open"),
    ("jamal.ortiz@example.org", "Jamal Ortiz", 30, 0, "window open, partial CE"),
    ("hannah.kowalski@example.org", "Hannah Kowalski", 32, 0, "ready to renew"),
    ("luis.fernandez@example.org", "Luis Fernández", 33, 0, "selected for audit"),
    ("mei.chen@example.org", "Mei Chen", 36, 12, "in grace"),
    ("samuel.adeyemi@example.org", "Samuel Adeyemi", 36, 75, "expired past grace"),
    ("olivia.brooks@example.org", "Olivia Brooks", 36, 120, "reinstated"),
]
PROVIDER = ("training@valleyservices.example.org", "Rosa Delgado", "Valley Community Services")


def _officer() -> User:
    """The demo's credentialing officer decides, so every decision says who made it."""
    officer = User.objects.filter(groups__name=Role.CREDENTIALING_OFFICER).order_by("pk").first()
    assert officer is not None  # the accounts demo made one
    return officer


def _log(cycle: Cycle, holder: User, plan: list[tuple[str, str, str, str, int]]) -> None:
    today = cycle.program.today()
    for title, provider, category, hours, months in plan:
        completed = min(add_months(cycle.starts_on, months), today)
        activity = ce.log_activity(
            cycle,
            by=holder,
            title=title,
            provider_name=provider,
            category_code=category,
            started_on=completed,
            completed_on=completed,
            hours=Decimal(hours),
            evidence_kind=EvidenceKind.ATTENDANCE,
            upload=SimpleUploadedFile("certificate.pdf", CERTIFICATE_PDF, "application/pdf"),
        )
        if category != "teaching":  # the teaching record stays in the review queue
            ce.review_activity(activity, by=_officer(), decision="accept")


def _certificant(program: Program, email: str, name: str, months: int, days: int) -> Cycle | None:
    holder = ensure_person(email, name)
    if Credential.objects.filter(holder=holder, program=program).exists():
        return None
    issued_on = add_months(program.today(), -months) - datetime.timedelta(days=days)
    credential = services.issue_credential(
        holder, program, issued_on=issued_on, reason="Demo: passed the exam"
    )
    return renewals.current_cycle(credential)


def _bring_to(cycle: Cycle, point: str) -> None:
    credential, holder = cycle.credential, cycle.credential.holder
    if point == "window not yet open":
        _log(cycle, holder, PARTIAL_CE[:1])
    elif point == "window open, partial CE":
        _log(cycle, holder, [*PARTIAL_CE, FULL_CE[2]])  # the teaching record awaits review
    elif point in ("in grace", "expired past grace"):
        _log(cycle, holder, PARTIAL_CE)
    else:
        _log(cycle, holder, FULL_CE)
        for activity in cycle.activities.filter(status="pending"):
            ce.review_activity(activity, by=_officer(), decision="accept")
    if point in ("in grace", "expired past grace", "reinstated"):
        services.expire_credential(credential, on=credential.program.today())
    if point == "selected for audit":
        application = renewals.apply_for_renewal(credential, by=holder, attest=True)
        if not hasattr(application, "audit"):
            renewals.select_for_audit(
                application, by=_officer(), reason="Demo: audited beyond the random sample."
            )
    if point == "reinstated":
        application = renewals.apply_for_renewal(credential, by=holder, attest=True)
        officer = _officer()
        renewals.record_fee(application, by=officer, status=FeeStatus.PAID)
        if hasattr(application, "audit"):
            renewals.decide_audit(
                application.audit, by=officer, passed=True, reason="Demo: certificates checked."
            )
        renewals.approve_renewal(
            application, by=officer, reason="Demo: reinstated with CE and fee."
        )


def _provider(program: Program) -> None:
    email, contact, organisation = PROVIDER
    account = ensure_person(email, contact)
    if ProviderCourse.objects.filter(submitted_by=account).exists():
        return
    today = program.today()
    common: dict[str, Any] = {
        "by": account,
        "program": program,
        "provider_name": organisation,
        "contact_name": contact,
        "email": email,
        "category_code": "general",
    }
    approved = ce.apply_for_course(
        **common,
        title="Benefits counselling essentials",
        hours=Decimal(6),
        offered_from=add_months(today, -6),
        offered_until=add_months(today, 18),
        description="Work incentives, benefits planning and referral, with case studies.",
    )
    ce.decide_course(approved, by=_officer(), approve=True, approved_until=add_months(today, 18))
    ce.apply_for_course(
        **common,
        title="Customized employment in rural communities",
        hours=Decimal(8),
        offered_from=today,
        offered_until=add_months(today, 12),
        description="Discovery, job carving and transport planning where jobs are few.",
    )


def seed(program: Program) -> list[str]:
    with recorded_only():
        _provider(program)
        for email, name, months, days, point in CERTIFICANTS:
            cycle = _certificant(program, email, name, months, days)
            if cycle is not None:
                _bring_to(cycle, point)
        lines = daily.run(datetime.datetime.now(datetime.UTC), deliver=False)
    code = ProviderCourse.objects.filter(code__isnull=False).values_list("code", flat=True).first()
    return [
        f"recertification: {len(CERTIFICANTS)} certificants at each point "
        f"({'; '.join(point for *_, point in CERTIFICANTS)}); their page is "
        "/credentials/<number>/renewal/",
        f"  approved CE course code: {code}; providers apply at "
        f"{reverse('credentials-ce-course-apply')}",
        *(f"  {line}" for line in lines),
    ]
