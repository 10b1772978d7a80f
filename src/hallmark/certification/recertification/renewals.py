"""Renewal: the current cycle and its progress, applying to renew (in the window, in grace, or
for reinstatement), the audit sample and its evidence, approval, and renewal by re-exam.

An approved renewal closes the cycle, opens the next one (the old expiry plus the validity),
and reissues the signed credential with its new validUntil; the old document is kept, marked
superseded.
"""

import datetime
import secrets
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from hallmark.accounts.models import User
from hallmark.certification import services
from hallmark.certification.data import (
    COUNTED_ACTIVITY_STATUSES,
    CURRENT_STATUSES,
    OPEN_RENEWAL_STATUSES,
    ActivityStatus,
    AuditOutcome,
    CredentialEventKind,
    CredentialStatus,
    CycleOutcome,
    NoticeKind,
    Phase,
    RenewalRoute,
    RenewalStatus,
)
from hallmark.certification.models import (
    AuditEvidence,
    AuditSeed,
    CEActivity,
    Credential,
    Cycle,
    RenewalApplication,
    RenewalAudit,
)
from hallmark.certification.recertification.ce import store_upload
from hallmark.certification.recertification.cycles import (
    CategoryRule,
    Counted,
    Progress,
    audit_draw,
    is_audited,
    next_expiry,
    plain,
    progress,
)
from hallmark.certification.recertification.notices import send_notice
from hallmark.lib.clock import now_or
from hallmark.lib.dates import long_date
from hallmark.lib.decisions import (
    DecisionFields,
    in_state,
    locked,
    on_appeal,
    reason_given,
    record_decision,
    take_case,
)
from hallmark.lib.permissions import need, own
from hallmark.programs.data import FeeKind, FeeStatus
from hallmark.programs.models import EligibilityPolicy, FeeSchedule, Program

AUDIT_EVIDENCE_DAYS = 30
RENEWABLE_STATUSES = (CredentialStatus.ACTIVE, CredentialStatus.EXPIRED)
UNDECIDED_AUDIT = (AuditOutcome.EVIDENCE_REQUESTED, AuditOutcome.EVIDENCE_RECEIVED)

# What a renewal application, its fee and its audit call who decided, when and why.
RENEWAL_DECIDED = DecisionFields(reason="reason")
FEE_RECORDED = DecisionFields(status="fee_status", by="fee_recorded_by", at="fee_recorded_at")
AUDIT_DECIDED = DecisionFields(status="outcome", reason="reason")
REQUESTED = DecisionFields(status="outcome", by="requested_by", at="requested_at")


def local_day(program: Program, now: datetime.datetime | None = None) -> datetime.date:
    """The date ``now`` falls on in the program's time zone: day arithmetic happens there."""
    return now_or(now).astimezone(program.time_zone).date()


def current_cycle(credential: Credential) -> Cycle | None:
    """The credential's open cycle; None for a certificate of completion or a withdrawn one."""
    return credential.cycles.filter(outcome=CycleOutcome.OPEN).select_related("policy").first()


# --- progress ---------------------------------------------------------------------------------


def rules_of(cycle: Cycle) -> list[CategoryRule]:
    if cycle.policy is None:
        return []
    return [
        CategoryRule(
            code=c.code,
            name=c.name,
            min_credits=c.min_hours,
            max_credits=c.max_hours,
            multiplier=c.credit_multiplier,
            fixed_credits=c.fixed_credits,
        )
        for c in cycle.policy.ce_categories.all()
    ]


def cycle_progress(cycle: Cycle) -> Progress:
    """Credits per category against minimums and caps, from accepted and pending activities."""
    counted = []
    for activity in cycle.activities.exclude(status=ActivityStatus.REJECTED).select_related(
        "category"
    ):
        pending = activity.status == ActivityStatus.PENDING
        hours = activity.hours if pending else activity.hours_accepted
        if hours is None:  # a reviewed or accepted activity always has its accepted hours
            raise ValueError(f"{activity} is {activity.status} without accepted hours")
        counted.append(Counted(activity.category.code, hours, pending=pending))
    required = cycle.policy.ce_hours_required if cycle.policy else Decimal(0)
    return progress(rules_of(cycle), counted, required)


