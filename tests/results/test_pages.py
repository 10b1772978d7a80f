"""The results pages: who sees what (the outsider gets 403 or 404), and what they see."""

import io
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from pypdf import PdfReader

from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.models import AccessRecord
from hallmark.results import services
from hallmark.results.models import Rating, ScoreVerificationRequest
from hallmark.results.reports import study_report

from factories import released_window, scoring_ground, submitted_session

pytestmark = pytest.mark.django_db

KEYS = ["A", "B", "C", "D", "A", "B"]


@pytest.fixture
def released(cast):
    return released_window(cast.manager, cast.psychometrician)


def test_it_shows_a_pass_with_the_scaled_score(client, released) -> None:
    _run, passing, _failing = released
    client.force_login(passing.candidate)
    page = client.get(reverse("results:mine", args=[passing.pk])).content.decode()
    assert "Pass" in page and f"{passing.scaled}" in page
    assert "How you did in each domain" not in page


def test_a_failing_candidate_sees_domains_the_caution_and_the_distance(client, released) -> None:
    _run, _passing, failing = released
    client.force_login(failing.candidate)
    page = client.get(reverse("results:mine", args=[failing.pk])).content.decode()
    assert "Did not pass" in page
    assert "less reliable" in page
    assert "You needed 1 more correct answer to pass" in page
    assert "Weaker" in page or "Similar" in page or "Stronger" in page


def test_it_never_shows_anothers_result_or_a_held_one(client, cast, released) -> None:
    _run, passing, failing = released
    client.force_login(failing.candidate)
    assert client.get(reverse("results:mine", args=[passing.pk])).status_code == 404
    assert client.get(reverse("results:report", args=[passing.pk])).status_code == 404
    client.force_login(cast.outsider)
    assert client.get(reverse("results:mine", args=[failing.pk])).status_code == 404


