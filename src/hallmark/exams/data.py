"""Vocabularies of the candidate journey, defined once."""

from decimal import Decimal

from django.db import models

from hallmark.programs.data import FeeStatus


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Submitted, awaiting a decision"
    MORE_INFORMATION = "more information", "More information needed"
    APPROVED = "approved", "Approved"
    DENIED = "denied", "Denied"
    WITHDRAWN = "withdrawn", "Withdrawn"


# An application's fee is due until it is paid or waived; "no fee" is a renewal's alone.
APPLICATION_FEES = (FeeStatus.DUE, FeeStatus.PAID, FeeStatus.WAIVED)

# An application the candidate is still working on or waiting for: one per program at a time.
OPEN_APPLICATION = (
    ApplicationStatus.DRAFT,
    ApplicationStatus.SUBMITTED,
    ApplicationStatus.MORE_INFORMATION,
)
# The candidate may change answers, evidence and references only while in these states.
EDITABLE_APPLICATION = (ApplicationStatus.DRAFT, ApplicationStatus.MORE_INFORMATION)


class ApplicationEventKind(models.TextChoices):
    STARTED = "started", "Started"
    SUBMITTED = "submitted", "Submitted"
    RESUBMITTED = "resubmitted", "Submitted again with more information"
    APPROVED = "approved", "Approved"
    MORE_INFORMATION = "more information", "More information requested"
    DENIED = "denied", "Denied"
    WITHDRAWN = "withdrawn", "Withdrawn"
    FEE = "fee", "Fee status recorded"
    EMPLOYER = "employer", "Employer verification answered"
    APPEALED = "appealed", "Decision appealed"
    APPEAL_UPHELD = "appeal upheld", "Appeal decided: denial upheld"
    APPEAL_OVERTURNED = "appeal overturned", "Appeal decided: denial overturned"


class Decision(models.TextChoices):
    """What an officer may decide on a submitted application."""

    APPROVE = "approve", "Approve"
    MORE_INFORMATION = "more information", "Ask for more information"
    DENY = "deny", "Deny"


class EmployerVerificationStatus(models.TextChoices):
    REQUESTED = "requested", "Requested, awaiting the employer"
    CONFIRMED = "confirmed", "Confirmed"
    DECLINED = "declined", "Declined"
    REPLACED = "replaced", "Replaced by a newer request"


class DeliveryMode(models.TextChoices):
    ONLINE = "online proctored", "Online, with a remote proctor"
    TEST_CENTRE = "test centre", "At a test centre"
    HOSTED = "hosted group session", "Hosted group session"


class RegistrationStatus(models.TextChoices):
    BOOKED = "booked", "Booked"
    CANCELLED = "cancelled", "Cancelled"
    RESCHEDULED = "rescheduled", "Moved to another window"
    SAT = "sat", "Sat"
    NO_SHOW = "no-show", "Did not attend"
    EXPIRED = "expired", "Authorization expired"


# Registrations that hold a seat in their window.
SEAT_HOLDING = (RegistrationStatus.BOOKED, RegistrationStatus.SAT, RegistrationStatus.NO_SHOW)


class AttemptOutcome(models.TextChoices):
    """Kept on the registration until results exist."""

    UNKNOWN = "unknown", "Not known yet"
    PASS = "pass", "Pass"
    FAIL = "fail", "Fail"


class AccommodationKind(models.TextChoices):
    EXTRA_TIME = "extra time", "Extra time"
    BREAKS = "breaks", "Extra or longer breaks"
    SCREEN_READER = "screen reader", "Screen-reader compatible delivery"
    ENLARGED_TEXT = "enlarged text", "Enlarged text"
    READER = "reader", "A reader"
    RECORDER = "recorder", "A recorder (scribe)"
    SEPARATE_ROOM = "separate room", "A separate room"
    OTHER = "other", "Something else"


EXTRA_TIME_FACTORS = (Decimal("1.25"), Decimal("1.50"), Decimal("2.00"))
TIMES = "\u00d7"  # the multiplication sign of "1.5 times the time"
EXTRA_TIME_CHOICES = [(f, f"{TIMES}{f.normalize()} time") for f in EXTRA_TIME_FACTORS]


class AccommodationStatus(models.TextChoices):
    REQUESTED = "requested", "Requested, awaiting a decision"
    APPROVED = "approved", "Approved"
    DENIED = "denied", "Denied"
    WITHDRAWN = "withdrawn", "Withdrawn"


class AccommodationDecision(models.TextChoices):
    APPROVE = "approve", "Approve"
    DENY = "deny", "Deny"


class FormStatus(models.TextChoices):
    """A draft form may still change; a frozen form never does and can only be retired."""

    DRAFT = "draft", "Draft"
    FROZEN = "frozen", "Frozen"
    RETIRED = "retired", "Retired"


class ItemOrder(models.TextChoices):
    """The form's policy for the order in which a candidate sees its items."""

    FIXED = "fixed", "As frozen"
    SHUFFLED = "shuffled", "Shuffled per candidate"


class SessionStatus(models.TextChoices):
    NOT_STARTED = "not started", "Not started"
    IN_PROGRESS = "in progress", "In progress"
    PAUSED = "paused", "Paused"
    SUBMITTED = "submitted", "Submitted"
    VOIDED = "voided", "Voided"


# Sessions whose clock may still run; the others are over for good.
LIVE_SESSION = (SessionStatus.NOT_STARTED, SessionStatus.IN_PROGRESS, SessionStatus.PAUSED)


class SessionEventKind(models.TextChoices):
    CHECK_IN = "check-in", "Checked in"
    START = "start", "Started"
    ANSWER = "answer", "Answered"
    NAVIGATE = "navigate", "Moved to an item"
    FLAG = "flag", "Flagged or unflagged"
    BREAK = "break", "Break"
    PAUSE = "pause", "Paused"
    RESUME = "resume", "Resumed"
    ADD_TIME = "add time", "Time added"
    REFUSED = "refused", "Response refused"
    SUBMIT = "submit", "Submitted"
    VOID = "void", "Voided"
    INCIDENT = "incident", "Incident reported"
    TAKEOVER = "takeover", "Device takeover"
