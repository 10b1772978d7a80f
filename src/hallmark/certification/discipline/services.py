"""A discipline case, step by step, each step one transaction with who, when and why.

Opened by a credentialing officer; the respondent gets notice of the allegations and a period to
answer (the program's CasePolicy); an independent hearing panel hears the case and its chair
records the decision with reasons. The sanction goes through the credential's own lifecycle
(suspend, revoke), each credential event naming the case, so the registry, the status list and
the hash chain follow. A result found to come from misconduct is voided, and the credential it
produced revoked.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import User
from hallmark.accounts.notifications import notify
from hallmark.certification import panels, services
from hallmark.certification.data import (
    CASE_PREFIX,
    MISCONDUCT_SOURCES,
    OPEN_CASE_STATES,
    CaseSource,
    CaseState,
    CredentialEventKind,
    CredentialStatus,
    EvidenceSide,
    PanelPurpose,
    Sanction,
)
from hallmark.certification.issuer import absolute
from hallmark.certification.models import (
    CaseEvidence,
    CaseSerial,
    Credential,
    DisciplineCase,
    PanelSeat,
)
from hallmark.certification.models.casework import next_reference
from hallmark.lib.decisions import in_state, locked, reason_given, take_case
from hallmark.lib.permissions import need, own
from hallmark.lib.storage import check_upload
from hallmark.programs.models import CasePolicy, Program, appeal_deadline
from hallmark.results import services as results
from hallmark.results.models import Result

RUN = "certification.run_discipline_case"
DEFAULT_RESPONSE_DAYS = 30
# (description, upload) of each document put to the panel at once
Documents = Iterable[tuple[str, UploadedFile]]


def _url(case: DisciplineCase) -> str:
    return absolute(reverse("discipline:mine", args=[case.reference]))


def _tell(case: DisciplineCase, key: MessageKey, **context: Any) -> None:
    notify(
        case.respondent,
        key,
        {"reference": case.reference, "program": case.program.designation, "url": _url(case)}
        | context,
    )


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _concerned(
    program: Program, respondent: User, credential: Credential | None, result: Result | None
) -> None:
    """Refuse a credential or a result that is not the respondent's, of this program."""
    if credential is not None and (
        credential.holder_id != respondent.pk or credential.program_id != program.pk
    ):
        raise ValidationError(
            {"credential": f"{credential.number} is not {respondent.email}'s {program}."}
        )
    if result is not None and result.candidate_id != respondent.pk:
        raise ValidationError({"result": f"That result is not {respondent.email}'s."})


@transaction.atomic
def open_case(
    program: Program,
    respondent: User,
    *,
    by: User | None,
    source: str,
    allegations: str,
    source_reference: str = "",
    credential: Credential | None = None,
    result: Result | None = None,
) -> DisciplineCase:
    """Open a case against `respondent`, stating the allegations they will answer."""
    need(by, RUN, "open a discipline case")
    if by is not None and by.pk == respondent.pk:
        raise PermissionDenied("Nobody opens a discipline case against themselves.")
    if source not in CaseSource.values:
        raise ValidationError({"source": f"'{source}' is not a source of a discipline case."})
    allegations = reason_given(
        allegations, "State the allegations: the respondent answers them.", field="allegations"
    )
    _concerned(program, respondent, credential, result)
    if result is not None and source not in MISCONDUCT_SOURCES:
        raise ValidationError(
            {"result": "Only a proctor's incident or a data-forensics flag concerns a result."}
        )
    return DisciplineCase.objects.create(
        reference=next_reference(CaseSerial, CASE_PREFIX, timezone.now().year, field="last"),
        program=program,
        respondent=respondent,
        credential=credential,
        result=result,
        source=source,
        source_reference=source_reference.strip()[:200],
        allegations=allegations,
        opened_by=by,
    )


def _take(
    case: DisciplineCase, by: User | None, what: str, states: tuple[str, ...]
) -> DisciplineCase:
    return take_case(
        case,
        by=by,
        permission=RUN,
        what=what,
        open_states=states,
        owner="respondent_id",
        related=("program", "respondent", "credential"),
        state="state",
        system_may=True,
    )


