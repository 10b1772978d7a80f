"""An item file over the page's threshold is imported by a worker as a job: the upload stored,
all or nothing as on the page, the problems on the job's page, and never imported twice."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hallmark.accounts.data import JobState
from hallmark.accounts.models import Job, JobFile
from hallmark.itembank import jobs as item_import
from hallmark.itembank.models import Item
from itembank import qti_packages

pytestmark = pytest.mark.django_db

HEADER = "competency,cognitive_level,stem,option_a,option_b,key\n"
GOOD = HEADER + "".join(
    f"1.1,recall,<p>Who decides about disclosure in case {n}?</p>,The job seeker,The employer,A\n"
    for n in range(3)
)
BAD = GOOD + "1.1,recall,<p>Q</p>,Yes,No,C\n"


@pytest.fixture(autouse=True)
def small_threshold(settings) -> None:
    settings.HALLMARK_IMPORT_JOB_BYTES = 100  # GOOD and BAD are over it; a page waits for less


def _post(client, text: str, name: str = "bank.csv"):
    upload = SimpleUploadedFile(name, text.encode())
    return client.post(reverse("itembank:import"), {"program": "TST", "file": upload})


def test_a_large_file_is_imported_by_a_job(client, cast, program, committed) -> None:
    client.force_login(cast.writer)
    with committed():
        response = _post(client, GOOD)

    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
    assert job.state == JobState.DONE and job.result["items"] == 3, job.error
    assert Item.objects.filter(author=cast.writer).count() == 3
    stored = JobFile.objects.get(job=job)
    assert not stored.made and bytes(stored.data) == GOOD.encode() and stored.size == len(GOOD)
    page = client.get(response["Location"]).text
    assert "3 items from bank.csv" in page and 'href="/items/?program=TST"' in page
    assert "bank.csv (CSV), as drafts" in page
    # the upload holds keys: it is never offered for download
    assert "/files/" not in page
    assert client.get(f"/jobs/{job.pk}/files/bank.csv").status_code == 404


def test_a_refused_file_fails_the_job_with_every_problem(client, cast, program, committed) -> None:
    client.force_login(cast.manager)
    with committed():
        response = _post(client, BAD, "bad.csv")

    job = Job.objects.get()
    assert job.state == JobState.FAILED and not Item.objects.exists()
    assert job.errors() == ["bad.csv: row 5: key: key C is not among the options (A to B)"]
    page = client.get(response["Location"]).text
    assert "It failed: nothing was made" in page
    assert "row 5: key: key C is not among the options (A to B)" in page


def test_a_small_file_is_still_imported_while_the_page_waits(
    client, cast, program, settings
) -> None:
    settings.HALLMARK_IMPORT_JOB_BYTES = len(GOOD)
    client.force_login(cast.writer)
    assert _post(client, GOOD).status_code == 302
    assert Item.objects.count() == 3 and not Job.objects.exists()


def test_a_finished_import_is_not_run_again(cast, program, committed) -> None:
    with committed():
        job = item_import.start_import(
            program, GOOD.encode(), "csv", name="bank.csv", by=cast.writer, keep_status=False
        )
    assert Item.objects.count() == 3

    assert item_import.import_file.call(job.pk) is None
    assert Item.objects.count() == 3


def test_the_worker_rechecks_the_starters_permission(cast, program) -> None:
    job = item_import.start_import(
        program, GOOD.encode(), "csv", name="bank.csv", by=cast.writer, keep_status=False
    )
    cast.writer.groups.clear()

    assert item_import.import_file.call(job.pk) is None

    job.refresh_from_db()
    assert job.state == JobState.FAILED and not Item.objects.exists()
    assert job.errors() == [f"{cast.writer} may not import items."]


def test_only_importers_follow_an_import(client, cast, program) -> None:
    job = item_import.start_import(
        program, GOOD.encode(), "csv", name="bank.csv", by=cast.writer, keep_status=False
    )
    for person in (cast.psychometrician, cast.reviewer, cast.candidate, cast.outsider):
        client.force_login(person)
        assert client.get(f"/jobs/{job.pk}/").status_code == 403
        assert client.post(f"/jobs/{job.pk}/rerun/").status_code == 403
    client.force_login(cast.manager)
    assert client.get(f"/jobs/{job.pk}/").status_code == 200


def test_a_job_skips_unsupported_qti_items_when_asked_and_lists_them(
    client, cast, program, committed
) -> None:
    client.force_login(cast.manager)
    upload = SimpleUploadedFile("bank.zip", qti_packages.package())
    data = {"program": "TST", "file": upload, "skip_unsupported": "on"}
    with committed():
        response = client.post(reverse("itembank:import"), data)

    job = Job.objects.get()
    assert job.state == JobState.DONE and job.result["items"] == 6, job.error
    page = client.get(response["Location"]).text
    assert "1 item not imported, because Hallmark does not support it" in page
    assert "bank.zip: item hours-2: interaction: qti-text-entry-interaction" in page
