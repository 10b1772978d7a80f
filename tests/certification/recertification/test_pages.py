"""The certificant's recertification page and its forms, evidence downloads, the providers'
course application page, the staff decision pages, the dashboard line and the registry in
grace: who may see what, CSRF, and what each page says."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from hallmark.accounts.data import AccessRecordKind
from hallmark.accounts.models import AccessRecord
from hallmark.certification import services
from hallmark.certification.data import ActivityStatus, CourseStatus, RenewalStatus
from hallmark.certification.models import CEActivity, ProviderCourse
from hallmark.certification.recertification import ce, renewals

from factories import (
    CertificateProgramFactory,
    accepted_activity,
    local_noon,
)

pytestmark = pytest.mark.django_db
D = datetime.date
PDF = b"%PDF-1.4 certificate of attendance"


def _url(name: str, credential) -> str:
    return reverse(name, args=[credential.number])


def _activity_post(**overrides) -> dict:
    day = (datetime.date.today() - datetime.timedelta(days=10)).isoformat()
    data = {
        "title": "Job development workshop",
        "provider_name": "State VR Agency",
        "category": "general",
        "started_on": day,
        "completed_on": day,
        "hours": "12",
        "evidence_kind": "attendance",
        **overrides,
    }
    return {f"activity-{name}": value for name, value in data.items()}


def test_a_visitor_is_asked_to_sign_in(client, credential) -> None:
    response = client.get(_url("credentials-renewal", credential))
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_others_get_a_404(client, cast, credential) -> None:
    for person in (cast.outsider, cast.officer):
        client.force_login(person)
        assert client.get(_url("credentials-renewal", credential)).status_code == 404
        response = client.post(_url("credentials-renewal-activity", credential), _activity_post())
        assert response.status_code == 404
    assert not CEActivity.objects.exists()


def test_a_certificate_of_completion_has_no_recertification_page(client, cast) -> None:
    certificate = services.issue_credential(cast.candidate, CertificateProgramFactory())
    client.force_login(cast.candidate)
    assert client.get(_url("credentials-renewal", certificate)).status_code == 404


def test_the_holder_sees_dates_and_progress_per_category(client, cast, credential) -> None:
    cycle = renewals.current_cycle(credential)
    accepted_activity(cycle, "teaching", 10, cycle.starts_on + datetime.timedelta(days=40))
    client.force_login(cast.candidate)
    page = client.get(_url("credentials-renewal", credential)).content.decode()
    dates = cycle.dates()
    assert "Renewal window open." in page
    assert f"{dates.window_opens_on:%-d %B %Y}" in page
    assert f"{dates.grace_ends_on:%-d %B %Y}" in page
    assert "Continuing education: 16 of 36 credits" in page
    assert "4 over the cap do not count" in page  # 10 hours of teaching at 2, capped at 16
    assert "Ethics: 3 more credits are needed" in page


def test_logging_an_activity_with_its_certificate(client, cast, credential) -> None:
    client.force_login(cast.candidate)
    upload = SimpleUploadedFile("attendance.pdf", PDF, "application/pdf")
    response = client.post(
        _url("credentials-renewal-activity", credential), _activity_post(evidence=upload)
    )
    assert response.status_code == 302
    activity = CEActivity.objects.get()
    assert activity.status == ActivityStatus.PENDING
    assert activity.get_evidence_kind_display() == "Certificate of attendance"
    page = client.get(_url("credentials-renewal", credential)).content.decode()
    assert "Waiting for staff review" in page
    assert "12 more credits wait for staff review" in page


def test_a_bad_activity_is_a_400_with_an_error_summary(client, cast, credential) -> None:
    client.force_login(cast.candidate)
    response = client.post(
        _url("credentials-renewal-activity", credential),
        _activity_post(title="", completed_on="2000-01-01"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Give this, or an approved course code." in page
    assert not CEActivity.objects.exists()


def test_forms_need_the_csrf_token(cast, credential) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(cast.candidate)
    for name in ("credentials-renewal-activity", "credentials-renewal-apply"):
        assert client.post(_url(name, credential), _activity_post()).status_code == 403
    assert client.post(reverse("credentials-ce-course-apply"), {}).status_code == 403
    assert not CEActivity.objects.exists()


def _complete(credential) -> None:
    cycle = renewals.current_cycle(credential)
    day = cycle.starts_on + datetime.timedelta(days=60)
    accepted_activity(cycle, "general", 33, day)
    accepted_activity(cycle, "ethics", 3, day)


def test_applying_to_renew_and_uploading_audit_evidence(client, cast, credential) -> None:
    client.force_login(cast.candidate)
    response = client.post(_url("credentials-renewal-apply", credential), {})
    assert response.status_code == 400
    assert "36 more CE credits are needed" in response.content.decode()
    _complete(credential)
    assert client.post(_url("credentials-renewal-audit", credential), {}).status_code == 404
    response = client.post(_url("credentials-renewal-apply", credential), {"renewal-attest": "on"})
    assert response.status_code == 302
    application = renewals.current_cycle(credential).open_renewal()
    assert application.status == RenewalStatus.SUBMITTED
    renewals.select_for_audit(application, by=cast.officer, reason="For cause.")
    page = client.get(_url("credentials-renewal", credential)).content.decode()
    assert "Audit: evidence requested" in page
    upload = SimpleUploadedFile("transcript.pdf", PDF, "application/pdf")
    response = client.post(
        _url("credentials-renewal-audit", credential),
        {"audit-evidence_kind": "transcript", "audit-evidence": upload},
    )
    assert response.status_code == 302
    assert application.audit.evidence.get().original_name == "transcript.pdf"


def test_evidence_opens_for_its_holder_and_for_officers_only(client, cast, credential) -> None:
    cycle = renewals.current_cycle(credential)
    activity = ce.log_activity(
        cycle,
        by=cast.candidate,
        title="Workshop",
        provider_name="VR",
        category_code="general",
        started_on=cycle.starts_on,
        completed_on=cycle.starts_on,
        hours=Decimal(3),
        upload=SimpleUploadedFile("a.pdf", PDF, "application/pdf"),
        now=local_noon(credential.program, cycle.starts_on),
    )
    url = reverse("credentials-evidence", args=["activity", activity.pk])
    for person, status in [
        (cast.candidate, 200),
        (cast.officer, 200),
        (cast.manager, 404),
        (cast.outsider, 404),
    ]:
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == status, person
        if status == 200:
            assert b"".join(response.streaming_content) == PDF
            assert response["Cache-Control"] == "private, no-store"
    assert client.get(reverse("credentials-evidence", args=["other", 1])).status_code == 404
    record = AccessRecord.objects.get()  # the officer's opening, not the holder's
    assert (record.who, record.person, record.kind) == (
        cast.officer,
        cast.candidate,
        AccessRecordKind.CE_EVIDENCE,
    )
    assert f"activity evidence {activity.pk}" in record.what and "review" in record.reason


def test_a_provider_applies_for_a_course(client, cast, program) -> None:
    url = reverse("credentials-ce-course-apply")
    assert client.get(url).status_code == 302
    client.force_login(cast.outsider)
    assert "Apply for CE course pre-approval" in client.get(url).content.decode()
    data = {
        "program": program.pk,
        "provider_name": "Valley Community Services",
        "email": "training@valley.example.org",
        "title": "Benefits counselling essentials",
        "hours": "6",
        "category_code": "general",
        "offered_from": "2027-01-01",
        "offered_until": "2027-12-31",
    }
    assert client.post(url, data | {"offered_until": "2026-01-01"}).status_code == 400
    assert client.post(url, data).status_code == 302
    course = ProviderCourse.objects.get()
    assert (course.status, course.submitted_by) == (CourseStatus.SUBMITTED, cast.outsider)
    assert "Waiting for staff review" in client.get(url).content.decode()


def test_staff_queues_are_open_to_officers(client, cast, credential) -> None:
    client.force_login(cast.officer)
    for model in (
        "cycle",
        "ceactivity",
        "providercourse",
        "renewalapplication",
        "renewalaudit",
        "ceprovider",
        "notice",
    ):
        response = client.get(reverse(f"admin:certification_{model}_changelist"))
        assert response.status_code == 200, model
    page = client.get(reverse("admin:certification_cycle_changelist") + "?outcome=open").content
    assert b"Renewal window open" in page
    _complete(credential)
    application = renewals.apply_for_renewal(credential, by=cast.candidate, attest=True)
    audit = renewals.select_for_audit(application, by=cast.officer, reason="For cause.")
    activity = CEActivity.objects.first()
    for model, pk in [
        ("cycle", renewals.current_cycle(credential).pk),
        ("ceactivity", activity.pk),
        ("renewalapplication", application.pk),
        ("renewalaudit", audit.pk),
    ]:
        response = client.get(reverse(f"admin:certification_{model}_change", args=[pk]))
        assert response.status_code == 200, model
    client.force_login(cast.manager)
    assert client.get(reverse("admin:certification_cycle_changelist")).status_code == 200
    assert client.get(reverse("admin:certification_ceactivity_changelist")).status_code == 403


def test_an_officer_reviews_an_activity_with_a_reason(client, cast, credential) -> None:
    cycle = renewals.current_cycle(credential)
    activity = ce.log_activity(
        cycle,
        by=cast.candidate,
        title="Sales seminar",
        provider_name="Acme",
        category_code="general",
        started_on=cycle.starts_on,
        completed_on=cycle.starts_on,
        hours=Decimal(8),
        now=local_noon(credential.program, cycle.starts_on),
    )
    url = reverse("admin:certification_ceactivity_decide", args=[activity.pk])
    client.force_login(cast.manager)
    assert client.get(url).status_code == 403
    client.force_login(cast.officer)
    assert client.get(url).status_code == 200
    response = client.post(url, {"decision": "reject", "reason": ""})
    assert response.status_code == 200 and b"Say why" in response.content
    response = client.post(url, {"decision": "reject", "reason": "Not about employment support."})
    assert response.status_code == 302
    activity.refresh_from_db()
    assert (activity.status, activity.reviewed_by) == (ActivityStatus.REJECTED, cast.officer)
    assert activity.review_reason == "Not about employment support."


def test_an_officer_approves_a_renewal_from_the_queue(client, cast, credential) -> None:
    _complete(credential)
    application = renewals.apply_for_renewal(credential, by=cast.candidate, attest=True)
    url = reverse("admin:certification_renewalapplication_decide", args=[application.pk])
    client.force_login(cast.officer)
    assert b"not recorded as paid" in client.get(url).content
    response = client.post(url, {"decision": "audit", "reason": ""})
    assert response.status_code == 200 and b"Say why this renewal is audited" in response.content
    assert client.post(url, {"decision": "paid"}).status_code == 302
    assert client.post(url, {"decision": "approve", "reason": "CE complete"}).status_code == 302
    application.refresh_from_db()
    assert application.status == RenewalStatus.APPROVED
    credential.refresh_from_db()
    assert credential.expires_on == renewals.current_cycle(credential).expires_on


def test_the_dashboard_links_to_recertification(client, cast, credential) -> None:
    client.force_login(cast.candidate)
    page = client.get(reverse("portal")).content.decode()
    assert _url("credentials-renewal", credential) in page
    assert "renewal window open until" in page and "0 of 36 CE credits" in page


def test_the_registry_says_plainly_that_a_credential_is_in_grace(client, cast, program) -> None:
    expired_on = program.today() - datetime.timedelta(days=5)
    issued = expired_on.replace(year=expired_on.year - 3)
    credential = services.issue_credential(cast.candidate, program, issued_on=issued)
    services.expire_credential(credential, on=program.today())
    page = client.get(reverse("registry-credential", args=[credential.number])).content.decode()
    assert "Expired — in grace period" in page
    assert "may still renew it until" in page
    api = client.get(f"/api/v1/credentials/{credential.number}").json()
    assert (api["status"], api["status_label"]) == ("expired", "Expired — in grace period")
