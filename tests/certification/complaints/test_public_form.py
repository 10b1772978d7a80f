"""The public complaint form: no account, CSRF, bounded, rate-limited, and nothing kept from a
complaint it refuses."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hallmark.certification.complaints import views
from hallmark.certification.complaints.data import ComplaintAbout, ComplaintEventKind
from hallmark.certification.models import Complaint, ComplaintAttachment
from hallmark.lib.storage import MAX_UPLOAD_BYTES
from hallmark.programs.data import ProgramStatus

from factories import ProgramFactory

pytestmark = pytest.mark.django_db
URL = "/complaints/"
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def pdf(name: str = "timeline.pdf", size: int = 0) -> SimpleUploadedFile:
    content = PDF + b"0" * max(size - len(PDF), 0)
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def answers(program) -> dict:
    return {
        "program": program.pk,
        "about": ComplaintAbout.BODY,
        "what_happened": "Nobody answered the support line during my exam window.",
        "happened_on": "",
        "complainant_name": "Ana Ruiz",
        "complainant_email": "ana.ruiz@example.org",
    }


def stored_files() -> list[Path]:
    root = Path(settings.PRIVATE_STORAGE_ROOT)
    return [path for path in root.rglob("*") if path.is_file()]


def nothing_kept() -> bool:
    return not Complaint.objects.exists() and not stored_files()


def test_the_form_needs_no_account_and_offers_the_open_programs(client, program) -> None:
    ProgramFactory(name="Draft Scheme", status=ProgramStatus.DRAFT)
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert "csrfmiddlewaretoken" in html and 'enctype="multipart/form-data"' in html
    assert "Employment Support" in html and "Draft Scheme" not in html
    assert "<legend>What is your complaint about" in html
    assert "cannot reply to you" in html  # anonymity and what it costs
    assert f'maxlength="{5000}"' in html


def test_a_complaint_with_a_document_is_received_and_confirmed(client, answers) -> None:
    response = client.post(URL, answers | {"attachments": [pdf(), pdf("photo.pdf")]})
    assert response.status_code == 302 and response["Location"] == reverse("complaints:received")
    complaint = Complaint.objects.get()
    assert re.fullmatch(r"CMP-\d{4}-0001", complaint.reference)
    assert complaint.complainant_email == "ana.ruiz@example.org"
    assert [a.original_name for a in complaint.attachments.all()] == [
        "timeline.pdf",
        "photo.pdf",
    ]
    attachment = complaint.attachments.first()
    assert attachment.content_type == "application/pdf" and attachment.size == len(PDF)
    assert Path(attachment.file.path).read_bytes() == PDF
    assert list(complaint.events.values_list("kind", flat=True)) == [ComplaintEventKind.RECEIVED]
    page = client.get(response["Location"]).content.decode()
    assert complaint.reference in page
    assert f"{complaint.acknowledge_by.day} {complaint.acknowledge_by:%B %Y}" in page
    assert f"{complaint.close_by.day} {complaint.close_by:%B %Y}" in page
    assert "We write to ana.ruiz@example.org" in page


def test_an_anonymous_complaint_is_received_and_told_no_reply_can_come(client, answers) -> None:
    anonymous = answers | {"complainant_name": "", "complainant_email": ""}
    response = client.post(URL, anonymous, follow=True)
    complaint = Complaint.objects.get()
    assert complaint.complainant_name == complaint.complainant_email == ""
    assert "we cannot write to you" in response.content.decode()


def test_a_complaint_about_a_certificant_names_them(client, answers) -> None:
    about = answers | {"about": ComplaintAbout.CERTIFICANT, "credential_number": "ESP-000001-00"}
    assert client.post(URL, about).status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.about_certificant and complaint.credential_number_given == "ESP-000001-00"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"what_happened": ""}, "This field is required."),
        ({"what_happened": "x" * 5001}, "at most 5000 characters"),
        ({"about": ""}, "This field is required."),
        ({"about": ComplaintAbout.CERTIFICANT}, "Give the person&#x27;s name"),
        ({"certificant_name": "Sam Lee"}, "You chose a complaint about us"),
        ({"complainant_email": "not an address"}, "Enter a valid email address."),
        ({"happened_on": "2999-01-01"}, "The date is in the future."),
        ({"program": ""}, "This field is required."),
    ],
)
def test_bad_answers_are_shown_and_nothing_is_kept(client, answers, change, message) -> None:
    response = client.post(URL, answers | change | {"attachments": [pdf()]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "There is a problem" in html and message in html
    assert nothing_kept()


def test_an_attachment_too_big_is_refused_and_nothing_is_kept(client, answers) -> None:
    too_big = pdf("scan.pdf", size=MAX_UPLOAD_BYTES + 1)
    response = client.post(URL, answers | {"attachments": [pdf(), too_big]})
    assert response.status_code == 400
    assert "scan.pdf is too large" in response.content.decode()
    assert nothing_kept()


def test_more_attachments_than_allowed_or_of_another_kind_are_refused(client, answers) -> None:
    four = [pdf(f"page{n}.pdf") for n in range(4)]
    response = client.post(URL, answers | {"attachments": four})
    assert response.status_code == 400
    assert "Attach at most 3 files (you chose 4)." in response.content.decode()
    script = SimpleUploadedFile("notes.pdf", b"#!/bin/sh\nrm -rf /\n")
    response = client.post(URL, answers | {"attachments": [script]})
    assert response.status_code == 400
    assert "notes.pdf is not a PDF, a PNG image or a JPEG image" in response.content.decode()
    assert nothing_kept() and not ComplaintAttachment.objects.exists()


def test_a_body_over_the_bound_is_refused_before_it_is_read(client, answers) -> None:
    # The declared length is over the bound: the body (small here) is never read.
    over = str(views.MAX_BODY_BYTES + 1)
    response = client.post(URL, answers | {"attachments": [pdf(size=3000)]}, CONTENT_LENGTH=over)
    assert response.status_code == 413
    assert "too large to send" in response.content.decode()
    assert nothing_kept()


def test_a_post_without_the_csrf_token_is_refused(answers) -> None:
    strict = Client(enforce_csrf_checks=True)
    assert strict.get(URL).status_code == 200
    assert strict.post(URL, answers).status_code == 403
    assert nothing_kept()


def test_the_form_is_rate_limited_per_address(client, answers) -> None:
    limit = settings.HALLMARK_RATE_LIMITS["complaints"]
    bad = answers | {"what_happened": ""}
    codes = [client.post(URL, bad).status_code for _ in range(limit + 1)]
    assert codes == [400] * limit + [429]
    assert client.get(URL).status_code == 200  # the form still shows
    other = client.post(URL, answers, REMOTE_ADDR="198.51.100.7")
    assert other.status_code == 302  # another address is not held back
    assert Complaint.objects.count() == 1


def test_the_confirmation_shows_only_the_complaint_this_browser_filed(client, answers) -> None:
    assert client.get(reverse("complaints:received")).status_code == 302
    client.post(URL, answers)
    assert Client().get(reverse("complaints:received"))["Location"] == URL
