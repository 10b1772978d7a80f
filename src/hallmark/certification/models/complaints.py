"""Complaints, their history, their attachments and the corrective actions they lead to.

Nothing here is deleted: a complaint moves through its states (received, acknowledged, under
investigation, closed), each step recording who and when, and its history is append-only. The
database refuses a state without the fields it needs (an out-of-scope complaint without its
reason, a closed one without its outcome).
"""

import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from hallmark.certification.complaints.data import (
    OPEN_COMPLAINT,
    ComplaintAbout,
    ComplaintEventKind,
    ComplaintStatus,
    Scope,
)
from hallmark.certification.models.casework import step_at, step_by
from hallmark.certification.models.credentials import Credential
from hallmark.lib.storage import private_storage
from hallmark.programs.models import Program

USER = settings.AUTH_USER_MODEL
_STATUS = ComplaintStatus


def _valid(field: str, choices: type[models.TextChoices], name: str) -> models.CheckConstraint:
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


class ComplaintSerial(models.Model):
    """The last serial of a year's complaint references (locked while a reference is given)."""

    year = models.PositiveSmallIntegerField(unique=True)
    last_serial = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_serial}"


class Complaint(models.Model):
    """A complaint about a certificant's conduct or about the certifying body (ISO/IEC 17024 9.8).

    The complainant may stay anonymous (no name, no email): then nobody can be written to.
    About a certificant, they may give only a name or a credential number; staff link the
    credential during triage.

    .. pii: complainant_name, complainant_email, certificant_name, credential_number_given,
       what_happened, scope_reason, outcome
    """

    reference = models.CharField(max_length=20, unique=True, help_text='e.g. "CMP-2026-0007".')
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    about = models.CharField(max_length=20, choices=ComplaintAbout.choices)
    credential = models.ForeignKey(
        Credential,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="complaints",
        help_text="The certificant's credential, linked by staff.",
    )
    certificant_name = models.CharField(
        "name of the person complained about", max_length=200, blank=True
    )
    credential_number_given = models.CharField("credential number given", max_length=40, blank=True)
    what_happened = models.TextField()
    happened_on = models.DateField("when it happened", null=True, blank=True)
    complainant_name = models.CharField(max_length=200, blank=True)
    complainant_email = models.EmailField(blank=True)
    received_at = models.DateTimeField(default=timezone.now)
    acknowledge_by = models.DateField(help_text="The last day to acknowledge the complaint.")
    close_by = models.DateField(help_text="The last day to close it with an outcome.")
    status = models.CharField(max_length=20, choices=_STATUS.choices, default=_STATUS.RECEIVED)
    acknowledged_at = step_at()
    acknowledged_by = step_by()
    scope = models.CharField(max_length=3, choices=Scope.choices, blank=True)
    scope_reason = models.TextField(
        blank=True, help_text="Why it is in or out of scope; told to the complainant when out."
    )
    triaged_at = step_at()
    triaged_by = step_by()
    outcome = models.TextField(blank=True, help_text="What the complainant is told at closing.")
    closed_at = step_at()
    closed_by = step_by()
    language = models.CharField(
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text="The language the complaint was filed in: every message about it is written in "
        "it.",
    )

    class Meta:
        ordering = ["-received_at", "-pk"]
        permissions = [
            (
                "handle_complaint",
                "Can handle complaints: acknowledge, triage, investigate, close, open attachments",
            )
        ]
        constraints = [
            _valid("status", ComplaintStatus, "complaint_status_valid"),
            _valid("about", ComplaintAbout, "complaint_about_valid"),
            models.CheckConstraint(
                condition=Q(scope="") | Q(scope__in=Scope.values), name="complaint_scope_valid"
            ),
            models.CheckConstraint(
                condition=Q(close_by__gte=F("acknowledge_by")),
                name="complaint_deadlines_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(about=ComplaintAbout.BODY)
                | Q(credential__isnull=True, certificant_name="", credential_number_given=""),
                name="complaint_about_body_names_nobody",
                violation_error_message="A complaint about the body names no certificant.",
            ),
            models.CheckConstraint(
                condition=~Q(about=ComplaintAbout.CERTIFICANT)
                | Q(credential__isnull=False)
                | ~Q(certificant_name="")
                | ~Q(credential_number_given=""),
                name="complaint_about_certificant_names_one",
                violation_error_message="Name the person, or give their credential number.",
            ),
            models.CheckConstraint(
                condition=Q(status=_STATUS.RECEIVED)
                | Q(acknowledged_at__isnull=False, acknowledged_by__isnull=False),
                name="complaint_acknowledged_has_who_when",
            ),
            models.CheckConstraint(
                condition=Q(scope="") | Q(triaged_at__isnull=False, triaged_by__isnull=False),
                name="complaint_triage_has_who_when",
            ),
            models.CheckConstraint(
                condition=~Q(status=_STATUS.INVESTIGATING) | Q(scope=Scope.IN_SCOPE),
                name="complaint_investigated_in_scope",
            ),
            models.CheckConstraint(
                condition=~Q(scope=Scope.OUT_OF_SCOPE)
                | (~Q(scope_reason="") & Q(status=_STATUS.CLOSED)),
                name="complaint_out_of_scope_has_reason",
                violation_error_message="An out-of-scope complaint is closed with the reason.",
            ),
            models.CheckConstraint(
                condition=~Q(status=_STATUS.CLOSED)
                | (
                    Q(closed_at__isnull=False, closed_by__isnull=False)
                    & ~Q(outcome="")
                    & ~Q(scope="")
                ),
                name="complaint_closed_has_outcome",
                violation_error_message="A closed complaint has its outcome, who and when.",
            ),
        ]
        indexes = [models.Index(fields=["program", "status"], name="complaint_queue")]

    def __str__(self) -> str:
        return self.reference

    @property
    def about_certificant(self) -> bool:
        """Whether it is about a certificant's conduct (a case for discipline, once in scope)."""
        return self.about == ComplaintAbout.CERTIFICANT

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_COMPLAINT

    @property
    def can_reply(self) -> bool:
        """Whether the complainant left an address to write to."""
        return bool(self.complainant_email)

    @property
    def next_deadline(self) -> Any:
        """The date the next step is due by: acknowledging, then closing; None once closed."""
        if self.status == _STATUS.RECEIVED:
            return self.acknowledge_by
        return self.close_by if self.is_open else None


