"""A day as a reader reads it: "3 March 2025", or in Spanish "3 de marzo de 2025"."""

import datetime

from django.utils import formats


def long_date(day: datetime.date) -> str:
    """The day in the active language's DATE_FORMAT (hallmark.site.formats)."""
    return formats.date_format(day, "DATE_FORMAT")
