"""From submitted sessions to released results, through a miskeyed item that is rekeyed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from hallmark.certification.models import CertificationDecision
from hallmark.exams.data import AttemptOutcome
from hallmark.results import services
from hallmark.results.data import KeyAction, RunStatus
from hallmark.results.models import Result, ScoringRun

from factories import scoring_ground, submitted_session

pytestmark = pytest.mark.django_db

KEYS = [*"ABCDABCDA", "A"]  # item 10 is keyed A; the option that is right is B
# How many of items 1-9 each candidate gets right (a Guttman pattern: the first k).
ABILITIES = [0, 1, 2, 3, 4, 5, 5, 6, 7, 8, 9, 9]


def answers(k: int, index: int) -> str:
    first = "".join(KEYS[j] if j < k else "D" if KEYS[j] != "D" else "A" for j in range(9))
    # Strong candidates choose B on item 10; weaker ones the printed key A, or C.
    tenth = "B" if k >= 6 else ("A" if index % 2 == 0 else "C")
    return first + tenth + "A"  # and the pretest item, which never counts


@pytest.fixture
def sat(cast):
    program, form, window = scoring_ground(KEYS, "6", cast.manager, pretest=1)
    sessions = [
        submitted_session(form, answers(k, i), window=window) for i, k in enumerate(ABILITIES)
    ]
    return program, form, window, sessions


def outcome(run: ScoringRun, session) -> bool:
    return run.results.get(session=session).passed


def test_it_scores_flags_the_miskey_rekeys_and_releases(cast, sat) -> None:
    program, form, window, sessions = sat
    first = services.score_window(window, form, by=cast.psychometrician)
    assert first.status == RunStatus.HELD
    assert first.results.count() == len(ABILITIES)
    assert first.rules["raw_cut"] == 6 and first.rules["max_raw"] == 10
    tenth = next(i for i in first.analysis["items"] if i["position"] == 10)
    assert {"miskey", "r_low"} <= {f["code"] for f in tenth["flags"]}
    assert [i["position"] for i in first.flagged] == [10]
    # Candidate 5 (k=4, chose the printed key A) passes on the wrong key; candidate 7 (k=6,
    # chose B) is at 6 either way; one of the k=5 candidates chose A and scores 6.
    assert outcome(first, sessions[6]) is True
    weak = first.results.get(session=sessions[6])
    assert weak.raw == 6

    with pytest.raises(ValidationError, match=r"item 10 .* is flagged"):
        services.release(window, by=cast.psychometrician)
    assert Result.objects.filter(run__status=RunStatus.RELEASED).count() == 0

    item10 = form.items.get(position=10)
    services.override_key(
        item10,
        action=KeyAction.REKEY,
        keys=["B"],
        reason="Content review: B is right.",
        by=cast.psychometrician,
    )
    with pytest.raises(ValidationError, match="rescore first"):
        services.release(window, by=cast.psychometrician)

    second = services.score_window(window, form, by=cast.psychometrician)
    first.refresh_from_db()
    assert first.status == RunStatus.SUPERSEDED
    assert second.rules["keys"]["10"] == ["B"] and second.key_version == 1
    assert outcome(second, sessions[6]) is False  # the rekey turns a pass into a fail
    assert outcome(second, sessions[7]) is True
    assert second.results.get(session=sessions[7]).raw == 7

    services.release(window, by=cast.psychometrician)
    second.refresh_from_db()
    assert second.status == RunStatus.RELEASED and second.released_by == cast.psychometrician
    sessions[6].registration.refresh_from_db()
    assert sessions[6].registration.attempt_outcome == AttemptOutcome.FAIL
    strong = sessions[-1].registration
    strong.refresh_from_db()
    assert strong.attempt_outcome == AttemptOutcome.PASS
    decision = CertificationDecision.objects.get(candidate=strong.candidate, program=program)
    assert "released" in decision.source
    passes = second.results.filter(passed=True).count()
    assert CertificationDecision.objects.filter(program=program).count() == passes


def test_scaled_scores_are_anchored_at_the_cut(cast, sat) -> None:
    _program, form, window, _sessions = sat
    run = services.score_window(window, form, by=cast.psychometrician)
    by_raw = {r.raw: r.scaled for r in run.results.all()}
    assert by_raw[6] == 500  # the raw cut is the passing score
    assert all(s < 500 for raw, s in by_raw.items() if raw < 6)
    assert all(s >= 500 for raw, s in by_raw.items() if raw >= 6)


def test_rescoring_the_same_data_gives_the_same_results(cast, sat) -> None:
    _program, form, window, _sessions = sat
    one = services.score_window(window, form, by=cast.psychometrician)
    two = services.score_window(window, form, by=cast.psychometrician)
    fields = ("registration_id", "raw", "scaled", "passed", "theta", "domains")
    assert list(one.results.order_by("registration").values(*fields)) == list(
        two.results.order_by("registration").values(*fields)
    )


def test_failing_candidates_get_domain_standings(cast, sat) -> None:
    _program, form, window, sessions = sat
    run = services.score_window(window, form, by=cast.psychometrician)
    zero = run.results.get(session=sessions[0])
    assert not zero.passed
    assert [d["standing"] for d in zero.domains] == ["weaker", "weaker"]
    assert sum(d["max"] for d in zero.domains) == 10  # the pretest item is not in any domain


def test_a_dropped_item_leaves_scoring_and_lowers_the_cut(cast, sat) -> None:
    _program, form, window, _sessions = sat
    services.override_key(
        form.items.get(position=10),
        action=KeyAction.DROP,
        reason="Two defensible answers.",
        by=cast.psychometrician,
    )
    run = services.score_window(window, form, by=cast.psychometrician)
    assert run.rules["dropped"] == ["10"] and run.rules["max_raw"] == 9
    assert run.rules["raw_cut"] == 6  # 6 x 9/10 = 5.4, rounded up
    services.release(window, by=cast.psychometrician)


def test_only_a_psychometrician_scores_rekeys_and_releases(cast, sat) -> None:
    _program, form, window, _sessions = sat
    for person in (cast.candidate, cast.outsider, cast.panelist, cast.officer):
        with pytest.raises(PermissionDenied):
            services.score_window(window, form, by=person)
        with pytest.raises(PermissionDenied):
            services.override_key(
                form.items.get(position=1), action=KeyAction.KEEP, reason="x", by=person
            )
    services.score_window(window, form, by=cast.psychometrician)
    with pytest.raises(PermissionDenied):
        services.release(window, by=cast.manager)


def test_a_pretest_item_is_never_rekeyed(cast, sat) -> None:
    _program, form, _window, _sessions = sat
    with pytest.raises(ValidationError, match="pretest"):
        services.override_key(
            form.items.get(position=11),
            action=KeyAction.DROP,
            reason="x",
            by=cast.psychometrician,
        )


def test_a_release_records_item_statistics_through_the_item_bank(cast, sat, monkeypatch) -> None:
    _program, form, window, _sessions = sat
    item10 = form.items.get(position=10)
    services.override_key(
        item10, action=KeyAction.DROP, reason="Two keys.", by=cast.psychometrician
    )
    services.score_window(window, form, by=cast.psychometrician)
    recorded = []
    monkeypatch.setattr(
        services, "record_statistics", lambda version, by, **values: recorded.append((by, values))
    )
    services.release(window, by=cast.psychometrician)
    assert recorded and all(by == cast.psychometrician for by, _ in recorded)
    assert {values["n"] for _, values in recorded} == {len(ABILITIES)}
