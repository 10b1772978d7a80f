"""DIF and decision consistency in every scoring run, recomputed independently from the
exported responses; the DIF review queue, its permissions and the drop that needs a rescore;
the responses export; the run's charts."""

import csv
import math
import warnings

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from hallmark.accounts.data import AccessRecordKind, Gender
from hallmark.accounts.models import AccessRecord, Demographics
from hallmark.psychometrics import dif_analysis, livingston_lewis
from hallmark.results import dif_review, services
from hallmark.results.data import KeyAction
from hallmark.results.models import DifDecision, DifReview, KeyOverride, Result

from factories import DIF_KEYS, DIF_STUDIED, dif_ground, scoring_ground, submitted_session

pytestmark = pytest.mark.django_db

KEYS = DIF_KEYS
STUDIED = DIF_STUDIED
MIN_GROUP = 20


@pytest.fixture
def ground(cast, settings):
    settings.HALLMARK_DIF_MIN_GROUP = MIN_GROUP
    return dif_ground(cast.manager)


def _release(run, cast) -> None:
    for item in run.flagged:
        services.override_key(
            run.form.items.get(position=item["position"]),
            action=KeyAction.KEEP,
            reason="Reviewed.",
            by=cast.psychometrician,
        )
    for flagged in dif_review.flagged_in(run):
        dif_review.decide_dif(
            run, flagged.form_item, decision=DifDecision.KEEP, reason="Relevant.", by=cast.reviewer
        )
    services.release_run(run, by=cast.psychometrician)


@pytest.fixture
def released(ground, cast):
    _program, form, window = ground
    run = services.score_window(window, form, by=cast.psychometrician)
    _release(run, cast)
    run.refresh_from_db()
    return run


def _export(tmp_path, run, cast, name="scored.csv") -> tuple[list[int], list[str], np.ndarray]:
    out = tmp_path / name
    call_command(
        "results",
        "export-responses",
        "--form",
        run.form.code,
        "--out",
        str(out),
        "--by",
        cast.psychometrician.email,
        "--reason",
        "technical report",
    )
    with out.open(newline="") as handle:
        rows = list(csv.reader(handle))
    ids = [int(r[0]) for r in rows[1:]]
    scores = np.array([[float(c) for c in r[1:]] for r in rows[1:]])
    return ids, rows[0][1:], scores


def same(stored: float | None, computed: float) -> None:
    """A stored figure equals the package's; an undefined one (NaN) is stored as None."""
    if math.isnan(computed):
        assert stored is None
    else:
        assert stored == pytest.approx(computed, abs=1e-5)


# --- the figures stored with the run, against the pure package on the exported file -------


def test_dif_stored_with_the_run_equals_the_package_on_the_exported_responses(
    released, cast, tmp_path
) -> None:
    ids, items, scores = _export(tmp_path, released, cast)
    candidate = dict(Result.objects.filter(pk__in=ids).values_list("pk", "candidate_id"))
    answers = dict(Demographics.objects.values_list("user_id", "gender"))
    genders = [answers[candidate[i]] or None for i in ids]
    genders = [None if g == Gender.DECLINED else g for g in genders]
    dif = released.analysis["dif"]
    assert dif["min_group"] == MIN_GROUP
    # women are the largest group: the reference; non-binary (6) is under the minimum
    (comparison,) = dif["comparisons"]
    assert (comparison["variable"], comparison["reference"], comparison["focal"]) == (
        "gender",
        Gender.WOMAN,
        Gender.MAN,
    )
    assert (comparison["n_reference"], comparison["n_focal"]) == (44, 30)
    assert "first_language" in dif["not_analysed"]  # about 9 "another language": too few
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        mh = dif_analysis(scores, genders, Gender.MAN, Gender.WOMAN, items=items, method="mh")
        lr = dif_analysis(scores, genders, Gender.MAN, Gender.WOMAN, items=items, method="logistic")
    assert sum(not math.isnan(m.delta_mh) for m in mh.items) >= 6
    for stored, m, g in zip(comparison["items"], mh.items, lr.items, strict=True):
        assert stored["item"] == m.item
        same(stored["delta_mh"], m.delta_mh)
        same(stored["mh_chi2"], m.mh_chi2)
        same(stored["lr_chi2"], g.lr_chi2)
        assert stored["ets_class"] == m.ets_class_sig
        assert stored["zt_class"] == g.zt_class
    assert comparison["c_items"] == [str(STUDIED)]
    assert mh.item(str(STUDIED)).ets_class_sig == "C"


def test_kr20_by_hand_from_the_exported_file_equals_the_run(released, cast, tmp_path) -> None:
    _ids, _items, x = _export(tmp_path, released, cast)
    k = x.shape[1]
    p = x.mean(axis=0)
    kr20 = k / (k - 1) * (1 - (p * (1 - p)).sum() / x.sum(axis=1).var())
    assert released.analysis["reliability"]["alpha"] == pytest.approx(kr20, abs=1e-9)


