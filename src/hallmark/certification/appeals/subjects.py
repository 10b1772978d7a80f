"""What can be appealed, kind by kind: how to read the decision, who it affects, whether it can
be appealed now, and how an overturn is applied through the service that owns the decision.

A kind is one `Subject`; a new kind (a discipline sanction) is one more entry in SUBJECTS and one
more foreign key on `Appeal` (see `SUBJECT_FIELDS`).
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from hallmark.accounts.models import User
from hallmark.certification.data import (
    ActivityStatus,
    AppealSubject,
    AuditOutcome,
    CredentialEventKind,
    CredentialStatus,
    DecisionStatus,
    RenewalStatus,
)
from hallmark.certification.models import (
    CEActivity,
    CertificationDecision,
    CredentialEvent,
    RenewalApplication,
    RenewalAudit,
)
from hallmark.programs.models import Program, appeal_deadline


@dataclass(frozen=True)
class Decision:
    """A decision as an appeal sees it."""

    what: str  # "Application denied", in the reader's language (English in what is kept)
    reason: str
    decided_at: datetime.datetime
    person: User  # whom it affects: the only one who may appeal it
    program: Program
    deciders: dict[User, str] = field(default_factory=dict)
    not_appealable: str = ""  # why it cannot be appealed (empty: it can)
    standing: str = ""  # how the matter stands now ("CESP-000001-53 is active")
    last_day: datetime.date | None = None  # the deadline the person was told, where stored

    @property
    def decided_on(self) -> datetime.date:
        return timezone.localtime(self.decided_at, self.program.time_zone).date()

    @property
    def appeal_by(self) -> datetime.date:
        return self.last_day or appeal_deadline(self.program, self.decided_on)

    @property
    def summary(self) -> str:
        return f"{self.what} on {_day(self.decided_on)}: {self.reason}".strip()


Overturn = Callable[..., Any]


@dataclass(frozen=True)
class Subject:
    kind: AppealSubject
    model: type[models.Model]
    read: Callable[[Any], Decision]
    overturn: Overturn  # (decision, *, by, reason, reference) -> the corrected decision
    related: tuple[str, ...] = ()


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _deciders(person: User | None, act: str, at: datetime.datetime | None) -> dict[User, str]:
    if person is None:
        return {}
    return {person: f"{act} on {_day(timezone.localdate(at))}" if at else act}


def _never(at: Any) -> datetime.datetime:
    """A decision with no recorded time is taken as made now (its deadline is then the
    furthest)."""
    return at or timezone.now()


# --- the candidate's journey --------------------------------------------------------------


def _application(application: Any) -> Decision:
    denied = application.status == "denied"
    return Decision(
        what=gettext("Application denied") if denied else str(AppealSubject.APPLICATION.label),
        reason=application.decision_reason,
        decided_at=_never(application.decided_at),
        person=application.candidate,
        program=application.program,
        deciders=_deciders(
            application.decided_by, "denied the application", application.decided_at
        ),
        not_appealable="" if denied else gettext("Only a denied application can be appealed."),
        standing=f"The application is {application.get_status_display().lower()}",
        last_day=application.appeal_by,
    )


def _approve_application(application: Any, **kwargs: Any) -> Any:
    from hallmark.exams.journey.on_appeal import approve_on_appeal

    return approve_on_appeal(application, **kwargs)


def _accommodation(request: Any) -> Decision:
    denied = request.status == "denied"
    return Decision(
        what=gettext("Accommodation (%(summary)s) denied") % {"summary": request.summary}
        if denied
        else str(AppealSubject.ACCOMMODATION.label),
        reason=request.decision_reason,
        decided_at=_never(request.decided_at),
        person=request.candidate,
        program=request.program,
        deciders=_deciders(request.decided_by, "denied the accommodation", request.decided_at),
        not_appealable="" if denied else gettext("Only a denied accommodation can be appealed."),
        standing=f"The accommodation is {request.get_status_display().lower()}",
        last_day=request.appeal_by,
    )


def _grant_accommodation(request: Any, **kwargs: Any) -> Any:
    from hallmark.exams.journey.on_appeal import grant_on_appeal

    return grant_on_appeal(request, **kwargs)


def _result(result: Any) -> Decision:
    """A failed result can be appealed once its score verification has been decided."""
    verification = result.verifications.exclude(status="open").order_by("-decided_at").first()
    refusal = ""
    if result.passed:
        refusal = gettext("A passing result is not appealed.")
    elif verification is None:
        refusal = gettext("Ask for a score verification first: a result is appealed after it.")
    decided_at = verification.decided_at if verification else None
    deciders = {}
    if verification is not None and verification.decided_by is not None:
        deciders = _deciders(verification.decided_by, "verified the score", decided_at)
    return Decision(
        what=gettext("Exam result: %(score)s") % {"score": _scored(result)},
        reason=verification.outcome if verification else "",
        decided_at=_never(decided_at or result.run.released_at),
        person=result.candidate,
        program=result.registration.program,
        deciders=deciders,
        not_appealable=refusal,
        standing=_result_standing(result),
    )


def _scored(result: Any) -> str:
    verdict = gettext("pass") if result.passed else gettext("fail")
    return f"{result.scaled}, {verdict}"


def _result_standing(result: Any) -> str:
    """A result corrected on appeal stands as its correction (the old one is kept)."""
    correction = result.corrections.select_related("after").first()
    if correction is None:
        return f"The result is {_scored(result)}"
    return f"The result is corrected on {correction.reference} to {_scored(correction.after)}"


def _correct_result(result: Any, **kwargs: Any) -> Any:
    from hallmark.results import services

    return services.correct_on_appeal(result, **kwargs)


# --- credentials --------------------------------------------------------------------------


def _certification(decision: CertificationDecision) -> Decision:
    declined = decision.status == DecisionStatus.DECLINED
    return Decision(
        what=gettext("Certification declined")
        if declined
        else str(AppealSubject.CERTIFICATION.label),
        reason=decision.reason,
        decided_at=_never(decision.resolved_at),
        person=decision.candidate,
        program=decision.program,
        deciders=_deciders(
            decision.resolved_by, "declined the certification", decision.resolved_at
        ),
        not_appealable=""
        if declined
        else gettext("Only a declined certification can be appealed."),
        standing=f"The certification is {decision.get_status_display().lower()}"
        + (f" as {decision.credential.number}" if decision.credential else ""),
    )


def _issue(decision: CertificationDecision, **kwargs: Any) -> Any:
    from hallmark.certification import services

    return services.issue_on_appeal(decision, **kwargs)


# What the holder reads of a suspension or a revocation appealed.
WITHDRAWN: dict[str, Any] = {
    CredentialEventKind.SUSPENDED: gettext_lazy("%(number)s suspended"),
    CredentialEventKind.REVOKED: gettext_lazy("%(number)s revoked"),
}


def _withdrawal(
    kind: CredentialEventKind, status: CredentialStatus, subject: AppealSubject
) -> Callable[..., Decision]:
    def read(event: CredentialEvent) -> Decision:
        credential = event.credential
        latest = credential.events.filter(kind=kind).order_by("-sequence").first()
        standing = credential.status == status and latest is not None and latest.pk == event.pk
        refusal = ""
        if not standing:
            refusal = gettext("The credential is no longer %(status)s by it.") % {
                "status": status.label.lower()
            }
        if event.kind != kind:
            refusal = f"This event is not a {subject.value}."
        said = WITHDRAWN.get(event.kind)
        return Decision(
            what=said % {"number": credential.number} if said else str(subject.label),
            reason=event.reason,
            decided_at=event.occurred_at,
            person=credential.holder,
            program=credential.program,
            deciders=_deciders(
                event.actor, f"{kind.label.lower()} the credential", event.occurred_at
            ),
            not_appealable=refusal,
            standing=f"{credential.number} is {credential.get_status_display().lower()}",
        )

    return read


def _reinstate(event: CredentialEvent, **kwargs: Any) -> Any:
    from hallmark.certification import services

    return services.reinstate_on_appeal(event.credential, **kwargs)


# --- recertification ----------------------------------------------------------------------


def _holder_of(cycle: Any) -> tuple[User, Program]:
    return cycle.credential.holder, cycle.credential.program


def _renewal(renewal: RenewalApplication) -> Decision:
    person, program = _holder_of(renewal.cycle)
    refused = renewal.status == RenewalStatus.REFUSED
    return Decision(
        what=gettext("Renewal refused") if refused else str(AppealSubject.RENEWAL.label),
        reason=renewal.reason,
        decided_at=_never(renewal.decided_at),
        person=person,
        program=program,
        deciders=_deciders(renewal.decided_by, "refused the renewal", renewal.decided_at),
        not_appealable="" if refused else gettext("Only a refused renewal can be appealed."),
        standing=f"The renewal is {renewal.get_status_display().lower()}",
    )


def _grant_renewal(renewal: RenewalApplication, **kwargs: Any) -> Any:
    from hallmark.certification.recertification import renewals

    return renewals.grant_on_appeal(renewal, **kwargs)


def _activity(activity: CEActivity) -> Decision:
    person, program = _holder_of(activity.cycle)
    adverse = activity.status in (ActivityStatus.REJECTED, ActivityStatus.REDUCED)
    return Decision(
        what=_activity_said(activity),
        reason=activity.review_reason,
        decided_at=_never(activity.reviewed_at),
        person=person,
        program=program,
        deciders=_deciders(activity.reviewed_by, "reviewed the activity", activity.reviewed_at),
        not_appealable=""
        if adverse
        else gettext("Only a rejected or reduced activity can be appealed."),
        standing=f"The activity is {activity.get_status_display().lower()}",
    )


def _activity_said(activity: CEActivity) -> str:
    if activity.status == ActivityStatus.REJECTED:
        return gettext("CE activity “%(title)s” rejected") % {"title": activity.title}
    if activity.status == ActivityStatus.REDUCED:
        said = gettext("CE activity “%(title)s” accepted with fewer hours")
        return said % {"title": activity.title}
    return str(AppealSubject.CE_ACTIVITY.label)


def _accept_activity(activity: CEActivity, **kwargs: Any) -> Any:
    from hallmark.certification.recertification import ce

    return ce.accept_on_appeal(activity, **kwargs)


def _audit(audit: RenewalAudit) -> Decision:
    person, program = _holder_of(audit.application.cycle)
    failed = audit.outcome == AuditOutcome.FAILED
    return Decision(
        what=gettext("Renewal audit failed") if failed else str(AppealSubject.AUDIT.label),
        reason=audit.reason,
        decided_at=_never(audit.decided_at),
        person=person,
        program=program,
        deciders=_deciders(audit.decided_by, "failed the audit", audit.decided_at),
        not_appealable="" if failed else gettext("Only a failed audit can be appealed."),
        standing=f"The audit is {audit.get_outcome_display().lower()}",
    )


def _pass_audit(audit: RenewalAudit, **kwargs: Any) -> Any:
    from hallmark.certification.recertification import renewals

    return renewals.pass_audit_on_appeal(audit, **kwargs)


# --- discipline ---------------------------------------------------------------------------


def _sanction(case: Any) -> Decision:
    """A hearing panel's sanction; nobody who heard the case, nor whoever brought it, hears
    its appeal."""
    decided_at = _never(case.decided_at)
    heard = f"heard {case.reference}"
    deciders = {seat.reviewer: heard for seat in case.panel.sitting()} if case.panel else {}
    if case.opened_by is not None:
        deciders[case.opened_by] = f"opened {case.reference}"
    refusal = ""
    if not case.is_decided:
        refusal = gettext("%(case)s is not decided yet.") % {"case": case.reference}
    elif case.decision == "dismissed":
        refusal = gettext("A dismissed case sanctions nothing to appeal.")
    elif case.is_overturned:
        refusal = gettext("The sanction of %(case)s was overturned on appeal.") % {
            "case": case.reference
        }
    label = case.get_decision_display() if case.decision else gettext("No decision")
    return Decision(
        what=f"{case.reference}: {label}",
        reason=case.decision_reasons,
        decided_at=decided_at,
        person=case.respondent,
        program=case.program,
        deciders=deciders,
        not_appealable=refusal,
        standing=f"{case.reference}: "
        + ("sanction overturned on appeal" if case.is_overturned else label.lower()),
        last_day=appeal_deadline(case.program, case.decided_on) if case.decided_on else None,
    )


def _lift(case: Any, **kwargs: Any) -> Any:
    from hallmark.certification.discipline import services

    return services.lift_on_appeal(case, **kwargs)


def _subjects() -> dict[str, Subject]:
    from hallmark.certification.models import DisciplineCase
    from hallmark.exams.models import AccommodationRequest, Application
    from hallmark.results.models import Result

    cycle = ("cycle__credential__holder", "cycle__credential__program")
    return {
        s.kind: s
        for s in (
            Subject(
                AppealSubject.APPLICATION,
                Application,
                _application,
                _approve_application,
                ("candidate", "program", "decided_by"),
            ),
            Subject(
                AppealSubject.ACCOMMODATION,
                AccommodationRequest,
                _accommodation,
                _grant_accommodation,
                ("candidate", "program", "decided_by"),
            ),
            Subject(
                AppealSubject.RESULT,
                Result,
                _result,
                _correct_result,
                ("candidate", "registration__program", "run"),
            ),
            Subject(
                AppealSubject.CERTIFICATION,
                CertificationDecision,
                _certification,
                _issue,
                ("candidate", "program", "resolved_by"),
            ),
            Subject(
                AppealSubject.SUSPENSION,
                CredentialEvent,
                _withdrawal(
                    CredentialEventKind.SUSPENDED,
                    CredentialStatus.SUSPENDED,
                    AppealSubject.SUSPENSION,
                ),
                _reinstate,
                ("credential__holder", "credential__program", "actor"),
            ),
            Subject(
                AppealSubject.REVOCATION,
                CredentialEvent,
                _withdrawal(
                    CredentialEventKind.REVOKED,
                    CredentialStatus.REVOKED,
                    AppealSubject.REVOCATION,
                ),
                _reinstate,
                ("credential__holder", "credential__program", "actor"),
            ),
            Subject(AppealSubject.RENEWAL, RenewalApplication, _renewal, _grant_renewal, cycle),
            Subject(AppealSubject.CE_ACTIVITY, CEActivity, _activity, _accept_activity, cycle),
            Subject(
                AppealSubject.AUDIT,
                RenewalAudit,
                _audit,
                _pass_audit,
                (
                    "application__cycle__credential__holder",
                    "application__cycle__credential__program",
                ),
            ),
            Subject(
                AppealSubject.SANCTION,
                DisciplineCase,
                _sanction,
                _lift,
                ("respondent", "program", "credential", "panel", "opened_by"),
            ),
        )
    }


def subject(kind: str) -> Subject:
    """The kind of decision `kind` names; LookupError for a kind that cannot be appealed."""
    try:
        return _subjects()[kind]
    except KeyError:
        raise LookupError(f"“{kind}” is not a kind of decision that can be appealed.") from None


def find(kind: str, pk: int) -> Any:
    """The decision of kind `kind` with primary key `pk` (DoesNotExist when there is none)."""
    chosen = subject(kind)
    return chosen.model._default_manager.select_related(*chosen.related).get(pk=pk)


# Kinds whose decision is recorded in a credential's hash-chained history.
CREDENTIAL_KINDS = (AppealSubject.SUSPENSION, AppealSubject.REVOCATION)
