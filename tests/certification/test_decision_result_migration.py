"""Certification decisions made before they named their result get it from their source text:
the schema is taken back to before the key, old rows are written, and the migrations run
forward."""

import pytest
from django.utils import timezone

from hallmark.certification.models import CertificationDecision
from hallmark.results import services as results

from factories import UserFactory, latest_migrations, migrate_to, scoring_ground, submitted_session

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("certification", "0013_discipline_case_from_complaint")]


def test_an_old_decision_gets_the_result_its_source_names() -> None:
    old_apps = migrate_to(BEFORE)
    try:
        officer = UserFactory()
        program, form, window = scoring_ground(list("ABCD"), "3", officer)
        passed = submitted_session(form, "ABCD", window=window)
        failed = submitted_session(form, "A---", window=window)
        run = results.score_window(window, form, by=None)
        Decision = old_apps.get_model("certification", "CertificationDecision")
        common = {"program_id": program.pk, "passed_on": program.today(), "status": "pending"}
        for session in (passed, failed):
            Decision.objects.create(
                candidate_id=session.candidate_id,
                source=f"Passed {form.code} in {window.name} (run {run.number}, released)",
                decided_at=timezone.now(),
                **common,
            )
        # another run's words: no result of this candidate is in it
        stranger = submitted_session(form, "ABCD", window=window)
        Decision.objects.create(
            candidate_id=stranger.candidate_id,
            source=f"Passed {form.code} in {window.name} (run 9, released)",
            decided_at=timezone.now(),
            **common,
        )
    finally:
        migrate_to(latest_migrations())
    linked = {d.candidate_id: d.result for d in CertificationDecision.objects.all()}
    assert linked[passed.candidate_id] == run.results.get(session=passed)
    assert linked[failed.candidate_id] is None  # a fail earned nothing to decide on
    assert linked[stranger.candidate_id] is None