def test_consistency_and_csem_at_the_cut_equal_the_package(released, cast, tmp_path) -> None:
    _ids, _items, x = _export(tmp_path, released, cast)
    n = x.shape[1]
    counts = np.bincount(x.sum(axis=1).astype(int), minlength=n + 1)
    cut = released.rules["raw_cut"]
    reliability = released.analysis["reliability"]["alpha"]
    expected = livingston_lewis(counts, n, [cut], reliability)
    stored = released.analysis["consistency"]
    assert stored["method"] == "livingston-lewis" and stored["cut"] == cut
    for name in ("accuracy", "consistency", "kappa", "false_positive", "false_negative"):
        assert stored[name] == pytest.approx(getattr(expected, name), abs=1e-6)
    assert stored["csem_at_cut"] == pytest.approx(math.sqrt(cut * (n - cut) / (n - 1)), abs=1e-6)


def test_a_run_too_small_for_dif_still_scores_and_says_so(cast) -> None:
    _program, form, window = scoring_ground(KEYS, "5", cast.manager)
    for answers in ("ABCDABCD", "ABCDAAAA", "DDDDDDDD"):
        submitted_session(form, answers, window=window)
    run = services.score_window(window, form, by=cast.psychometrician)
    assert run.analysis["dif"]["comparisons"] == []
    assert run.analysis["dif"]["min_group"] == 100  # the setting's default
    assert "accuracy" in run.analysis["consistency"] or "error" in run.analysis["consistency"]


# --- the review queue: aggregate only, decisions, the drop, permissions --------------------


