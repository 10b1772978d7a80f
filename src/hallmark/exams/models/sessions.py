"""Exam sessions: one sitting of one candidate on one form, with its responses and journal.

The server owns the clock: `deadline_at` is the moment the session ends (the time limit times
the accommodation's factor, moved on by pauses and added time). A response is stored by the
original option label of the item version ("B"), never by the shuffled position the candidate
saw, so that scoring reads keys and responses in the same terms.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hallmark.exams.data import LIVE_SESSION, SessionEventKind, SessionStatus
from hallmark.exams.models.exam_forms import Form, FormItem
from hallmark.exams.models.registrations import Registration

USER = settings.AUTH_USER_MODEL


class ExamSession(models.Model):
    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="session"
    )
    candidate = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="exam_sessions")
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="sessions")
    status = models.CharField(
        max_length=12, choices=SessionStatus.choices, default=SessionStatus.NOT_STARTED
    )
    seed = models.BigIntegerField(help_text="Seeds the option (and item) order; recorded.")
    item_order = models.JSONField(default=list, help_text="Form positions, in the order shown.")
    option_orders = models.JSONField(
        default=dict, help_text="Per form position: the option labels in the order shown."
    )
    time_factor = models.DecimalField(max_digits=3, decimal_places=2, default=Decimal(1))
    created_at = models.DateTimeField(default=timezone.now)
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_in_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    launch_code = models.CharField(
        max_length=12, blank=True, help_text="Given by the proctor at check-in, when needed."
    )
    agreement_accepted_at = models.DateTimeField(null=True, blank=True)
    device_token = models.CharField(
        max_length=64,
        blank=True,
        help_text="The digest of the exam cookie of the one device the exam runs on.",
    )
    device = models.JSONField(
        default=dict, blank=True, help_text="That device: its browser and address."
    )
    started_at = models.DateTimeField(null=True, blank=True)
    deadline_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    current_position = models.PositiveSmallIntegerField(
        default=0, help_text="Index into item_order of the item on screen."
    )
    last_sequence = models.PositiveIntegerField(
        default=0, help_text="The highest autosave sequence number acknowledged."
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by_server = models.BooleanField(
        default=False, help_text="Submitted at the deadline, not by the candidate."
    )
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    void_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [("proctor_session", "Can check in, pause, add time to and void sessions")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=SessionStatus.values), name="session_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=SessionStatus.SUBMITTED) | Q(submitted_at__isnull=False),
                name="session_submitted_has_time",
            ),
            models.CheckConstraint(
                condition=~Q(status=SessionStatus.VOIDED) | ~Q(void_reason=""),
                name="session_void_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[SessionStatus.IN_PROGRESS, SessionStatus.PAUSED])
                | Q(started_at__isnull=False, deadline_at__isnull=False),
                name="session_running_has_deadline",
            ),
            models.CheckConstraint(
                condition=~Q(status=SessionStatus.PAUSED) | Q(paused_at__isnull=False),
                name="session_paused_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} on {self.form}"

    @property
    def is_live(self) -> bool:
        return self.status in LIVE_SESSION

    @property
    def deadline(self) -> datetime.datetime:
        """The deadline of a session that has started (running or paused ones have one: the
        session_running_has_deadline constraint)."""
        if self.deadline_at is None:
            raise ValueError(f"{self} has not started: it has no deadline.")
        return self.deadline_at


class Response(models.Model):
    """A candidate's answer to one form position: the option label chosen, or none (omitted).

    A multiple-response answer is its labels, sorted and joined by "|" ("A|C")."""

    session = models.ForeignKey(ExamSession, on_delete=models.PROTECT, related_name="responses")
    form_item = models.ForeignKey(FormItem, on_delete=models.PROTECT, related_name="+")
    selected = models.CharField(
        max_length=11,
        blank=True,
        help_text='The option label of the item version, e.g. "B"; "A|C" for several.',
    )
    flagged = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(help_text="The autosave that last wrote it.")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "form_item__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "form_item"], name="response_one_per_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.form_item_id} = {self.selected or '—'}"


class SessionEvent(models.Model):
    """The session's journal: every event with server time, for reconstructing an incident."""

    session = models.ForeignKey(ExamSession, on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(max_length=12, choices=SessionEventKind.choices)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveIntegerField(null=True, blank=True)
    data = models.JSONField(default=dict, blank=True)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["session", "at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SessionEventKind.values), name="session_event_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.kind} at {self.at:%Y-%m-%d %H:%M:%S}"
