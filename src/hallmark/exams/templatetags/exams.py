"""Dates and times as the candidate reads them: in the program's own time zone."""

import datetime

from django import template
from django.utils import timezone

from hallmark.lib.dates import long_date
from hallmark.programs.models import Program

register = template.Library()


@register.filter
def local(instant: datetime.datetime | None, program: Program) -> str:
    """`{{ window.opens_at|local:program }}` -> "3 March 2025, 09:00 EST"."""
    from hallmark.exams.journey.common import local_datetime_text

    if instant is None:
        return "—"
    return local_datetime_text(program, instant)


@register.filter
def day(value: datetime.date | None) -> str:
    """`{{ application.resubmit_by|day }}` -> "3 March 2025" (in Spanish "3 de marzo de 2025");
    an instant is taken on its day in the site's time zone, as the `date` filter does."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return long_date(value) if value else "—"