# --- applying -----------------------------------------------------------------------------------

ROUTE_OF_PHASE = {
    Phase.WINDOW_OPEN: RenewalRoute.CE,
    Phase.GRACE: RenewalRoute.CE,
    Phase.REINSTATEMENT: RenewalRoute.REINSTATEMENT,
}
FEES_OF_PHASE = {
    Phase.WINDOW_OPEN: (FeeKind.RENEWAL,),
    Phase.GRACE: (FeeKind.RENEWAL, FeeKind.LATE_RENEWAL),
    Phase.REINSTATEMENT: (FeeKind.REINSTATEMENT,),
}


def fee_for(program: Program, phase: Phase, day: datetime.date) -> tuple[str, Decimal, str]:
    """The fee kinds, total and currency due for a renewal in ``phase`` (a late renewal pays
    the renewal fee and the late fee)."""
    schedule = FeeSchedule.in_force(program, day)
    kinds = FEES_OF_PHASE[phase]
    if schedule is None:
        return " + ".join(kinds), Decimal(0), ""
    amounts = dict(schedule.fees.filter(kind__in=kinds).values_list("kind", "amount"))
    return (
        " + ".join(k for k in kinds if k in amounts),
        sum(amounts.values(), Decimal(0)),
        schedule.currency,
    )


def _renewable(credential: Credential) -> Cycle:
    """The open cycle of a credential that can be renewed, or a refusal saying its status."""
    cycle = current_cycle(credential)
    # Without an open cycle (a certificate of completion) no status can be renewed.
    renewable = RENEWABLE_STATUSES if cycle is not None else ()
    in_state(credential, renewable, refusal=gettext_lazy("cannot be renewed"))
    assert cycle is not None
    return cycle


def _phase_problem(cycle: Cycle, phase: Phase) -> str | None:
    dates = cycle.dates()
    number = cycle.credential.number
    if phase == Phase.BEFORE_WINDOW:
        return gettext("The renewal window of %(number)s opens on %(day)s.") % {
            "number": number,
            "day": long_date(dates.window_opens_on),
        }
    if phase == Phase.LAPSED:
        return gettext(
            "%(number)s expired on %(expired)s and the reinstatement period ended on "
            "%(ended)s: only passing the exam again restores the certification."
        ) % {
            "number": number,
            "expired": long_date(dates.expires_on),
            "ended": long_date(dates.reinstatement_ends_on),
        }
    return None


def _audit_seed(program: Program) -> AuditSeed:
    seed, _ = AuditSeed.objects.get_or_create(
        program=program, defaults={"seed": secrets.token_hex(16)}
    )
    return seed


def audit_key(cycle: Cycle) -> str:
    """What the audit draw is keyed on: one draw per cycle, so a refused renewal applied for
    again is not drawn again."""
    return f"{cycle.credential.number}/{cycle.sequence}"


