"""Recertification: cycles, continuing education, providers' approved courses, renewal
applications, audits, and the notices sent about them.

Nothing is deleted: an activity is reviewed (accepted, reduced or rejected with a reason), a
renewal is approved or refused with a reason, a cycle is closed with its outcome. What a
certificant uploads is stored privately (no URL; a view checks who asks).
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from hallmark.accounts.data import DeliveryStatus
from hallmark.certification.data import (
    OPEN_RENEWAL_STATUSES,
    REMINDER_KINDS,
    ActivityStatus,
    AuditOutcome,
    CourseStatus,
    CycleOutcome,
    EvidenceKind,
    NoticeKind,
    RenewalRoute,
    RenewalStatus,
)
from hallmark.certification.models.credentials import Credential
from hallmark.certification.recertification.cycles import CycleDates
from hallmark.lib.storage import StoredName, private_storage
from hallmark.programs.data import FeeKind, FeeStatus
from hallmark.programs.models import CECategory, Program, RecertificationPolicy

USER = settings.AUTH_USER_MODEL

# The policy's own defaults, for a program that has no recertification policy yet.
DEFAULT_WINDOW_MONTHS, DEFAULT_GRACE_DAYS, DEFAULT_REINSTATEMENT_DAYS = 9, 30, 365


def _by(related_name: str = "+") -> models.ForeignKey:
    return models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name=related_name
    )


# The documents' upload_to; migration 0003 names it by this path.
stored_document_name = StoredName("recertification")


class StoredDocument(models.Model):
    """An uploaded document (PDF, PNG or JPEG, judged by its content), stored privately.

    .. pii: file, original_name
    """

    evidence_kind = models.CharField(
        max_length=20, choices=EvidenceKind.choices, default=EvidenceKind.COMPLETION
    )
    file = models.FileField(
        storage=private_storage, upload_to=stored_document_name, max_length=200, blank=True
    )
    original_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=50, blank=True)
    size = models.PositiveIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        abstract = True

    @property
    def has_file(self) -> bool:
        return bool(self.file)


class Cycle(models.Model):
    """A credential's validity period, from start to expiry, under the recertification policy
    in force when it started. Renewal closes it and opens the next one."""

    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="cycles")
    sequence = models.PositiveSmallIntegerField()
    starts_on = models.DateField()
    expires_on = models.DateField()
    policy = models.ForeignKey(
        RecertificationPolicy,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The policy version in force when the cycle started; it governs the cycle.",
    )
    outcome = models.CharField(
        max_length=20, choices=CycleOutcome.choices, default=CycleOutcome.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["credential", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "sequence"], name="cycle_sequence_unique"
            ),
            models.UniqueConstraint(
                fields=["credential"],
                condition=Q(outcome=CycleOutcome.OPEN),
                name="one_open_cycle_per_credential",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__gt=F("starts_on")), name="cycle_expires_after_start"
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=CycleOutcome.values), name="cycle_outcome_valid"
            ),
            models.CheckConstraint(
                condition=(Q(outcome=CycleOutcome.OPEN) & Q(closed_at__isnull=True))
                | (~Q(outcome=CycleOutcome.OPEN) & Q(closed_at__isnull=False)),
                name="closed_cycle_has_date",
            ),
        ]
        indexes = [models.Index(fields=["outcome", "expires_on"])]

    def __str__(self) -> str:
        number = self.credential.number
        return f"{number} cycle {self.sequence} ({self.starts_on} to {self.expires_on})"

    @property
    def program(self) -> Program:
        return self.credential.program

    @property
    def is_open(self) -> bool:
        return self.outcome == CycleOutcome.OPEN

    def dates(self) -> CycleDates:
        policy = self.policy
        return CycleDates.of(
            self.starts_on,
            self.expires_on,
            window_months=policy.window_opens_months_before if policy else DEFAULT_WINDOW_MONTHS,
            grace_days=policy.grace_days if policy else DEFAULT_GRACE_DAYS,
            reinstatement_days=policy.reinstatement_days if policy else DEFAULT_REINSTATEMENT_DAYS,
        )

    def open_renewal(self) -> "RenewalApplication | None":
        return self.renewals.filter(status__in=OPEN_RENEWAL_STATUSES).first()


class CEProvider(models.Model):
    """An organisation that offers continuing education and asks to have courses pre-approved.

    .. pii: contact_name, email
    """

    name = models.CharField(max_length=200, unique=True)
    contact_name = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    website = models.URLField(blank=True)
    account = models.ForeignKey(
        USER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="ce_providers",
        help_text="The account that applies for the provider's courses.",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = "CE provider"

    def __str__(self) -> str:
        return self.name


class ProviderCourse(models.Model):
    """A provider's course, submitted for pre-approval; approved courses carry a code that
    certificants enter, and their activities are accepted on entry."""

    provider = models.ForeignKey(CEProvider, on_delete=models.PROTECT, related_name="courses")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    category_code = models.CharField(
        max_length=30, help_text="The CE category the course counts in (its code)."
    )
    offered_from = models.DateField()
    offered_until = models.DateField()
    status = models.CharField(
        max_length=20, choices=CourseStatus.choices, default=CourseStatus.SUBMITTED
    )
    submitted_by = _by()
    submitted_at = models.DateTimeField(default=timezone.now)
    decided_by = _by()
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    code = models.CharField(max_length=20, null=True, blank=True, unique=True)
    approved_until = models.DateField(
        null=True, blank=True, help_text="Activities completed after this day are not accepted."
    )

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = "provider course"
        permissions = [("decide_providercourse", "Can approve or decline a provider's course")]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="course_hours_positive"),
            models.CheckConstraint(
                condition=Q(offered_until__gte=F("offered_from")), name="course_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=CourseStatus.values), name="course_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=CourseStatus.APPROVED)
                | (
                    Q(code__isnull=False)
                    & Q(approved_until__isnull=False)
                    & Q(decided_at__isnull=False)
                ),
                name="approved_course_has_code_and_expiry",
            ),
            models.CheckConstraint(
                condition=~Q(status=CourseStatus.DECLINED)
                | (~Q(reason="") & Q(decided_at__isnull=False)),
                name="declined_course_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.provider})"

    def accepts_on(self, day: datetime.date) -> bool:
        """Whether an activity completed on ``day`` is pre-approved under this course."""
        return (
            self.status == CourseStatus.APPROVED
            and self.approved_until is not None
            and self.offered_from <= day <= self.approved_until
        )


class CEActivity(StoredDocument):
    """One continuing-education activity a certificant logged for a cycle, with its evidence
    (typically a certificate of attendance or completion, kept as what it is).

    .. pii: title, file, original_name
    """

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="activities")
    category = models.ForeignKey(CECategory, on_delete=models.PROTECT, related_name="+")
    course = models.ForeignKey(
        ProviderCourse, null=True, blank=True, on_delete=models.PROTECT, related_name="activities"
    )
    title = models.CharField(max_length=200)
    provider_name = models.CharField(max_length=200)
    started_on = models.DateField()
    completed_on = models.DateField()
    hours = models.DecimalField(max_digits=6, decimal_places=2)
    status = models.CharField(
        max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PENDING
    )
    hours_accepted = models.DecimalField(max_digits=6, decimal_places=2, null=True, blank=True)
    logged_at = models.DateTimeField(default=timezone.now)
    logged_by = _by()
    reviewed_by = _by()
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["cycle", "completed_on", "pk"]
        verbose_name = "CE activity"
        verbose_name_plural = "CE activities"
        permissions = [
            ("review_ceactivity", "Can accept, reduce or reject a CE activity"),
            ("download_ce_evidence", "Can open certificants' CE and audit evidence"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(hours__gt=0), name="ce_activity_hours_positive"),
            models.CheckConstraint(
                condition=Q(completed_on__gte=F("started_on")), name="ce_activity_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ActivityStatus.values), name="ce_activity_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status=ActivityStatus.PENDING) & Q(hours_accepted__isnull=True))
                | (
                    ~Q(status=ActivityStatus.PENDING)
                    & Q(hours_accepted__gte=0)
                    & Q(hours_accepted__lte=F("hours"))
                ),
                name="ce_activity_hours_accepted_when_reviewed",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[ActivityStatus.REDUCED, ActivityStatus.REJECTED])
                | (~Q(review_reason="") & Q(reviewed_by__isnull=False)),
                name="ce_activity_reduction_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.hours} h, {self.get_status_display().lower()})"


class AuditSeed(models.Model):
    """The secret seed a program's renewal audit sample is drawn from; each draw is recorded
    with its application, so the sample can be reproduced."""

    program = models.OneToOneField(Program, on_delete=models.PROTECT, related_name="+")
    seed = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.program.designation} audit seed"


class RenewalApplication(models.Model):
    """A request to start a new cycle: by continuing education, by re-examination, or by
    reinstatement after expiry."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="renewals")
    route = models.CharField(max_length=20, choices=RenewalRoute.choices)
    status = models.CharField(
        max_length=20, choices=RenewalStatus.choices, default=RenewalStatus.SUBMITTED
    )
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = _by()
    conduct_version = models.CharField(
        max_length=40, blank=True, help_text="The code of conduct the certificant attested to."
    )
    attested_at = models.DateTimeField(null=True, blank=True)
    activities = models.JSONField(
        default=list, blank=True, help_text="The activities confirmed, as they stood."
    )
    credits = models.DecimalField(max_digits=7, decimal_places=2, default=0)
    passed_on = models.DateField(null=True, blank=True, help_text="For a renewal by re-exam.")
    fee_kind = models.CharField(
        max_length=100, blank=True, help_text='The fee kinds due, e.g. "renewal + late renewal".'
    )
    fee_amount = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)
    fee_currency = models.CharField(max_length=3, blank=True)
    fee_status = models.CharField(max_length=10, choices=FeeStatus.choices, default=FeeStatus.NONE)
    fee_recorded_by = _by()
    fee_recorded_at = models.DateTimeField(null=True, blank=True)
    audit_seed = models.CharField(max_length=64, blank=True)
    audit_draw = models.DecimalField(max_digits=7, decimal_places=6, null=True, blank=True)
    audit_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    decided_by = _by()
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        permissions = [
            ("decide_renewal", "Can approve or refuse a renewal"),
            ("record_renewal_fee", "Can record a renewal fee as paid or waived"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["cycle"],
                condition=Q(status__in=OPEN_RENEWAL_STATUSES),
                name="one_open_renewal_per_cycle",
                violation_error_message="This cycle already has a renewal application open.",
            ),
            models.UniqueConstraint(
                fields=["cycle"],
                condition=Q(status=RenewalStatus.APPROVED),
                name="one_approved_renewal_per_cycle",
            ),
            models.CheckConstraint(
                condition=Q(route__in=RenewalRoute.values), name="renewal_route_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=RenewalStatus.values), name="renewal_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=OPEN_RENEWAL_STATUSES) | Q(decided_at__isnull=False),
                name="decided_renewal_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=RenewalStatus.REFUSED) | ~Q(reason=""),
                name="refused_renewal_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(route=RenewalRoute.EXAM) | Q(passed_on__isnull=False),
                name="renewal_by_exam_has_pass",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cycle.credential.number} renewal ({self.get_route_display().lower()})"

    @property
    def fee_kind_label(self) -> str:
        """The fee kinds due in the reader's language ("renewal + late renewal" is stored)."""
        kinds = [kind for kind in self.fee_kind.split(" + ") if kind]
        return " + ".join(
            str(FeeKind(kind).label).lower() if kind in FeeKind.values else kind for kind in kinds
        )


