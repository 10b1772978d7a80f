"""A released pass of someone who already holds the credential: renewal by re-examination.

Results announces each released pass (`pass_released`). A holder whose credential has an open
cycle renews by the exam when the pass falls in the renewal window, the grace or the
reinstatement period (and the policy allows re-examination); a pass before the window renews
nothing, and the refusal says why (the release keeps it in the run's notes). Anyone else, and a
holder whose reinstatement period has ended, goes to the certification decision.
"""

import datetime
from typing import Any

from hallmark.accounts.models import User
from hallmark.certification import services
from hallmark.certification.data import Phase
from hallmark.certification.models import Credential
from hallmark.certification.recertification.renewals import (
    credential_to_renew,
    current_cycle,
    renew_by_exam,
)
from hallmark.programs.models import Program
from hallmark.results.models import Result


def on_released_pass(
    sender: Any,
    *,
    candidate: User,
    program: Program,
    passed_on: datetime.date,
    source: str,
    result: Result | None = None,
    **kwargs: Any,
) -> None:
    """Receiver of results' `pass_released`: renew a holder's credential, or decide anew."""
    credential = credential_to_renew(candidate, program)
    if credential is None or _lapsed(credential, passed_on):
        services.decide_certification(
            candidate, program, passed_on=passed_on, source=source, result=result, issue_later=True
        )
        return
    renew_by_exam(credential, passed_on, by=None)


def _lapsed(credential: Credential, passed_on: datetime.date) -> bool:
    """Past the reinstatement period only a new certification restores the credential."""
    cycle = current_cycle(credential)
    return cycle is not None and cycle.dates().phase(passed_on) == Phase.LAPSED
