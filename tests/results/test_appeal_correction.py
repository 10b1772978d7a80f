"""A failed result corrected on appeal: a key correction recorded for the form rescores the
window, the corrected result is released (the old one kept), and the pass leads to a
certification decision. Refusals change nothing. The result page and the score report show the
verified score's appeal period and the link only while it lasts."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from hallmark.certification.models import CertificationDecision
from hallmark.exams.data import AttemptOutcome
from hallmark.exams.journey.common import local_date
from hallmark.results import services
from hallmark.results.data import KeyAction, RunStatus
from hallmark.results.models import Result, ResultCorrection, ScoringRun

from factories import UserFactory, scoring_ground, submitted_session

pytestmark = pytest.mark.django_db

KEYS = [*"ABCDABCDA", "A"]  # item 10 is flawed: B is defensible too
APPELLANT = (5, "B")  # 5 of items 1-9, and B on item 10: 5 of 10, one short of the cut
ON_THE_PRINTED_KEY = (5, "A")  # passes at 6 only because A is the printed key
OTHERS = [(0, "C"), (2, "A"), (3, "C"), (6, "B"), (7, "A"), (8, "B"), (9, "B")]
REFERENCE = "APL-2026-0003"


def answers(k: int, tenth: str) -> str:
    first = "".join(KEYS[j] if j < k else ("D" if KEYS[j] != "D" else "A") for j in range(9))
    return first + tenth


@pytest.fixture
def chair():
    return UserFactory(email="chair@example.org")


@pytest.fixture
def released(cast):
    """The window released on the printed key; the appellant's score verified."""
    program, form, window = scoring_ground(KEYS, "6", cast.manager)
    sessions = {
        who: submitted_session(form, answers(*who), window=window)
        for who in [APPELLANT, ON_THE_PRINTED_KEY, *OTHERS]
    }
    run = services.score_window(window, form, by=cast.psychometrician)
    for item in run.flagged:
        services.override_key(
            form.items.get(position=item["position"]),
            action=KeyAction.KEEP,
            reason="Reviewed.",
            by=cast.psychometrician,
        )
    services.release(window, by=cast.psychometrician)
    failed = run.results.get(session=sessions[APPELLANT])
    assert not failed.passed and failed.raw == 5
    request = services.request_verification(failed, by=failed.candidate)
    services.decide_verification(
        request, changed=False, outcome="Checked by hand: 5 right.", by=cast.officer
    )
    return program, form, run, failed, sessions


def correct_item_10(form, by, action=KeyAction.ACCEPT, keys=("A", "B")) -> None:
    services.override_key(
        form.items.get(position=10),
        action=action,
        keys=list(keys),
        reason="Item review after the appeal: B is defensible.",
        by=by,
    )


def state() -> list:
    runs = list(ScoringRun.objects.order_by("pk").values_list("pk", "status"))
    return [runs, Result.objects.count(), ResultCorrection.objects.count()]


def test_it_corrects_the_result_releases_it_and_the_pass_is_decided(cast, chair, released) -> None:
    program, form, run, failed, sessions = released
    correct_item_10(form, cast.psychometrician)
    corrected = services.correct_on_appeal(
        failed, by=chair, reason="Item 10 has two defensible answers.", reference=REFERENCE
    )
    assert corrected.pk != failed.pk and corrected.passed and corrected.raw == 6
    assert corrected.run.status == RunStatus.RELEASED and corrected.run.released_by == chair
    assert any(REFERENCE in note for note in corrected.run.notes)
    run.refresh_from_db()
    assert run.status == RunStatus.SUPERSEDED  # kept, as a rescore keeps every run
    failed.refresh_from_db()
    assert not failed.passed and failed.raw == 5  # the old result stands as it was
    correction = ResultCorrection.objects.get()
    assert (correction.before, correction.after, correction.reference, correction.by) == (
        failed,
        corrected,
        REFERENCE,
        chair,
    )
    registration = sessions[APPELLANT].registration
    registration.refresh_from_db()
    assert registration.attempt_outcome == AttemptOutcome.PASS
    decision = CertificationDecision.objects.get(candidate=failed.candidate, program=program)
    assert "released" in decision.source


def test_the_candidate_sees_the_corrected_pass(client, cast, chair, released) -> None:
    _program, form, _run, failed, _sessions = released
    correct_item_10(form, cast.psychometrician)
    corrected = services.correct_on_appeal(failed, by=chair, reason="Flawed.", reference=REFERENCE)
    client.force_login(failed.candidate)
    page = client.get(reverse("results:mine", args=[corrected.pk])).content.decode()
    assert "Result: <strong>Pass</strong>" in page
    assert f"corrected on appeal {REFERENCE}" in page and "Flawed." in page
    assert "/appeals/new/result/" not in page  # a pass is not adverse
    assert client.get(reverse("results:mine", args=[failed.pk])).status_code == 404


