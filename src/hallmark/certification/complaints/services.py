"""Complaints from receipt to outcome: each change of state is one function in one transaction.

The public files a complaint (`file_complaint`); staff holding `certification.handle_complaint`
acknowledge it, triage it (in scope: investigated; out of scope: closed with the reason told),
write investigation notes, plan and verify corrective actions (complaints about the body) and
close it with an outcome. Each step records who and when on the complaint and in its history;
the complainant is written to at each step they should hear of, when they left an address.
Refusals are PermissionDenied or ValidationError, and leave everything as it was.
"""

import datetime
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from hallmark.accounts.data import MessageKey
from hallmark.accounts.models import SentMessage, User
from hallmark.accounts.notifications import notify
from hallmark.certification.complaints.data import (
    OPEN_COMPLAINT,
    ComplaintAbout,
    ComplaintEventKind,
    ComplaintStatus,
    Scope,
)
from hallmark.certification.issuer import absolute
from hallmark.certification.messages import filing_language
from hallmark.certification.models import (
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    ComplaintSerial,
    CorrectiveAction,
    Credential,
)
from hallmark.certification.models.casework import next_reference
from hallmark.lib.clock import now_or
from hallmark.lib.dates import long_date
from hallmark.lib.decisions import in_state, locked, reason_given
from hallmark.lib.permissions import need, not_own_case
from hallmark.lib.storage import CheckedUpload, check_upload
from hallmark.programs.data import ProgramStatus
from hallmark.programs.models import CasePolicy, Program

HANDLE = "certification.handle_complaint"
# Without a case policy in force, the deadlines ISO/IEC 17024 bodies commonly promise.
DEFAULT_ACKNOWLEDGE_DAYS = 7
DEFAULT_CLOSE_DAYS = 90
MAX_ATTACHMENTS = 3
MAX_TEXT = 5000  # characters of a complaint's account, a note, an outcome
MAX_NAME = 200


@dataclass(frozen=True)
class Deadlines:
    acknowledge_by: datetime.date
    close_by: datetime.date


def local_date(program: Program, instant: datetime.datetime) -> datetime.date:
    """The date an instant falls on in the program's time zone."""
    return timezone.localtime(instant, program.time_zone).date()


def deadlines(program: Program, received_on: datetime.date) -> Deadlines:
    """When a complaint received on a date must be acknowledged and closed, under the program's
    case policy in force that day (7 and 90 days without one). Closing is never due before
    acknowledging."""
    policy = CasePolicy.in_force(program, received_on)
    acknowledge = policy.acknowledge_days if policy else DEFAULT_ACKNOWLEDGE_DAYS
    close = policy.complaint_close_days if policy else DEFAULT_CLOSE_DAYS
    return Deadlines(
        received_on + datetime.timedelta(days=acknowledge),
        received_on + datetime.timedelta(days=max(close, acknowledge)),
    )


def _text(value: str, field: str, refusal: str, *, limit: int = MAX_TEXT) -> str:
    text = reason_given(value, refusal, field=field)
    if len(text) > limit:
        raise ValidationError({field: f"Keep it to {limit} characters (this is {len(text)})."})
    return text


def _short(value: str, field: str, limit: int = MAX_NAME) -> str:
    value = value.strip()
    if len(value) > limit:
        raise ValidationError({field: f"Keep it to {limit} characters."})
    return value


def _event(
    complaint: Complaint,
    kind: ComplaintEventKind,
    by: User | None,
    at: datetime.datetime,
    text: str = "",
) -> ComplaintEvent:
    return ComplaintEvent.objects.create(complaint=complaint, kind=kind, by=by, at=at, text=text)


# --- the public ----------------------------------------------------------------------------


def check_about(about: str, certificant_name: str, credential_number: str) -> tuple[str, str]:
    """The certificant's name and number as given, refused where they do not fit `about`."""
    name = _short(certificant_name, "certificant_name")
    number = _short(credential_number, "credential_number", 40)
    if about == ComplaintAbout.CERTIFICANT and not (name or number):
        raise ValidationError(
            {"certificant_name": gettext("Give the person's name or their credential number.")}
        )
    if about == ComplaintAbout.BODY and (name or number):
        raise ValidationError(
            {
                "certificant_name": gettext(
                    "You chose a complaint about us: leave the person's name and "
                    "number empty, or choose a complaint about a certified person's conduct."
                )
            }
        )
    return name, number


