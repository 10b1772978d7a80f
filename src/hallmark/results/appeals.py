"""An adverse decision as the person sees it: what was decided, why, and until when it may be
appealed (ISO/IEC 17024 §9.7), with the address of the appeal form while the period lasts.

Results knows no app above it, so the appeal form's address is written out as a path; the
apps above reverse it where they can.
"""

import datetime
from dataclasses import dataclass

from hallmark.programs.models import Program, appeal_deadline
from hallmark.results.data import VerificationStatus
from hallmark.results.models import Result

APPEAL_PATH = "/appeals/new/{subject}/{pk}/"


def appeal_path(subject: str, pk: int) -> str:
    return APPEAL_PATH.format(subject=subject, pk=pk)


@dataclass(frozen=True)
class AppealOffer:
    """A decision that may be appealed: `href` is empty once the period has ended."""

    decided_on: datetime.date
    until: datetime.date
    href: str

    @property
    def is_open(self) -> bool:
        return bool(self.href)


def appeal_offer(
    program: Program, decided_at: datetime.datetime, href: str, today: datetime.date | None = None
) -> AppealOffer:
    """The appeal period of a decision taken at `decided_at` (a day in the program's zone)."""
    decided_on = decided_at.astimezone(program.time_zone).date()
    until = appeal_deadline(program, decided_on)
    still = (today or program.today()) <= until
    return AppealOffer(decided_on, until, href if still else "")


def result_offer(result: Result) -> AppealOffer | None:
    """A failed result whose score verification was decided may be appealed from that day."""
    if result.passed:
        return None
    verified = (
        result.verifications.exclude(status=VerificationStatus.OPEN)
        .filter(decided_at__isnull=False)
        .order_by("-decided_at")
        .first()
    )
    if verified is None or verified.decided_at is None:
        return None
    program = result.run.window.program
    return appeal_offer(program, verified.decided_at, appeal_path("result", result.pk))
