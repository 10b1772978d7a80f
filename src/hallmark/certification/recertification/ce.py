"""Continuing education: certificants log activities (accepted on entry under a pre-approved
course's code, otherwise reviewed by staff), and providers apply to have courses pre-approved.

Every change is one transaction that checks who acts and says what is wrong and where.
"""

import datetime
import secrets
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from hallmark.accounts.models import User
from hallmark.accounts.notifications import language_of
from hallmark.certification.data import (
    ActivityStatus,
    CourseStatus,
    CredentialStatus,
    EvidenceKind,
    NoticeKind,
)
from hallmark.certification.models import (
    CEActivity,
    CEProvider,
    Cycle,
    ProviderCourse,
)
from hallmark.certification.models.recertification import StoredDocument
from hallmark.certification.recertification.cycles import number_said, plain
from hallmark.certification.recertification.notices import send_notice
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
from hallmark.lib.permissions import own
from hallmark.lib.storage import attach_upload
from hallmark.programs.models import CECategory, Program, RecertificationPolicy

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: codes are typed by hand
REVIEWED = DecisionFields(by="reviewed_by", at="reviewed_at", reason="review_reason")
COURSE_DECIDED = DecisionFields(reason="reason")


def store_upload(document: StoredDocument, upload: UploadedFile, kind: str) -> None:
    """Check an upload by its content and keep it privately with the record (saved after)."""
    if kind not in EvidenceKind.values:
        raise ValidationError(gettext("“%(kind)s” is not a kind of evidence.") % {"kind": kind})
    attach_upload(document, upload)
    document.evidence_kind = kind


def _own_cycle(cycle: Cycle, by: User) -> None:
    own(by, cycle.credential.holder_id, cycle.credential.number)
    number = cycle.credential.number
    if not cycle.is_open:
        raise ValidationError(
            gettext("Cycle %(sequence)s of %(number)s is closed.")
            % {"sequence": cycle.sequence, "number": number}
        )
    if cycle.credential.status not in (CredentialStatus.ACTIVE, CredentialStatus.EXPIRED):
        raise ValidationError(
            gettext("%(number)s is %(status)s: no continuing education can be logged for it.")
            % {"number": number, "status": cycle.credential.get_status_display().lower()}
        )


def normalize_code(code: str) -> str:
    return "".join(code.split()).upper()


def _category(cycle: Cycle, code: str) -> CECategory:
    category = cycle.policy.ce_categories.filter(code=code).first() if cycle.policy else None
    if category is None:
        raise ValidationError(
            {"category": gettext("“%(code)s” is not a CE category of this cycle.") % {"code": code}}
        )
    return category


def _approved_course(cycle: Cycle, code: str, completed_on: datetime.date) -> ProviderCourse:
    course = ProviderCourse.objects.filter(code=normalize_code(code)).first()
    if course is None or course.program_id != cycle.credential.program_id:
        said = gettext("No approved %(designation)s course has the code %(code)s.")
        raise ValidationError(
            {"course_code": said % {"designation": cycle.program.designation, "code": code}}
        )
    if not course.accepts_on(completed_on):
        said = gettext(
            "%(code)s is approved for activities completed from %(start)s to %(end)s, not on "
            "%(day)s."
        )
        end = long_date(course.approved_until) if course.approved_until else "—"
        raise ValidationError(
            {
                "course_code": said
                % {
                    "code": course.code,
                    "start": long_date(course.offered_from),
                    "end": end,
                    "day": long_date(completed_on),
                }
            }
        )
    return course


