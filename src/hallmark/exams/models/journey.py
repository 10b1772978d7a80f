"""The candidate's way to the exam: applications and accommodations (testing windows and
registrations are in `registrations`; appeals of their decisions, in the certification app).

Nothing here is deleted. A decision, a cancellation or a withdrawal is a new state that records
who, when and why; an application's history is also kept as events. Dates that rules count in
(deadlines, expiries, attempts) are dates in the program's own time zone.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hallmark.exams.data import (
    APPLICATION_FEES,
    EXTRA_TIME_CHOICES,
    EXTRA_TIME_FACTORS,
    OPEN_APPLICATION,
    TIMES,
    AccommodationKind,
    AccommodationStatus,
    ApplicationEventKind,
    ApplicationStatus,
    EmployerVerificationStatus,
)
from hallmark.lib.storage import private_storage, stored_name
from hallmark.programs.data import FeeStatus
from hallmark.programs.models import EligibilityCriterion, EligibilityPolicy, Program

USER = settings.AUTH_USER_MODEL


def _valid(field: str, choices: type[models.TextChoices], name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


class Application(models.Model):
    """A candidate's request to sit a program's exam, answered against one eligibility policy.

    .. pii: decision_reason, fee_reference
    """

    candidate = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="applications")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    policy = models.ForeignKey(
        EligibilityPolicy,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The eligibility policy version the candidate answered.",
    )
    status = models.CharField(
        max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.DRAFT
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    resubmit_by = models.DateField(
        null=True, blank=True, help_text="The last day to answer a request for more information."
    )
    appeal_by = models.DateField(null=True, blank=True, help_text="The last day to appeal.")
    approved_on = models.DateField(null=True, blank=True)
    approval_expires_on = models.DateField(
        null=True, blank=True, help_text="From this day the approval no longer counts."
    )
    conduct_version = models.CharField(
        "code of conduct version accepted", max_length=40, blank=True
    )
    conduct_accepted_at = models.DateTimeField(null=True, blank=True)
    fee_status = models.CharField(
        max_length=10,
        choices=[(fee.value, fee.label) for fee in APPLICATION_FEES],
        default=FeeStatus.DUE,
    )
    fee_reference = models.CharField(
        max_length=100, blank=True, help_text="The payment or waiver reference."
    )
    fee_recorded_at = models.DateTimeField(null=True, blank=True)
    fee_recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("decide_application", "Can decide an application"),
            ("record_fee", "Can record an application's fee status"),
            ("record_employer_verification", "Can record an employer's confirmation by hand"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "program"],
                condition=Q(status__in=OPEN_APPLICATION),
                name="one_open_application_per_program",
                violation_error_message="You already have an open application to this program.",
            ),
            _valid("status", ApplicationStatus, "application_status_valid"),
            models.CheckConstraint(
                condition=Q(fee_status__in=APPLICATION_FEES), name="application_fee_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.APPROVED)
                | Q(approved_on__isnull=False, approval_expires_on__gt=F("approved_on")),
                name="approved_application_has_dates",
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.DENIED)
                | (Q(appeal_by__isnull=False) & ~Q(decision_reason="")),
                name="denied_application_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.MORE_INFORMATION)
                | (Q(resubmit_by__isnull=False) & ~Q(decision_reason="")),
                name="more_information_has_deadline",
            ),
            models.CheckConstraint(
                condition=Q(status=ApplicationStatus.DRAFT)
                | Q(submitted_at__isnull=False)
                | Q(status=ApplicationStatus.WITHDRAWN),
                name="application_submitted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.designation} application #{self.pk} of {self.candidate}"

    @property
    def is_editable(self) -> bool:
        return self.status in (ApplicationStatus.DRAFT, ApplicationStatus.MORE_INFORMATION)

    def approval_current(self, on: datetime.date) -> bool:
        """Whether the approval still counts on this date (the program's local date)."""
        return (
            self.status == ApplicationStatus.APPROVED
            and self.approval_expires_on is not None
            and on < self.approval_expires_on
        )

    def resubmission_open(self, on: datetime.date) -> bool:
        return (
            self.status == ApplicationStatus.MORE_INFORMATION
            and self.resubmit_by is not None
            and on <= self.resubmit_by
        )

    def appeal_open(self, on: datetime.date) -> bool:
        return (
            self.status == ApplicationStatus.DENIED
            and self.appeal_by is not None
            and on <= self.appeal_by
            and not self.appeals.exists()
        )

    def live_evidence(self) -> models.QuerySet["Evidence"]:
        return self.evidence.filter(withdrawn_at__isnull=True)

    def current_employer_verification(self) -> "EmployerVerification | None":
        return self.employer_verifications.exclude(
            status=EmployerVerificationStatus.REPLACED
        ).first()


class ApplicationEvent(models.Model):
    """One step in an application's history: what happened, who did it, when and why.

    .. pii: reason
    """

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=ApplicationEventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        constraints = [_valid("kind", ApplicationEventKind, "application_event_kind_valid")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"


class EligibilityAnswer(models.Model):
    """How the candidate meets one criterion, in their own words.

    .. pii: text
    """

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="answers")
    criterion = models.ForeignKey(EligibilityCriterion, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["criterion__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="one_answer_per_criterion"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code}: {self.text[:60]}"


class AccommodationRequest(models.Model):
    """A candidate's request for a change to testing conditions, and the officer's decision.

    Once approved it attaches to every registration of the candidate in the program: those
    already booked and those booked later. Nobody types it again.

    .. pii: details, decision_reason
    """

    candidate = models.ForeignKey(
        USER, on_delete=models.PROTECT, related_name="accommodation_requests"
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=AccommodationKind.choices)
    time_factor = models.DecimalField(
        "extra time",
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        choices=EXTRA_TIME_CHOICES,
        help_text="For extra time only: the exam's time limit is multiplied by this.",
    )
    details = models.TextField(blank=True, help_text="What is needed, and why.")
    status = models.CharField(
        max_length=20, choices=AccommodationStatus.choices, default=AccommodationStatus.REQUESTED
    )
    requested_at = models.DateTimeField(default=timezone.now)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision_reason = models.TextField(blank=True)
    appeal_by = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        permissions = [("decide_accommodation", "Can decide an accommodation request")]
        constraints = [
            _valid("kind", AccommodationKind, "accommodation_kind_valid"),
            _valid("status", AccommodationStatus, "accommodation_status_valid"),
            models.CheckConstraint(
                condition=(
                    Q(kind=AccommodationKind.EXTRA_TIME) & Q(time_factor__in=EXTRA_TIME_FACTORS)
                )
                | (~Q(kind=AccommodationKind.EXTRA_TIME) & Q(time_factor__isnull=True)),
                name="extra_time_has_a_factor",
                violation_error_message=f"Extra time needs a factor ({TIMES}1.25, {TIMES}1.5 "
                f"or {TIMES}2); other accommodations have none.",
            ),
            models.CheckConstraint(
                condition=~Q(kind=AccommodationKind.OTHER) | ~Q(details=""),
                name="other_accommodation_has_details",
                violation_error_message="Say what you need.",
            ),
            models.CheckConstraint(
                condition=~Q(status=AccommodationStatus.DENIED)
                | (Q(appeal_by__isnull=False) & ~Q(decision_reason="")),
                name="denied_accommodation_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.summary} ({self.program.designation}, {self.candidate})"

    @property
    def summary(self) -> str:
        if self.kind == AccommodationKind.EXTRA_TIME and self.time_factor:
            factor = f"{TIMES}{self.time_factor.normalize()}"
            return _("Extra time %(factor)s") % {"factor": factor}
        label = str(AccommodationKind(self.kind).label)
        return f"{label}: {self.details}" if self.kind == AccommodationKind.OTHER else label

    def appeal_open(self, on: datetime.date) -> bool:
        return (
            self.status == AccommodationStatus.DENIED
            and self.appeal_by is not None
            and on <= self.appeal_by
            and not self.appeals.exists()
        )

    def live_documents(self) -> models.QuerySet["Evidence"]:
        return self.documents.filter(withdrawn_at__isnull=True)


class Evidence(models.Model):
    """An uploaded document: evidence for an application, or documentation of an accommodation.

    Stored privately (see `hallmark.lib.storage`); withdrawn, never deleted.

    .. pii: file, original_name
    """

    owner = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        Application, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    criterion = models.ForeignKey(
        EligibilityCriterion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    accommodation = models.ForeignKey(
        AccommodationRequest,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="documents",
    )
    file = models.FileField(storage=private_storage, upload_to=stored_name, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "evidence"
        permissions = [("download_evidence", "Can open uploaded evidence and documentation")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(application__isnull=False) & Q(accommodation__isnull=True))
                | (Q(application__isnull=True) & Q(accommodation__isnull=False)),
                name="evidence_belongs_to_one_thing",
            ),
            models.CheckConstraint(
                condition=Q(application__isnull=False) | Q(criterion__isnull=True),
                name="evidence_criterion_only_for_applications",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name


class EmployerVerification(models.Model):
    """A reference who confirms the candidate's work, by a one-time link or through staff.

    Only a hash of the link's token is stored; the link works once, until `link_expires_at`.

    .. pii: reference_name, reference_email, employer, response_note
    """

    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="employer_verifications"
    )
    reference_name = models.CharField(max_length=200)
    reference_email = models.EmailField()
    employer = models.CharField("employer", max_length=200, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    link_expires_at = models.DateTimeField()
    status = models.CharField(
        max_length=20,
        choices=EmployerVerificationStatus.choices,
        default=EmployerVerificationStatus.REQUESTED,
    )
    responded_at = models.DateTimeField(null=True, blank=True)
    response_note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who recorded the answer by hand (empty: the employer used the link).",
    )

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            _valid("status", EmployerVerificationStatus, "employer_verification_status_valid"),
            models.UniqueConstraint(
                fields=["application"],
                condition=~Q(status=EmployerVerificationStatus.REPLACED),
                name="one_current_employer_verification",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        EmployerVerificationStatus.REQUESTED,
                        EmployerVerificationStatus.REPLACED,
                    ]
                )
                | Q(responded_at__isnull=False),
                name="employer_answer_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference_name} ({self.get_status_display()})"
