"""Renewal: applying in the window, in grace and for reinstatement, fees, audits, approval,
the reissued credential (which still verifies), and renewal by re-exam."""

import datetime
import json
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hallmark.certification import services
from hallmark.certification.data import (
    AuditOutcome,
    CredentialEventKind,
    CredentialStatus,
    CycleOutcome,
    RenewalRoute,
    RenewalStatus,
)
from hallmark.certification.issuer import published_keys
from hallmark.certification.models import StatusList
from hallmark.certification.recertification import renewals
from hallmark.certification.recertification.cycles import audit_draw, is_audited
from hallmark.certification.verification import verify_document
from hallmark.credentials.cli import main as hallmark_verify
from hallmark.programs.data import FeeStatus

from factories import accepted_activity, local_noon, recertification_program

pytestmark = pytest.mark.django_db
D = datetime.date
ISSUED, EXPIRES = D(2024, 3, 15), D(2027, 3, 15)


@pytest.fixture
def credential(cast, program):
    return services.issue_credential(cast.candidate, program, issued_on=ISSUED)


def _complete_ce(credential) -> None:
    cycle = renewals.current_cycle(credential)
    accepted_activity(cycle, "general", 33, D(2025, 5, 1), title="Benefits planning")
    accepted_activity(cycle, "ethics", 3, D(2025, 9, 1), title="Ethics in employment support")


def _apply(credential, day: datetime.date):
    return renewals.apply_for_renewal(
        credential, by=credential.holder, attest=True, now=local_noon(credential.program, day)
    )


def test_issuing_opens_the_first_cycle_under_the_policy_in_force(credential, program) -> None:
    cycle = renewals.current_cycle(credential)
    assert (cycle.sequence, cycle.starts_on, cycle.expires_on) == (1, ISSUED, EXPIRES)
    assert cycle.policy.program == program
    assert cycle.dates().window_opens_on == D(2026, 6, 15)


def test_renewal_in_the_window_starts_the_next_cycle_and_reissues_the_credential(
    cast, credential
) -> None:
    _complete_ce(credential)
    first = credential.current_document()
    application = _apply(credential, D(2026, 12, 1))
    assert (application.route, application.status) == (RenewalRoute.CE, RenewalStatus.SUBMITTED)
    assert (application.fee_kind, application.fee_amount) == ("renewal", Decimal("75.00"))
    assert application.conduct_version == "2024.1"
    assert application.credits == Decimal(36)
    assert [a["title"] for a in application.activities] == [
        "Benefits planning",
        "Ethics in employment support",
    ]
    with pytest.raises(ValidationError, match="fee"):
        renewals.approve_renewal(application, by=cast.officer)
    renewals.record_fee(application, by=cast.officer, status=FeeStatus.PAID)
    renewed = renewals.approve_renewal(application, by=cast.officer, reason="CE complete.")

    assert renewed.expires_on == D(2030, 3, 15)  # the old expiry + 36 months
    cycles = list(renewed.cycles.order_by("sequence"))
    assert [(c.sequence, c.outcome) for c in cycles] == [
        (1, CycleOutcome.RENEWED),
        (2, CycleOutcome.OPEN),
    ]
    assert (cycles[1].starts_on, cycles[1].expires_on) == (D(2027, 3, 16), D(2030, 3, 15))
    renewed_event = renewed.events.get(kind=CredentialEventKind.RENEWED)
    assert renewed_event.actor == cast.officer
    assert renewed_event.data["new_expires_on"] == "2030-03-15"

    first.refresh_from_db()
    assert first.superseded_at is not None
    current = renewed.current_document()
    assert current.pk != first.pk
    assert current.document["validUntil"].startswith("2030-03-16T")  # through 15 March, NY time
    assert verify_document(current.document).result.valid


def test_the_reissued_credential_passes_the_offline_verifier(
    cast, credential, tmp_path, capsys
) -> None:
    _complete_ce(credential)
    application = _apply(credential, D(2026, 12, 1))
    renewals.record_fee(application, by=cast.officer, status=FeeStatus.WAIVED)
    renewed = renewals.approve_renewal(application, by=cast.officer)
    document = renewed.current_document().document
    status_list = StatusList.objects.get(entries__credential=renewed)
    (tmp_path / "credential.json").write_text(json.dumps(document))
    (tmp_path / "list.json").write_text(json.dumps(status_list.document))
    arguments = [str(tmp_path / "credential.json"), "--offline", "--json"]
    for method, public in published_keys().items():
        arguments += ["--key", f"{method}={public}"]
    url = document["credentialStatus"]["statusListCredential"]
    arguments += ["--status-list", f"{url}={tmp_path / 'list.json'}"]
    assert hallmark_verify(arguments) == 0, capsys.readouterr().out
    assert json.loads(capsys.readouterr().out)["valid"] is True


