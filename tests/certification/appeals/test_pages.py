"""The appeal pages: the appellant files and follows; officers see a queue, the overdue first,
and staff the panel; reviewers see only their panels' appeals and vote; the chair decides.
Anyone else gets a 404 (or a 403 on the queue)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.models import AccessRecord
from hallmark.certification import services as credentials
from hallmark.certification.appeals import services
from hallmark.certification.data import (
    AppealOutcome,
    AppealStatus,
    AppealSubject,
    CredentialEventKind,
    CredentialStatus,
)
from hallmark.certification.models import Appeal

from factories import heard, panel_member, pdf

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def private_dir(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"


@pytest.fixture
def revocation(credential, cast):
    credentials.revoke_credential(credential, actor=cast.officer, reason="Misused the mark.")
    return credential.events.get(kind=CredentialEventKind.REVOKED)


@pytest.fixture
def appeal(revocation, cast):
    return services.file_appeal(
        AppealSubject.REVOCATION,
        revocation,
        by=cast.candidate,
        grounds="I never used it.",
        evidence=[pdf("letter.pdf")],
    )


def file_url(event) -> str:
    return reverse("appeals:file", args=["revocation", event.pk])


def test_the_holders_credential_page_offers_the_appeal(client, revocation, cast):
    client.force_login(cast.candidate)
    page = client.get(reverse("credentials-mine")).content.decode()
    assert "Misused the mark." in page and file_url(revocation) in page


def test_the_filing_page_shows_the_decision_and_files(client, revocation, cast):
    client.force_login(cast.candidate)
    page = client.get(file_url(revocation)).content.decode()
    last_day = revocation.credential.program.today() + datetime.timedelta(days=30)
    assert "Misused the mark." in page and f"{last_day.day} {last_day:%B %Y}" in page
    assert client.post(file_url(revocation), {"grounds": " "}).status_code == 400
    assert not Appeal.objects.exists()
    response = client.post(file_url(revocation), {"grounds": "I never used it."})
    appeal = Appeal.objects.get()
    assert response.url == reverse("appeals:appeal", args=[appeal.pk])
    page = client.get(reverse("appeals:mine")).content.decode()
    assert appeal.reference in page
    assert "already been appealed" in client.get(file_url(revocation)).content.decode()


def test_nobody_else_files_or_sees_the_decision(client, revocation, cast):
    client.force_login(cast.outsider)
    assert client.get(file_url(revocation)).status_code == 404
    assert client.post(file_url(revocation), {"grounds": "x"}).status_code == 404
    assert client.get(reverse("appeals:file", args=["nonsense", 1])).status_code == 404
    assert client.get(reverse("appeals:file", args=["revocation", 99999])).status_code == 404


def test_after_the_period_the_page_says_when_it_ended(client, revocation, cast, monkeypatch):
    late = timezone.now() + datetime.timedelta(days=40)
    monkeypatch.setattr(timezone, "now", lambda: late)
    client.force_login(cast.candidate)
    assert (
        "The time to appeal this decision ended on"
        in client.get(file_url(revocation)).content.decode()
    )
    client.post(file_url(revocation), {"grounds": "Late."})
    assert not Appeal.objects.exists()


def test_only_the_appellant_the_panel_and_officers_open_an_appeal(client, appeal, cast, bench):
    url = reverse("appeals:appeal", args=[appeal.pk])
    for person in (cast.outsider, bench.chair, cast.manager):
        client.force_login(person)
        assert client.get(url).status_code == 404, person
    client.force_login(cast.candidate)
    assert "I never used it." in client.get(url).content.decode()
    heard(appeal, cast.officer, bench, AppealOutcome.UPHELD)
    client.force_login(bench.second)
    page = client.get(url).content.decode()
    assert "chair@example.org" in page and "read the file" in page  # votes, with reasons


def test_the_queue_shows_the_overdue_first_and_only_to_officers_and_panels(
    client, appeal, cast, credential, program, bench
):
    Appeal.objects.filter(pk=appeal.pk).update(
        acknowledge_by=program.today() - datetime.timedelta(days=1)
    )
    other = Appeal.objects.get(pk=appeal.pk)
    other.pk, other.reference = None, "APL-2026-0999"
    other.credential_event = credential.events.get(kind=CredentialEventKind.ISSUED)
    other.subject = AppealSubject.REVOCATION
    other.status, other.acknowledge_by = AppealStatus.RECEIVED, program.today()
    other.decide_by = appeal.decide_by - datetime.timedelta(days=1)  # due sooner, not overdue
    other.save()  # a second, newer appeal (of another event), not yet overdue
    client.force_login(cast.officer)
    page = client.get(reverse("appeals:queue")).content.decode()
    assert page.index(appeal.reference) < page.index("APL-2026-0999")
    assert "Overdue: acknowledgement due" in page
    client.force_login(cast.candidate)
    assert client.get(reverse("appeals:queue")).status_code == 403
    client.force_login(bench.chair)
    assert appeal.reference not in client.get(reverse("appeals:queue")).content.decode()


def test_an_officer_acknowledges_and_a_refused_seat_says_why(client, appeal, cast):
    client.force_login(cast.officer)
    client.post(reverse("appeals:acknowledge", args=[appeal.pk]))
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.ACKNOWLEDGED
    robin = panel_member("robin")
    from hallmark.certification import panels

    panels.declare_conflict(robin, cast.candidate, "We worked at the same agency.")
    response = client.post(reverse("appeals:seat", args=[appeal.pk]), {"reviewer": robin.pk})
    assert response.status_code == 400
    assert "same agency" in response.content.decode()


def test_reviewers_vote_and_the_chair_records_the_outcome_on_the_page(client, appeal, cast, bench):
    services.acknowledge(appeal, by=cast.officer)
    client.force_login(cast.officer)
    url = reverse("appeals:seat", args=[appeal.pk])
    client.post(url, {"reviewer": bench.chair.pk, "chair": "on"})
    client.post(url, {"reviewer": bench.second.pk})
    client.post(url, {"reviewer": bench.third.pk})
    appeal.refresh_from_db()
    assert appeal.status == AppealStatus.UNDER_REVIEW
    for person in bench.everyone:
        client.force_login(person)
        client.post(
            reverse("appeals:vote", args=[appeal.pk]),
            {"outcome": AppealOutcome.OVERTURNED, "reason": "The use was a quotation."},
        )
    client.force_login(bench.second)
    outcome = reverse("appeals:outcome", args=[appeal.pk])
    client.post(outcome, {"outcome": AppealOutcome.OVERTURNED, "reasons": "Not the chair."})
    appeal.refresh_from_db()
    assert appeal.outcome == ""
    client.force_login(bench.chair)
    client.post(outcome, {"outcome": AppealOutcome.OVERTURNED, "reasons": "A quotation."})
    appeal.refresh_from_db()
    assert appeal.outcome == AppealOutcome.OVERTURNED
    assert appeal.credential_event.credential.status == CredentialStatus.ACTIVE


def opened(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    return content


def test_evidence_opens_for_the_appellant_and_officers_with_a_record(client, appeal, cast):
    document = appeal.evidence.get()
    url = reverse("appeals:evidence", args=[document.pk])
    client.force_login(cast.outsider)
    assert client.get(url).status_code == 404
    client.force_login(cast.candidate)
    assert opened(client, url).startswith(b"%PDF")
    assert not AccessRecord.objects.exists()
    client.force_login(cast.officer)
    assert opened(client, url).startswith(b"%PDF")
    record = AccessRecord.objects.get()
    assert record.kind == AccessRecordKind.EVIDENCE and record.person_id == cast.candidate.pk


def test_officers_list_appeals_in_the_staff_admin_with_a_link_to_the_page(client, appeal, cast):
    url = reverse("admin:certification_appeal_changelist")
    client.force_login(cast.officer)
    page = client.get(url).content.decode()
    assert appeal.reference in page and reverse("appeals:appeal", args=[appeal.pk]) in page
    client.force_login(cast.manager)
    assert client.get(url).status_code == 403