class RenewalAudit(models.Model):
    """An audit of a renewal drawn into the sample: evidence requested, received, then passed or
    failed with a reason."""

    application = models.OneToOneField(
        RenewalApplication, on_delete=models.PROTECT, related_name="audit"
    )
    outcome = models.CharField(
        max_length=20, choices=AuditOutcome.choices, default=AuditOutcome.EVIDENCE_REQUESTED
    )
    requested_at = models.DateTimeField(default=timezone.now)
    requested_by = _by()
    request_note = models.TextField(blank=True)
    evidence_due_on = models.DateField(null=True, blank=True)
    decided_by = _by()
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["requested_at", "pk"]
        permissions = [("decide_audit", "Can request audit evidence and pass or fail an audit")]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=AuditOutcome.values), name="audit_outcome_valid"
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=[AuditOutcome.PASSED, AuditOutcome.FAILED])
                | (~Q(reason="") & Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="decided_audit_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"audit of {self.application} ({self.get_outcome_display().lower()})"

    @property
    def is_decided(self) -> bool:
        return self.outcome in (AuditOutcome.PASSED, AuditOutcome.FAILED)


class AuditEvidence(StoredDocument):
    """A document uploaded for an audit, optionally for one of the activities listed."""

    audit = models.ForeignKey(RenewalAudit, on_delete=models.PROTECT, related_name="evidence")
    activity = models.ForeignKey(
        CEActivity, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = _by()

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "audit evidence"

    def __str__(self) -> str:
        return self.original_name


class Notice(models.Model):
    """A message to a certificant about a cycle, as sent. A reminder is sent at most once per
    cycle and kind (the constraint makes a second send fail, even from a second process).

    .. pii: to, subject, body
    """

    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="notices")
    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="notices")
    kind = models.CharField(max_length=30, choices=NoticeKind.choices)
    due_on = models.DateField(null=True, blank=True)
    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    sent_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices)
    error = models.TextField(blank=True)
    message = models.OneToOneField(
        "accounts.SentMessage",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="notice",
        help_text="Its mail in the outbox (none for notices recorded before the outbox).",
    )

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "cycle", "kind"],
                condition=Q(kind__in=REMINDER_KINDS),
                name="reminder_sent_once_per_cycle",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NoticeKind.values), name="notice_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.credential.number}: {self.get_kind_display()}"
