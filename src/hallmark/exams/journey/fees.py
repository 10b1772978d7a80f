"""Fees: Hallmark records their status; taking the payment happens outside it.

The hook for a payment service is the `fee_due` signal, sent when an application is first
submitted, with `application` and `fee` (the `programs.Fee` due, or None when the program's fee
schedule has none). A receiver starts the payment elsewhere; when the payment service confirms,
the integration calls `hallmark.exams.journey.applications.record_fee(application,
FeeStatus.PAID, by=None, reference=...)`. Without an integration, staff record payments and
waivers by hand.
"""

from django.dispatch import Signal

from hallmark.exams.models import Application
from hallmark.programs.data import FeeKind
from hallmark.programs.models import Fee, FeeSchedule, Program

fee_due = Signal()


def program_fee(program: Program) -> Fee | None:
    """The application fee in force on the program's today, if its fee schedule has one."""
    schedule = FeeSchedule.in_force(program)
    if schedule is None:
        return None
    return schedule.fees.filter(kind=FeeKind.APPLICATION).first()


def application_fee(application: Application) -> Fee | None:
    return program_fee(application.program)


def fee_label(application: Application) -> str:
    fee = application_fee(application)
    status = application.get_fee_status_display().lower()
    if fee is None:
        return status
    return f"{fee.schedule.currency} {fee.amount}, {status}"