def test_applying_needs_the_window_the_ce_and_the_attestation(credential) -> None:
    with pytest.raises(ValidationError, match="opens on 15 June 2026"):
        _apply(credential, D(2026, 6, 14))
    with pytest.raises(ValidationError, match="36 more CE credits"):
        _apply(credential, D(2026, 6, 15))
    _complete_ce(credential)
    with pytest.raises(ValidationError, match="code of conduct"):
        renewals.apply_for_renewal(
            credential,
            by=credential.holder,
            attest=False,
            now=local_noon(credential.program, D(2026, 7, 1)),
        )
    _apply(credential, D(2026, 7, 1))
    with pytest.raises(ValidationError, match="already has a renewal application open"):
        _apply(credential, D(2026, 7, 2))


def test_only_the_holder_applies(cast, credential) -> None:
    _complete_ce(credential)
    with pytest.raises(PermissionDenied):
        renewals.apply_for_renewal(
            credential,
            by=cast.officer,
            attest=True,
            now=local_noon(credential.program, D(2026, 7, 1)),
        )


def test_only_officers_approve_and_refusal_needs_a_reason(cast, credential) -> None:
    _complete_ce(credential)
    application = _apply(credential, D(2026, 12, 1))
    for person in (cast.candidate, cast.manager, cast.outsider):
        with pytest.raises(PermissionDenied):
            renewals.approve_renewal(application, by=person)
        with pytest.raises(PermissionDenied):
            renewals.record_fee(application, by=person, status=FeeStatus.PAID)
    with pytest.raises(ValidationError, match="Say why"):
        renewals.refuse_renewal(application, by=cast.officer, reason=" ")
    refused = renewals.refuse_renewal(application, by=cast.officer, reason="Activities too old.")
    assert (refused.status, refused.decided_by) == (RenewalStatus.REFUSED, cast.officer)
    assert refused.decided_at is not None


def test_a_renewal_in_grace_pays_the_late_fee_and_restores_the_credential(cast, credential) -> None:
    _complete_ce(credential)
    services.expire_credential(credential, on=D(2027, 3, 20))
    application = _apply(credential, D(2027, 4, 1))
    assert application.fee_kind == "renewal + late renewal"
    assert application.fee_amount == Decimal("125.00")
    renewals.record_fee(application, by=cast.officer, status=FeeStatus.PAID)
    renewed = renewals.approve_renewal(application, by=cast.officer)
    assert (renewed.status, renewed.expires_on) == (CredentialStatus.ACTIVE, D(2030, 3, 15))


def test_reinstatement_after_grace_then_only_the_exam(cast, credential, program) -> None:
    _complete_ce(credential)
    services.expire_credential(credential, on=D(2027, 3, 20))
    application = _apply(credential, D(2027, 6, 1))
    assert application.route == RenewalRoute.REINSTATEMENT
    assert (application.fee_kind, application.fee_amount) == ("reinstatement", Decimal("150.00"))
    renewals.record_fee(application, by=cast.officer, status=FeeStatus.PAID)
    restored = renewals.approve_renewal(application, by=cast.officer)
    assert restored.status == CredentialStatus.ACTIVE
    assert restored.events.filter(kind=CredentialEventKind.REINSTATED).count() == 1

    other = services.issue_credential(cast.proctor, program, issued_on=ISSUED)
    services.expire_credential(other, on=D(2027, 3, 20))
    with pytest.raises(ValidationError, match="only passing the exam again"):
        renewals.apply_for_renewal(
            other, by=cast.proctor, attest=True, now=local_noon(program, D(2028, 3, 16))
        )


def test_an_audited_renewal_waits_for_evidence_and_a_pass(cast, credential) -> None:
    _complete_ce(credential)
    application = _apply(credential, D(2026, 12, 1))
    audit = renewals.select_for_audit(application, by=cast.officer, reason="Complaint received.")
    application.refresh_from_db()
    assert application.status == RenewalStatus.AUDIT
    pdf = SimpleUploadedFile("attendance.pdf", b"%PDF-1.4 certificate", "application/pdf")
    with pytest.raises(PermissionDenied):
        renewals.upload_audit_evidence(
            audit, by=cast.outsider, upload=pdf, evidence_kind="attendance"
        )
    renewals.upload_audit_evidence(
        audit, by=credential.holder, upload=pdf, evidence_kind="attendance"
    )
    audit.refresh_from_db()
    assert audit.outcome == AuditOutcome.EVIDENCE_RECEIVED
    assert audit.evidence.get().get_evidence_kind_display() == "Certificate of attendance"
    renewals.record_fee(application, by=cast.officer, status=FeeStatus.PAID)
    with pytest.raises(ValidationError, match="audit is not passed"):
        renewals.approve_renewal(application, by=cast.officer)
    with pytest.raises(ValidationError, match="Say why"):
        renewals.decide_audit(audit, by=cast.officer, passed=True, reason="")
    renewals.decide_audit(audit, by=cast.officer, passed=True, reason="Certificates match.")
    assert renewals.approve_renewal(application, by=cast.officer).expires_on == D(2030, 3, 15)