def _address(email: str) -> str:
    """The complainant's address, if they gave one (empty: anonymous)."""
    email = email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as error:
            raise ValidationError({"complainant_email": "Enter a valid email address."}) from error
    return email


def _checked(uploads: Sequence[UploadedFile]) -> list[tuple[UploadedFile, CheckedUpload]]:
    if len(uploads) > MAX_ATTACHMENTS:
        raise ValidationError(
            {"attachments": f"Attach at most {MAX_ATTACHMENTS} files (you chose {len(uploads)})."}
        )
    checked = []
    for upload in uploads:
        try:
            checked.append((upload, check_upload(upload)))
        except ValidationError as error:
            raise ValidationError({"attachments": error.messages}) from error
    return checked


def _attach(
    complaint: Complaint, upload: UploadedFile, checked: CheckedUpload, at: datetime.datetime
) -> None:
    attachment = ComplaintAttachment(
        complaint=complaint,
        original_name=(upload.name or "document")[-200:],
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        uploaded_at=at,
    )
    attachment._extension = checked.extension  # type: ignore[attr-defined]  # read by upload_to
    attachment.file.save(attachment.original_name, upload, save=False)
    attachment.save()


@transaction.atomic
def file_complaint(
    *,
    program: Program,
    about: str,
    what_happened: str,
    happened_on: datetime.date | None = None,
    certificant_name: str = "",
    credential_number: str = "",
    complainant_name: str = "",
    complainant_email: str = "",
    attachments: Sequence[UploadedFile] = (),
    language: str = "",
    now: datetime.datetime | None = None,
) -> Complaint:
    """Receive a complaint from anyone, with or without a name and an address (anonymous: nobody
    can be written to). Every part is checked before anything is kept. The complainant is
    written to in `language` (by default the one the complaint is filed in)."""
    at = now_or(now)
    today = local_date(program, at)
    if program.status != ProgramStatus.ACTIVE:
        raise ValidationError({"program": f"{program.name} takes no complaints: it is not open."})
    if about not in ComplaintAbout.values:
        raise ValidationError({"about": "Say whom the complaint is about."})
    name, number = check_about(about, certificant_name, credential_number)
    text = _text(what_happened, "what_happened", "Say what happened.")
    if happened_on is not None and happened_on > today:
        raise ValidationError({"happened_on": "The date is in the future."})
    complainant = _short(complainant_name, "complainant_name"), _address(complainant_email)
    checked = _checked(attachments)
    due = deadlines(program, today)
    complaint = Complaint.objects.create(
        reference=next_reference(ComplaintSerial, "CMP", today.year, field="last_serial"),
        program=program,
        about=about,
        certificant_name=name,
        credential_number_given=number,
        what_happened=text,
        happened_on=happened_on,
        complainant_name=complainant[0],
        complainant_email=complainant[1],
        received_at=at,
        acknowledge_by=due.acknowledge_by,
        close_by=due.close_by,
        language=language or filing_language(),
    )
    for upload, check in checked:
        _attach(complaint, upload, check, at)
    _event(complaint, ComplaintEventKind.RECEIVED, None, at)
    return complaint


# --- staff ---------------------------------------------------------------------------------


def _take(
    complaint: Complaint, by: User | None, what: str, states: Collection[str], refusal: str
) -> Complaint:
    """The complaint locked for `by` to act on: someone holding the permission, who is not
    the certificant complained about, while it is in one of `states` (else the `refusal`)."""
    if by is None:
        raise PermissionDenied(f"Only a person may {what} {complaint}.")
    need(by, HANDLE, f"{what} {complaint}")
    holder = complaint.credential.holder_id if complaint.credential else None
    not_own_case(by, holder, what)
    taken = locked(complaint, "program", "credential")
    in_state(taken, states, refusal=refusal)
    return taken


def _tell(complaint: Complaint, key: MessageKey, **context: object) -> SentMessage | None:
    """Write to the complainant, in the language they filed in, when they gave an address
    (anonymous complainants hear nothing: they know so from the form)."""
    if not complaint.can_reply:
        return None
    values = {"name": complaint.complainant_name, "reference": complaint.reference}
    values["program"] = complaint.program.name
    return notify(
        None,
        key,
        values | context,
        to=complaint.complainant_email,
        language=complaint.language,
    )


