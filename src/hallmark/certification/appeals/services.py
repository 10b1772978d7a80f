"""Appeals, from filing to closing (ISO/IEC 17024 9.7).

The person a decision affects files within the appeal period; an officer acknowledges the
appeal and seats a panel of reviewers independent of the decision; each reviewer votes; the
chair records the panel's outcome with reasons, and an overturn is applied in the same
transaction through the service that owns the decision. Officers do not decide: the panel does.
Each step is one transaction, keeps who and when, and tells the appellant.
"""

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import User
from hallmark.accounts.notifications import notify
from hallmark.certification import panels
from hallmark.certification.appeals import subjects
from hallmark.certification.data import (
    UNDECIDED_APPEAL,
    AppealOutcome,
    AppealStatus,
    AppealSubject,
    CredentialEventKind,
    PanelPurpose,
)
from hallmark.certification.messages import filing_language
from hallmark.certification.models import (
    Appeal,
    AppealCounter,
    AppealEvidence,
    Credential,
    PanelSeat,
)
from hallmark.certification.models.appeals import SUBJECT_FIELDS
from hallmark.certification.models.casework import next_reference
from hallmark.lib.clock import now_or
from hallmark.lib.dates import long_date
from hallmark.lib.decisions import in_state, locked, reason_given
from hallmark.lib.permissions import need
from hallmark.lib.storage import check_upload
from hallmark.programs.models import CasePolicy, Program

HANDLE = "certification.handle_appeal"
# The deadlines when a program has no appeals policy (CasePolicy's own defaults).
DEFAULT_ACKNOWLEDGE_DAYS, DEFAULT_DECIDE_DAYS = 7, 60