def test_only_a_person_decides_an_audit(cast, credential) -> None:
    _complete_ce(credential)
    application = _apply(credential, D(2026, 12, 1))
    audit = renewals.select_for_audit(application, by=None, reason="Random check.")
    for person in (None, cast.manager, cast.candidate):
        with pytest.raises(PermissionDenied):
            renewals.decide_audit(audit, by=person, passed=True, reason="Fine.")


def test_a_failed_audit_refuses_the_renewal(cast, credential) -> None:
    _complete_ce(credential)
    application = _apply(credential, D(2026, 12, 1))
    audit = renewals.select_for_audit(application, by=cast.officer, reason="Random check.")
    renewals.decide_audit(audit, by=cast.officer, passed=False, reason="No evidence uploaded.")
    application.refresh_from_db()
    assert application.status == RenewalStatus.REFUSED
    assert application.reason == "Audit failed: No evidence uploaded."


def test_the_sample_is_drawn_and_recorded_so_it_can_be_reproduced(cast) -> None:
    program = recertification_program(audit_percent=Decimal(50))
    drawn = []
    for n in range(12):
        person = services.issue_credential(
            type(cast.candidate).objects.create_user(f"c{n}@example.org", "x", legal_name="C"),
            program,
            issued_on=ISSUED,
        )
        _complete_ce(person)
        application = _apply(person, D(2026, 12, 1))
        key = renewals.audit_key(application.cycle)
        assert application.audit_draw == audit_draw(application.audit_seed, key)
        assert application.audit_percent == Decimal(50)
        selected = is_audited(application.audit_seed, key, application.audit_percent)
        assert (application.status == RenewalStatus.AUDIT) == selected
        assert hasattr(application, "audit") == selected
        drawn.append(selected)
    assert True in drawn and False in drawn  # with 12 draws at 50%, both happen for this seed


def test_renew_by_exam_in_the_window(cast, credential) -> None:
    renewed = renewals.renew_by_exam(credential, passed_on=D(2026, 11, 20), by=None)
    assert renewed.expires_on == D(2030, 3, 15)
    application = renewed.cycles.get(sequence=1).renewals.get()
    assert (application.route, application.status) == (RenewalRoute.EXAM, RenewalStatus.APPROVED)
    assert application.passed_on == D(2026, 11, 20)
    assert verify_document(renewed.current_document().document).result.valid


def test_renew_by_exam_refuses_a_pass_before_the_window_or_after_reinstatement(
    cast, credential
) -> None:
    with pytest.raises(ValidationError, match=r"renews nothing.*opens on 15 June 2026"):
        renewals.renew_by_exam(credential, passed_on=D(2026, 1, 10), by=None)
    with pytest.raises(ValidationError, match="only passing the exam again"):
        renewals.renew_by_exam(credential, passed_on=D(2028, 4, 1), by=None)
    with pytest.raises(PermissionDenied):
        renewals.renew_by_exam(credential, passed_on=D(2026, 11, 20), by=cast.candidate)


def test_renew_by_exam_needs_the_policy_to_allow_it(cast) -> None:
    program = recertification_program(reexam_allowed=False)
    credential = services.issue_credential(cast.candidate, program, issued_on=ISSUED)
    with pytest.raises(ValidationError, match="does not allow renewal by re-exam"):
        renewals.renew_by_exam(credential, passed_on=D(2026, 11, 20), by=None)


def test_a_month_end_program_renews_to_a_month_end(cast) -> None:
    program = recertification_program(at_month_end=True, validity_months=12)
    credential = services.issue_credential(cast.candidate, program, issued_on=D(2026, 2, 10))
    assert credential.expires_on == D(2027, 2, 28)
    renewed = renewals.renew_by_exam(credential, passed_on=D(2027, 1, 5), by=None)
    assert renewed.expires_on == D(2028, 2, 29)


def test_revocation_closes_the_cycle(cast, credential) -> None:
    services.revoke_credential(credential, actor=cast.officer, reason="Fraud")
    assert renewals.current_cycle(credential) is None
    assert credential.cycles.get().outcome == CycleOutcome.CLOSED


def test_the_credential_a_pass_would_renew(cast, credential, program) -> None:
    holders = [cast.candidate.pk, cast.outsider.pk]
    assert renewals.credentials_to_renew(program, holders) == {cast.candidate.pk: credential}
    services.revoke_credential(credential, actor=cast.officer, reason="Fraud")
    assert renewals.credentials_to_renew(program, holders) == {}
