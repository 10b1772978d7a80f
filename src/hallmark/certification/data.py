"""Vocabularies of credentials, defined once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class CredentialStatus(models.TextChoices):
    # Shown to holders and the public in their language; the API and the signed credentials
    # say the status in English (hallmark.lib.apichain) or by its value.
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    SUSPENDED = "suspended", _("Suspended")
    REVOKED = "revoked", _("Revoked")


# A person holds at most one current credential per program: active or suspended.
CURRENT_STATUSES = (CredentialStatus.ACTIVE, CredentialStatus.SUSPENDED)


class CredentialEventKind(models.TextChoices):
    ISSUED = "issued", "Issued"
    SUSPENDED = "suspended", "Suspended"
    REINSTATED = "reinstated", "Reinstated"
    REVOKED = "revoked", "Revoked"
    EXPIRED = "expired", "Expired"
    RENEWED = "renewed", "Renewed"
    REISSUED = "reissued", "Signed document reissued"
    APPEAL_FILED = "appeal filed", "Appeal filed"
    APPEAL_DECIDED = "appeal decided", "Appeal decided"
    GRACE_ENDED = "grace ended", "Grace period ended"
    LAPSED = "lapsed", "Reinstatement period ended"
    SHARE_PAGE_ON = "share page on", "Share page switched on by the holder"
    SHARE_PAGE_OFF = "share page off", "Share page switched off by the holder"


class AwardKind(models.TextChoices):
    """What a credential is. Copied from the program when issued, and never changed."""

    CERTIFICATION = "certification", _("Certification")
    CERTIFICATE = "certificate", _("Certificate of completion")


class KeySource(models.TextChoices):
    """Where an issuer key's secret is kept."""

    STORED = "stored", "Stored encrypted in the database"
    ENVIRONMENT = "environment", "Read from HALLMARK_ISSUER_PRIVATE_KEY"


class DecisionStatus(models.TextChoices):
    PENDING = "pending", "Awaiting an officer's confirmation"
    APPROVED = "approved", "Approved: the credential is being issued"
    ISSUED = "issued", "Issued"
    DECLINED = "declined", "Declined"


# The value of a credential's 2-bit entry in its status list ("message" purpose). The words are
# the package's SUSPENSION_REVOCATION_MESSAGES; expiry is carried by the document's validUntil.
STATUS_LIST_VALUES: dict[str, int] = {
    CredentialStatus.ACTIVE: 0x0,
    CredentialStatus.EXPIRED: 0x0,
    CredentialStatus.SUSPENDED: 0x1,
    CredentialStatus.REVOKED: 0x2,
}


# --- recertification ------------------------------------------------------------------------


class Phase(models.TextChoices):
    """Where a cycle stands on a day, from the certificant's point of view."""

    BEFORE_WINDOW = "before window", _("Renewal window not yet open")
    WINDOW_OPEN = "window open", _("Renewal window open")
    GRACE = "grace", _("Expired — in grace period")
    REINSTATEMENT = "reinstatement", _("Expired — reinstatement possible")
    LAPSED = "lapsed", _("Expired — only the exam restores it")


class CycleOutcome(models.TextChoices):
    OPEN = "open", _("Current")
    RENEWED = "renewed", _("Renewed")
    LAPSED = "lapsed", _("Lapsed")
    CLOSED = "closed", _("Closed (credential withdrawn)")


class ActivityStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for staff review")
    ACCEPTED = "accepted", _("Accepted")
    REDUCED = "reduced", _("Accepted with fewer hours")
    REJECTED = "rejected", _("Rejected")


# Activities whose accepted hours count toward renewal.
COUNTED_ACTIVITY_STATUSES = (ActivityStatus.ACCEPTED, ActivityStatus.REDUCED)


class EvidenceKind(models.TextChoices):
    """What a CE document is. A certificate of attendance or completion is a record of
    training, never a certification."""

    ATTENDANCE = "attendance", _("Certificate of attendance")
    COMPLETION = "completion", _("Certificate of completion")
    TRANSCRIPT = "transcript", _("College transcript")
    TEACHING = "teaching", _("Teaching or presenting record")
    OTHER = "other", _("Other document")


class CourseStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Waiting for staff review")
    APPROVED = "approved", _("Approved")
    DECLINED = "declined", _("Declined")


class RenewalRoute(models.TextChoices):
    CE = "ce", _("Continuing education")
    EXAM = "exam", _("Re-examination")
    REINSTATEMENT = "reinstatement", _("Reinstatement after expiry")


class RenewalStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    AUDIT = "audit", _("Selected for audit")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


OPEN_RENEWAL_STATUSES = (RenewalStatus.SUBMITTED, RenewalStatus.AUDIT)


class AuditOutcome(models.TextChoices):
    EVIDENCE_REQUESTED = "requested", _("Evidence requested")
    EVIDENCE_RECEIVED = "received", _("Evidence received")
    PASSED = "passed", _("Passed")
    FAILED = "failed", _("Failed")