@transaction.atomic
def log_activity(
    cycle: Cycle,
    *,
    by: User,
    title: str,
    provider_name: str,
    category_code: str,
    started_on: datetime.date,
    completed_on: datetime.date,
    hours: Decimal,
    evidence_kind: str = EvidenceKind.COMPLETION,
    upload: UploadedFile | None = None,
    course_code: str = "",
    now: datetime.datetime | None = None,
) -> CEActivity:
    """Log an activity for the cycle. Under an approved course's code it is accepted at once
    (its title, provider, category and at most its hours come from the course); otherwise it
    waits for staff review."""
    cycle = (
        Cycle.objects.select_for_update(of=("self",))
        .select_related("credential", "policy")
        .get(pk=cycle.pk)
    )
    _own_cycle(cycle, by)
    now = now or timezone.now()
    today = now.astimezone(cycle.program.time_zone).date()
    if completed_on < started_on:
        raise ValidationError(
            {"completed_on": gettext("The activity cannot end before it starts.")}
        )
    if not cycle.starts_on <= completed_on <= today:
        said = gettext(
            "Only activities completed in this cycle (from %(start)s) and not in the future count."
        )
        raise ValidationError({"completed_on": said % {"start": long_date(cycle.starts_on)}})
    if hours <= 0:
        raise ValidationError({"hours": gettext("Give the hours of the activity (more than 0).")})
    activity = CEActivity(
        cycle=cycle,
        title=title.strip(),
        provider_name=provider_name.strip(),
        started_on=started_on,
        completed_on=completed_on,
        hours=hours,
        logged_by=by,
        logged_at=now,
        uploaded_at=now,
    )
    if course_code.strip():
        course = _approved_course(cycle, course_code, completed_on)
        activity.course = course
        activity.title = activity.title or course.title
        activity.provider_name = course.provider.name
        activity.category = _category(cycle, course.category_code)
        activity.hours = min(hours, course.hours)
        activity.status, activity.hours_accepted = ActivityStatus.ACCEPTED, activity.hours
    else:
        activity.category = _category(cycle, category_code)
    if not activity.title or not activity.provider_name:
        raise ValidationError(gettext("Give the activity's title and provider."))
    if upload is not None:
        store_upload(activity, upload, evidence_kind)
    activity.save()
    return activity


@transaction.atomic
def review_activity(
    activity: CEActivity,
    *,
    by: User,
    decision: str,
    hours_accepted: Decimal | None = None,
    reason: str = "",
) -> CEActivity:
    """Staff accept a pending activity, accept it with fewer hours, or reject it; a reduction
    or a rejection says why. The certificant is told."""
    activity = take_case(
        activity,
        by=by,
        permission="certification.review_ceactivity",
        what="review",
        open_states=(ActivityStatus.PENDING,),
        owner=None,
        related=("cycle",),
        system_may=True,
    )
    reason = reason.strip()
    if decision == "accept":
        status, hours = ActivityStatus.ACCEPTED, activity.hours
    elif decision == "reduce":
        if hours_accepted is None or not 0 < hours_accepted < activity.hours:
            raise ValidationError(
                {
                    "hours_accepted": f"Accept between 0 and {plain(activity.hours)} hours "
                    "(use reject for none, accept for all)."
                }
            )
        status, hours = ActivityStatus.REDUCED, hours_accepted
    elif decision == "reject":
        status, hours = ActivityStatus.REJECTED, Decimal(0)
    else:
        raise ValidationError(f"'{decision}' is not a decision: accept, reduce or reject.")
    if status != ActivityStatus.ACCEPTED:
        reason = reason_given(reason, "Say why the hours are reduced or rejected.")
        if by is None:
            raise PermissionDenied("A person reduces or rejects an activity, and says why.")
    activity.hours_accepted = hours
    at = timezone.now()
    record_decision(
        activity, status, by=by, at=at, reason=reason, fields=REVIEWED, also=("hours_accepted",)
    )
    with translation.override(language_of(activity.cycle.credential.holder)):
        outcome = activity.get_status_display().lower()
        if activity.status == ActivityStatus.REDUCED:
            outcome += " " + gettext("(%(accepted)s of %(hours)s hours)") % {
                "accepted": number_said(activity.hours_accepted),
                "hours": number_said(activity.hours),
            }
    send_notice(
        activity.cycle,
        NoticeKind.ACTIVITY_REVIEWED,
        activity=activity.title,
        outcome=outcome,
        reason=reason,
    )
    return activity