@transaction.atomic
def apply_for_renewal(
    credential: Credential, *, by: User, attest: bool, now: datetime.datetime | None = None
) -> RenewalApplication:
    """The certificant applies to renew: in the window or the grace period (renewal), or after
    it within the reinstatement period (reinstatement, with its fee and the CE still required).

    They attest to the code of conduct and confirm the activities that count; the fee due is
    recorded. A seeded draw decides whether the renewal is audited.
    """
    now = now_or(now)
    own(by, credential.holder_id, credential.number)
    credential = locked(credential, "program")
    cycle = _renewable(credential)
    day = local_day(credential.program, now)
    phase = cycle.dates().phase(day)
    problem = _phase_problem(cycle, phase)
    if problem:
        raise ValidationError(problem)
    if not attest:
        raise ValidationError({"attest": gettext("Attest to the code of conduct to apply.")})
    if cycle.open_renewal() is not None:
        raise ValidationError(
            gettext("%(number)s already has a renewal application open.")
            % {"number": credential.number}
        )
    met = cycle_progress(cycle)
    if not met.met:
        raise ValidationError(met.problems())
    counted = cycle.activities.filter(status__in=COUNTED_ACTIVITY_STATUSES).select_related(
        "category"
    )
    conduct = EligibilityPolicy.in_force(credential.program, day)
    fee_kind, fee_amount, currency = fee_for(credential.program, phase, day)
    percent = cycle.policy.audit_percent if cycle.policy else Decimal(0)
    seed = _audit_seed(credential.program).seed
    audited = is_audited(seed, audit_key(cycle), percent)
    application = RenewalApplication.objects.create(
        cycle=cycle,
        route=ROUTE_OF_PHASE[phase],
        status=RenewalStatus.AUDIT if audited else RenewalStatus.SUBMITTED,
        submitted_at=now,
        submitted_by=by,
        conduct_version=conduct.code_of_conduct_version if conduct else "",
        attested_at=now,
        activities=[
            {
                "id": a.pk,
                "title": a.title,
                "category": a.category.code,
                "hours_accepted": str(a.hours_accepted),
                "completed_on": a.completed_on.isoformat(),
            }
            for a in counted
        ],
        credits=met.counted,
        fee_kind=fee_kind,
        fee_amount=fee_amount,
        fee_currency=currency,
        fee_status=FeeStatus.DUE if fee_amount else FeeStatus.NONE,
        audit_seed=seed,
        audit_draw=audit_draw(seed, audit_key(cycle)),
        audit_percent=percent,
    )
    if audited:
        _start_audit(application, by=None, day=day, now=now)
    return application


def _start_audit(
    application: RenewalApplication,
    *,
    by: User | None,
    day: datetime.date,
    now: datetime.datetime,
    deliver: bool = True,
) -> RenewalAudit:
    due = day + datetime.timedelta(days=AUDIT_EVIDENCE_DAYS)
    audit = RenewalAudit.objects.create(
        application=application,
        requested_at=now,
        requested_by=by,
        request_note="Upload the certificate of attendance or completion (or other evidence) "
        "of each activity you listed.",
        evidence_due_on=due,
    )
    send_notice(
        application.cycle,
        NoticeKind.AUDIT_SELECTED,
        evidence_due_on=due,
        deliver=deliver,
    )
    return audit


@transaction.atomic
def select_for_audit(
    application: RenewalApplication, *, by: User | None, reason: str, deliver: bool = True
) -> RenewalAudit:
    """Audit a renewal the random sample did not draw (for cause), saying why."""
    need(by, "certification.decide_audit", f"audit {application}")
    application = _take(application, by, "audit")
    reason = reason_given(reason, "Say why this renewal is audited.")
    if hasattr(application, "audit"):
        raise ValidationError(f"{application} is being audited already.")
    application.status = RenewalStatus.AUDIT
    application.reason = f"Selected for audit: {reason}"
    application.save(update_fields=["status", "reason"])
    now = timezone.now()
    return _start_audit(
        application, by=by, day=local_day(application.cycle.program, now), now=now, deliver=deliver
    )


def _take(
    application: RenewalApplication,
    by: User | None,
    what: str = "decide",
    permission: str = "certification.decide_renewal",
) -> RenewalApplication:
    """An open renewal application, locked for staff to decide (or Hallmark itself)."""
    return take_case(
        application,
        by=by,
        permission=permission,
        what=what,
        open_states=OPEN_RENEWAL_STATUSES,
        owner=None,
        related=("cycle",),
        system_may=True,
    )


@transaction.atomic
def record_fee(
    application: RenewalApplication, *, by: User, status: FeeStatus
) -> RenewalApplication:
    """Record the renewal fee as paid or waived (payment itself happens outside Hallmark)."""
    application = _take(application, by, "record the fee of", "certification.record_renewal_fee")
    if status not in (FeeStatus.PAID, FeeStatus.WAIVED):
        raise ValidationError("Record the fee as paid or waived.")
    if application.fee_status == FeeStatus.NONE:
        raise ValidationError(f"{application} has no fee to record.")
    record_decision(application, status, by=by, at=timezone.now(), fields=FEE_RECORDED)
    return application


