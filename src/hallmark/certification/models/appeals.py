"""Appeals against decisions that affect a person (ISO/IEC 17024 9.7), heard by an independent
panel, and the evidence appellants send with them.

An appeal names exactly one decision, through the foreign key of its subject's kind; a new kind
of decision is one more nullable key and one more entry in SUBJECT_FIELDS. Every state keeps who
moved the appeal there and when; nothing is deleted.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hallmark.certification.data import (
    OPEN_APPEAL,
    AppealOutcome,
    AppealStatus,
    AppealSubject,
)
from hallmark.certification.models.casework import Panel, step_at, step_by
from hallmark.certification.models.credentials import CertificationDecision, CredentialEvent
from hallmark.certification.models.recertification import (
    CEActivity,
    RenewalApplication,
    RenewalAudit,
)
from hallmark.lib.storage import private_storage, stored_name
from hallmark.programs.models import Program

USER = settings.AUTH_USER_MODEL

# The foreign key that names the decision, for each kind of subject.
SUBJECT_FIELDS: dict[str, str] = {
    AppealSubject.APPLICATION: "application",
    AppealSubject.ACCOMMODATION: "accommodation",
    AppealSubject.RESULT: "result",
    AppealSubject.CERTIFICATION: "certification_decision",
    AppealSubject.SUSPENSION: "credential_event",
    AppealSubject.REVOCATION: "credential_event",
    AppealSubject.RENEWAL: "renewal",
    AppealSubject.CE_ACTIVITY: "ce_activity",
    AppealSubject.AUDIT: "audit",
    AppealSubject.SANCTION: "discipline_case",
}
DECISION_FIELDS = sorted(set(SUBJECT_FIELDS.values()))

_AFTER_RECEIPT = [s for s in AppealStatus.values if s != AppealStatus.RECEIVED]
_REVIEWED = [AppealStatus.UNDER_REVIEW, AppealStatus.DECIDED, AppealStatus.CLOSED]
_DECIDED = [AppealStatus.DECIDED, AppealStatus.CLOSED]
# Appeals copied from before panels heard them keep their history without a panel.
_IMPORTED = ~Q(imported_from="")


def _names_its_decision() -> Q:
    """Exactly the foreign key of the appeal's subject is set."""
    condition = Q(pk__in=[])
    for subject, field in SUBJECT_FIELDS.items():
        others = {f"{other}__isnull": True for other in DECISION_FIELDS if other != field}
        condition |= Q(subject=subject, **{f"{field}__isnull": False}, **others)
    return condition


def _decision_fk(model: type[models.Model] | str) -> "models.ForeignKey[models.Model | None]":
    return models.ForeignKey(
        model, null=True, blank=True, on_delete=models.PROTECT, related_name="appeals"
    )


