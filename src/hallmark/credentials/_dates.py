"""Date-times as credentials write them: XML Schema dateTimeStamp, always with a time zone."""

import re
from datetime import UTC, datetime

__all__ = ["format_datetime", "parse_datetime"]

# xsd:dateTimeStamp: a date, a time, optional fractions of a second and a mandatory zone.
_DATE_TIME_STAMP = re.compile(
    r"^-?\d{4,}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
)


def format_datetime(moment: datetime) -> str:
    """``moment`` in UTC to the second, as ``2025-01-31T09:00:00Z``."""
    if moment.tzinfo is None:
        raise ValueError(f"datetime {moment.isoformat()} has no time zone")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_datetime(text: object, *, what: str) -> datetime:
    """The timezone-aware datetime of an xsd:dateTimeStamp; ValueError naming ``what`` if not."""
    if not isinstance(text, str) or not _DATE_TIME_STAMP.match(text):
        raise ValueError(f"{what} {text!r} is not a date-time with a time zone")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{what} {text!r} is not a valid date-time") from None