def response_days(program: Program) -> int:
    policy = CasePolicy.in_force(program)
    return policy.response_days if policy else DEFAULT_RESPONSE_DAYS


@transaction.atomic
def send_notice(case: DisciplineCase, *, by: User | None) -> DisciplineCase:
    """Tell the respondent the allegations and until when they may answer (the policy's
    response period, counted from today)."""
    case = _take(case, by, "send the notice of", (CaseState.OPENED,))
    case.response_due = case.program.today() + datetime.timedelta(days=response_days(case.program))
    case.notice_sent_at, case.notice_sent_by = timezone.now(), by
    case.state = CaseState.NOTICE_SENT
    case.save(update_fields=["response_due", "notice_sent_at", "notice_sent_by", "state"])
    _tell(
        case,
        MessageKey.DISCIPLINE_NOTICE,
        allegations=case.allegations,
        response_due=_day(case.response_due),
    )
    return case


def _store(
    case: DisciplineCase, side: str, description: str, upload: UploadedFile, by: User | None
) -> CaseEvidence:
    description = reason_given(description, "Say what the document is.", field="description")[:300]
    checked = check_upload(upload)
    evidence = CaseEvidence(
        case=case,
        side=side,
        description=description,
        original_name=(upload.name or "document")[-200:],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        added_by=by,
    )
    evidence._extension = checked.extension  # type: ignore[attr-defined]  # read by upload_to
    evidence.file.save(evidence.original_name, upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def respond(
    case: DisciplineCase, *, by: User, response: str, documents: Documents = ()
) -> DisciplineCase:
    """The respondent answers the allegations, with evidence, before the response is due."""
    own(by, case.respondent_id, f"Discipline case {case.reference}")
    case = locked(case, "program", "respondent")
    in_state(case, (CaseState.NOTICE_SENT,), field="state", refusal="is not awaiting a response")
    assert case.response_due is not None  # a constraint of the notice
    if case.program.today() > case.response_due:
        raise ValidationError(
            f"The response period of {case.reference} ended on {_day(case.response_due)}."
        )
    case.response = reason_given(
        response, "Write your response to the allegations.", field="response"
    )
    stored = [_store(case, EvidenceSide.RESPONDENT, d, u, by) for d, u in documents]
    case.responded_at, case.state = timezone.now(), CaseState.RESPONDED
    case.save(update_fields=["response", "responded_at", "state"])
    _tell(
        case,
        MessageKey.DISCIPLINE_RESPONSE,
        responded_on=_day(case.program.today()),
        documents=len(stored),
    )
    return case


@transaction.atomic
def add_evidence(
    case: DisciplineCase, *, by: User, description: str, upload: UploadedFile
) -> CaseEvidence:
    """The body's evidence, put to the panel while the case is open."""
    if by is None:
        raise PermissionDenied("A person adds evidence.")
    case = _take(case, by, "add evidence to", OPEN_CASE_STATES)
    return _store(case, EvidenceSide.BODY, description, upload, by)


@transaction.atomic
def end_response_period(
    case: DisciplineCase, *, by: User | None, today: datetime.date | None = None
) -> DisciplineCase:
    """Record that the response period ran out without a response (the daily job does it,
    with the program's date at the time it runs for)."""
    case = _take(case, by, "end the response period of", (CaseState.NOTICE_SENT,))
    assert case.response_due is not None
    if (today or case.program.today()) <= case.response_due:
        raise ValidationError(
            f"The respondent may answer {case.reference} until {_day(case.response_due)}."
        )
    case.response_period_over_at, case.state = timezone.now(), CaseState.NO_RESPONSE
    case.save(update_fields=["response_period_over_at", "state"])
    return case


@transaction.atomic
def open_hearing(case: DisciplineCase, *, by: User) -> DisciplineCase:
    """Convene the hearing: an empty panel of the policy's size, for reviewers to be seated."""
    states = (CaseState.RESPONDED, CaseState.NO_RESPONSE)
    case = _take(case, by, "open the hearing of", states)
    case.panel = panels.open_panel(PanelPurpose.HEARING, case.program)
    case.hearing_opened_at, case.state = timezone.now(), CaseState.HEARING
    case.save(update_fields=["panel", "hearing_opened_at", "state"])
    _tell(case, MessageKey.DISCIPLINE_HEARING, panel_size=case.panel.size)
    return case


def parties(case: DisciplineCase) -> dict[User, str]:
    return {case.respondent: "the respondent"}


def deciders(case: DisciplineCase) -> dict[User, str]:
    return {case.opened_by: "brought the allegations"} if case.opened_by else {}


def seat(case: DisciplineCase, reviewer: User, *, by: User, chair: bool = False) -> PanelSeat:
    """Seat a reviewer on the case's hearing panel; refused, saying why, unless independent."""
    in_state(case, (CaseState.HEARING,), field="state", refusal="is not at its hearing")
    assert case.panel is not None
    return panels.seat_reviewer(
        case.panel, reviewer, by=by, parties=parties(case), deciders=deciders(case), chair=chair
    )


def panel_candidates(case: DisciplineCase) -> list[tuple[User, str | None]]:
    """Everyone who sits on panels, each with why they may not hear this case (or None)."""
    people = (
        User.objects.filter(
            Q(groups__permissions__codename="sit_on_panel")
            | Q(user_permissions__codename="sit_on_panel")
        )
        .distinct()
        .order_by("email")
    )
    seated = set(case.panel.seats.values_list("reviewer_id", flat=True)) if case.panel else set()
    return [
        (
            person,
            panels.independence_refusal(person, parties=parties(case), deciders=deciders(case)),
        )
        for person in people
        if person.pk not in seated
    ]


def vote(
    case: DisciplineCase, seat: PanelSeat, *, by: User, sanction: str, reason: str
) -> PanelSeat:
    """A seated reviewer's vote on the sanction, with reasons; kept as cast."""
    in_state(case, (CaseState.HEARING,), field="state", refusal="is not at its hearing")
    if seat.panel_id != case.panel_id:
        raise ValidationError("That seat is on another panel.")
    return panels.cast_vote(seat, by=by, vote=sanction, reason=reason)


def sits_on(case: DisciplineCase, person: User) -> bool:
    return case.panel is not None and case.panel.sitting().filter(reviewer=person).exists()


# --- the decision --------------------------------------------------------------------------


def _decision_problems(
    case: DisciplineCase,
    sanction: str,
    *,
    conditions: str,
    probation_ends_on: datetime.date | None,
    suspended_until: datetime.date | None,
    void_result: bool,
) -> dict[str, str]:
    today = case.program.today()
    problems = {}
    if sanction not in Sanction.values:
        problems["sanction"] = f"A hearing decides one of: {', '.join(Sanction.labels)}."
    if sanction == Sanction.PROBATION:
        if not conditions.strip():
            problems["probation_conditions"] = "State the conditions of the probation."
        if probation_ends_on is None or probation_ends_on <= today:
            problems["probation_ends_on"] = "Give the day the probation ends, after today."
    if sanction == Sanction.SUSPENSION and (suspended_until is None or suspended_until <= today):
        problems["suspended_until"] = "Give the last day of the suspension, after today."
    if sanction in (Sanction.SUSPENSION, Sanction.REVOCATION) and case.credential is None:
        problems["sanction"] = f"{case.reference} names no credential to withdraw."
    if void_result and (case.result is None or case.source not in MISCONDUCT_SOURCES):
        problems["void_result"] = "Only a case of exam misconduct about a result voids it."
    if void_result and sanction == Sanction.DISMISSED:
        problems["void_result"] = "A dismissed case voids nothing."
    return problems


def credentials_from(result: Result) -> QuerySet[Credential]:
    """The credentials issued on this sitting's pass, through the certification decision made on
    its released result: the result of any run of the sitting (a rescore releases another)."""
    return Credential.objects.filter(decision__result__registration_id=result.registration_id)


def _void(case: DisciplineCase, chair: User) -> list[str]:
    """Void the result on the panel's decision, and revoke what it earned; the chair acts."""
    assert case.result is not None
    reason = f"{case.reference}: exam misconduct found by the hearing panel ({chair.email}, chair)"
    results.void_result(case.result, by=chair, reason=reason, reference=case.reference)
    revoked = []
    for credential in credentials_from(case.result).filter(
        status__in=[CredentialStatus.ACTIVE, CredentialStatus.SUSPENDED]
    ):
        services.revoke_on_hearing(
            credential,
            by=chair,
            reason="the result that earned it was voided for exam misconduct",
            reference=case.reference,
        )
        revoked.append(credential.number)
    return revoked


def _apply(case: DisciplineCase, chair: User) -> str:
    """Carry the sanction out, the chair acting on the panel's decision; return what it did,
    in words for the respondent."""
    credential, decided = case.credential, f"by the hearing panel ({chair.email}, chair)"
    if case.decision == Sanction.SUSPENSION:
        assert credential is not None and case.suspended_until is not None
        until = _day(case.suspended_until)
        services.suspend_on_hearing(
            credential,
            by=chair,
            reason=f"suspended until {until}, decided {decided}",
            reference=case.reference,
        )
        return f"{credential.number} is suspended until {until}."
    if case.decision == Sanction.REVOCATION:
        assert credential is not None
        if credential.status != CredentialStatus.REVOKED:
            services.revoke_on_hearing(
                credential, by=chair, reason=f"revoked, decided {decided}", reference=case.reference
            )
        return f"{credential.number} is revoked."
    if case.decision == Sanction.PROBATION:
        assert case.probation_ends_on is not None
        return (
            f"You are on probation until {_day(case.probation_ends_on)}, on these conditions: "
            f"{case.probation_conditions}"
        )
    return ""


@transaction.atomic
def decide(
    case: DisciplineCase,
    *,
    by: User,
    sanction: str,
    reasons: str,
    probation_conditions: str = "",
    probation_ends_on: datetime.date | None = None,
    suspended_until: datetime.date | None = None,
    void_result: bool = False,
) -> DisciplineCase:
    """The chair records the panel's decision, once every reviewer has voted, and the sanction
    is carried out in the same transaction."""
    case = locked(case, "program", "respondent", "credential", "result")
    in_state(case, (CaseState.HEARING,), field="state", refusal="is not at its hearing")
    assert case.panel is not None
    panels.chair_may_decide(case.panel, by)
    reasons = reason_given(reasons, "Give the panel's reasons: the respondent reads them.")
    problems = _decision_problems(
        case,
        sanction,
        conditions=probation_conditions,
        probation_ends_on=probation_ends_on,
        suspended_until=suspended_until,
        void_result=void_result,
    )
    if problems:
        raise ValidationError(problems)
    today = case.program.today()
    case.decision, case.decision_reasons = sanction, reasons
    case.decided_by, case.decided_at, case.decided_on = by, timezone.now(), today
    case.appeal_until = appeal_deadline(case.program, today)
    if sanction == Sanction.PROBATION:
        case.probation_conditions = probation_conditions.strip()
        case.probation_ends_on = probation_ends_on
    if sanction == Sanction.SUSPENSION:
        case.suspended_until = suspended_until
    case.voids_result, case.state = void_result, CaseState.DECIDED
    case.save()
    details = [_apply(case, by)]
    if void_result:
        revoked = _void(case, by)
        details.append(
            "Your exam result is voided."
            + (f" {', '.join(revoked)} is revoked." if revoked else "")
        )
    _tell(
        case,
        MessageKey.DISCIPLINE_DECIDED,
        sanction=Sanction(sanction).label,
        reasons=reasons,
        details=" ".join(d for d in details if d),
        appeal_by=_day(case.appeal_until),
    )
    return case


@transaction.atomic
def close_case(case: DisciplineCase, *, by: User, note: str) -> DisciplineCase:
    """Close a decided case (its appeal period over, its sanction served); kept, never deleted."""
    case = _take(case, by, "close", (CaseState.DECIDED,))
    case.closing_note = reason_given(note, "Say why the case is closed.", field="note")
    case.closed_at, case.closed_by, case.state = timezone.now(), by, CaseState.CLOSED
    case.save(update_fields=["closing_note", "closed_at", "closed_by", "state"])
    return case


# --- an appeal's overturn ------------------------------------------------------------------


def _undo_withdrawal(case: DisciplineCase, by: User, reference: str) -> None:
    """Reinstate the credential the case suspended or revoked, if that is what holds it now;
    the appeal panel's chair acts."""
    credential = case.credential
    if credential is None or case.decision not in (Sanction.SUSPENSION, Sanction.REVOCATION):
        return
    credential = Credential.objects.select_for_update().get(pk=credential.pk)
    suspended = case.decision == Sanction.SUSPENSION
    withdrawn = CredentialStatus.SUSPENDED if suspended else CredentialStatus.REVOKED
    latest = credential.events.filter(kind=withdrawn).order_by("-sequence").first()
    if credential.status != withdrawn or latest is None:
        return
    if not latest.reason.startswith(f"{case.reference}:"):
        return  # something else withdrew it since: that stands
    services.reinstate_on_appeal(
        credential,
        by=by,
        reason=f"the sanction of {case.reference} was overturned on appeal",
        reference=reference,
    )


@transaction.atomic
def lift_on_appeal(
    case: DisciplineCase, *, by: User, reason: str, reference: str
) -> DisciplineCase:
    """An appeal panel overturned the case's sanction: record it on the case (the decision stays
    as it was made), reinstate a credential the sanction withdrew, end a suspension's run."""
    case = locked(case, "program", "respondent", "credential")
    if not case.is_decided or case.decision == Sanction.DISMISSED:
        raise ValidationError(f"{case.reference} has no sanction to lift.")
    if case.overturned_at is not None:
        raise ValidationError(f"The sanction of {case.reference} is already overturned.")
    case.overturned_at, case.overturned_by = timezone.now(), by
    case.overturn_reason = reason_given(reason, "Say why the sanction is overturned.")
    case.overturn_reference = reference
    if case.decision == Sanction.SUSPENSION and case.suspension_ended_at is None:
        case.suspension_ended_at = case.overturned_at  # the daily job has nothing left to end
    case.save(
        update_fields=[
            "overturned_at",
            "overturned_by",
            "overturn_reason",
            "overturn_reference",
            "suspension_ended_at",
        ]
    )
    _undo_withdrawal(case, by, reference)
    return case


# --- the end of a suspension ---------------------------------------------------------------


def _held_otherwise(case: DisciplineCase, credential: Credential, today: datetime.date) -> bool:
    """Whether something besides this case keeps the credential suspended: another case's
    suspension still running, or a suspension recorded after this case's, for another reason."""
    others = DisciplineCase.objects.filter(
        credential=credential,
        decision=Sanction.SUSPENSION,
        suspension_ended_at__isnull=True,
        suspended_until__gte=today,
        overturned_at__isnull=True,
    ).exclude(pk=case.pk)
    if others.exists():
        return True
    last = credential.events.filter(kind=CredentialEventKind.SUSPENDED).order_by("-sequence")
    latest = last.first()
    return latest is not None and not latest.reason.startswith(f"{case.reference}:")


@transaction.atomic
def end_suspension(case: DisciplineCase, *, today: datetime.date) -> bool:
    """After the suspension's last day, reinstate the credential unless something else holds
    it; return whether it was reinstated. The case records that its suspension ended."""
    case = locked(case, "credential")
    if case.suspension_ended_at is not None or case.suspended_until is None:
        return False
    if today <= case.suspended_until:
        raise ValidationError(f"{case.reference} suspends until {_day(case.suspended_until)}.")
    credential = case.credential
    assert credential is not None
    reinstate = credential.status == CredentialStatus.SUSPENDED and not _held_otherwise(
        case, credential, today
    )
    if reinstate:
        services.reinstate_credential(
            credential,
            actor=None,
            reason=f"{case.reference}: the suspension ended on {_day(case.suspended_until)}",
        )
    case.suspension_ended_at = timezone.now()
    case.save(update_fields=["suspension_ended_at"])
    return reinstate


def suspensions_ended(today: datetime.date) -> QuerySet[DisciplineCase]:
    return DisciplineCase.objects.filter(
        decision=Sanction.SUSPENSION,
        suspension_ended_at__isnull=True,
        suspended_until__lt=today,
        overturned_at__isnull=True,
    ).select_related("program")


def responses_overdue(today: datetime.date) -> QuerySet[DisciplineCase]:
    return DisciplineCase.objects.filter(state=CaseState.NOTICE_SENT, response_due__lt=today)