def test_the_item_page_shows_aggregate_groups_only(released, cast, client) -> None:
    client.force_login(cast.reviewer)
    page = client.get(reverse("results:dif-item", args=[released.pk, STUDIED]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Woman (44)" in text and "Man (30)" in text
    assert "Non-binary" not in text and "Prefer not to say" not in text  # under the minimum
    for result in released.results.select_related("candidate"):
        person = result.candidate
        assert person.email not in text and person.legal_name not in text
    queue = client.get(reverse("results:dif-queue")).content.decode()
    assert f"Item {STUDIED}" in queue and "Non-binary" not in queue
    assert not any(r.candidate.email in queue for r in released.results.all())


def test_keep_then_drop_supersedes_and_the_drop_asks_for_a_rescore(ground, cast) -> None:
    _program, form, window = ground
    run = services.score_window(window, form, by=cast.psychometrician)
    item = form.items.get(position=STUDIED)
    kept = dif_review.decide_dif(
        run, item, decision=DifDecision.KEEP, reason="Relevant to the role.", by=cast.reviewer
    )
    assert kept.key_override is None and not KeyOverride.objects.exists()
    dropped = dif_review.decide_dif(
        run, item, decision=DifDecision.DROP, reason="Reading load, not the competency.",
        by=cast.psychometrician,
    )  # fmt: skip
    kept.refresh_from_db()
    assert kept.superseded_at is not None and dropped.superseded_at is None
    override = dropped.key_override
    assert override.action == KeyAction.DROP and "Reading load" in override.reason
    assert any("rescore first" in p for p in services.release_problems(run))
    again = services.score_window(window, form, by=cast.psychometrician)
    assert again.rules["dropped"] == [str(STUDIED)] and again.rules["max_raw"] == len(KEYS) - 1
    assert str(STUDIED) not in {i["item"] for i in again.analysis["dif"]["comparisons"][0]["items"]}


def test_release_waits_for_the_dif_decision_on_a_c_item(ground, cast) -> None:
    _program, form, window = ground
    run = services.score_window(window, form, by=cast.psychometrician)
    assert STUDIED in dif_review.c_positions(run)
    for item in run.flagged:
        services.override_key(
            form.items.get(position=item["position"]),
            action=KeyAction.KEEP,
            reason="Reviewed.",
            by=cast.psychometrician,
        )
    identifier = form.items.get(position=STUDIED).item_version.item.identifier
    with pytest.raises(ValidationError, match=rf"item {STUDIED} \({identifier}\) is classed C"):
        services.release_run(run, by=cast.psychometrician)
    dif_review.decide_dif(
        run,
        form.items.get(position=STUDIED),
        decision=DifDecision.REVISE,
        reason="Shorten the scenario at the next revision.",
        by=cast.reviewer,
    )
    assert services.release_problems(run) == []
    services.release_run(run, by=cast.psychometrician)


def test_a_decision_needs_a_reason_a_c_item_and_the_permission(ground, cast) -> None:
    _program, form, window = ground
    run = services.score_window(window, form, by=cast.psychometrician)
    item = form.items.get(position=STUDIED)
    with pytest.raises(ValidationError, match="reason"):
        dif_review.decide_dif(run, item, decision=DifDecision.KEEP, reason=" ", by=cast.reviewer)
    with pytest.raises(ValidationError, match="does not class it C"):
        dif_review.decide_dif(
            run, form.items.get(position=1), decision="keep", reason="x", by=cast.reviewer
        )
    with pytest.raises(ValidationError, match="keep, revise or drop"):
        dif_review.decide_dif(run, item, decision="ignore", reason="x", by=cast.reviewer)
    for outsider in (cast.officer, cast.manager, cast.candidate):
        with pytest.raises(PermissionDenied):
            dif_review.decide_dif(run, item, decision="keep", reason="x", by=outsider)
    # a content reviewer may keep or revise, but a drop changes scores: the psychometrician's
    with pytest.raises(PermissionDenied, match="override_key"):
        dif_review.decide_dif(run, item, decision="drop", reason="x", by=cast.reviewer)
    assert not KeyOverride.objects.exists() and not DifReview.objects.exists()


def test_dif_pages_need_the_dif_permission(ground, cast, client) -> None:
    _program, form, window = ground
    held = services.score_window(window, form, by=cast.psychometrician)
    urls = [
        reverse("results:dif-queue"),
        reverse("results:dif-item", args=[held.pk, STUDIED]),
    ]
    for person in (cast.officer, cast.manager, cast.writer, cast.candidate, cast.outsider):
        client.force_login(person)
        for url in urls:
            assert client.get(url).status_code == 403, (person.email, url)
        assert client.post(urls[1], {"decision": "keep", "reason": "x"}).status_code == 403
    assert not DifReview.objects.exists()
    client.force_login(cast.reviewer)
    response = client.post(urls[1], {"decision": "revise", "reason": "Shorten the stem."})
    assert response.status_code == 302
    review = DifReview.objects.get()
    assert review.decision == DifDecision.REVISE and review.by == cast.reviewer
    page = client.get(urls[1]).content.decode()
    assert "Shorten the stem." in page and "Revise before the item is used again" in page


# --- the run's page and charts -------------------------------------------------------------


def test_the_run_page_shows_consistency_dif_and_charts(released, cast, client) -> None:
    client.force_login(cast.psychometrician)
    text = client.get(reverse("results:run", args=[released.pk])).content.decode()
    consistency = released.analysis["consistency"]
    assert "Decision consistency at the cut" in text
    assert f"{consistency['accuracy']:.3f}" in text and f"{consistency['consistency']:.3f}" in text
    assert f"{consistency['csem_at_cut']:.2f} raw points" in text
    assert f"Item {STUDIED}: class C for gender Man vs Woman" in text
    for chart in ("distribution", "pass-rates", "items"):
        url = reverse("results:run-chart", args=[released.pk, chart])
        assert url in text
        svg = client.get(url)
        assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml"
        body = svg.content.decode()
        assert "<title>" in body and "<desc>" in body and "<script" not in body
    assert "First-time" in text and "Pass rates by form and by attempt" in text


def test_charts_need_the_results_permission(released, cast, client) -> None:
    url = reverse("results:run-chart", args=[released.pk, "distribution"])
    client.force_login(cast.reviewer)
    assert client.get(url).status_code == 403
    client.force_login(cast.officer)
    assert client.get(url).status_code == 200
    assert client.get(url.replace("distribution", "nothing")).status_code == 404


# --- the responses export ------------------------------------------------------------------


def test_the_export_writes_the_run_and_records_it(released, cast, tmp_path) -> None:
    ids, items, scores = _export(tmp_path, released, cast)
    assert items == [str(p) for p in range(1, len(KEYS) + 1)]
    raw = dict(released.results.values_list("pk", "raw"))
    assert sorted(ids) == sorted(raw) and all(scores[k].sum() == raw[i] for k, i in enumerate(ids))
    record = AccessRecord.objects.get(
        kind=AccessRecordKind.RESPONSES_EXPORT, who=cast.psychometrician
    )
    assert "scored responses" in record.what and "technical report" in record.reason
    assert record.object_id == str(released.form.pk)


def _refused(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as exit_:
        call_command("results", "export-responses", *args)
    assert exit_.value.code == 2
    return capsys.readouterr().err


def test_the_export_refuses_bad_input_with_exit_2(ground, cast, tmp_path, capsys) -> None:
    _program, form, window = ground
    by = ["--by", cast.psychometrician.email, "--reason", "report"]
    out = str(tmp_path / "x.csv")
    assert "no form has the code NOPE" in _refused(capsys, "--form", "NOPE", "--out", out, *by)
    run = services.score_window(window, form, by=cast.psychometrician)  # held, not released
    message = _refused(capsys, "--form", form.code, "--out", out, *by)
    assert "no released scoring run" in message
    _release(run, cast)
    existing = tmp_path / "there.csv"
    existing.write_text("keep me")
    assert "exists" in _refused(capsys, "--form", form.code, "--out", str(existing), *by)
    assert existing.read_text() == "keep me"
    officer = ["--by", cast.officer.email, "--reason", "report"]
    assert "may not export" in _refused(capsys, "--form", form.code, "--out", out, *officer)
    assert not AccessRecord.objects.filter(reason__startswith="responses export").exists()