def _day(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _url(appeal: Appeal) -> str:
    from django.conf import settings

    return settings.PUBLIC_BASE_URL.rstrip("/") + reverse("appeals:appeal", args=[appeal.pk])


def case_deadlines(program: Program, received_on: datetime.date) -> tuple[datetime.date, ...]:
    """The days by which an appeal received on `received_on` is acknowledged and decided, by
    the policy in force that day."""
    policy = CasePolicy.in_force(program, received_on)
    acknowledge = policy.acknowledge_days if policy else DEFAULT_ACKNOWLEDGE_DAYS
    decide = policy.decide_days if policy else DEFAULT_DECIDE_DAYS
    return (
        received_on + datetime.timedelta(days=acknowledge),
        received_on + datetime.timedelta(days=decide),
    )


def appealable(kind: str, decision: object, *, by: User | None, on: datetime.date) -> None:
    """Refuse, saying why, unless `by` may appeal `decision` on the day `on`."""
    read = subjects.subject(kind).read(decision)
    if by is None or by.pk != read.person.pk:
        raise PermissionDenied("Only the person a decision affects may appeal it.")
    if read.not_appealable:
        raise ValidationError(read.not_appealable)
    field = SUBJECT_FIELDS[kind]
    if Appeal.objects.filter(**{field: decision}).exists():
        raise ValidationError(gettext("This decision has already been appealed."))
    if on > read.appeal_by:
        raise ValidationError(
            gettext("The time to appeal this decision ended on %(day)s.")
            % {"day": long_date(read.appeal_by)}
        )


def _attach(appeal: Appeal, upload: UploadedFile) -> AppealEvidence:
    checked = check_upload(upload)
    evidence = AppealEvidence(
        appeal=appeal,
        original_name=(upload.name or "document")[-200:],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    evidence._extension = checked.extension  # type: ignore[attr-defined]  # read by stored_name
    evidence.file.save(evidence.original_name, upload, save=False)
    evidence.save()
    return evidence


@transaction.atomic
def file_appeal(
    kind: str,
    decision: object,
    *,
    by: User,
    grounds: str,
    evidence: Iterable[UploadedFile] = (),
    now: datetime.datetime | None = None,
) -> Appeal:
    """The person a decision affects appeals it, within the appeal period, saying why."""
    chosen = subjects.subject(kind)
    decision = locked(decision, *chosen.related)  # type: ignore[type-var]
    with translation.override("en"):  # the summary kept on the appeal is English
        read = chosen.read(decision)
    at = now_or(now)
    received_on = timezone.localtime(at, read.program.time_zone).date()
    appealable(kind, decision, by=by, on=received_on)
    grounds = reason_given(grounds, "Say why the decision should change.", field="grounds")
    acknowledge_by, decide_by = case_deadlines(read.program, received_on)
    appeal = Appeal.objects.create(
        reference=next_reference(AppealCounter, "APL", received_on.year, field="last"),
        appellant=by,
        program=read.program,
        subject=kind,
        **{SUBJECT_FIELDS[kind]: decision},
        decision_summary=read.summary,
        decided_on=read.decided_on,
        appeal_by=read.appeal_by,
        grounds=grounds,
        received_at=at,
        acknowledge_by=acknowledge_by,
        decide_by=decide_by,
        language=filing_language(by),
    )
    for upload in evidence:
        _attach(appeal, upload)
    _note_filed(appeal, decision)
    what = read.what
    if appeal.language != "en":  # the decision in the appellant's words: read once more
        with translation.override(appeal.language):
            what = chosen.read(decision).what
    _tell(
        appeal,
        MessageKey.APPEAL_RECEIVED,
        {
            "program": read.program.name,
            "reference": appeal.reference,
            "subject": _in_sentence(what),
            "acknowledge_by": acknowledge_by,
            "decide_by": decide_by,
            "url": _url(appeal),
        },
    )
    return appeal


def _in_sentence(what: str) -> str:
    """ "Renewal refused" as it reads inside a sentence; a credential number keeps its case."""
    return what[:1].lower() + what[1:] if what[1:2].islower() else what


def _subject(appeal: Appeal) -> str:
    """What was appealed, in the appellant's language."""
    with translation.override(appeal.language):
        return appeal.get_subject_display().lower()


def _tell(appeal: Appeal, key: MessageKey, context: dict[str, object]) -> None:
    """Write to the appellant in the language they filed the appeal in."""
    notify(appeal.appellant, key, context, language=appeal.language)


def _credential_of(appeal: Appeal) -> Credential | None:
    """The credential whose hash-chained history the appealed decision is part of, if any: a
    suspension or revocation, or a discipline case's sanction on the credential it names."""
    decision: Any = appeal.decision  # a CredentialEvent or a DisciplineCase here
    if appeal.subject in subjects.CREDENTIAL_KINDS or appeal.subject == AppealSubject.SANCTION:
        credential: Credential | None = decision.credential
        return credential
    return None


def _what(appeal: Appeal) -> str:
    """What was appealed, in the credential's history (in English): the sanction names its
    case."""
    with translation.override("en"):
        what = appeal.get_subject_display().lower()
    case: Any = appeal.decision
    return f"{what} of {case.reference}" if appeal.subject == AppealSubject.SANCTION else what


def _note_filed(appeal: Appeal, decision: object) -> None:
    """The decision's own history shows the appeal where it has one."""
    credential = _credential_of(appeal)
    if credential is not None:
        from hallmark.certification import services

        services.note_appeal(
            credential,
            CredentialEventKind.APPEAL_FILED,
            actor=appeal.appellant,
            reason=f"{appeal.reference}: appeal of the {_what(appeal)}",
            reference=appeal.reference,
        )
    elif appeal.subject == AppealSubject.APPLICATION:
        from hallmark.exams.data import ApplicationEventKind
        from hallmark.exams.journey.on_appeal import note_application_appeal

        note_application_appeal(
            decision,  # type: ignore[arg-type]
            ApplicationEventKind.APPEALED,
            by=appeal.appellant,
            text=f"{appeal.reference}: {appeal.grounds}",
        )


def _taken(appeal: Appeal, by: User | None, what: str, states: Iterable[str]) -> Appeal:
    need(by, HANDLE, f"{what} {appeal.reference}")
    if by is None:
        raise PermissionDenied(f"Only a person may {what} an appeal.")
    appeal = locked(appeal)
    done = what + ("d" if what.endswith("e") else "ed")
    in_state(appeal, list(states), refusal=f"cannot be {done} now")
    return appeal


@transaction.atomic
def acknowledge(appeal: Appeal, *, by: User, now: datetime.datetime | None = None) -> Appeal:
    """An officer acknowledges a received appeal; the appellant is told when it will be decided."""
    appeal = _taken(appeal, by, "acknowledge", [AppealStatus.RECEIVED])
    appeal.status = AppealStatus.ACKNOWLEDGED
    appeal.acknowledged_at, appeal.acknowledged_by = now_or(now), by
    appeal.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
    _tell(
        appeal,
        MessageKey.APPEAL_ACKNOWLEDGED,
        {
            "program": appeal.program.name,
            "reference": appeal.reference,
            "subject": _subject(appeal),
            "decide_by": appeal.decide_by,
            "url": _url(appeal),
        },
    )
    return appeal


def parties_and_deciders(appeal: Appeal) -> tuple[dict[User, str], dict[User, str]]:
    """Who the case is about, and who took the decision under appeal: none of them sits."""
    read = subjects.subject(appeal.subject).read(appeal.decision)
    return {appeal.appellant: "the appellant"}, read.deciders


@transaction.atomic
def seat_reviewer(appeal: Appeal, reviewer: User, *, by: User, chair: bool = False) -> PanelSeat:
    """An officer seats a reviewer independent of the decision (refused, saying why, if not);
    once the panel is complete the appeal is under review."""
    appeal = _taken(appeal, by, "staff", [AppealStatus.ACKNOWLEDGED, AppealStatus.UNDER_REVIEW])
    if appeal.panel is None:
        appeal.panel = panels.open_panel(PanelPurpose.APPEAL, appeal.program)
        appeal.save(update_fields=["panel"])
    parties, deciders = parties_and_deciders(appeal)
    seat = panels.seat_reviewer(
        appeal.panel, reviewer, by=by, parties=parties, deciders=deciders, chair=chair
    )
    if appeal.status == AppealStatus.ACKNOWLEDGED and panels.complete(appeal.panel):
        appeal.status, appeal.review_started_at = AppealStatus.UNDER_REVIEW, timezone.now()
        appeal.save(update_fields=["status", "review_started_at"])
    return seat


def seat_of(appeal: Appeal, reviewer: User) -> PanelSeat | None:
    """The reviewer's sitting seat on the appeal's panel, if any."""
    if appeal.panel is None:
        return None
    return appeal.panel.sitting().filter(reviewer=reviewer).first()


@transaction.atomic
def vote(appeal: Appeal, *, by: User, outcome: str, reason: str) -> PanelSeat:
    """A reviewer on the appeal's panel votes, once, with a reason."""
    appeal = locked(appeal)
    in_state(appeal, [AppealStatus.UNDER_REVIEW], refusal="is not before its panel")
    seat = seat_of(appeal, by)
    if seat is None:
        raise PermissionDenied(f"{by.email} does not sit on the panel of {appeal.reference}.")
    return panels.cast_vote(seat, by=by, vote=outcome, reason=reason)


@transaction.atomic
def record_outcome(
    appeal: Appeal,
    *,
    by: User,
    outcome: str,
    reasons: str,
    corrected: str = "",
    now: datetime.datetime | None = None,
) -> Appeal:
    """The chair records the panel's outcome once every reviewer has voted, with the reasons
    the appellant reads. An overturn applies the corrected decision through its owner's
    service; a partial overturn says what is corrected, for staff to carry out."""
    appeal = locked(appeal)
    in_state(appeal, [AppealStatus.UNDER_REVIEW], refusal="is not before its panel")
    assert appeal.panel is not None  # under review: the check constraint says so
    panels.chair_may_decide(appeal.panel, by)
    if outcome not in AppealOutcome.values:
        raise ValidationError({"outcome": "Record the outcome: upheld, overturned or partial."})
    reasons = reason_given(reasons, "Give the panel's reasons: the appellant reads them.")
    appeal.applied = _apply(
        appeal, AppealOutcome(outcome), by=by, reasons=reasons, corrected=corrected
    )
    appeal.status, appeal.outcome, appeal.outcome_reasons = AppealStatus.DECIDED, outcome, reasons
    appeal.decided_at, appeal.decided_by = now_or(now), by
    appeal.save(
        update_fields=[
            "status",
            "outcome",
            "outcome_reasons",
            "applied",
            "decided_at",
            "decided_by",
        ]
    )
    _note_decided(appeal)
    with translation.override(appeal.language):
        outcome_said = appeal.get_outcome_display().lower()
        changes = gettext("What changes: %(applied)s") % {"applied": appeal.applied}
    _tell(
        appeal,
        MessageKey.APPEAL_DECIDED,
        {
            "program": appeal.program.name,
            "subject": f"{_subject(appeal)} ({appeal.reference})",
            "outcome": outcome_said,
            "reason": reasons + (f"\n\n{changes}" if appeal.applied else ""),
            "url": _url(appeal),
        },
    )
    return appeal


def _apply(
    appeal: Appeal, outcome: AppealOutcome, *, by: User, reasons: str, corrected: str
) -> str:
    """What the outcome changes, as text for the record."""
    corrected = corrected.strip()
    if outcome == AppealOutcome.UPHELD:
        return ""
    if outcome == AppealOutcome.PARTIAL:
        return reason_given(corrected, "Say what the corrected decision is.", field="corrected")
    chosen = subjects.subject(appeal.subject)
    chosen.overturn(appeal.decision, by=by, reason=reasons, reference=appeal.reference)
    with translation.override("en"):  # what is applied is kept in English
        now_stands = chosen.read(subjects.find(appeal.subject, appeal.decision.pk)).standing
    return f"Overturned: {now_stands}. {corrected}".strip()


def _note_decided(appeal: Appeal) -> None:
    credential = _credential_of(appeal)
    if credential is not None:
        from hallmark.certification import services

        with translation.override("en"):  # the history is kept in English
            outcome = appeal.get_outcome_display().lower()
        services.note_appeal(
            credential,
            CredentialEventKind.APPEAL_DECIDED,
            actor=appeal.decided_by,
            reason=f"{appeal.reference}: {outcome}",
            reference=appeal.reference,
        )
    elif appeal.subject == AppealSubject.APPLICATION and appeal.outcome == AppealOutcome.UPHELD:
        from hallmark.exams.data import ApplicationEventKind
        from hallmark.exams.journey.on_appeal import note_application_appeal

        note_application_appeal(
            appeal.application,  # type: ignore[arg-type]
            ApplicationEventKind.APPEAL_UPHELD,
            by=appeal.decided_by,  # type: ignore[arg-type]
            text=f"{appeal.reference}: {appeal.outcome_reasons}",
        )


@transaction.atomic
def close(appeal: Appeal, *, by: User, now: datetime.datetime | None = None) -> Appeal:
    """An officer closes a decided appeal once its outcome has been carried out."""
    appeal = _taken(appeal, by, "close", [AppealStatus.DECIDED])
    appeal.status = AppealStatus.CLOSED
    appeal.closed_at, appeal.closed_by = now_or(now), by
    appeal.save(update_fields=["status", "closed_at", "closed_by"])
    return appeal


def overdue(appeal: Appeal, today: datetime.date) -> str:
    """Which deadline the appeal has missed on `today` ("" when none)."""
    if appeal.status == AppealStatus.RECEIVED and today > appeal.acknowledge_by:
        return f"acknowledgement due {_day(appeal.acknowledge_by)}"
    if appeal.status in UNDECIDED_APPEAL and today > appeal.decide_by:
        return f"decision due {_day(appeal.decide_by)}"
    return ""