@transaction.atomic
def accept_on_appeal(activity: CEActivity, *, by: User, reason: str, reference: str) -> CEActivity:
    """Accept a rejected activity on an appeal panel's outcome (`by` is its chair): all its
    hours count in the cycle's progress. The rejection's reason stays in the new one."""
    reason, reference = on_appeal(reason, reference)
    activity = locked(activity, "cycle")
    in_state(activity, (ActivityStatus.REJECTED,), refusal="is not a rejected activity")
    activity.hours_accepted = activity.hours
    said = f"Accepted on appeal {reference}: {reason} (rejected before: {activity.review_reason})"
    accepted, at = ActivityStatus.ACCEPTED, timezone.now()
    record_decision(
        activity, accepted, by=by, at=at, reason=said, fields=REVIEWED, also=("hours_accepted",)
    )
    send_notice(
        activity.cycle,
        NoticeKind.ACTIVITY_REVIEWED,
        activity=activity.title,
        outcome=activity.get_status_display().lower(),
        reason=f"\n\n{said}",
    )
    return activity


# --- providers' courses -----------------------------------------------------------------------


def policy_categories(program: Program, on: datetime.date | None = None) -> list[CECategory]:
    policy = RecertificationPolicy.in_force(program, on)
    return list(policy.ce_categories.all()) if policy else []


@transaction.atomic
def apply_for_course(
    *,
    by: User,
    program: Program,
    provider_name: str,
    email: str,
    title: str,
    hours: Decimal,
    category_code: str,
    offered_from: datetime.date,
    offered_until: datetime.date,
    contact_name: str = "",
    website: str = "",
    description: str = "",
) -> ProviderCourse:
    """A provider's account submits a course for pre-approval. The first application names
    the provider; later ones by the same account add courses to it."""
    if by is None or not by.is_authenticated:
        raise PermissionDenied("Sign in to apply for a course's pre-approval.")
    if program.validity_months is None or not program.is_certification:
        said = gettext("%(designation)s has no continuing education.")
        raise ValidationError({"program": said % {"designation": program.designation}})
    if category_code not in {c.code for c in policy_categories(program)}:
        said = gettext("“%(code)s” is not a CE category of %(designation)s.")
        raise ValidationError(
            {"category_code": said % {"code": category_code, "designation": program.designation}}
        )
    if offered_until < offered_from:
        raise ValidationError({"offered_until": gettext("The course cannot end before it starts.")})
    if hours <= 0:
        raise ValidationError({"hours": gettext("Give the course's hours (more than 0).")})
    provider = CEProvider.objects.filter(name__iexact=provider_name.strip()).first()
    if provider is None:
        provider = CEProvider.objects.create(
            name=provider_name.strip(),
            contact_name=contact_name.strip(),
            email=email,
            website=website,
            account=by,
        )
    elif provider.account_id not in (None, by.pk):
        raise ValidationError(
            {
                "provider_name": gettext(
                    "%(provider)s applies through another account: ask them to submit the "
                    "course, or use your organisation's exact name."
                )
                % {"provider": provider.name}
            }
        )
    return ProviderCourse.objects.create(
        provider=provider,
        program=program,
        title=title.strip(),
        description=description.strip(),
        hours=hours,
        category_code=category_code,
        offered_from=offered_from,
        offered_until=offered_until,
        submitted_by=by,
    )


def _new_code(program: Program) -> str:
    while True:
        code = f"{program.designation}-CE-" + "".join(
            secrets.choice(CODE_ALPHABET) for _ in range(6)
        )
        if not ProviderCourse.objects.filter(code=code).exists():
            return code


@transaction.atomic
def decide_course(
    course: ProviderCourse,
    *,
    by: User,
    approve: bool,
    approved_until: datetime.date | None = None,
    reason: str = "",
) -> ProviderCourse:
    """Approve a submitted course until a date (it gets its code), or decline it with a
    reason."""
    course = take_case(
        course,
        by=by,
        permission="certification.decide_providercourse",
        what="decide",
        open_states=(CourseStatus.SUBMITTED,),
        owner=None,
        related=("program",),
        system_may=True,
    )
    if approve:
        if approved_until is None or approved_until < course.offered_from:
            raise ValidationError(
                {
                    "approved_until": f"Give the last day of approval, on or after "
                    f"{course.offered_from}."
                }
            )
        status, course.code = CourseStatus.APPROVED, _new_code(course.program)
        course.approved_until = approved_until
    else:
        reason = reason_given(reason, "Say why the course is declined.")
        status = CourseStatus.DECLINED
    changed = ("code", "approved_until")
    record_decision(
        course, status, by=by, at=timezone.now(), reason=reason, fields=COURSE_DECIDED, also=changed
    )
    return course
