"""The staff's complaint queue and complaint page: only those who handle complaints see them,
every form calls its service, and opening an attachment is recorded."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hallmark.accounts.data import AccessRecordKind, Role
from hallmark.accounts.models import AccessRecord
from hallmark.certification.complaints import services
from hallmark.certification.complaints.data import ComplaintEventKind, ComplaintStatus
from hallmark.certification.models import Complaint

from factories import filed_complaint, program_with_case_policy

pytestmark = pytest.mark.django_db
QUEUE = "/complaints/staff/"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
DAY = datetime.timedelta(days=1)


def page_of(complaint: Complaint) -> str:
    return reverse("complaints:staff-complaint", args=[complaint.reference])


def step(complaint: Complaint, name: str, *args: object) -> str:
    return reverse(f"complaints:{name}", args=[complaint.reference, *args])


def test_only_the_credentialing_officer_role_handles_complaints() -> None:
    holders = Group.objects.filter(permissions__codename="handle_complaint")
    assert list(holders.values_list("name", flat=True)) == [Role.CREDENTIALING_OFFICER.value]


@pytest.mark.parametrize("person", ["candidate", "outsider", "manager", "proctor", "writer"])
def test_others_are_refused_the_queue_and_the_pages(client, cast, complaint, person) -> None:
    client.force_login(getattr(cast, person))
    attachment = filed_complaint(
        complaint.program, attachments=[SimpleUploadedFile("a.pdf", PDF)]
    ).attachments.get()
    for url in (
        QUEUE,
        page_of(complaint),
        step(attachment.complaint, "attachment", attachment.pk),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(step(complaint, "acknowledge")).status_code == 403
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED
    assert not AccessRecord.objects.exists()


def test_anonymous_visitors_are_sent_to_sign_in(client, complaint) -> None:
    for url in (QUEUE, page_of(complaint)):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_the_queue_puts_the_most_overdue_first_per_program(client, cast, program) -> None:
    now = datetime.datetime.now(datetime.UTC)
    recent = filed_complaint(program, now=now - DAY)  # acknowledge by in 4 days
    old = filed_complaint(program, now=now - 20 * DAY)  # 15 days overdue to acknowledge
    middle = filed_complaint(program, now=now - 10 * DAY)
    services.acknowledge(middle, by=cast.officer)  # now due to close in 50 days
    other = filed_complaint(program_with_case_policy(designation="OTHER"))
    client.force_login(cast.officer)
    html = client.get(QUEUE, {"program": "ESP"}).content.decode()
    positions = [html.index(c.reference) for c in (old, recent, middle)]
    assert positions == sorted(positions)
    overdue = (program.today() - old.acknowledge_by).days  # 15, as the program counts days
    assert f"overdue by {overdue} days" in html and other.reference not in html
    assert other.reference in client.get(QUEUE).content.decode()


def test_a_missing_complaint_is_a_404(client, cast) -> None:
    client.force_login(cast.officer)
    assert (
        client.get(reverse("complaints:staff-complaint", args=["CMP-2000-9999"])).status_code == 404
    )


def test_the_officer_takes_every_step_from_the_page(client, cast, complaint) -> None:
    client.force_login(cast.officer)
    assert "Acknowledge the complaint" in client.get(page_of(complaint)).content.decode()
    assert client.post(step(complaint, "acknowledge")).status_code == 302
    refused = client.post(step(complaint, "triage"), {"triage-scope": "out", "triage-reason": ""})
    assert refused.status_code == 400 and "Give the reason" in refused.content.decode()
    client.post(step(complaint, "triage"), {"triage-scope": "in", "triage-reason": "Ours."})
    client.post(step(complaint, "note"), {"note-text": "Called the support lead."})
    due = (complaint.program.today() + 30 * DAY).isoformat()
    client.post(
        step(complaint, "plan-action"),
        {
            "action-what": "Longer support hours.",
            "action-owner": cast.manager.pk,
            "action-due_on": due,
        },
    )
    action = complaint.corrective_actions.get()
    done = f"done-{action.pk}"
    client.post(
        step(complaint, "action-done", action.pk),
        {
            f"{done}-done_on": complaint.program.today().isoformat(),
            f"{done}-verification": "Checked the log.",
        },
    )
    client.post(step(complaint, "close"), {"close-outcome": "Upheld."})
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.CLOSED and complaint.outcome == "Upheld."
    action.refresh_from_db()
    assert action.is_done and action.owner == cast.manager
    assert list(complaint.events.values_list("kind", "by")) == [
        (ComplaintEventKind.RECEIVED, None),
        (ComplaintEventKind.ACKNOWLEDGED, cast.officer.pk),
        (ComplaintEventKind.IN_SCOPE, cast.officer.pk),
        (ComplaintEventKind.NOTE, cast.officer.pk),
        (ComplaintEventKind.ACTION_PLANNED, cast.officer.pk),
        (ComplaintEventKind.ACTION_DONE, cast.officer.pk),
        (ComplaintEventKind.CLOSED, cast.officer.pk),
    ]
    html = client.get(page_of(complaint)).content.decode()
    assert "Called the support lead." in html and "Next steps" not in html


def test_a_refused_step_shows_why_and_changes_nothing(client, cast, complaint) -> None:
    client.force_login(cast.officer)
    response = client.post(step(complaint, "close"), {"close-outcome": "Too soon."}, follow=True)
    assert "its status is “Received”" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.RECEIVED and complaint.outcome == ""


def test_opening_an_attachment_is_recorded(client, cast, program) -> None:
    complaint = filed_complaint(program, attachments=[SimpleUploadedFile("photo.pdf", PDF)])
    attachment = complaint.attachments.get()
    client.force_login(cast.officer)
    response = client.get(step(complaint, "attachment", attachment.pk))
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    assert 'filename="photo.pdf"' in response["Content-Disposition"]
    record = AccessRecord.objects.get()
    assert (record.who, record.kind, record.object_id) == (
        cast.officer,
        AccessRecordKind.COMPLAINT,
        str(attachment.pk),
    )
    assert complaint.reference in record.what
    other = filed_complaint(program)
    assert client.get(step(other, "attachment", attachment.pk)).status_code == 404


def test_the_admin_shows_complaints_and_deletes_nothing(client, cast, investigating) -> None:
    client.force_login(cast.officer)
    listing = client.get(reverse("admin:certification_complaint_changelist"))
    assert listing.status_code == 200 and investigating.reference in listing.content.decode()
    detail = reverse("admin:certification_complaint_change", args=[investigating.pk])
    assert client.get(detail).status_code == 200
    delete = reverse("admin:certification_complaint_delete", args=[investigating.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:certification_complaint_add")).status_code == 403
    assert Complaint.objects.filter(pk=investigating.pk).exists()