def approval_problems(application: RenewalApplication) -> list[str]:
    """Why a renewal cannot be approved yet, in words; empty when it can."""
    problems = []
    if application.fee_status == FeeStatus.DUE:
        problems.append(
            f"The {application.fee_kind} fee ({application.fee_amount} "
            f"{application.fee_currency}) is not recorded as paid or waived."
        )
    audit = getattr(application, "audit", None)
    if audit is not None and audit.outcome != AuditOutcome.PASSED:
        problems.append(f"The audit is not passed ({audit.get_outcome_display().lower()}).")
    return problems


@transaction.atomic
def approve_renewal(
    application: RenewalApplication,
    *,
    by: User,
    reason: str = "",
    now: datetime.datetime | None = None,
) -> Credential:
    """Approve a renewal: the fee is recorded and any audit passed. The next cycle starts."""
    application = _take(application, by)
    problems = approval_problems(application)
    if problems:
        raise ValidationError(problems)
    credential = _renew(application, by=by, reason=reason or "Renewal approved.", now=now)
    approved, at = RenewalStatus.APPROVED, now_or(now)
    record_decision(application, approved, by=by, at=at, reason=reason, fields=RENEWAL_DECIDED)
    return credential


@transaction.atomic
def refuse_renewal(application: RenewalApplication, *, by: User, reason: str) -> RenewalApplication:
    """Refuse a renewal, saying why; the certificant may apply again while the cycle allows."""
    application = _take(application, by)
    reason = reason_given(reason, "Say why the renewal is refused.")
    _refuse(application, by=by, at=timezone.now(), reason=reason)
    return application


def _refuse(
    application: RenewalApplication, *, by: User | None, at: datetime.datetime, reason: str
) -> None:
    refused = RenewalStatus.REFUSED
    record_decision(application, refused, by=by, at=at, reason=reason, fields=RENEWAL_DECIDED)
    send_notice(application.cycle, NoticeKind.RENEWAL_REFUSED, reason=application.reason)


def _renew(
    application: RenewalApplication,
    *,
    by: User | None,
    reason: str,
    now: datetime.datetime | None,
    appeal: str = "",
) -> Credential:
    """Close the cycle, open the next, move the expiry, reissue the signed credential."""
    cycle = application.cycle
    credential = (
        Credential.objects.select_for_update(of=("self",))
        .select_related("program")
        .get(pk=cycle.credential_id)
    )
    program = credential.program
    in_state(credential, RENEWABLE_STATUSES, refusal="cannot be renewed")
    other = (
        Credential.objects.filter(
            holder=credential.holder, program=program, status__in=CURRENT_STATUSES
        )
        .exclude(pk=credential.pk)
        .first()
    )
    if other is not None:
        raise ValidationError(f"{credential.holder.email} already holds {other.number}.")
    old_expiry = cycle.expires_on
    new_expiry = next_expiry(
        old_expiry, program.validity_months or 0, at_month_end=program.expiry_at_month_end
    )
    services.close_cycle(credential, CycleOutcome.RENEWED)
    services.open_cycle(
        credential, starts_on=old_expiry + datetime.timedelta(days=1), expires_on=new_expiry
    )
    credential.expires_on, credential.status = new_expiry, CredentialStatus.ACTIVE
    credential.save(update_fields=["expires_on", "status"])
    kind = (
        CredentialEventKind.REINSTATED
        if application.route == RenewalRoute.REINSTATEMENT
        else CredentialEventKind.RENEWED
    )
    services.append_event(
        credential,
        kind,
        actor=by,
        reason=reason,
        data={
            "route": application.route,
            "cycle": cycle.sequence,
            "old_expires_on": old_expiry.isoformat(),
            "new_expires_on": new_expiry.isoformat(),
            **({"appeal": appeal} if appeal else {}),
        },
    )
    services.reissue_document(credential, reason=f"Renewed: valid until {new_expiry.isoformat()}.")
    send_notice(cycle, NoticeKind.RENEWED, new_expires_on=new_expiry)
    return credential


