"""Vocabularies of the candidate journey, defined once."""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hallmark.programs.data import FeeStatus


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted, awaiting a decision")
    MORE_INFORMATION = "more information", _("More information needed")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")
    WITHDRAWN = "withdrawn", _("Withdrawn")


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
    STARTED = "started", _("Started")
    SUBMITTED = "submitted", _("Submitted")
    RESUBMITTED = "resubmitted", _("Submitted again with more information")
    APPROVED = "approved", _("Approved")
    MORE_INFORMATION = "more information", _("More information requested")
    DENIED = "denied", _("Denied")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    FEE = "fee", _("Fee status recorded")
    EMPLOYER = "employer", _("Employer verification answered")
    APPEALED = "appealed", _("Decision appealed")
    APPEAL_UPHELD = "appeal upheld", _("Appeal decided: denial upheld")
    APPEAL_OVERTURNED = "appeal overturned", _("Appeal decided: denial overturned")


class Decision(models.TextChoices):
    """What an officer may decide on a submitted application."""

    APPROVE = "approve", "Approve"
    MORE_INFORMATION = "more information", "Ask for more information"
    DENY = "deny", "Deny"


class EmployerVerificationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested, awaiting the employer")
    CONFIRMED = "confirmed", _("Confirmed")
    DECLINED = "declined", _("Declined")
    REPLACED = "replaced", _("Replaced by a newer request")


class DeliveryMode(models.TextChoices):
    ONLINE = "online proctored", _("Online, with a remote proctor")
    TEST_CENTRE = "test centre", _("At a test centre")
    HOSTED = "hosted group session", _("Hosted group session")


class RegistrationStatus(models.TextChoices):
    BOOKED = "booked", _("Booked")
    CANCELLED = "cancelled", _("Cancelled")
    RESCHEDULED = "rescheduled", _("Moved to another window")
    SAT = "sat", _("Sat")
    NO_SHOW = "no-show", _("Did not attend")
    EXPIRED = "expired", _("Authorization expired")


# Registrations that hold a seat in their window.
SEAT_HOLDING = (RegistrationStatus.BOOKED, RegistrationStatus.SAT, RegistrationStatus.NO_SHOW)


class AttemptOutcome(models.TextChoices):
    """Kept on the registration until results exist."""

    UNKNOWN = "unknown", _("Not known yet")
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class AccommodationKind(models.TextChoices):
    EXTRA_TIME = "extra time", _("Extra time")
    BREAKS = "breaks", _("Extra or longer breaks")
    SCREEN_READER = "screen reader", _("Screen-reader compatible delivery")
    ENLARGED_TEXT = "enlarged text", _("Enlarged text")
    READER = "reader", _("A reader")
    RECORDER = "recorder", _("A recorder (scribe)")
    SEPARATE_ROOM = "separate room", _("A separate room")
    OTHER = "other", _("Something else")


EXTRA_TIME_FACTORS = (Decimal("1.25"), Decimal("1.50"), Decimal("2.00"))
TIMES = "\u00d7"  # the multiplication sign of "1.5 times the time"
EXTRA_TIME_CHOICES = [(f, f"{TIMES}{f.normalize()} time") for f in EXTRA_TIME_FACTORS]


class AccommodationStatus(models.TextChoices):
    REQUESTED = "requested", _("Requested, awaiting a decision")
    APPROVED = "approved", _("Approved")
    DENIED = "denied", _("Denied")
    WITHDRAWN = "withdrawn", _("Withdrawn")


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
    NOT_STARTED = "not started", pgettext_lazy("exam session", "Not started")
    IN_PROGRESS = "in progress", pgettext_lazy("exam session", "In progress")
    PAUSED = "paused", pgettext_lazy("exam session", "Paused")
    SUBMITTED = "submitted", pgettext_lazy("exam session", "Submitted")
    VOIDED = "voided", pgettext_lazy("exam session", "Voided")


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