class NoticeKind(models.TextChoices):
    """Messages to a certificant about a cycle. The reminders are sent once per cycle."""

    WINDOW_OPEN = "window open", "Renewal window open"
    DAYS_180 = "180 days", "180 days before expiry"
    DAYS_90 = "90 days", "90 days before expiry"
    DAYS_30 = "30 days", "30 days before expiry"
    EXPIRED = "expired", "Expired: grace period"
    GRACE_ENDED = "grace ended", "Grace period ended"
    RENEWED = "renewed", "Renewal approved"
    AUDIT_SELECTED = "audit selected", "Selected for audit"
    ACTIVITY_REVIEWED = "activity reviewed", "CE activity reviewed"
    RENEWAL_REFUSED = "renewal refused", "Renewal refused"


REMINDER_KINDS = (
    NoticeKind.WINDOW_OPEN,
    NoticeKind.DAYS_180,
    NoticeKind.DAYS_90,
    NoticeKind.DAYS_30,
    NoticeKind.EXPIRED,
    NoticeKind.GRACE_ENDED,
)


class PanelPurpose(models.TextChoices):
    """What a panel of independent reviewers hears."""

    APPEAL = "appeal", "Appeal"
    HEARING = "hearing", "Discipline hearing"


class AppealOutcome(models.TextChoices):
    """What an appeal panel finds of the decision appealed (a reviewer's vote and the outcome)."""

    UPHELD = "upheld", _("Decision upheld")
    OVERTURNED = "overturned", _("Decision overturned")
    PARTIAL = "partial", _("Decision partly overturned")


class Sanction(models.TextChoices):
    """What a hearing panel decides in a discipline case (a reviewer's vote and the decision),
    from the least to the most severe."""

    DISMISSED = "dismissed", "Dismissed"
    REPRIMAND = "reprimand", "Reprimand"
    PROBATION = "probation", "Probation with conditions"
    SUSPENSION = "suspension", "Suspension for a period"
    REVOCATION = "revocation", "Revocation"


# A panel's votes, by what it hears.
VOTES: dict[str, type[models.TextChoices]] = {
    PanelPurpose.APPEAL: AppealOutcome,
    PanelPurpose.HEARING: Sanction,
}


# --- appeals ------------------------------------------------------------------------------


class AppealSubject(models.TextChoices):
    """The kinds of decision about a person that can be appealed."""

    APPLICATION = "application", _("Application decision")
    ACCOMMODATION = "accommodation", _("Accommodation decision")
    RESULT = "result", _("Exam result")
    CERTIFICATION = "certification", _("Certification decision")
    SUSPENSION = "suspension", _("Suspension of a credential")
    REVOCATION = "revocation", _("Revocation of a credential")
    RENEWAL = "renewal", _("Renewal decision")
    CE_ACTIVITY = "ce activity", _("Continuing education activity")
    AUDIT = "audit", _("Renewal audit")
    SANCTION = "sanction", _("Discipline sanction")


class AppealStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    UNDER_REVIEW = "under review", _("Under review by the panel")
    DECIDED = "decided", _("Decided")
    CLOSED = "closed", _("Closed")


# A discipline case's reference: DSC-2026-0001. Credential events of a sanction begin with it.
CASE_PREFIX = "DSC"


class CaseState(models.TextChoices):
    """Where a discipline case is in its fair process, in order."""

    OPENED = "opened", "Opened"
    NOTICE_SENT = "notice sent", "Notice sent, awaiting the response"
    RESPONDED = "responded", "Response received"
    NO_RESPONSE = "no response", "Response period over without a response"
    HEARING = "hearing", "Hearing"
    DECIDED = "decided", "Decided"
    CLOSED = "closed", "Closed"


# An appeal still to be decided; and one not yet closed (a decision has at most one).
UNDECIDED_APPEAL = (AppealStatus.RECEIVED, AppealStatus.ACKNOWLEDGED, AppealStatus.UNDER_REVIEW)
OPEN_APPEAL = (*UNDECIDED_APPEAL, AppealStatus.DECIDED)
# States in which the case waits on the body (not yet decided).
OPEN_CASE_STATES = (
    CaseState.OPENED,
    CaseState.NOTICE_SENT,
    CaseState.RESPONDED,
    CaseState.NO_RESPONSE,
    CaseState.HEARING,
)


class CaseSource(models.TextChoices):
    """How the allegations came to the body."""

    COMPLAINT = "complaint", "A complaint"
    STAFF = "staff", "Staff"
    PROCTOR_INCIDENT = "proctor incident", "A proctor's incident report"
    DATA_FORENSICS = "data forensics", "A data-forensics flag"
    CE_FALSIFICATION = "ce falsification", "Falsified continuing education"


# Sources of exam misconduct: only their cases may void a released result.
MISCONDUCT_SOURCES = (CaseSource.PROCTOR_INCIDENT, CaseSource.DATA_FORENSICS)


class EvidenceSide(models.TextChoices):
    """Who put a piece of evidence before the panel."""

    BODY = "body", "The certifying body"
    RESPONDENT = "respondent", "The respondent"


# The most a program's uploaded badge image may weigh: every baked badge carries it.
MAX_BADGE_IMAGE_BYTES = 256 * 1024
