"""The results part of a person's data (see `hallmark.accounts.personal_data` for the shape):
released results with their scores and domain feedback, and score verifications. Never an item
or a response; a held result is not the person's to see yet, so it is not exported."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from hallmark.accounts.models import User
from hallmark.accounts.personal_data import Row, when
from hallmark.results.data import RunStatus
from hallmark.results.models import Result, ScoreVerificationRequest

TITLE = gettext_noop("Results")

KEPT = (_("your results and score verifications: a credential rests on them"),)


def _domains(result: Result) -> str:
    return "; ".join(
        f"{domain.get('title', domain.get('code', ''))}: {domain.get('standing', '')}"
        for domain in result.domains
    )


def _results(person: User) -> list[Row]:
    released = Result.objects.filter(candidate=person, run__status=RunStatus.RELEASED)
    return [
        {
            gettext_noop("program"): result.run.window.program.designation,
            gettext_noop("window"): result.run.window.name,
            gettext_noop("released"): when(result.run.released_at),
            gettext_noop("raw score"): result.raw,
            gettext_noop("of"): result.max_raw,
            gettext_noop("scaled score"): result.scaled,
            gettext_noop("passed"): result.passed,
            gettext_noop("domain feedback"): _domains(result),
            gettext_noop("voided"): when(result.voided_at),
        }
        for result in released.select_related("run__window__program").order_by("created_at")
    ]


def _verifications(person: User) -> list[Row]:
    return [
        {
            gettext_noop("requested"): when(request.requested_at),
            gettext_noop("status"): request.get_status_display(),
            gettext_noop("outcome"): request.outcome,
        }
        for request in ScoreVerificationRequest.objects.filter(candidate=person)
    ]


def export(person: User) -> dict[str, list[Row]]:
    return {
        gettext_noop("Results"): _results(person),
        gettext_noop("Score verifications"): _verifications(person),
    }