@transaction.atomic
def renew_by_exam(credential: Credential, passed_on: datetime.date, by: User | None) -> Credential:
    """Renew on a released pass of the exam taken in the renewal window (or in the grace or
    reinstatement period). A pass before the window renews nothing; after the reinstatement
    period it leads to a new certification decision instead. ``by`` is None when Hallmark acts
    on a released result."""
    need(by, "certification.decide_renewal", f"renew {credential.number}")
    credential = locked(credential, "program")
    cycle = _renewable(credential)
    if cycle.policy is not None and not cycle.policy.reexam_allowed:
        raise ValidationError(
            f"The {credential.program.designation} policy does not allow renewal by re-exam."
        )
    phase = cycle.dates().phase(passed_on)
    problem = _phase_problem(cycle, phase)
    if problem:
        raise ValidationError(f"A pass on {passed_on} renews nothing. {problem}")
    if cycle.open_renewal() is not None:
        raise ValidationError(f"{credential.number} already has a renewal application open.")
    application = RenewalApplication.objects.create(
        cycle=cycle,
        route=RenewalRoute.EXAM,
        status=RenewalStatus.SUBMITTED,
        submitted_by=by,
        passed_on=passed_on,
    )
    credential = _renew(
        application, by=by, reason=f"Renewed by re-exam: passed on {passed_on}.", now=None
    )
    approved = RenewalStatus.APPROVED
    record_decision(application, approved, by=by, at=timezone.now(), fields=RENEWAL_DECIDED)
    return credential


# --- audits ----------------------------------------------------------------------------------


def _undecided(audit: RenewalAudit) -> RenewalAudit:
    audit = locked(audit, "application")
    in_state(
        audit,
        UNDECIDED_AUDIT,
        field="outcome",
        refusal=gettext_lazy("takes no more evidence"),
        named=gettext_lazy("This audit"),
    )
    return audit


def _take_audit(
    audit: RenewalAudit, by: User | None, what: str, *, system_may: bool = False
) -> RenewalAudit:
    """An undecided audit, locked for staff to act on."""
    return take_case(
        audit,
        by=by,
        permission="certification.decide_audit",
        what=what,
        open_states=UNDECIDED_AUDIT,
        owner=None,
        related=("application",),
        state="outcome",
        system_may=system_may,
    )


@transaction.atomic
def request_audit_evidence(
    audit: RenewalAudit, *, by: User, note: str, due_on: datetime.date
) -> RenewalAudit:
    """Staff ask for (more) evidence, saying what and by when."""
    audit = _take_audit(audit, by, "ask for evidence in", system_may=True)
    note = reason_given(note, "Say what evidence is needed.", field="note")
    audit.request_note, audit.evidence_due_on = note, due_on
    requested = AuditOutcome.EVIDENCE_REQUESTED
    changed = ("request_note", "evidence_due_on")
    record_decision(audit, requested, by=by, at=timezone.now(), fields=REQUESTED, also=changed)
    return audit


@transaction.atomic
def upload_audit_evidence(
    audit: RenewalAudit,
    *,
    by: User,
    upload: UploadedFile,
    evidence_kind: str,
    activity: CEActivity | None = None,
) -> AuditEvidence:
    """The certificant uploads a document for the audit (for one of the listed activities)."""
    audit = _undecided(audit)
    cycle = audit.application.cycle
    own(by, cycle.credential.holder_id, str(audit))
    if activity is not None and activity.cycle_id != cycle.pk:
        raise ValidationError({"activity": gettext("This activity is not in the audited cycle.")})
    evidence = AuditEvidence(audit=audit, activity=activity, uploaded_by=by)
    store_upload(evidence, upload, evidence_kind)
    evidence.save()
    audit.outcome = AuditOutcome.EVIDENCE_RECEIVED
    audit.save(update_fields=["outcome"])
    return evidence


@transaction.atomic
def decide_audit(audit: RenewalAudit, *, by: User, passed: bool, reason: str) -> RenewalAudit:
    """Pass or fail an audit, saying why. A failed audit refuses the renewal."""
    audit = _take_audit(audit, by, "decide")
    reason = reason_given(reason, "Say why the audit is passed or failed.")
    outcome = AuditOutcome.PASSED if passed else AuditOutcome.FAILED
    at = timezone.now()
    record_decision(audit, outcome, by=by, at=at, reason=reason, fields=AUDIT_DECIDED)
    if not passed:
        application = locked(audit.application, "cycle")
        in_state(application, OPEN_RENEWAL_STATUSES)
        _refuse(application, by=by, at=at, reason=f"Audit failed: {reason}")
    return audit


