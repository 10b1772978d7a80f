"""factory-boy factories for every model, shared by the whole suite."""

import datetime
from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from hallmark.accounts.data import Role
from hallmark.accounts.models import User
from hallmark.programs import models as pm
from hallmark.programs.data import ProgramKind, ProgramStatus

PASSWORD = "correct-horse-battery"


def _letters(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> BA: designations are letters only."""
    text = ""
    while True:
        n, digit = divmod(n, 26)
        text = chr(65 + digit) + text
        if n == 0:
            return text


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    legal_name = factory.Faker("name")
    password = factory.django.Password(PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: list[Role] | None, **kwargs: object) -> None:
        from hallmark.accounts.services import grant_role

        for role in extracted or []:
            grant_role(self, role)


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group
        django_get_or_create = ("name",)

    name = Role.CANDIDATE.value


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Program

    name = factory.Sequence(lambda n: f"Program {n}")
    designation = factory.Sequence(lambda n: "P" + _letters(n))
    kind = ProgramKind.CERTIFICATION
    validity_months = 36
    status = ProgramStatus.ACTIVE


class CertificateProgramFactory(ProgramFactory):
    kind = ProgramKind.CERTIFICATE
    validity_months = None


class ContentOutlineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.ContentOutline

    program = factory.SubFactory(ProgramFactory)
    title = "Outline"


class DomainFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Domain

    outline = factory.SubFactory(ContentOutlineFactory)
    code = factory.Sequence(lambda n: f"D{n}")
    title = factory.Sequence(lambda n: f"Domain {n}")
    weight = Decimal(100)


class CompetencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Competency

    domain = factory.SubFactory(DomainFactory)
    code = factory.Sequence(lambda n: f"C{n}")
    statement = factory.Faker("sentence")


class BlueprintFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Blueprint

    outline = factory.SubFactory(ContentOutlineFactory)
    name = factory.Sequence(lambda n: f"Blueprint {n}")
    scored_length = 100
    pretest_length = 20
    time_limit_minutes = 150


class BlueprintCompetencyMinimumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.BlueprintCompetencyMinimum

    blueprint = factory.SubFactory(BlueprintFactory)
    competency = factory.SubFactory(CompetencyFactory)
    minimum_items = 2


class EligibilityPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.EligibilityPolicy

    program = factory.SubFactory(ProgramFactory)
    effective_from = datetime.date(2024, 1, 1)


class EligibilityCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.EligibilityCriterion

    policy = factory.SubFactory(EligibilityPolicyFactory)
    code = factory.Sequence(lambda n: f"criterion-{n}")
    text = "A high-school diploma or equivalent."
    evidence = "A copy of the diploma."
    evidence_kind = pm.EvidenceKind.UPLOAD


class RetakePolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.RetakePolicy

    program = factory.SubFactory(ProgramFactory)
    effective_from = datetime.date(2024, 1, 1)
    min_days_between_attempts = 30
    max_attempts_per_12_months = 2


class RecertificationPolicyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.RecertificationPolicy

    program = factory.SubFactory(ProgramFactory)
    effective_from = datetime.date(2024, 1, 1)
    ce_hours_required = Decimal(36)


class CECategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.CECategory

    policy = factory.SubFactory(RecertificationPolicyFactory)
    code = factory.Sequence(lambda n: f"cat{n}")
    name = "Workshops"


class FeeScheduleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.FeeSchedule

    program = factory.SubFactory(ProgramFactory)
    effective_from = datetime.date(2024, 1, 1)


class FeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.Fee

    schedule = factory.SubFactory(FeeScheduleFactory)
    kind = "exam"
    amount = Decimal("150.00")


def published_outline(
    program: pm.Program | None = None,
    weights: tuple[int, ...] = (40, 60),
    competencies_per_domain: int = 3,
) -> pm.ContentOutline:
    """A published outline with the given domain weights and a few competencies each."""
    from hallmark.programs.services import publish_outline

    outline = ContentOutlineFactory(program=program or ProgramFactory())
    for i, weight in enumerate(weights, start=1):
        domain = DomainFactory(outline=outline, code=str(i), weight=Decimal(weight), order=i)
        for j in range(1, competencies_per_domain + 1):
            CompetencyFactory(domain=domain, code=f"{i}.{j}", order=j)
    return publish_outline(outline, by=None)


class CandidateHandbookFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = pm.CandidateHandbook

    program = factory.SubFactory(ProgramFactory)
    body = "<h2>About the program</h2><p>What it is and who can apply.</p>"


def published_handbook(program: pm.Program | None = None, **fields: object) -> pm.CandidateHandbook:
    """A handbook version published by the system (as the demo does)."""
    from hallmark.programs.services import publish_handbook

    draft = CandidateHandbookFactory(program=program or ProgramFactory(), **fields)
    return publish_handbook(draft, by=None)
