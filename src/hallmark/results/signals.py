"""What results announces, for the apps above it to act on: results knows no app above it.

`pass_released` is sent once for each pass a release makes known, with `candidate` (User),
`program` (Program), `passed_on` (the date sat), `source` (words for the record) and `result`
(the released Result, for the decision made on it to keep). Sent in
the release's transaction, inside a savepoint of its own: a receiver that refuses raises
ValidationError, the release notes why and goes on.
"""

from django.dispatch import Signal

pass_released = Signal()

# Sent once for each run released, after its passes, with `run` (ScoringRun) and `by` (User),
# in the release's transaction inside a savepoint: a receiver that refuses raises
# ValidationError, and the release keeps why in the run's notes.
run_released = Signal()