class AppealCounter(models.Model):
    """The last number used in a year's appeal references (locked when filing)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


class Appeal(models.Model):
    """A person's request that a decision about them be reviewed, and what the panel found.

    .. pii: grounds, outcome_reasons, applied
    """

    reference = models.CharField(max_length=20, unique=True)
    appellant = step_by("appeals_filed", null=False)
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    subject = models.CharField(max_length=20, choices=AppealSubject.choices)
    application = _decision_fk("exams.Application")
    accommodation = _decision_fk("exams.AccommodationRequest")
    result = _decision_fk("results.Result")
    certification_decision = _decision_fk(CertificationDecision)
    credential_event = _decision_fk(CredentialEvent)
    renewal = _decision_fk(RenewalApplication)
    ce_activity = _decision_fk(CEActivity)
    audit = _decision_fk(RenewalAudit)
    discipline_case = _decision_fk("certification.DisciplineCase")
    decision_summary = models.TextField(
        help_text="The decision appealed and its reason, as they stood when the appeal came."
    )
    decided_on = models.DateField(help_text="The day of the decision appealed.")
    appeal_by = models.DateField(help_text="The last day the decision could be appealed.")
    grounds = models.TextField(help_text="Why the appellant says the decision should change.")
    status = models.CharField(
        max_length=20, choices=AppealStatus.choices, default=AppealStatus.RECEIVED
    )
    received_at = models.DateTimeField(default=timezone.now)
    acknowledge_by = models.DateField()
    decide_by = models.DateField()
    acknowledged_at = step_at()
    acknowledged_by = step_by()
    panel = models.OneToOneField(
        Panel, null=True, blank=True, on_delete=models.PROTECT, related_name="appeal"
    )
    review_started_at = step_at(help_text="When the panel was complete.")
    outcome = models.CharField(max_length=20, blank=True, choices=AppealOutcome.choices)
    outcome_reasons = models.TextField(blank=True, help_text="Sent to the appellant.")
    applied = models.TextField(blank=True, help_text="The corrected decision, as applied.")
    decided_at = step_at()
    decided_by = step_by(help_text="The panel's chair, who recorded its outcome.")
    closed_at = step_at()
    closed_by = step_by()
    imported_from = models.CharField(
        max_length=100, blank=True, help_text="The record this appeal was copied from, if any."
    )
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language the appeal was filed in: every message about it is written in it.",
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        permissions = [("handle_appeal", "Can acknowledge, staff and close appeals")]
        constraints = [
            models.CheckConstraint(
                condition=Q(subject__in=AppealSubject.values), name="appeal_subject_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=AppealStatus.values), name="appeal_state_valid"
            ),
            models.CheckConstraint(
                condition=_names_its_decision(), name="appeal_names_one_decision"
            ),
            models.CheckConstraint(condition=~Q(grounds=""), name="appeal_has_grounds"),
            models.CheckConstraint(
                condition=Q(decide_by__gte=models.F("acknowledge_by")),
                name="appeal_deadlines_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=_AFTER_RECEIPT)
                | Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False)
                | _IMPORTED,
                name="appeal_acknowledged_by_someone",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=_REVIEWED)
                | Q(panel__isnull=False, review_started_at__isnull=False)
                | _IMPORTED,
                name="appeal_reviewed_by_a_panel",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status__in=_DECIDED)
                    & Q(outcome__in=AppealOutcome.values)
                    & ~Q(outcome_reasons="")
                    & Q(decided_at__isnull=False, decided_by__isnull=False)
                )
                | (~Q(status__in=_DECIDED) & Q(outcome="", decided_at__isnull=True)),
                name="appeal_decided_with_reasons",
            ),
            models.CheckConstraint(
                condition=~Q(outcome__in=[AppealOutcome.OVERTURNED, AppealOutcome.PARTIAL])
                | ~Q(applied=""),
                name="appeal_overturn_says_what_was_applied",
            ),
            models.CheckConstraint(
                condition=(Q(status=AppealStatus.CLOSED) & Q(closed_at__isnull=False))
                | (~Q(status=AppealStatus.CLOSED) & Q(closed_at__isnull=True)),
                name="appeal_closed_has_date",
            ),
            *[
                models.UniqueConstraint(
                    fields=[field],
                    condition=Q(status__in=OPEN_APPEAL),
                    name=f"one_open_appeal_per_{field}",
                    violation_error_message="This decision is already under appeal.",
                )
                for field in DECISION_FIELDS
            ],
        ]
        indexes = [models.Index(fields=["status", "decide_by"], name="appeal_queue")]

    def __str__(self) -> str:
        return f"{self.reference} ({self.get_subject_display()})"

    @property
    def decision(self) -> models.Model:
        """The decision appealed."""
        decision: models.Model = getattr(self, SUBJECT_FIELDS[self.subject])
        return decision


class AppealEvidence(models.Model):
    """A document the appellant sends with an appeal, stored privately; never deleted.

    .. pii: file, original_name
    """

    appeal = models.ForeignKey(Appeal, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(storage=private_storage, upload_to=stored_name, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name_plural = "appeal evidence"
        permissions = [("download_appeal_evidence", "Can open the evidence sent with appeals")]

    def __str__(self) -> str:
        return self.original_name