# --- overturned on appeal ---------------------------------------------------------------------
# `by` is the appeal panel's chair: the authority is the panel's outcome, named by `reference`.


def _reopenable(application: RenewalApplication) -> Cycle:
    """The open cycle a refused renewal belongs to, with no other application open in it."""
    cycle = application.cycle
    number = cycle.credential.number
    if not cycle.is_open:
        raise ValidationError(f"{application}: the cycle it renews is closed ({number}).")
    if cycle.open_renewal() is not None:
        raise ValidationError(
            f"{number} has another renewal application open: it is decided first."
        )
    return cycle


def _failed_audit(application: RenewalApplication) -> RenewalAudit | None:
    audit = getattr(application, "audit", None)
    return audit if audit is not None and audit.outcome == AuditOutcome.FAILED else None


@transaction.atomic
def grant_on_appeal(
    application: RenewalApplication, *, by: User, reason: str, reference: str
) -> Credential:
    """Grant a refused renewal on an appeal panel's outcome: the credential is renewed for the
    next cycle as an approval renews it, the reference in its history. A renewal refused on a
    failed audit is granted by passing the audit on appeal."""
    reason, reference = on_appeal(reason, reference)
    application = locked(application, "cycle__credential")
    in_state(application, (RenewalStatus.REFUSED,), refusal="is not a refused renewal")
    if _failed_audit(application) is not None:
        raise ValidationError(
            f"{application} was refused because its audit failed: the audit is passed on "
            "appeal, and the renewal proceeds."
        )
    _reopenable(application)
    said = f"Granted on appeal {reference}: {reason}"
    credential = _renew(application, by=by, reason=said, now=None, appeal=reference)
    refused = f"{said} (refused before: {application.reason})"
    approved, at = RenewalStatus.APPROVED, timezone.now()
    record_decision(application, approved, by=by, at=at, reason=refused, fields=RENEWAL_DECIDED)
    return credential


@transaction.atomic
def pass_audit_on_appeal(
    audit: RenewalAudit, *, by: User, reason: str, reference: str
) -> RenewalAudit:
    """Pass a failed audit on an appeal panel's outcome. The renewal its failure refused is
    open again with the audit passed: it is approved once its fee is recorded, as after any
    passed audit."""
    reason, reference = on_appeal(reason, reference)
    audit = locked(audit, "application")
    in_state(audit, (AuditOutcome.FAILED,), field="outcome", refusal="is not a failed audit")
    application = locked(audit.application, "cycle__credential")
    in_state(application, (RenewalStatus.REFUSED,), refusal="is not refused")
    _reopenable(application)
    at = timezone.now()
    passed = f"Passed on appeal {reference}: {reason} (failed before: {audit.reason})"
    record_decision(audit, AuditOutcome.PASSED, by=by, at=at, reason=passed, fields=AUDIT_DECIDED)
    reopened = f"Audit passed on appeal {reference}; refused before: {application.reason}"
    record_decision(
        application, RenewalStatus.AUDIT, by=by, at=at, reason=reopened, fields=RENEWAL_DECIDED
    )
    return audit


def summary(cycle: Cycle) -> str:
    """ "24 of 36 credits" for lists."""
    met = cycle_progress(cycle)
    return f"{plain(met.counted)} of {plain(met.required)} credits"


def credentials_to_renew(program: Program, holders: list[int]) -> dict[int, Credential]:
    """Each holder's credential of the program that a released pass would renew (it has an
    open cycle and is active or expired), by the holder's pk; holders without one are not in
    it: their pass leads to a certification decision."""
    credentials = Credential.objects.filter(
        holder__in=holders,
        program=program,
        status__in=RENEWABLE_STATUSES,
        cycles__outcome=CycleOutcome.OPEN,
    ).order_by("issued_on")
    return {credential.holder_id: credential for credential in credentials}