def test_it_refuses_when_no_key_correction_changes_the_result(chair, released) -> None:
    _program, _form, _run, failed, _sessions = released
    before = state()
    with pytest.raises(ValidationError, match="no key correction changes this result"):
        services.correct_on_appeal(failed, by=chair, reason="Flawed.", reference=REFERENCE)
    assert state() == before


def test_it_refuses_a_correction_that_withdraws_others_passes(cast, chair, released) -> None:
    _program, form, _run, failed, _sessions = released
    correct_item_10(form, cast.psychometrician, action=KeyAction.REKEY, keys=("B",))
    before = state()
    with pytest.raises(ValidationError, match="withdraw 1 other pass"):
        services.correct_on_appeal(failed, by=chair, reason="Flawed.", reference=REFERENCE)
    assert state() == before


def test_it_refuses_a_pass_an_unverified_score_and_a_superseded_result(
    cast, chair, released
) -> None:
    _program, form, run, failed, sessions = released
    correct_item_10(form, cast.psychometrician)
    passed = run.results.get(session=sessions[(9, "B")])
    unverified = run.results.get(session=sessions[(3, "C")])
    before = state()
    for result, refusal in ((passed, "a pass"), (unverified, "not been verified")):
        with pytest.raises(ValidationError, match=refusal):
            services.correct_on_appeal(result, by=chair, reason="x", reference=REFERENCE)
    for reason, reference in (("", REFERENCE), ("Flawed.", " ")):
        with pytest.raises(ValidationError):
            services.correct_on_appeal(failed, by=chair, reason=reason, reference=reference)
    assert state() == before
    services.correct_on_appeal(failed, by=chair, reason="Flawed.", reference=REFERENCE)
    with pytest.raises(ValidationError, match="superseded"):
        services.correct_on_appeal(failed, by=chair, reason="Again.", reference="APL-2026-0004")


# --- where the candidate sees the verified score --------------------------------------------


def test_the_result_page_and_report_offer_the_appeal_within_the_period(client, released) -> None:
    program, _form, _run, failed, _sessions = released
    client.force_login(failed.candidate)
    page = client.get(reverse("results:mine", args=[failed.pk])).content.decode()
    # The day of the decision in the program's zone: near midnight UTC it is the day before.
    decided_on = local_date(program, failed.verifications.get().decided_at)
    until = decided_on + datetime.timedelta(days=30)
    assert "Rescored: the result stands" in page and "Checked by hand: 5 right." in page
    assert f"You may appeal until {until:%-d %B %Y}" in page
    assert f'href="/appeals/new/result/{failed.pk}/"' in page
    response = client.get(reverse("results:report", args=[failed.pk]))
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(b"".join(response))).pages)
    text = " ".join(text.split())
    assert "Checked by hand: 5 right." in text
    assert f"You may appeal until {until:%-d %B %Y}" in text


def test_past_the_deadline_the_link_is_gone(client, released) -> None:
    _program, _form, _run, failed, _sessions = released
    long_ago = timezone.now() - datetime.timedelta(days=45)
    failed.verifications.update(decided_at=long_ago)
    client.force_login(failed.candidate)
    page = client.get(reverse("results:mine", args=[failed.pk])).content.decode()
    assert "You may appeal" not in page and "/appeals/new/" not in page
    assert "The period to appeal this result ended on" in page


def test_a_pass_or_an_unverified_fail_offers_no_appeal(client, released) -> None:
    _program, _form, run, _failed, sessions = released
    for who in ((9, "B"), (3, "C")):
        result = run.results.get(session=sessions[who])
        client.force_login(result.candidate)
        page = client.get(reverse("results:mine", args=[result.pk])).content.decode()
        assert "/appeals/new/" not in page and "appeal" not in page.lower()


def test_the_appeal_reads_a_corrected_result_as_it_now_stands(cast, chair, released) -> None:
    from hallmark.certification.appeals import subjects

    _program, form, _run, failed, _sessions = released
    read = subjects.subject("result").read
    assert read(failed).standing == f"The result is {failed.scaled}, fail"
    correct_item_10(form, cast.psychometrician)
    corrected = services.correct_on_appeal(failed, by=chair, reason="Flawed.", reference=REFERENCE)
    assert read(failed).standing == (
        f"The result is corrected on {REFERENCE} to {corrected.scaled}, pass"
    )
