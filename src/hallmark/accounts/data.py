"""The roles of a certifying body, defined once and used everywhere."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PROGRAM_MANAGER = "program manager", "Program manager"
    ITEM_WRITER = "item writer", "Item writer"
    ITEM_REVIEWER = "item reviewer", "Item reviewer"
    PSYCHOMETRICIAN = "psychometrician", "Psychometrician"
    PANELIST = "panelist", "Standard-setting panelist"
    CREDENTIALING_OFFICER = "credentialing officer", "Credentialing officer"
    PROCTOR = "proctor", "Proctor"
    PANEL_MEMBER = "panel member", "Appeal and hearing panel member"
    CANDIDATE = "candidate", "Candidate"


# Roles whose members work in the staff admin.
STAFF_ROLES = frozenset(
    {
        Role.PROGRAM_MANAGER,
        Role.ITEM_WRITER,
        Role.ITEM_REVIEWER,
        Role.PSYCHOMETRICIAN,
        Role.CREDENTIALING_OFFICER,
        Role.PROCTOR,
        Role.PANEL_MEMBER,
    }
)


# Where each role starts after signing in, as URL names; a person with several roles starts at
# the first of theirs in the order `Role` lists them (staff work before a candidate's own
# dashboard). A superuser starts in the staff admin; a person with no role at the dashboard.
START_PAGES: dict[Role, str] = {
    Role.PROGRAM_MANAGER: "admin:index",
    Role.ITEM_WRITER: "itembank:list",
    Role.ITEM_REVIEWER: "itembank:reviews",
    Role.PSYCHOMETRICIAN: "results:staff",
    Role.PANELIST: "results:panel",
    Role.CREDENTIALING_OFFICER: "casework",
    Role.PROCTOR: "exams:proctor",
    Role.PANEL_MEMBER: "appeals:mine",
    Role.CANDIDATE: "portal",
}
SUPERUSER_START_PAGE = "admin:index"
NO_ROLE_START_PAGE = "portal"


class MessageKey(models.TextChoices):
    """Every message Hallmark sends; each has one staff-editable template."""

    EMAIL_VERIFICATION = "email-verification", "Confirm the email address of a new account"
    SIGN_UP_EXISTING = "sign-up-existing", "Someone tried to sign up with an existing address"
    PASSWORD_RESET = "password-reset", "A link to choose a new password"
    APPLICATION_SUBMITTED = "application-submitted", "Application received"
    APPLICATION_APPROVED = "application-approved", "Application approved"
    APPLICATION_MORE_INFORMATION = "application-more-information", "More information needed"
    APPLICATION_DENIED = "application-denied", "Application denied"
    EMPLOYER_VERIFICATION = "employer-verification", "Request to an employer to confirm work"
    ACCOMMODATION_APPROVED = "accommodation-approved", "Accommodation approved"
    ACCOMMODATION_DENIED = "accommodation-denied", "Accommodation denied"
    APPEAL_RECEIVED = "appeal-received", "Appeal received"
    APPEAL_ACKNOWLEDGED = "appeal-acknowledged", "Appeal acknowledged"
    APPEAL_DECIDED = "appeal-decided", "Appeal decided"
    BOOKING_CONFIRMED = "booking-confirmed", "Booking confirmed"
    BOOKING_CANCELLED = "booking-cancelled", "Booking cancelled"
    BOOKING_RESCHEDULED = "booking-rescheduled", "Booking moved to another window"
    RESULTS_RELEASED = "results-released", "Results released"
    CREDENTIAL_ISSUED = "credential-issued", "Credential issued"
    CREDENTIAL_SUSPENDED = "credential-suspended", "Credential suspended"
    CREDENTIAL_REVOKED = "credential-revoked", "Credential revoked"
    CREDENTIAL_REINSTATED = "credential-reinstated", "Credential reinstated"
    # Recertification notices, about a certification's cycle.
    RENEWAL_WINDOW_OPEN = "renewal-window-open", "Recertification: renewal window open"
    EXPIRES_IN_180_DAYS = "expires-in-180-days", "Recertification: 180 days before expiry"
    EXPIRES_IN_90_DAYS = "expires-in-90-days", "Recertification: 90 days before expiry"
    EXPIRES_IN_30_DAYS = "expires-in-30-days", "Recertification: 30 days before expiry"
    CERTIFICATION_EXPIRED = "certification-expired", "Recertification: expired, grace period"
    GRACE_PERIOD_ENDED = "grace-period-ended", "Recertification: grace period ended"
    RENEWAL_APPROVED = "renewal-approved", "Recertification: renewal approved"
    RENEWAL_AUDIT_SELECTED = "renewal-audit-selected", "Recertification: selected for audit"
    CE_ACTIVITY_REVIEWED = "ce-activity-reviewed", "Recertification: CE activity reviewed"
    RENEWAL_REFUSED = "renewal-refused", "Recertification: renewal refused"
    COMPLAINT_ACKNOWLEDGED = "complaint-acknowledged", "Complaint acknowledged"
    COMPLAINT_OUT_OF_SCOPE = "complaint-out-of-scope", "Complaint out of scope (closed)"
    COMPLAINT_CLOSED = "complaint-closed", "Complaint closed with its outcome"
    DISCIPLINE_NOTICE = "discipline-notice", "Discipline case: notice of the allegations"
    DISCIPLINE_RESPONSE = "discipline-response", "Discipline case: response received"
    DISCIPLINE_HEARING = "discipline-hearing", "Discipline case: hearing panel convened"
    DISCIPLINE_DECIDED = "discipline-decided", "Discipline case: decision"
    JOB_ANALYSIS_INVITATION = "job-analysis-invitation", "Job analysis survey: invitation"
    JOB_ANALYSIS_REMINDER = "job-analysis-reminder", "Job analysis survey: reminder"
    ERASURE_CARRIED_OUT = "erasure-carried-out", "Erasure of a person's data: carried out"
    ERASURE_REFUSED = "erasure-refused", "Erasure of a person's data: refused"


# The key of the recertification notices recorded before each had a template of its own: kept
# so that their record still reads.
NOTICE_KEY = "notice"
MESSAGE_KINDS = [*MessageKey.choices, (NOTICE_KEY, "Recertification notice (earlier record)")]


class DeliveryStatus(models.TextChoices):
    """Where a message is in the outbox: queued until a sender claims it (sending), then sent,
    or queued again for a retry, or failed after the last attempt."""

    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    RECORDED_ONLY = "recorded only", "Recorded only (demonstration data, not delivered)"


class AccessRecordKind(models.TextChoices):
    """The kinds of confidential access that leave an access record (ISO/IEC 17024, 9.4)."""

    EVIDENCE = "evidence", "Application or accommodation evidence"
    CE_EVIDENCE = "ce evidence", "CE or audit evidence"
    CREDENTIAL = "credential", "Credential download (JSON or PDF)"
    RESULTS = "results", "Candidates' results"
    STUDY_EXPORT = "study export", "Standard-setting study export"
    RESPONSES_EXPORT = "responses export", "Scored responses export"
    ITEM = "item", "Item (without its key)"
    ITEM_KEY = "item key", "Item with its key"
    MESSAGES = "messages", "Messages sent to people"
    COMPLAINT = "complaint", "Complaint attachment"
    SURVEY_LINKS = "survey links", "Job analysis survey's personal links"
    PERSONAL_DATA = "personal data", "A person's own data, downloaded by them (JSON or PDF)"


# The contact details a person keeps on their profile, and the voluntary questions' answers.
PROFILE_FIELDS = ("address_line1", "address_line2", "city", "region", "postal_code", "country")
DEMOGRAPHIC_FIELDS = (
    "age_band",
    "gender",
    "race_ethnicity",
    "disability",
    "education",
    "first_language",
)

# Voluntary demographics: every question can be left unanswered or declined.
NOT_SAID = ("declined", _("Prefer not to say"))


class AgeBand(models.TextChoices):
    UNDER_25 = "under 25", _("Under 25")
    FROM_25 = "25-34", _("25 to 34")
    FROM_35 = "35-44", _("35 to 44")
    FROM_45 = "45-54", _("45 to 54")
    FROM_55 = "55-64", _("55 to 64")
    FROM_65 = "65 and over", _("65 and over")
    DECLINED = NOT_SAID


class Gender(models.TextChoices):
    WOMAN = "woman", _("Woman")
    MAN = "man", _("Man")
    NON_BINARY = "non-binary", _("Non-binary")
    SELF_DESCRIBED = "self-described", _("I describe myself another way")
    DECLINED = NOT_SAID


class RaceEthnicity(models.TextChoices):
    AMERICAN_INDIAN = "american indian or alaska native", _("American Indian or Alaska Native")
    ASIAN = "asian", _("Asian")
    BLACK = "black or african american", _("Black or African American")
    HISPANIC = "hispanic or latino", _("Hispanic or Latino")
    MIDDLE_EASTERN = "middle eastern or north african", _("Middle Eastern or North African")
    PACIFIC_ISLANDER = (
        "native hawaiian or pacific islander",
        _("Native Hawaiian or Pacific Islander"),
    )
    WHITE = "white", _("White")
    MULTIPLE = "more than one", _("More than one")
    DECLINED = NOT_SAID


class Disability(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    DECLINED = NOT_SAID


class Education(models.TextChoices):
    SECONDARY = "secondary", _("High-school diploma or equivalent")
    SOME_COLLEGE = "some college", _("Some college, no degree")
    ASSOCIATE = "associate", _("Associate degree")
    BACHELOR = "bachelor", _("Bachelor's degree")
    GRADUATE = "graduate", _("Graduate or professional degree")
    DECLINED = NOT_SAID


class FirstLanguage(models.TextChoices):
    ENGLISH = "english", _("English")
    OTHER = "other", _("Another language")
    DECLINED = NOT_SAID


# Roles that see items, keys, candidates' personal data or signing keys at any time: their
# members (and superusers) sign in with a second factor. Panelists see one form's items and keys
# only during an open round they signed confidentiality for; candidates only their own records
# (docs/accounts.md says why they are not asked).
SECOND_FACTOR_ROLES = STAFF_ROLES


class SecondFactorEventKind(models.TextChoices):
    ENROLLED = "enrolled", "Enrolled an authenticator app"
    BACKUP_CODES = "backup codes", "Made new backup codes"
    BACKUP_CODE_USED = "backup code used", "Signed in with a backup code"
    RESET = "reset", "Second factor reset"


class JobKind(models.TextChoices):
    """Long work staff start from a page, run by a worker (`hallmark.accounts.jobs`)."""

    ASSEMBLE_FORMS = "assemble forms", "Assemble forms"
    SCORE_FORM = "score form", "Score a form in a window"
    RELEASE_RESULTS = "release results", "Release results"
    ISSUE_CREDENTIALS = "issue credentials", "Issue credentials"
    TECHNICAL_REPORT = "technical report", "Make a technical report"
    IMPORT_ITEMS = "import items", "Import items"


class JobState(models.TextChoices):
    """Where a job is: queued until a worker takes it, running, then done or failed."""

    QUEUED = "queued", "Queued"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class ErasureStatus(models.TextChoices):
    """Where a holder's request for erasure is: waiting for an officer, carried out, or refused
    (with the reason, e.g. an open appeal whose record is still needed)."""

    PENDING = "pending", _("Waiting for a credentialing officer")
    CARRIED_OUT = "carried out", _("Carried out")
    REFUSED = "refused", _("Refused")


class RetainedKind(models.TextChoices):
    """What a program's retention schedule limits, and the daily job removes once past it."""

    EVIDENCE = "evidence", "Eligibility and accommodation evidence (the files)"
    RESPONSES = "responses", "Exam responses (the options chosen)"
    MESSAGES = "messages", "Messages' text"