def _long(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


@transaction.atomic
def acknowledge(
    complaint: Complaint, *, by: User, now: datetime.datetime | None = None
) -> Complaint:
    """Confirm receipt to the complainant, with the date they will hear the outcome by."""
    at = now_or(now)
    complaint = _take(
        complaint, by, "acknowledge", (ComplaintStatus.RECEIVED,), "is acknowledged already"
    )
    complaint.status = ComplaintStatus.ACKNOWLEDGED
    complaint.acknowledged_at, complaint.acknowledged_by = at, by
    complaint.save(update_fields=["status", "acknowledged_at", "acknowledged_by"])
    _event(complaint, ComplaintEventKind.ACKNOWLEDGED, by, at)
    _tell(
        complaint,
        MessageKey.COMPLAINT_ACKNOWLEDGED,
        received_on=local_date(complaint.program, complaint.received_at),
        close_by=complaint.close_by,
        status_url=absolute(reverse("complaints:status")),
    )
    return complaint


def _find_credential(complaint: Complaint, number: str) -> Credential:
    credential = (
        Credential.objects.filter(number__iexact=number.strip(), program=complaint.program)
        .select_related("holder")
        .first()
    )
    if credential is None:
        raise ValidationError(
            {
                "credential_number": f"No {complaint.program.designation} credential has the "
                f"number {number.strip()}."
            }
        )
    return credential


def _link(complaint: Complaint, number: str, by: User, at: datetime.datetime) -> None:
    if not complaint.about_certificant:
        raise ValidationError(
            {"credential_number": "A complaint about the body is linked to no credential."}
        )
    credential = _find_credential(complaint, number)
    not_own_case(by, credential.holder_id, "handle")
    complaint.credential = credential
    complaint.save(update_fields=["credential"])
    _event(complaint, ComplaintEventKind.LINKED, by, at, str(credential))


@transaction.atomic
def link_credential(
    complaint: Complaint, number: str, *, by: User, now: datetime.datetime | None = None
) -> Complaint:
    """Link the credential of the certificant complained about (the complainant may have given
    only a name, or a number to confirm)."""
    complaint = _take(complaint, by, "link a credential to", OPEN_COMPLAINT, "is closed")
    _link(complaint, number, by, now_or(now))
    return complaint


@transaction.atomic
def triage(
    complaint: Complaint,
    scope: str,
    *,
    reason: str,
    by: User,
    credential_number: str = "",
    now: datetime.datetime | None = None,
) -> Complaint:
    """Decide whether the complaint is the body's to handle. In scope, it is investigated; out
    of scope, it is closed and the complainant is told why."""
    at = now_or(now)
    complaint = _take(
        complaint,
        by,
        "triage",
        (ComplaintStatus.ACKNOWLEDGED,),
        "is triaged once, after it is acknowledged",
    )
    if scope not in Scope.values:
        raise ValidationError({"scope": "Choose in scope or out of scope."})
    out = scope == Scope.OUT_OF_SCOPE
    if out:
        reason = _text(reason, "reason", "Give the reason: the complainant is told it.")
    else:
        reason = _short(reason, "reason", MAX_TEXT)
    if credential_number.strip():
        _link(complaint, credential_number, by, at)
    complaint.scope, complaint.scope_reason = scope, reason
    complaint.triaged_at, complaint.triaged_by = at, by
    changed = ["scope", "scope_reason", "triaged_at", "triaged_by", "status"]
    if out:
        complaint.status = ComplaintStatus.CLOSED
        complaint.outcome, complaint.closed_at, complaint.closed_by = reason, at, by
        changed += ["outcome", "closed_at", "closed_by"]
    else:
        complaint.status = ComplaintStatus.INVESTIGATING
    complaint.save(update_fields=changed)
    kind = ComplaintEventKind.OUT_OF_SCOPE if out else ComplaintEventKind.IN_SCOPE
    _event(complaint, kind, by, at, reason)
    if out:
        _tell(complaint, MessageKey.COMPLAINT_OUT_OF_SCOPE, reason=reason)
    return complaint


@transaction.atomic
def add_note(
    complaint: Complaint, text: str, *, by: User, now: datetime.datetime | None = None
) -> ComplaintEvent:
    """Add an investigation note to the complaint's history; notes are never changed."""
    complaint = _take(complaint, by, "add a note to", OPEN_COMPLAINT, "is closed")
    note = _text(text, "text", "Write the note.")
    return _event(complaint, ComplaintEventKind.NOTE, by, now_or(now), note)


@transaction.atomic
def plan_corrective_action(
    complaint: Complaint,
    *,
    what: str,
    owner: User,
    due_on: datetime.date,
    by: User,
    now: datetime.datetime | None = None,
) -> CorrectiveAction:
    """Record what will change in the body's own process, who owns it and by when."""
    at = now_or(now)
    complaint = _take(
        complaint,
        by,
        "plan a corrective action for",
        (ComplaintStatus.INVESTIGATING,),
        "has corrective actions planned only while under investigation",
    )
    if complaint.about_certificant:
        raise ValidationError(
            "Corrective actions follow complaints about the body's own process; a certificant's "
            "conduct goes to discipline."
        )
    what = _text(what, "what", "Say what will change.")
    if not (owner.is_active and owner.is_staff):
        raise ValidationError({"owner": f"{owner.email} is not a member of staff."})
    if due_on < local_date(complaint.program, at):
        raise ValidationError({"due_on": "The due date has passed already."})
    action = CorrectiveAction.objects.create(
        complaint=complaint, what=what, owner=owner, due_on=due_on, planned_at=at, planned_by=by
    )
    text = f"{what} (owner {owner.display_name}, due {_long(due_on)})"
    _event(complaint, ComplaintEventKind.ACTION_PLANNED, by, at, text)
    return action


@transaction.atomic
def complete_corrective_action(
    action: CorrectiveAction,
    *,
    done_on: datetime.date,
    verification: str,
    by: User,
    now: datetime.datetime | None = None,
) -> CorrectiveAction:
    """Record that a corrective action is done and how it was checked to work (also after the
    complaint is closed: changes often land later)."""
    at = now_or(now)
    if by is None:
        raise PermissionDenied(f"Only a person may verify {action}.")
    need(by, HANDLE, f"verify {action}")
    action = locked(action, "complaint__program")
    if action.is_done:
        raise ValidationError(f"This corrective action was done on {_long(action.done_on)}.")  # type: ignore[arg-type]  # done
    verification = _text(verification, "verification", "Say how the change was checked to work.")
    program = action.complaint.program
    if done_on > local_date(program, at):
        raise ValidationError({"done_on": "The date is in the future."})
    if done_on < local_date(program, action.planned_at):
        raise ValidationError({"done_on": "The action was planned after that date."})
    action.done_on, action.verification = done_on, verification
    action.verified_at, action.verified_by = at, by
    action.save(update_fields=["done_on", "verification", "verified_at", "verified_by"])
    text = f"{action.what} — done {_long(done_on)}; verified: {verification}"
    _event(action.complaint, ComplaintEventKind.ACTION_DONE, by, at, text)
    return action


def _actions_text(complaint: Complaint, language: str) -> str:
    """The corrective actions, each with its due date, in `language`: English as the history
    records them, the language the complaint was filed in as the complainant reads them (what
    each action changes is written by staff, as they wrote it)."""
    with translation.override(language):
        return "\n".join(
            "- "
            + gettext("%(action)s (by %(day)s)")
            % {"action": action.what, "day": long_date(action.due_on)}
            for action in complaint.corrective_actions.all()
        )


@transaction.atomic
def close_complaint(
    complaint: Complaint, *, outcome: str, by: User, now: datetime.datetime | None = None
) -> Complaint:
    """Close an investigated complaint and tell the complainant its outcome, with the
    corrective actions a complaint about the body led to."""
    at = now_or(now)
    complaint = _take(
        complaint,
        by,
        "close",
        (ComplaintStatus.INVESTIGATING,),
        "is closed with an outcome once acknowledged and triaged in scope",
    )
    outcome = _text(outcome, "outcome", "Write the outcome: the complainant is told it.")
    complaint.status = ComplaintStatus.CLOSED
    complaint.outcome, complaint.closed_at, complaint.closed_by = outcome, at, by
    complaint.save(update_fields=["status", "outcome", "closed_at", "closed_by"])
    actions = _actions_text(complaint, "en")
    recorded = f"{outcome}\n\nCorrective actions:\n{actions}" if actions else outcome
    _event(complaint, ComplaintEventKind.CLOSED, by, at, recorded)
    _tell(
        complaint,
        MessageKey.COMPLAINT_CLOSED,
        outcome=outcome,
        actions=_actions_text(complaint, complaint.language),
    )
    return complaint
