"""Released passes: renewal by re-examination, or a certification decision.

Results announces each run's released passes (`passes_released`). A holder whose credential
has an open cycle renews by the exam when the pass falls in the renewal window, the grace or the
reinstatement period (and the policy allows re-examination); a pass before the window renews
nothing, and the refusal says why (the release keeps it in the run's notes). Anyone else, and a
holder whose reinstatement period has ended, goes to the certification decision; the decisions
a program issues automatically are issued together once all are made.
"""

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation

from hallmark.accounts.models import User
from hallmark.certification import issuing, services
from hallmark.certification.data import Phase
from hallmark.certification.models import Credential
from hallmark.certification.recertification.renewals import (
    credentials_to_renew,
    current_cycle,
    renew_by_exam,
)
from hallmark.lib.chunks import chunks
from hallmark.programs.models import Program
from hallmark.results.signals import ReleasedPass


def on_released_passes(
    sender: Any, *, passes: list[ReleasedPass], program: Program, by: User, **kwargs: Any
) -> list[str]:
    """Receiver of results' `passes_released`: renew holders, decide on the others, issue what
    was approved. Returns the notes of the passes that led to nothing, and why, in English
    (they are recorded), whoever released the results."""
    with translation.override("en"):
        notes = [note for chunk in chunks(passes) for note in _renew_or_decide(program, chunk)]
        try:
            with transaction.atomic():
                issuing.issue_released(program, by=by)
        except ValidationError as error:
            notes.append(f"credentials not issued yet: {error.messages}")
    return notes


def _renew_or_decide(program: Program, passes: Sequence[ReleasedPass]) -> list[str]:
    renewing = credentials_to_renew(program, [released.candidate.pk for released in passes])
    notes, deciding = [], []
    for released in passes:
        credential = renewing.get(released.candidate.pk)
        if credential is None or _lapsed(credential, released.passed_on):
            deciding.append(released)
            continue
        try:
            with transaction.atomic():
                renew_by_exam(credential, released.passed_on, by=None)
        except ValidationError as error:
            notes.append(_nothing_for(released, error.messages))
    refused = services.decide_released(program, deciding)
    return notes + [_nothing_for(released, problems) for released, problems in refused]


def _nothing_for(released: ReleasedPass, problems: list[str]) -> str:
    return f"no certification decision or renewal for {released.candidate.email}: {problems}"


def _lapsed(credential: Credential, passed_on: datetime.date) -> bool:
    """Past the reinstatement period only a new certification restores the credential."""
    cycle = current_cycle(credential)
    return cycle is not None and cycle.dates().phase(passed_on) == Phase.LAPSED