def attachment_name(instance: "ComplaintAttachment", filename: str) -> str:
    """A random name under the upload month; the original name is kept in the database only."""
    extension = getattr(instance, "_extension", "") or "bin"
    return f"complaints/{instance.uploaded_at:%Y/%m}/{uuid.uuid4().hex}.{extension}"


class ComplaintAttachment(models.Model):
    """A document the complainant sent (PDF, PNG or JPEG, judged by its content), kept privately.

    .. pii: file, original_name
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="attachments")
    file = models.FileField(storage=private_storage, upload_to=attachment_name, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class HistoryError(ValidationError):
    """An attempt to change or delete a step of a complaint's history."""


class ComplaintEventQuerySet(models.QuerySet["ComplaintEvent"]):
    """Bulk updates and deletes bypass save(); on a complaint's history they are refused too."""

    def update(self, **kwargs: Any) -> int:
        raise HistoryError("A complaint's history never changes.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise HistoryError("A complaint's history is never deleted.")


class ComplaintEvent(models.Model):
    """One step of a complaint's history, investigation notes included: what, who, when, why.
    Append-only.

    .. pii: text
    """

    complaint = models.ForeignKey(Complaint, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=20, choices=ComplaintEventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = step_by(help_text="Empty: the complainant, through the public form.")
    text = models.TextField(blank=True)

    objects = ComplaintEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            _valid("kind", ComplaintEventKind, "complaint_event_kind_valid"),
            models.CheckConstraint(
                condition=~Q(kind=ComplaintEventKind.NOTE) | ~Q(text=""),
                name="complaint_note_has_text",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise HistoryError("A step of a complaint's history cannot change.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise HistoryError("A step of a complaint's history is never deleted.")


class CorrectiveAction(models.Model):
    """What will change after a complaint about the body's own process, who owns the change,
    by when, and, once done, how it was checked to work.

    .. pii: what, verification
    """

    complaint = models.ForeignKey(
        Complaint, on_delete=models.PROTECT, related_name="corrective_actions"
    )
    what = models.TextField("what will change")
    owner = step_by(null=False, help_text="Who makes the change.")
    due_on = models.DateField()
    planned_at = models.DateTimeField(default=timezone.now)
    planned_by = step_by(null=False)
    done_on = models.DateField(null=True, blank=True)
    verification = models.TextField(
        blank=True, help_text="How it was checked that the change works."
    )
    verified_at = step_at()
    verified_by = step_by()

    class Meta:
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True, verification="", verified_at__isnull=True)
                | (
                    Q(done_on__isnull=False, verified_at__isnull=False, verified_by__isnull=False)
                    & ~Q(verification="")
                ),
                name="corrective_action_done_is_verified",
                violation_error_message="A corrective action is done once it is verified.",
            ),
            models.CheckConstraint(condition=~Q(what=""), name="corrective_action_says_what"),
        ]

    def __str__(self) -> str:
        return f"{self.complaint}: {self.what[:60]}"

    @property
    def is_done(self) -> bool:
        return self.done_on is not None
