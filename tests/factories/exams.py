"""Factories for the candidate journey, and helpers that build a program ready for candidates."""

import datetime
from decimal import Decimal

import factory
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from hallmark.exams import models as em
from hallmark.exams.data import (
    AccommodationKind,
    AccommodationStatus,
    ApplicationEventKind,
    ApplicationStatus,
    Decision,
    DeliveryMode,
    EmployerVerificationStatus,
)
from hallmark.exams.journey import applications, employer
from hallmark.programs import models as pm
from hallmark.programs.data import FeeStatus

from factories.programs import (
    BlueprintFactory,
    EligibilityCriterionFactory,
    EligibilityPolicyFactory,
    ProgramFactory,
    RetakePolicyFactory,
    UserFactory,
    published_outline,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 32


def ready_program(
    *,
    time_zone: str = "America/New_York",
    min_days: int = 30,
    max_attempts: int = 2,
    employer: bool = True,
    **program: object,
) -> pm.Program:
    """A program that takes candidates: outline, blueprint, eligibility, retake policy."""
    program_ = ProgramFactory(display_time_zone=time_zone, **program)
    BlueprintFactory(outline=published_outline(program_, weights=(100,), competencies_per_domain=1))
    policy = EligibilityPolicyFactory(
        program=program_,
        code_of_conduct_version="2024-1",
        code_of_conduct="I will keep exam content confidential.",
    )
    EligibilityCriterionFactory(policy=policy, code="education", order=1)
    if employer:
        EligibilityCriterionFactory(
            policy=policy,
            code="employer",
            text="An employer confirms your work.",
            evidence_kind=pm.EvidenceKind.EMPLOYER,
            order=2,
        )
    RetakePolicyFactory(
        program=program_,
        min_days_between_attempts=min_days,
        max_attempts_per_12_months=max_attempts,
    )
    return program_


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = em.Application

    candidate = factory.SubFactory(UserFactory)
    program = factory.SubFactory(ProgramFactory)
    policy = factory.LazyAttribute(
        lambda o: (
            pm.EligibilityPolicy.in_force(o.program) or EligibilityPolicyFactory(program=o.program)
        )
    )


class ApprovedApplicationFactory(ApplicationFactory):
    status = ApplicationStatus.APPROVED
    submitted_at = factory.LazyFunction(timezone.now)
    fee_status = FeeStatus.PAID
    approved_on = factory.LazyAttribute(lambda o: o.program.today())
    approval_expires_on = factory.LazyAttribute(
        lambda o: o.approved_on + datetime.timedelta(days=o.policy.approval_valid_days)
    )


class ApplicationEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = em.ApplicationEvent

    application = factory.SubFactory(ApplicationFactory)
    kind = ApplicationEventKind.STARTED


class EligibilityAnswerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = em.EligibilityAnswer

    application = factory.SubFactory(ApplicationFactory)
    criterion = factory.SubFactory(
        EligibilityCriterionFactory, policy=factory.SelfAttribute("..application.policy")
    )
    text = "I finished high school in 2010."


class AccommodationRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = em.AccommodationRequest

    candidate = factory.SubFactory(UserFactory)
    program = factory.SubFactory(ProgramFactory)
    kind = AccommodationKind.EXTRA_TIME
    time_factor = Decimal("1.50")
    details = "Dyslexia: reading takes me longer."


class ApprovedAccommodationFactory(AccommodationRequestFactory):
    status = AccommodationStatus.APPROVED
    decided_at = factory.LazyFunction(timezone.now)


class EvidenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = em.Evidence

    application = factory.SubFactory(ApplicationFactory)
    owner = factory.SelfAttribute("application.candidate")
    criterion = factory.SubFactory(
        EligibilityCriterionFactory, policy=factory.SelfAttribute("..application.policy")
    )
    file = factory.LazyFunction(lambda: ContentFile(PDF, name="diploma.pdf"))
    original_name = "diploma.pdf"
    content_type = "application/pdf"
    size = len(PDF)
    sha256 = "0" * 64


class EmployerVerificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = em.EmployerVerification

    application = factory.SubFactory(ApplicationFactory)
    reference_name = "Pat Supervisor"
    reference_email = factory.Sequence(lambda n: f"supervisor{n}@employer.example")
    employer = "Community Jobs Inc."
    link_expires_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    status = EmployerVerificationStatus.REQUESTED


class TestingWindowFactory(factory.django.DjangoModelFactory):
    __test__ = False  # a factory, not a test class, whatever its name

    class Meta:
        model = em.TestingWindow

    program = factory.SubFactory(ProgramFactory)
    blueprint = factory.LazyAttribute(
        lambda o: (
            pm.Blueprint.objects.filter(outline__program=o.program).first()
            or BlueprintFactory(outline=published_outline(o.program, weights=(100,)))
        )
    )
    name = factory.Sequence(lambda n: f"Window {n}")
    delivery_mode = DeliveryMode.ONLINE
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyAttribute(lambda o: o.opens_at + datetime.timedelta(days=30))
    capacity = 10
    # A window needs a proctor's check-in unless told otherwise; tests of check-in ask for it.
    check_in_required = False


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = em.Registration

    window = factory.SubFactory(TestingWindowFactory)
    program = factory.SelfAttribute("window.program")
    application = factory.SubFactory(
        ApprovedApplicationFactory, program=factory.SelfAttribute("..program")
    )
    candidate = factory.SelfAttribute("application.candidate")
    booked_by = factory.SelfAttribute("candidate")
    authorization_code = factory.Sequence(lambda n: f"T-{n:08d}")
    authorization_expires_at = factory.SelfAttribute("window.closes_at")


class RegistrationAccommodationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = em.RegistrationAccommodation

    registration = factory.SubFactory(RegistrationFactory)
    accommodation = factory.SubFactory(
        ApprovedAccommodationFactory,
        candidate=factory.SelfAttribute("..registration.candidate"),
        program=factory.SelfAttribute("..registration.program"),
    )


# --- the journey through the services, for tests that start further along -----------------


def pdf(name: str = "diploma.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def complete(application: em.Application, now: datetime.datetime | None = None) -> em.Application:
    """Fill in everything the application's policy asks for (as its candidate)."""
    person = application.candidate
    criteria = list(application.policy.criteria.all())
    applications.save_answers(
        application, {c.pk: f"I meet {c.code}." for c in criteria}, by=person, now=now
    )
    for criterion in criteria:
        if criterion.evidence_kind == pm.EvidenceKind.UPLOAD:
            applications.add_evidence(application, criterion, pdf(), by=person, now=now)
        if criterion.evidence_kind == pm.EvidenceKind.EMPLOYER:
            employer.request_employer_verification(
                application,
                reference_name="Pat Supervisor",
                reference_email="pat@employer.example",
                by=person,
                now=now,
            )
    applications.accept_conduct(application, by=person, now=now)
    return application


def submitted(
    candidate, program: pm.Program, now: datetime.datetime | None = None
) -> em.Application:
    application = applications.start_application(candidate, program, by=candidate, now=now)
    complete(application, now)
    return applications.submit_application(application, by=candidate, now=now)


def approved(
    candidate, program: pm.Program, officer, now: datetime.datetime | None = None
) -> em.Application:
    """An application taken through every step to approval by `officer`."""
    now = now or timezone.now()
    application = submitted(candidate, program, now)
    applications.record_fee(application, FeeStatus.PAID, reference="R1", by=officer, now=now)
    verification = application.current_employer_verification()
    if verification is not None:
        employer.record_employer_verification(
            verification, confirmed=True, note="By telephone.", by=officer, now=now
        )
    return applications.decide_application(application, Decision.APPROVE, by=officer, now=now)
