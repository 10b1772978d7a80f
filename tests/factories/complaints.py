"""Complaints as the public files them, on a program with its case policy."""

import datetime
from typing import Any

from hallmark.certification.complaints import services
from hallmark.certification.complaints.data import ComplaintAbout
from hallmark.certification.models import Complaint
from hallmark.programs.models import CasePolicy, Program

from factories.programs import ProgramFactory

__all__ = ["filed_complaint", "program_with_case_policy"]


def program_with_case_policy(
    acknowledge_days: int = 5, complaint_close_days: int = 60, **program: Any
) -> Program:
    made = ProgramFactory(**program)
    CasePolicy.objects.create(
        program=made,
        effective_from=datetime.date(2020, 1, 1),
        acknowledge_days=acknowledge_days,
        complaint_close_days=complaint_close_days,
    )
    return made


def filed_complaint(program: Program, **given: Any) -> Complaint:
    """A complaint about the body from a named complainant with an address, unless `given`
    says otherwise."""
    values: dict[str, Any] = {
        "program": program,
        "about": ComplaintAbout.BODY,
        "what_happened": "Nobody answered the support line during my exam window.",
        "complainant_name": "Ana Ruiz",
        "complainant_email": "ana.ruiz@example.org",
    }
    return services.file_complaint(**(values | given))
