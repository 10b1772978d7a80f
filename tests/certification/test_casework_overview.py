"""The officer's casework overview: open appeals, complaints and discipline cases together, the
overdue first whatever their kind, with the overdue counted per kind; for officers only."""

import datetime

import pytest
from django.urls import reverse

from hallmark.certification import services as credentials
from hallmark.certification.appeals import services as appeals
from hallmark.certification.data import AppealSubject, CredentialEventKind
from hallmark.certification.discipline import services as discipline
from hallmark.certification.models import Appeal, Complaint

from factories import UserFactory, discipline_ground, filed_complaint, program_with_case_policy

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)
URL = reverse("casework")


@pytest.fixture
def open_casework(cast):
    """An appeal 10 days overdue, a complaint 3 days overdue, a case awaiting its response
    (14 days left) and one just opened (no deadline yet)."""
    ground = discipline_ground()
    program, today = ground.program, ground.program.today()
    holder = UserFactory(email="holder@example.org")
    credential = credentials.issue_credential(holder, program, actor=cast.officer)
    credentials.revoke_credential(credential, actor=cast.officer, reason="Misused the mark.")
    revoked = credential.events.get(kind=CredentialEventKind.REVOKED)
    appeal = appeals.file_appeal(AppealSubject.REVOCATION, revoked, by=holder, grounds="No.")
    Appeal.objects.filter(pk=appeal.pk).update(acknowledge_by=today - 10 * DAY)
    complaint = filed_complaint(program)
    Complaint.objects.filter(pk=complaint.pk).update(acknowledge_by=today - 3 * DAY)
    noticed = discipline.send_notice(ground.open(cast.officer), by=cast.officer)
    opened = ground.open(cast.officer)
    return [appeal.reference, complaint.reference, noticed.reference, opened.reference]


def test_the_overdue_come_first_across_kinds_and_are_counted(client, cast, open_casework):
    client.force_login(cast.officer)
    html = client.get(URL, {"program": "CESP"}).content.decode()
    positions = [html.index(f">{reference}</a>") for reference in open_casework]
    assert positions == sorted(positions)
    assert "<dt>Appeals</dt><dd>1</dd>" in html and "<dt>Complaints</dt><dd>1</dd>" in html
    assert "<dt>Discipline cases</dt><dd>0</dd>" in html
    assert html.count("<strong>overdue</strong>") == 2
    assert reverse("complaints:staff-complaint", args=[open_casework[1]]) in html


def test_another_programs_casework_is_left_out(client, cast, open_casework):
    client.force_login(cast.officer)
    other = filed_complaint(program_with_case_policy(name="Other", designation="OTH"))
    html = client.get(URL, {"program": "CESP"}).content.decode()
    assert other.reference not in html
    assert other.reference in client.get(URL).content.decode()


@pytest.mark.parametrize("person", ["manager", "candidate", "panelist", "proctor"])
def test_only_officers_see_the_overview(client, cast, person):
    client.force_login(getattr(cast, person))
    assert client.get(URL).status_code == 403
    assert 'href="/casework/"' not in client.get("/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_officer_has_the_link(client, cast):
    client.force_login(cast.officer)
    assert client.get(URL).status_code == 200
    assert 'href="/casework/"' in client.get(URL).content.decode()
