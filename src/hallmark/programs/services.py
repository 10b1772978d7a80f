"""Changes of state of programs that span models, each in one transaction."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction

from hallmark.accounts.models import User
from hallmark.lib.clock import now_or
from hallmark.lib.permissions import need
from hallmark.programs.data import CompetencyKind, OutlineStatus
from hallmark.programs.models import (
    HUNDRED,
    CandidateHandbook,
    Competency,
    ContentOutline,
    Domain,
    plain_number,
)


@dataclass(frozen=True)
class CompetencySpec:
    code: str
    statement: str
    kind: str = CompetencyKind.TASK


@dataclass(frozen=True)
class DomainSpec:
    code: str
    title: str
    weight: Decimal
    competencies: Sequence[CompetencySpec] = field(default_factory=tuple)


def _check_domain_specs(outline: ContentOutline, domains: Sequence[DomainSpec]) -> None:
    problems = []
    total = sum((Decimal(d.weight) for d in domains), Decimal(0))
    if total != HUNDRED:
        problems.append(f"{outline}: domain weights sum to {plain_number(total)}%, not 100%.")
    codes = [d.code for d in domains]
    for code in sorted({c for c in codes if codes.count(c) > 1}):
        problems.append(f"{outline}: domain code {code} is used twice.")
    for d in domains:
        if not d.competencies:
            problems.append(f"Domain {d.code} has no competencies.")
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def set_outline_domains(outline: ContentOutline, domains: Sequence[DomainSpec]) -> None:
    """Replace a draft outline's domains and competencies, all or nothing."""
    _check_domain_specs(outline, domains)
    for domain in outline.domains.all():
        domain.competencies.all().delete()  # refuses if published: nothing changes then
        domain.delete()
    for order, spec in enumerate(domains, start=1):
        domain = Domain(
            outline=outline, code=spec.code, title=spec.title, weight=spec.weight, order=order
        )
        domain.full_clean(exclude=["outline"])
        domain.save()
        Competency.objects.bulk_create(
            Competency(domain=domain, code=c.code, statement=c.statement, kind=c.kind, order=i)
            for i, c in enumerate(spec.competencies, start=1)
        )


def outline_problems(outline: ContentOutline) -> list[str]:
    problems = outline.weight_problems()
    if not outline.domains.exists():
        problems.append(f"{outline} has no domains.")
    for domain in outline.domains.filter(competencies__isnull=True):
        problems.append(f"Domain {domain.code} has no competencies.")
    return problems


@transaction.atomic
def publish_outline(
    outline: ContentOutline, by: User | None, *, now: datetime.datetime | None = None
) -> ContentOutline:
    """Freeze a draft outline; from now on changes go into a new version."""
    outline = ContentOutline.objects.select_for_update().get(pk=outline.pk)
    if outline.is_published:
        raise ValidationError(f"{outline} is already published.")
    problems = outline_problems(outline)
    if problems:
        raise ValidationError(problems)
    outline.status = OutlineStatus.PUBLISHED
    outline.published_at = now_or(now)
    outline.published_by = by
    outline.save()
    return outline


@transaction.atomic
def new_outline_version(outline: ContentOutline) -> ContentOutline:
    """Start a draft copy of an outline, to be edited and published as the next version."""
    draft = ContentOutline.objects.create(
        program=outline.program, title=outline.title, job_analysis=outline.job_analysis
    )
    for domain in outline.domains.prefetch_related("competencies"):
        copy = Domain.objects.create(
            outline=draft,
            code=domain.code,
            title=domain.title,
            weight=domain.weight,
            order=domain.order,
        )
        Competency.objects.bulk_create(
            Competency(domain=copy, code=c.code, statement=c.statement, kind=c.kind, order=c.order)
            for c in domain.competencies.all()
        )
    return draft


PUBLISH_HANDBOOK = "programs.publish_candidatehandbook"


@transaction.atomic
def publish_handbook(
    handbook: CandidateHandbook, by: User | None, *, now: datetime.datetime | None = None
) -> CandidateHandbook:
    """Publish a draft handbook: it becomes the version candidates read, and never changes.
    `by` None is the system itself (the demo)."""
    need(by, PUBLISH_HANDBOOK, "publish a candidate handbook")
    handbook = CandidateHandbook.objects.select_for_update().get(pk=handbook.pk)
    if handbook.is_published:
        raise ValidationError(f"{handbook} is already published.")
    if not handbook.body.strip():
        raise ValidationError(f"{handbook} is empty: write its text before publishing it.")
    handbook.status = OutlineStatus.PUBLISHED
    handbook.published_at = now_or(now)
    handbook.published_by = by
    handbook.save()
    return handbook


@transaction.atomic
def new_handbook_version(handbook: CandidateHandbook, by: User | None) -> CandidateHandbook:
    """A draft copy of a handbook, to be edited and published as the program's next version."""
    need(by, "programs.add_candidatehandbook", "write a candidate handbook")
    return CandidateHandbook.objects.create(
        program=handbook.program, title=handbook.title, body=handbook.body
    )
