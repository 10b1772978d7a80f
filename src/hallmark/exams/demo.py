"""Demo candidates, one per state of the journey, and the CESP testing windows.

Everything is created once, with dates relative to the first run, through the services (so the
records carry the history a real candidate's would). Messages are recorded, not mailed.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hallmark.accounts.data import Role
from hallmark.accounts.demo import DEMO_PEOPLE, ensure_person
from hallmark.accounts.models import User
from hallmark.accounts.notifications import recorded_only
from hallmark.accounts.services import choose_language
from hallmark.exams.data import (
    TIMES,
    AccommodationDecision,
    AccommodationKind,
    AttemptOutcome,
    Decision,
    DeliveryMode,
    FormStatus,
)
from hallmark.exams.forms import workflow
from hallmark.exams.journey import accommodations, applications, employer, registrations
from hallmark.exams.journey.retakes import retake_check
from hallmark.exams.models import Application, Form, TestingWindow
from hallmark.lib.dates import long_date
from hallmark.programs.data import FeeStatus
from hallmark.programs.models import Blueprint, EvidenceKind, Program

DESIGNATION = "CESP"
ONLINE_NOW = "CESP online — open now"
TEST_CENTRE = "CESP test centre — Springfield"
LAST_MONTH = "CESP online — last month"

# A one-page PDF, small enough to sit in the source: the demo's scanned "documents".
DEMO_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)

ANSWERS = {
    "education": "High-school diploma, Lincoln High School, 2012.",
    "experience": "Employment specialist at Community Jobs Inc. since 2021, 35 hours a week: "
    "job development, job coaching and follow-along supports.",
    "conduct": "I have signed the code of conduct in this application.",
    "employer": "My supervisor at Community Jobs Inc. can confirm my work.",
}


def _document(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, DEMO_PDF, content_type="application/pdf")


def _windows(program: Program, now: datetime.datetime) -> dict[str, TestingWindow]:
    blueprint = Blueprint.objects.filter(outline__program=program).order_by("pk").first()
    assert blueprint is not None  # the programs' demo made one
    day = datetime.timedelta(days=1)
    specs = {
        ONLINE_NOW: (DeliveryMode.ONLINE, "", now - day, now + 90 * day, 200, False),
        TEST_CENTRE: (
            DeliveryMode.TEST_CENTRE,
            "Springfield Community College, 12 Elm Street, Room 4",
            now + 30 * day,
            now + 32 * day,
            25,
            True,
        ),
        LAST_MONTH: (DeliveryMode.ONLINE, "", now - 45 * day, now - 5 * day, 200, False),
    }
    windows = {}
    for name, (mode, location, opens, closes, capacity, launch_code) in specs.items():
        windows[name], _ = TestingWindow.objects.get_or_create(
            program=program,
            name=name,
            defaults={
                "blueprint": blueprint,
                "delivery_mode": mode,
                "location": location,
                "opens_at": opens,
                "closes_at": closes,
                "capacity": capacity,
                "launch_code_required": launch_code,
                # The open online window lets one person try the whole exam alone; a real
                # window keeps the default, a proctor's check-in before the clock starts.
                "check_in_required": launch_code,
            },
        )
    proctor = ensure_person(*DEMO_PEOPLE[Role.PROCTOR], Role.PROCTOR)
    for window in windows.values():  # the demo proctor proctors every demo window
        window.proctors.add(proctor)
    return windows


def _submitted(
    person: User, program: Program, officer: User, at: datetime.datetime, *, confirmed: bool
) -> Application:
    """A complete application, submitted at `at` with its fee paid."""
    day = datetime.timedelta(days=1)
    application = applications.start_application(person, program, by=person, now=at - 2 * day)
    criteria = {c.code: c for c in application.policy.criteria.all()}
    applications.save_answers(
        application,
        {c.pk: ANSWERS.get(code, "See my evidence.") for code, c in criteria.items()},
        by=person,
        now=at - 2 * day,
    )
    for code, criterion in criteria.items():
        if criterion.evidence_kind == EvidenceKind.UPLOAD:
            applications.add_evidence(
                application, criterion, _document(f"{code}.pdf"), by=person, now=at - day
            )
    applications.accept_conduct(application, by=person, now=at - day)
    verification = employer.request_employer_verification(
        application,
        reference_name="Pat Alvarez",
        reference_email=f"supervisor.of.{person.email.split('@')[0]}@employer.example",
        employer="Community Jobs Inc.",
        by=person,
        now=at - day,
    )
    if confirmed:
        employer.record_employer_verification(
            verification,
            confirmed=True,
            note="Confirmed by telephone with the supervisor.",
            by=officer,
            now=at,
        )
    applications.submit_application(application, by=person, now=at)
    applications.record_fee(
        application, FeeStatus.PAID, reference="Receipt 1001", by=officer, now=at
    )
    return application


def _approved(person: User, program: Program, officer: User, at: datetime.datetime) -> Application:
    application = _submitted(person, program, officer, at, confirmed=True)
    return applications.decide_application(
        application, Decision.APPROVE, by=officer, now=at + datetime.timedelta(days=2)
    )


def _forms(program: Program, windows: dict[str, TestingWindow]) -> str:
    """Two parallel forms assembled from the demo bank, approved and in use in every window."""
    psychometrician = ensure_person(*DEMO_PEOPLE[Role.PSYCHOMETRICIAN], Role.PSYCHOMETRICIAN)
    blueprint = next(iter(windows.values())).blueprint
    frozen = Form.objects.filter(program=program, blueprint=blueprint, status=FormStatus.FROZEN)
    if not frozen.exists():
        # The demo bank's 1,200 operational and 52 pretest items fill two 115 + 20
        # forms in about a second (the solver stops on the gap, so the seed makes it repeatable).
        try:
            drafts = workflow.assemble_draft_forms(
                program, blueprint, 2, by=psychometrician, seed=1, time_limit=20
            )
        except ValidationError:
            # a bank too small for the blueprint: deliver a form picked by hand meanwhile
            workflow.freeze_hand_picked(
                program,
                blueprint,
                f"{program.designation}-HAND-1",
                workflow.usable_versions(program, blueprint.total_length),
                by=psychometrician,
            )
        else:
            for draft in drafts:
                workflow.approve_form(draft, by=psychometrician)
    for window in windows.values():
        for form in frozen:
            if not window.forms.filter(pk=form.pk).exists():
                workflow.put_in_use(form, window, by=psychometrician)
    codes = ", ".join(f.code for f in frozen.order_by("code"))
    return f"forms: {codes} frozen and in use in every window (/forms/)"


def seed() -> list[str]:
    program = Program.objects.filter(designation=DESIGNATION).first()
    officer = User.objects.filter(email="officer@example.org").first()
    if program is None or officer is None:
        return []
    now = timezone.now()
    day = datetime.timedelta(days=1)
    windows = _windows(program, now)
    people = {
        "candidate": ensure_person("candidate@example.org", "Jordan Rivera", Role.CANDIDATE),
        "pending": ensure_person("pending@example.org", "Avery Brooks", Role.CANDIDATE),
        "moreinfo": ensure_person("moreinfo@example.org", "Riley Chen", Role.CANDIDATE),
        "denied": ensure_person("denied@example.org", "Quinn Okoro", Role.CANDIDATE),
        "retake": ensure_person("retake@example.org", "Taylor Novak", Role.CANDIDATE),
    }
    fresh = {
        key: person
        for key, person in people.items()
        if not Application.objects.filter(candidate=person, program=program).exists()
    }
    with recorded_only():
        if "candidate" in fresh:
            jordan = fresh["candidate"]
            _approved(jordan, program, officer, now - 14 * day)
            accommodation = accommodations.request_accommodation(
                jordan,
                program,
                kind=AccommodationKind.EXTRA_TIME,
                time_factor=Decimal("1.50"),
                details="Dyslexia: I read test questions more slowly. Report attached.",
                documentation=_document("psychologist-report.pdf"),
                by=jordan,
                now=now - 12 * day,
            )
            accommodations.decide_accommodation(
                accommodation, AccommodationDecision.APPROVE, by=officer, now=now - 10 * day
            )
            registrations.book(jordan, windows[ONLINE_NOW], by=jordan, now=now - day / 2)
        if "pending" in fresh:
            avery = fresh["pending"]
            _submitted(avery, program, officer, now - 3 * day, confirmed=False)
            accommodations.request_accommodation(
                avery,
                program,
                kind=AccommodationKind.SEPARATE_ROOM,
                details="Anxiety disorder: a room without other candidates.",
                documentation=_document("clinician-letter.pdf"),
                by=avery,
                now=now - 3 * day,
            )
        if "moreinfo" in fresh:
            # Riley reads the site in Spanish: the journey and its messages show in Spanish.
            choose_language(fresh["moreinfo"], "es", by=fresh["moreinfo"])
            riley = _submitted(fresh["moreinfo"], program, officer, now - 10 * day, confirmed=True)
            applications.decide_application(
                riley,
                Decision.MORE_INFORMATION,
                reason="You took the nine-month route: please upload the certificates of your "
                "32 hours of training in employment supports.",
                by=officer,
                now=now - 5 * day,
            )
        if "denied" in fresh:
            quinn = _submitted(fresh["denied"], program, officer, now - 12 * day, confirmed=True)
            applications.decide_application(
                quinn,
                Decision.DENY,
                reason="Your employment-support work adds up to five months; the policy asks "
                "for a year, or nine months with 32 hours of training.",
                by=officer,
                now=now - 8 * day,
            )
        if "retake" in fresh:
            taylor = fresh["retake"]
            _approved(taylor, program, officer, now - 60 * day)
            seat = registrations.book(taylor, windows[LAST_MONTH], by=taylor, now=now - 44 * day)
            registrations.record_attempt(seat, on=now - 10 * day, outcome=AttemptOutcome.FAIL)
    retake = retake_check(people["retake"], program, program.today())
    forms_line = _forms(program, windows)
    return [
        forms_line,
        f"candidates: candidate@ (approved, extra time {TIMES}1.5, booked in the open online "
        "window), "
        "pending@ (submitted, accommodation requested), moreinfo@ (more information needed; "
        "reads the site in Spanish), "
        "denied@ (denied, may appeal), retake@ (failed attempt; may book again from "
        f"{long_date(retake.earliest)})",
        f"testing windows: {', '.join(windows)}; "
        "proctor@example.org proctors them all (/portal/proctor/)",
    ]