def test_the_score_report_is_a_pdf(client, released) -> None:
    _run, _passing, failing = released
    client.force_login(failing.candidate)
    response = client.get(reverse("results:report", args=[failing.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(b"".join(response))).pages)
    assert "Did not pass" in text and f"Scaled score {failing.scaled}" in " ".join(text.split())
    assert "less reliable" in text


def test_a_candidate_asks_for_verification_and_an_officer_records_it(
    client, cast, released
) -> None:
    _run, _passing, failing = released
    client.force_login(failing.candidate)
    client.post(reverse("results:verify", args=[failing.pk]), {"reason": "I am sure of Q3."})
    request = ScoreVerificationRequest.objects.get(result=failing)
    assert request.status == "open"
    with pytest.raises(Exception, match="may not"):
        services.decide_verification(request, changed=False, outcome="x", by=cast.psychometrician)
    services.decide_verification(
        request, changed=False, outcome="Checked by hand: 3 right.", by=cast.officer
    )
    page = client.get(reverse("results:mine", args=[failing.pk])).content.decode()
    assert "Rescored: the result stands" in page


def test_the_dashboard_links_the_released_result(client, released) -> None:
    _run, passing, _failing = released
    client.force_login(passing.candidate)
    page = client.get(reverse("portal")).content.decode()
    assert reverse("results:mine", args=[passing.pk]) in page


def test_staff_pages_need_the_permission(client, cast, released) -> None:
    run, _passing, _failing = released
    urls = [
        reverse("results:staff"),
        reverse("results:window", args=[run.window.pk]),
        reverse("results:run", args=[run.pk]),
    ]
    for person in (cast.outsider, cast.candidate, cast.panelist, cast.writer):
        client.force_login(person)
        assert all(client.get(u).status_code == 403 for u in urls)
    assert not AccessRecord.objects.exists()
    client.force_login(cast.psychometrician)
    page = client.get(reverse("results:run", args=[run.pk])).content.decode()
    assert "First-time: 5 of 5" not in page and "First-time:" in page
    assert "Distribution and pass rates" in page
    record = AccessRecord.objects.get()
    assert (record.who, record.kind, record.object_id) == (
        cast.psychometrician,
        AccessRecordKind.RESULTS,
        str(run.pk),
    )
    assert "candidates" in record.what and "scoring run" in record.reason


def test_a_candidate_s_result_opened_in_the_staff_admin_is_recorded(client, cast, released) -> None:
    _run, passing, _failing = released
    client.force_login(cast.officer)
    url = reverse("admin:results_result_change", args=[passing.pk])
    assert client.get(url).status_code == 200
    record = AccessRecord.objects.get()
    assert (record.who, record.person, record.kind) == (
        cast.officer,
        passing.candidate,
        AccessRecordKind.RESULTS,
    )
    assert f"result {passing.pk}" in record.what and record.reason


def test_a_psychometrician_scores_from_the_window_page(client, cast, released, committed) -> None:
    from hallmark.accounts.models import Job
    from hallmark.results.models import ScoringRun

    run, _passing, _failing = released
    window = reverse("results:window", args=[run.window.pk])
    client.force_login(cast.psychometrician)
    with committed():
        response = client.post(window, {"action": "score", "form": run.form.pk})

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    held = ScoringRun.objects.get(window=run.window, status="held")
    page = client.get(response["Location"]).content.decode()
    made = f'<a href="/results/staff/runs/{held.pk}/">Run {held.number}</a>'
    assert f"{made}: {held.results.count()} results" in page
    assert f'href="/jobs/{job.pk}/"' in client.get(window).content.decode()
    client.force_login(cast.manager)  # sees results, may not score
    with committed():
        assert client.post(window, {"action": "score", "form": run.form.pk}).status_code == 403
    assert ScoringRun.objects.filter(window=run.window).count() == 2 and Job.objects.count() == 1


@pytest.fixture
def study(cast):
    _program, form, _window = scoring_ground(KEYS, "4", cast.manager)
    study = services.create_study(form, title="Angoff", by=cast.psychometrician)
    seat = services.invite_panelist(study, cast.panelist, by=cast.psychometrician)
    services.open_round(study, by=cast.psychometrician)
    return study, seat


def test_a_panelist_signs_before_rating(client, cast, study) -> None:
    study_, seat = study
    client.force_login(cast.panelist)
    response = client.get(reverse("results:rate", args=[study_.pk]))
    assert response.status_code == 302 and response.url == reverse("results:sign", args=[study_.pk])
    # Unticked, nothing is signed: the summary links to the box, and what was typed stays.
    unticked = {"conflicts": "I teach a review course"}
    refused = client.post(reverse("results:sign", args=[study_.pk]), unticked).content.decode()
    assert '<a href="#id_agree">I sign both statements: Tick the box' in refused
    assert "I teach a review course</textarea>" in refused
    seat.refresh_from_db()
    assert not seat.has_signed
    client.post(reverse("results:sign", args=[study_.pk]), {"agree": "on", "conflicts": ""})
    items = list(study_.form.scored_items())
    data = {f"rating-{fi.pk}": "0.65" for fi in items}
    data[f"unsure-{items[0].pk}"] = "on"
    client.post(reverse("results:rate", args=[study_.pk]), data)
    ratings = Rating.objects.filter(panelist=seat)
    assert ratings.count() == len(items) and ratings.filter(not_sure=True).count() == 1


def test_a_rating_off_the_005_steps_is_refused(client, cast, study) -> None:
    study_, seat = study
    services.sign_statements(seat, conflicts="", by=cast.panelist)
    client.force_login(cast.panelist)
    fi = study_.form.scored_items().first()
    client.post(reverse("results:rate", args=[study_.pk]), {f"rating-{fi.pk}": "0.63"})
    assert not Rating.objects.exists()


def test_the_rating_page_puts_the_items_before_the_closed_impact_table(client, cast) -> None:
    _program, form, window = scoring_ground(KEYS, "4", cast.manager)
    for answers in ("ABCDAB", "ABCDCC", "ABCCAB", "DDDDDD"):
        submitted_session(form, answers, window=window)
    services.score_window(window, form, by=cast.psychometrician)  # the impact data
    study_ = services.create_study(form, title="Angoff", by=cast.psychometrician)
    seat = services.invite_panelist(study_, cast.panelist, by=cast.psychometrician)
    services.open_round(study_, by=cast.psychometrician)
    services.sign_statements(seat, conflicts="", by=cast.panelist)
    items = list(form.scored_items())
    ratings = {fi.pk: (Decimal("0.70"), False) for fi in items}
    services.save_ratings(seat, ratings, by=cast.panelist)
    services.open_round(study_, by=cast.psychometrician)
    client.force_login(cast.panelist)
    page = client.get(reverse("results:rate", args=[study_.pk])).content.decode()
    impact = study_report(study_).impact
    assert impact
    first_rating = page.index(f'name="rating-{items[0].pk}"')
    opening = re.search(r"<details[^>]*>", page)
    assert opening is not None and "open" not in opening.group()  # closed by default
    disclosure = page[opening.start() : page.index("</details>")]
    assert first_rating < page.index("Save my ratings") < opening.start()
    assert f"Impact: the pass rate at each possible cut ({len(impact)} rows)" in disclosure
    assert "Pass rate each raw cut would give" in disclosure
    assert disclosure.count('<th scope="row">') == len(impact)
    assert page.count("<table") == 1  # no second copy before the items


def test_only_the_panel_sees_a_study(client, cast, study) -> None:
    study_, _seat = study
    for person in (cast.outsider, cast.candidate, cast.psychometrician):
        client.force_login(person)
        assert client.get(reverse("results:rate", args=[study_.pk])).status_code == 404
    client.force_login(cast.panelist)
    assert client.get(reverse("results:study", args=[study_.pk])).status_code == 403


def test_the_study_report_and_the_cut_decision(client, cast, study) -> None:
    study_, seat = study
    services.sign_statements(seat, conflicts="", by=cast.panelist)
    items = list(study_.form.scored_items())
    services.save_ratings(
        seat,
        {fi.pk: (__import__("decimal").Decimal("0.70"), False) for fi in items},
        by=cast.panelist,
    )
    client.force_login(cast.psychometrician)
    export = reverse("results:study-export", args=[study_.pk])
    refused = client.get(export)  # no reason given: no export, nothing recorded
    assert refused["Location"] == reverse("results:study", args=[study_.pk])
    assert not AccessRecord.objects.exists()
    reason = "Board meeting pack, 12 March"
    csv = b"".join(client.get(export, {"reason": reason})).decode()
    record = AccessRecord.objects.get()
    assert (record.who, record.kind, record.reason) == (
        cast.psychometrician,
        AccessRecordKind.STUDY_EXPORT,
        reason,
    )
    assert f"study {study_.pk}" in record.what
    assert "4.200" in csv  # 6 items x .70
    client.post(
        reverse("results:study", args=[study_.pk]),
        {"action": "decide", "raw_cut": "4.2", "rationale": "x"},
    )
    assert not study_.decisions.exists()  # a psychometrician does not decide the cut
    client.force_login(cast.manager)
    client.post(
        reverse("results:study", args=[study_.pk]),
        {"action": "decide", "raw_cut": "4.2", "rationale": "The board adopts it."},
    )
    decision = study_.form.cut_decisions.get(superseded_at__isnull=True)
    assert decision.raw_cut == __import__("decimal").Decimal("4.2") and decision.study == study_
    assert study_.form.cut_decisions.exclude(superseded_at=None).count() == 1  # the first stays


def test_an_officer_records_a_verification_on_the_staff_page(client, cast, released) -> None:
    _run, _passing, failing = released
    request = services.request_verification(failing, by=failing.candidate, reason="Q3?")
    url = reverse("results:verification", args=[request.pk])
    client.force_login(cast.psychometrician)
    assert client.post(url, {"outcome": "x", "changed": "no"}).status_code == 403
    client.force_login(cast.officer)
    assert "Q3?" in client.get(reverse("results:staff")).content.decode()
    client.post(url, {"outcome": "Rescored by hand: 3 right.", "changed": "no"})
    request.refresh_from_db()
    assert request.status == "confirmed" and request.decided_by == cast.officer


def test_the_staff_page_shows_open_verification_requests_in_its_body(
    client, cast, released
) -> None:
    _run, _passing, failing = released
    services.request_verification(failing, by=failing.candidate, reason="Q3?")
    client.force_login(cast.officer)
    page = client.get(reverse("results:staff")).content.decode()
    assert "<title>Scoring and results · Hallmark</title>" in page
    body = page.split("</head>", 1)[1]
    assert "Q3?" in body and 'name="outcome"' in body


def test_a_release_from_the_window_page_is_a_job_a_worker_runs(
    client, cast, released, django_capture_on_commit_callbacks
) -> None:
    from hallmark.accounts.data import JobKind, JobState
    from hallmark.accounts.models import Job
    from hallmark.results.models import ScoringRun

    run, _passing, _failing = released
    rescored = services.score_window(run.window, run.form, by=cast.psychometrician)
    url = reverse("results:window", args=[run.window.pk])
    client.force_login(cast.manager)  # sees results, may not release
    client.post(url, {"action": "release"})
    assert not Job.objects.exists()
    client.force_login(cast.psychometrician)
    with django_capture_on_commit_callbacks(execute=False) as started:
        response = client.post(url, {"action": "release"}, follow=True)
    job = Job.objects.get(kind=JobKind.RELEASE_RESULTS)
    assert f"Release started (job {job.pk})" in response.content.decode()
    assert job.started_by == cast.psychometrician and job.state == JobState.QUEUED
    rescored.refresh_from_db()
    assert rescored.status == "held"  # nothing released while the page answered
    for enqueue in started:
        enqueue()  # the worker's turn
    job.refresh_from_db()
    assert (job.state, job.result) == (JobState.DONE, {"runs": [rescored.pk]})
    assert ScoringRun.objects.get(pk=rescored.pk).status == "released"
    # Nothing left to release: the page says so at once, and starts no job.
    response = client.post(url, {"action": "release"}, follow=True)
    assert "has no held results to release" in response.content.decode()
    assert Job.objects.count() == 1
