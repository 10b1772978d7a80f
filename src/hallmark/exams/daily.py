"""The exams part of `hallmark daily`: expired authorizations, sessions past their deadline, and
evidence files and responses past their program's retention schedule.

Both are safe to run as often as wanted: each depends only on `now` and on what is recorded.
Sessions are also closed on their candidate's next request and by `hallmark exams
close-expired`, which a deployment runs every minute or so during a window.
"""

import datetime

from hallmark.exams import personal_data
from hallmark.exams.delivery import services as delivery
from hallmark.exams.journey import registrations


def run(now: datetime.datetime) -> list[str]:
    expired = registrations.expire_registrations(now)
    closed = delivery.close_expired_sessions(now)
    evidence = personal_data.remove_old_evidence(now)
    responses = personal_data.remove_old_responses(now)
    return [
        f"exams: {expired} authorization(s) expired",
        f"exams: {closed} session(s) past their deadline submitted",
        f"exams: {evidence} evidence file(s) and {responses} response(s) past their retention "
        "removed",
    ]
