"""The results part of a person's data (see `hallmark.accounts.personal_data` for the shape):
released results with their scores and domain feedback, and score verifications. Never an item
or a response; a held result is not the person's to see yet, so it is not exported."""

from hallmark.accounts.models import User
from hallmark.accounts.personal_data import Row, when
from hallmark.results.data import RunStatus
from hallmark.results.models import Result, ScoreVerificationRequest

TITLE = "Results"

KEPT = ("your results and score verifications: a credential rests on them",)


def _domains(result: Result) -> str:
    return "; ".join(
        f"{domain.get('title', domain.get('code', ''))}: {domain.get('standing', '')}"
        for domain in result.domains
    )


def _results(person: User) -> list[Row]:
    released = Result.objects.filter(candidate=person, run__status=RunStatus.RELEASED)
    return [
        {
            "program": result.run.window.program.designation,
            "window": result.run.window.name,
            "released": when(result.run.released_at),
            "raw score": result.raw,
            "of": result.max_raw,
            "scaled score": result.scaled,
            "passed": result.passed,
            "domain feedback": _domains(result),
            "voided": when(result.voided_at),
        }
        for result in released.select_related("run__window__program").order_by("created_at")
    ]


def _verifications(person: User) -> list[Row]:
    return [
        {
            "requested": when(request.requested_at),
            "status": request.get_status_display(),
            "outcome": request.outcome,
        }
        for request in ScoreVerificationRequest.objects.filter(candidate=person)
    ]


def export(person: User) -> dict[str, list[Row]]:
    return {"Results": _results(person), "Score verifications": _verifications(person)}
