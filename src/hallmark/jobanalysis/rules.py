"""What every step of a study checks: the study locked and in the right status, and the
hashes and days its records keep instead of secrets and exact times."""

import datetime
import hashlib
from collections.abc import Iterable

from django.core.exceptions import ValidationError

from hallmark.jobanalysis.data import StudyStatus
from hallmark.jobanalysis.models import (
    Study,
)
from hallmark.programs.models import Competency

MANAGE = "jobanalysis.manage_study"


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def to_the_day(at: datetime.datetime) -> datetime.datetime:
    """An invitation's progress is kept to the day: a time to the second would match it to
    the response started or completed at that second, and so tell whose answers those are."""
    return at.astimezone(datetime.UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def locked_study(study: Study) -> Study:
    return (
        Study.objects.select_for_update()
        .select_related("program", "draft_outline")
        .get(pk=study.pk)
    )


def require_status(study: Study, allowed: Iterable[str], what: str) -> None:
    allowed = tuple(allowed)
    if study.status not in allowed:
        wanted = " or ".join(StudyStatus(s).label.lower() for s in allowed)
        raise ValidationError(
            f"{study}: cannot {what} while the study is {study.get_status_display().lower()} "
            f"(it must be {wanted})."
        )


def statements_of(study: Study) -> list[Competency]:
    """The draft outline's statements in outline order: the columns of the ratings."""
    return list(
        Competency.objects.filter(domain__outline_id=study.draft_outline_id)
        .select_related("domain")
        .order_by("domain__order", "domain__code", "order", "code")
    )
