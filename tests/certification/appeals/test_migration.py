"""The appeals filed before panels heard them survive the move into the one Appeal: the schema
is taken back to before the move, old rows are written, and the migrations run forward."""

import datetime

import pytest
from django.utils import timezone

from hallmark.certification.data import AppealOutcome, AppealStatus, AppealSubject
from hallmark.certification.models import Appeal
from hallmark.exams.data import ApplicationStatus

from factories import (
    AccommodationRequestFactory,
    ApplicationFactory,
    UserFactory,
    latest_migrations,
    migrate_to,
)

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("exams", "0006_fee_status_due"), ("certification", "0009_appeals")]


def test_old_appeals_are_copied_with_their_outcomes():
    old_apps = migrate_to(BEFORE)
    try:
        OldAppeal = old_apps.get_model("exams", "Appeal")
        officer = UserFactory(email="officer@example.org")
        now = timezone.now()
        denied = {
            "status": ApplicationStatus.DENIED,
            "submitted_at": now,
            "decided_at": now,
            "decided_by": officer,
            "decision_reason": "Too little experience.",
            "appeal_by": datetime.date.today() + datetime.timedelta(days=30),
        }
        upheld = ApplicationFactory(**denied)
        open_one = ApplicationFactory(**denied)
        request = AccommodationRequestFactory(
            status="denied",
            decided_at=now,
            decided_by=officer,
            decision_reason="Undocumented.",
            appeal_by=denied["appeal_by"],
        )
        OldAppeal.objects.create(
            candidate_id=upheld.candidate_id,
            application_id=upheld.pk,
            statement="My second job counts.",
            filed_at=now,
            status="upheld",
            decided_at=now,
            decided_by_id=officer.pk,
            decision_reason="Part time does not count.",
        )
        OldAppeal.objects.create(
            candidate_id=open_one.candidate_id,
            application_id=open_one.pk,
            statement="Please look again.",
            filed_at=now,
        )
        OldAppeal.objects.create(
            candidate_id=request.candidate_id,
            accommodation_id=request.pk,
            statement="Here is the report.",
            filed_at=now,
            status="overturned",
            decided_at=now,
            decided_by_id=officer.pk,
            decision_reason="The report documents it.",
        )
    finally:
        migrate_to(latest_migrations())
    copied = {appeal.grounds: appeal for appeal in Appeal.objects.all()}
    assert len(copied) == 3
    first = copied["My second job counts."]
    assert first.subject == AppealSubject.APPLICATION and first.application_id == upheld.pk
    assert first.status == AppealStatus.CLOSED and first.outcome == AppealOutcome.UPHELD
    assert first.outcome_reasons == "Part time does not count."
    assert first.decided_by == officer and first.panel is None
    assert first.reference.startswith(f"APL-{now.year}-") and first.imported_from
    still_open = copied["Please look again."]
    assert still_open.status == AppealStatus.RECEIVED and still_open.outcome == ""
    granted = copied["Here is the report."]
    assert granted.subject == AppealSubject.ACCOMMODATION and granted.accommodation_id == request.pk
    assert granted.outcome == AppealOutcome.OVERTURNED and granted.applied
    assert len({appeal.reference for appeal in copied.values()}) == 3
