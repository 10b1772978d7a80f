"""The public page of each program and its candidate handbook (HTML and PDF).

Everything on them is what Hallmark already holds and acts on: the published content outline
and its job analysis, the exam's blueprint, the policies in force today (eligibility, fees,
retakes, recertification, appeals and complaints), the testing windows open for booking. A
certificate program's page speaks of a certificate of completion only.

Active programs have a page (the home page lists them); a retired one keeps its page, saying
so, for the credentials the registry still shows; a draft has none.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_safe

from hallmark.exams.data import AccommodationKind
from hallmark.exams.journey.registrations import bookable_windows
from hallmark.exams.models import TestingWindow
from hallmark.programs.data import ProgramStatus
from hallmark.programs.handbook import handbook_pdf
from hallmark.programs.markup import clean_body
from hallmark.programs.models import (
    DEFAULT_APPEAL_DAYS,
    Blueprint,
    CandidateHandbook,
    CasePolicy,
    ContentOutline,
    EligibilityPolicy,
    FeeSchedule,
    Program,
    RecertificationPolicy,
    RetakePolicy,
)

# The statuses whose programs have a public page.
PUBLIC_STATUSES = (ProgramStatus.ACTIVE, ProgramStatus.RETIRED)


def public_program(designation: str) -> Program:
    return get_object_or_404(Program, designation__iexact=designation, status__in=PUBLIC_STATUSES)


def _day(instant: datetime.datetime, program: Program) -> datetime.date:
    """The program's local day; the page writes it in the reader's language."""
    return timezone.localtime(instant, program.time_zone).date()


@dataclass(frozen=True)
class OpenWindow:
    """A testing window as a visitor reads it: when, how, where."""

    name: str
    mode: str
    location: str
    opens_on: datetime.date
    closes_on: datetime.date

    @classmethod
    def of(cls, window: TestingWindow, program: Program) -> "OpenWindow":
        return cls(
            name=window.name,
            mode=window.get_delivery_mode_display(),
            location=window.location,
            opens_on=_day(window.opens_at, program),
            closes_on=_day(window.closes_at, program),
        )


def _outline_context(outline: ContentOutline | None) -> dict[str, Any]:
    if outline is None:
        return {"outline": None, "domains": [], "blueprint": None, "study": None}
    domains = outline.domains.prefetch_related("competencies")
    # The study the outline was adopted from (the job analysis app's reverse relation).
    study = outline.adopted_from.first()
    return {
        "outline": outline,
        "domains": domains,
        "blueprint": Blueprint.objects.filter(outline=outline).order_by("pk").first(),
        "study": study,
    }


def _takes_applications(program: Program, eligibility: EligibilityPolicy | None) -> bool:
    return program.status == ProgramStatus.ACTIVE and eligibility is not None


def program_context(program: Program) -> dict[str, Any]:
    """What the program's page says, all of it in force on the program's today."""
    eligibility = EligibilityPolicy.in_force(program)
    fees = FeeSchedule.in_force(program)
    recertification = RecertificationPolicy.in_force(program)
    active = program.status == ProgramStatus.ACTIVE
    return {
        "program": program,
        "active": active,
        **_outline_context(program.current_outline()),
        "eligibility": eligibility,
        "criteria": eligibility.criteria.all() if eligibility else [],
        "fee_schedule": fees,
        "fees": fees.fees.order_by("pk") if fees else [],
        "windows": [OpenWindow.of(w, program) for w in bookable_windows(program)] if active else [],
        "retake": RetakePolicy.in_force(program),
        "recertification": recertification,
        "ce_categories": recertification.ce_categories.all() if recertification else [],
        "cases": CasePolicy.in_force(program),
        "default_appeal_days": DEFAULT_APPEAL_DAYS,
        "handbook": CandidateHandbook.published_of(program).first(),
        "accommodations": [
            k.label.lower() for k in AccommodationKind if k != AccommodationKind.OTHER
        ],
        "apply_url": reverse("exams:apply", args=[program.designation])
        if _takes_applications(program, eligibility)
        else None,
    }


@require_safe
def program_page(request: HttpRequest, designation: str) -> HttpResponse:
    program = public_program(designation)
    return render(request, "hallmark/program.html", program_context(program))


def _handbook(program: Program, version: int | None) -> CandidateHandbook:
    versions = CandidateHandbook.published_of(program)
    handbook = versions.first() if version is None else versions.filter(version=version).first()
    if handbook is None:
        raise Http404(f"{program.designation} has no published handbook of that version.")
    return handbook


@require_safe
def handbook_page(
    request: HttpRequest, designation: str, version: int | None = None
) -> HttpResponse:
    program = public_program(designation)
    handbook = _handbook(program, version)
    context = {
        "program": program,
        "handbook": handbook,
        # Cleaned again on the way out, whatever wrote the row.
        "body": mark_safe(clean_body(handbook.body)),  # noqa: S308
        "current": CandidateHandbook.published_of(program).first(),
        "versions": CandidateHandbook.published_of(program),
    }
    return render(request, "hallmark/handbook.html", context)


@require_safe
def handbook_download(request: HttpRequest, designation: str) -> HttpResponse:
    program = public_program(designation)
    handbook = _handbook(program, None)
    response = HttpResponse(handbook_pdf(handbook), content_type="application/pdf")
    name = f"{program.designation}-handbook-v{handbook.version}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response
