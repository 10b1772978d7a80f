"""The jobs' pages: the recent jobs list shows only the kinds a person may start, a job's page
follows an unfinished job, and the anonymous are sent to sign in."""

import pytest

from hallmark.accounts.data import JobKind, JobState
from hallmark.accounts.models import Job

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_jobs(cast) -> tuple[Job, Job]:
    report = Job.objects.create(
        kind=JobKind.TECHNICAL_REPORT,
        scope="CESP 2026-01-01 to 2026-12-31",
        started_by=cast.manager,
        arguments={"program": 1, "from": "2026-01-01", "to": "2026-12-31"},
        step="Waiting for a worker",
    )
    scoring = Job.objects.create(
        kind=JobKind.SCORE_FORM,
        scope="CESP-A in Spring",
        started_by=cast.psychometrician,
        arguments={"window": 1, "form": 1},
        step="Scoring",
        state=JobState.RUNNING,
    )
    return report, scoring


def test_the_list_shows_the_kinds_a_person_may_start(client, cast, two_jobs) -> None:
    report, scoring = two_jobs
    client.force_login(cast.psychometrician)  # scores and sees reports
    listed = client.get("/jobs/").text
    assert f'href="/jobs/{report.pk}/"' in listed and f'href="/jobs/{scoring.pk}/"' in listed
    assert "Make a technical report" in listed and "manager@example.org" in listed
    client.force_login(cast.manager)  # sees reports, does not score
    listed = client.get("/jobs/").text
    assert f'href="/jobs/{report.pk}/"' in listed and f'href="/jobs/{scoring.pk}/"' not in listed
    assert client.get(f"/jobs/{scoring.pk}/").status_code == 403


def test_an_unfinished_job_is_followed_by_its_page(client, cast, two_jobs) -> None:
    _report, scoring = two_jobs
    client.force_login(cast.psychometrician)
    page = client.get(f"/jobs/{scoring.pk}/").text
    assert "/static/hallmark/job.js" in page and 'data-finished="false"' in page
    assert "<strong>Running</strong>: Scoring (0 of 1 steps)" in page


@pytest.mark.parametrize("who", ["candidate", "proctor", "panelist", "outsider"])
def test_people_who_start_no_job_see_none(client, cast, two_jobs, who) -> None:
    report, _scoring = two_jobs
    client.force_login(getattr(cast, who))
    assert client.get("/jobs/").status_code == 403
    assert client.get(f"/jobs/{report.pk}/").status_code == 403
    assert client.post(f"/jobs/{report.pk}/rerun/").status_code == 403


def test_the_anonymous_are_sent_to_sign_in(client, two_jobs) -> None:
    report, _scoring = two_jobs
    for url in ("/jobs/", f"/jobs/{report.pk}/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_officers_follow_the_issuing_of_a_release_and_nothing_else(client, cast, two_jobs) -> None:
    report, scoring = two_jobs
    issuing = Job.objects.create(
        kind=JobKind.ISSUE_CREDENTIALS,
        scope="CESP",
        started_by=cast.psychometrician,
        arguments={"program": 1},
        step="Issuing credentials in 2 batches",
        state=JobState.RUNNING,
        steps=300,
        steps_done=250,
    )
    client.force_login(cast.officer)
    listed = client.get("/jobs/").text
    assert f'href="/jobs/{issuing.pk}/"' in listed
    assert (
        f'href="/jobs/{report.pk}/"' not in listed and f'href="/jobs/{scoring.pk}/"' not in listed
    )
    page = client.get(f"/jobs/{issuing.pk}/").text
    assert "Issuing credentials in 2 batches (250 of 300 steps)" in page
    assert client.get(f"/jobs/{scoring.pk}/").status_code == 403
