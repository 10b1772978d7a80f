"""The technical report counts the year's appeals: received, decided (the outcome recorded),
decided by their decide-by day, still open, and the outcomes."""

import datetime

import pytest

from hallmark.certification import services as credentials
from hallmark.certification.appeals import services
from hallmark.certification.casework_figures import appeal_figures
from hallmark.certification.data import AppealOutcome, AppealSubject, CredentialEventKind
from hallmark.certification.models import Appeal
from hallmark.results.technical import Period

from factories import UserFactory, decided

pytestmark = pytest.mark.django_db
YEAR = Period(datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
DAY = datetime.timedelta(days=1)


def at(year: int, month: int, day: int) -> datetime.datetime:
    return datetime.datetime(year, month, day, 12, tzinfo=datetime.UTC)


def appealed(program, officer, name: str) -> Appeal:
    holder = UserFactory(email=f"{name}@example.org")
    credential = credentials.issue_credential(holder, program, actor=officer)
    credentials.revoke_credential(credential, actor=officer, reason="Misused the mark.")
    revocation = credential.events.get(kind=CredentialEventKind.REVOKED)
    return services.file_appeal(
        AppealSubject.REVOCATION, revocation, by=holder, grounds="I never used it."
    )


def dated(appeal: Appeal, received: datetime.datetime, decided_at=None) -> None:
    """Move the appeal into the report's year: received then, 45 days to decide."""
    changes = {
        "received_at": received,
        "acknowledge_by": received.date() + 5 * DAY,
        "decide_by": received.date() + 45 * DAY,
    }
    if decided_at:
        changes["decided_at"] = decided_at
    Appeal.objects.filter(pk=appeal.pk).update(**changes)


def test_appeals_are_counted_by_outcome_and_deadline(program, cast, bench) -> None:
    officer = cast.officer
    upheld = decided(appealed(program, officer, "ana"), officer, bench, AppealOutcome.UPHELD)
    dated(upheld, at(2026, 3, 1), decided_at=at(2026, 4, 1))  # within its 45 days
    late = decided(appealed(program, officer, "ben"), officer, bench, AppealOutcome.OVERTURNED)
    dated(late, at(2026, 5, 1), decided_at=at(2026, 7, 1))  # after its 45 days
    dated(appealed(program, officer, "cal"), at(2026, 11, 1))  # still open
    dated(appealed(program, officer, "dee"), at(2025, 12, 30))  # last year

    [row] = appeal_figures(program, YEAR)

    assert row == {
        "kind": "Appeals",
        "received": 3,
        "decided": 2,
        "on_time": 1,
        "open": 1,
        "outcomes": {"overturned": 1, "upheld": 1},
    }
