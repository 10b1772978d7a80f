"""Recertification decisions overturned on an appeal panel's outcome: a refused renewal
granted, a rejected CE activity accepted, a failed audit passed (its renewal proceeds). Each
keeps the reference and what was decided before; the credential's history still audits;
refusals change nothing. The renewal page shows each adverse decision's reason and, within
the appeal period only, the appeal link."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from hallmark.certification.audit import chain_problem
from hallmark.certification.data import (
    ActivityStatus,
    AuditOutcome,
    CredentialEventKind,
    CycleOutcome,
    NoticeKind,
    RenewalStatus,
)
from hallmark.certification.models import (
    CEActivity,
    Credential,
    CredentialEvent,
    Notice,
    RenewalApplication,
    RenewalAudit,
)
from hallmark.certification.recertification import ce, renewals
from hallmark.programs.data import FeeStatus

from factories import UserFactory, accepted_activity

pytestmark = pytest.mark.django_db
REFERENCE = "APL-2026-0003"


@pytest.fixture
def chair():
    return UserFactory(email="chair@example.org")


def _complete(credential) -> None:
    cycle = renewals.current_cycle(credential)
    day = cycle.starts_on + datetime.timedelta(days=60)
    accepted_activity(cycle, "general", 33, day)
    accepted_activity(cycle, "ethics", 3, day)


def _applied(credential) -> RenewalApplication:
    _complete(credential)
    return renewals.apply_for_renewal(credential, by=credential.holder, attest=True)


@pytest.fixture
def refused(cast, credential) -> RenewalApplication:
    application = _applied(credential)
    renewals.record_fee(application, by=cast.officer, status=FeeStatus.PAID)
    return renewals.refuse_renewal(
        application, by=cast.officer, reason="The ethics course is not on the approved list."
    )


@pytest.fixture
def failed_audit(cast, credential) -> RenewalAudit:
    application = _applied(credential)
    renewals.record_fee(application, by=cast.officer, status=FeeStatus.PAID)
    if not hasattr(application, "audit"):
        renewals.select_for_audit(application, by=cast.officer, reason="For cause.")
    audit = RenewalAudit.objects.get(application=application)
    return renewals.decide_audit(
        audit, by=cast.officer, passed=False, reason="No certificate for the ethics course."
    )


@pytest.fixture
def rejected(cast, credential) -> CEActivity:
    cycle = renewals.current_cycle(credential)
    day = cycle.starts_on + datetime.timedelta(days=60)
    activity = ce.log_activity(
        cycle,
        by=credential.holder,
        title="Supported employment conference",
        provider_name="APSE",
        category_code="general",
        started_on=day,
        completed_on=day,
        hours=Decimal(8),
    )
    return ce.review_activity(
        activity, by=cast.officer, decision="reject", reason="Not about employment support."
    )


def _counts() -> list[int]:
    models = (RenewalApplication, RenewalAudit, CEActivity, CredentialEvent, Credential, Notice)
    return [m.objects.count() for m in models]


def _states(credential) -> list:
    return [
        list(RenewalApplication.objects.values_list("pk", "status", "reason")),
        list(RenewalAudit.objects.values_list("pk", "outcome", "reason")),
        list(CEActivity.objects.values_list("pk", "status", "review_reason", "hours_accepted")),
        list(credential.cycles.values_list("pk", "outcome")),
        _counts(),
    ]


# --- a refused renewal granted ---------------------------------------------------------------


def test_a_refused_renewal_is_granted_with_the_reference_in_the_history(
    chair, credential, refused
) -> None:
    old_expiry = credential.expires_on
    renewed = renewals.grant_on_appeal(
        refused, by=chair, reason="The course was approved in May.", reference=REFERENCE
    )
    assert renewed.expires_on > old_expiry
    assert [c.outcome for c in renewed.cycles.order_by("sequence")] == [
        CycleOutcome.RENEWED,
        CycleOutcome.OPEN,
    ]
    refused.refresh_from_db()
    assert refused.status == RenewalStatus.APPROVED and refused.decided_by == chair
    assert REFERENCE in refused.reason and "not on the approved list" in refused.reason
    event = renewed.events.get(kind=CredentialEventKind.RENEWED)
    assert event.data["appeal"] == REFERENCE and REFERENCE in event.reason
    assert event.actor == chair
    assert chain_problem(Credential.objects.get(pk=renewed.pk)) is None


@pytest.mark.parametrize(
    "overturn", [renewals.grant_on_appeal, renewals.pass_audit_on_appeal, ce.accept_on_appeal]
)
def test_the_reason_and_the_reference_are_needed(chair, refused, overturn) -> None:
    before = _states(refused.cycle.credential)
    for reason, reference in (("", REFERENCE), ("Wrongly decided.", "  ")):
        with pytest.raises(ValidationError):
            overturn(refused, by=chair, reason=reason, reference=reference)
    assert _states(refused.cycle.credential) == before


def test_only_a_refused_renewal_is_granted(cast, chair, credential) -> None:
    application = _applied(credential)  # open, not refused
    before = _states(credential)
    with pytest.raises(ValidationError, match="is not a refused renewal"):
        renewals.grant_on_appeal(application, by=chair, reason="x", reference=REFERENCE)
    assert _states(credential) == before


def test_a_renewal_refused_on_a_failed_audit_is_granted_through_the_audit(
    chair, credential, failed_audit
) -> None:
    before = _states(credential)
    with pytest.raises(ValidationError, match="audit is passed on appeal"):
        renewals.grant_on_appeal(
            failed_audit.application, by=chair, reason="x", reference=REFERENCE
        )
    assert _states(credential) == before


def test_a_refused_renewal_is_not_granted_while_another_is_open(
    cast, chair, credential, refused
) -> None:
    renewals.apply_for_renewal(credential, by=credential.holder, attest=True)
    before = _states(credential)
    with pytest.raises(ValidationError, match="another renewal application open"):
        renewals.grant_on_appeal(refused, by=chair, reason="x", reference=REFERENCE)
    assert _states(credential) == before


# --- a failed audit passed ----------------------------------------------------------------------


def test_a_failed_audit_is_passed_and_the_renewal_proceeds(
    cast, chair, credential, failed_audit
) -> None:
    audit = renewals.pass_audit_on_appeal(
        failed_audit, by=chair, reason="The certificate was in the upload.", reference=REFERENCE
    )
    assert audit.outcome == AuditOutcome.PASSED and audit.decided_by == chair
    assert REFERENCE in audit.reason and "No certificate" in audit.reason
    application = RenewalApplication.objects.get(pk=audit.application_id)
    assert application.status == RenewalStatus.AUDIT and REFERENCE in application.reason
    assert renewals.approval_problems(application) == []  # as after a passed audit
    renewed = renewals.approve_renewal(application, by=cast.officer)
    assert renewed.cycles.filter(outcome=CycleOutcome.RENEWED).count() == 1
    assert chain_problem(Credential.objects.get(pk=renewed.pk)) is None


def test_only_a_failed_audit_is_passed(cast, chair, credential) -> None:
    application = _applied(credential)
    if not hasattr(application, "audit"):
        renewals.select_for_audit(application, by=cast.officer, reason="For cause.")
    audit = RenewalAudit.objects.get(application=application)
    before = _states(credential)
    with pytest.raises(ValidationError, match="is not a failed audit"):
        renewals.pass_audit_on_appeal(audit, by=chair, reason="x", reference=REFERENCE)
    assert _states(credential) == before


# --- a rejected activity accepted ---------------------------------------------------------------


def test_a_rejected_activity_is_accepted_and_counts(chair, credential, rejected) -> None:
    cycle = renewals.current_cycle(credential)
    counted = renewals.cycle_progress(cycle).counted
    activity = ce.accept_on_appeal(
        rejected, by=chair, reason="The conference had an employment track.", reference=REFERENCE
    )
    assert activity.status == ActivityStatus.ACCEPTED and activity.hours_accepted == Decimal(8)
    assert REFERENCE in activity.review_reason and "Not about" in activity.review_reason
    assert activity.reviewed_by == chair
    assert renewals.cycle_progress(cycle).counted == counted + 8
    notice = Notice.objects.filter(kind=NoticeKind.ACTIVITY_REVIEWED).latest("pk")
    assert REFERENCE in notice.body


def test_only_a_rejected_activity_is_accepted(chair, credential) -> None:
    cycle = renewals.current_cycle(credential)
    accepted = accepted_activity(cycle, "general", 5, cycle.starts_on + datetime.timedelta(days=9))
    before = _states(credential)
    with pytest.raises(ValidationError, match="is not a rejected activity"):
        ce.accept_on_appeal(accepted, by=chair, reason="x", reference=REFERENCE)
    assert _states(credential) == before


# --- the renewal page -----------------------------------------------------------------------------


def _page(client, credential) -> str:
    client.force_login(credential.holder)
    url = reverse("credentials-renewal", args=[credential.number])
    return client.get(url).content.decode()


def _until(program, decided_at: datetime.datetime) -> str:
    day = decided_at.astimezone(program.time_zone).date() + datetime.timedelta(days=30)
    return f"You may appeal until {day:%-d %B %Y}"


def test_the_page_offers_the_appeal_of_each_adverse_decision(
    client, credential, refused, rejected
) -> None:
    page = _page(client, credential)
    program = credential.program
    assert "not on the approved list" in page and "Not about employment support." in page
    assert _until(program, refused.decided_at) in page
    assert f'href="/appeals/new/renewal/{refused.pk}/"' in page
    assert f'href="/appeals/new/ce-activity/{rejected.pk}/"' in page
    accepted = CEActivity.objects.exclude(pk=rejected.pk)
    assert all(f"/appeals/new/ce-activity/{a.pk}/" not in page for a in accepted)


def test_a_failed_audit_is_appealed_through_the_audit(client, credential, failed_audit) -> None:
    page = _page(client, credential)
    assert "Audit failed on" in page and "No certificate for the ethics course." in page
    assert f'href="/appeals/new/audit/{failed_audit.pk}/"' in page
    assert "/appeals/new/renewal/" not in page  # the refusal followed from the audit


def test_past_the_deadline_the_links_are_gone(client, credential, refused, rejected) -> None:
    long_ago = timezone.now() - datetime.timedelta(days=31)
    RenewalApplication.objects.filter(pk=refused.pk).update(decided_at=long_ago)
    CEActivity.objects.filter(pk=rejected.pk).update(reviewed_at=long_ago)
    page = _page(client, credential)
    assert "/appeals/new/" not in page and "You may appeal" not in page
    assert "The period to appeal ended on" in page
    assert "not on the approved list" in page  # the decision and its reason stay


def test_an_overturned_decision_offers_no_appeal(client, chair, credential, rejected) -> None:
    ce.accept_on_appeal(rejected, by=chair, reason="Employment track.", reference=REFERENCE)
    page = _page(client, credential)
    assert "/appeals/new/" not in page and REFERENCE in page


def test_the_appeal_address_is_the_appeals_page_once_it_exists(settings) -> None:
    from hallmark.certification.templatetags.certification import appeal_url

    assert appeal_url("audit", 7) == "/appeals/new/audit/7/"  # before the appeals pages exist
    settings.ROOT_URLCONF = "appeal_urls"
    assert appeal_url("audit", 7) == "/elsewhere/audit/7/"
