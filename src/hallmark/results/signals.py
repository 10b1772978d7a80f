"""What results announces, for the apps above it to act on: results knows no app above it.

`passes_released` is sent once for each run a release makes known, with `passes` (a list of
`ReleasedPass`, possibly empty), `program` and `by` (who released). It is sent in the release's
transaction; a receiver returns the notes the release keeps (the passes it could not act on,
and why), and acts on each pass in a savepoint of its own where one can fail alone.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.dispatch import Signal


@dataclass(frozen=True)
class ReleasedPass:
    """A pass a release makes known: who, the day sat, words for the record, the result."""

    candidate: Any  # a User
    passed_on: datetime.date
    source: str
    result: Any  # the released Result


passes_released = Signal()
