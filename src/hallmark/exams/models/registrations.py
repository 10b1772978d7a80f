"""Testing windows and registrations: the seats a program's exam is delivered in, who holds
them, and the accommodations each seat carries.

Nothing here is deleted: a cancellation, a move or a no-show is a new state that records who,
when and why. Dates that rules count in (attempts, expiries) are in the program's time zone.
"""

import datetime
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from hallmark.exams.data import (
    SEAT_HOLDING,
    AccommodationStatus,
    AttemptOutcome,
    DeliveryMode,
    RegistrationStatus,
)
from hallmark.exams.models.journey import USER, AccommodationRequest, Application, _valid
from hallmark.programs.models import Blueprint, Program


class TestingWindow(models.Model):
    """The period and mode in which a program's exam is delivered, with its seats.

    Forms in use: the frozen forms of this window's blueprint that it delivers.
    """

    __test__ = False  # the field's name starts with "Test": tell pytest it is no test class

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    blueprint = models.ForeignKey(Blueprint, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    delivery_mode = models.CharField(max_length=30, choices=DeliveryMode.choices)
    location = models.CharField(
        max_length=300, blank=True, help_text="Where: a test centre's address, or empty online."
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField()
    capacity = models.PositiveIntegerField(validators=[MinValueValidator(1)])
    launch_code_required = models.BooleanField(
        "proctor launch code needed",
        default=False,
        help_text="The candidate's exam starts only with a code a proctor gives.",
    )
    check_in_required = models.BooleanField(
        "proctor check-in needed",
        default=True,
        help_text="The candidate's exam starts only after a proctor (in the room or remote) "
        "has checked them in. A launch code always needs a check-in.",
    )
    changes_close_hours = models.PositiveSmallIntegerField(
        "candidate changes close (hours before the window closes)",
        default=24,
        help_text="Until then candidates may cancel or move a booking themselves; then only staff.",
    )
    created_at = models.DateTimeField(default=timezone.now)
    forms = models.ManyToManyField(
        "exams.Form", blank=True, related_name="windows", help_text="The forms in use."
    )
    # Named through settings, not USER, so the checker can resolve the model the set holds.
    proctors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="proctored_windows",
        help_text="The proctors who see this window's sessions and act on them; no other can.",
    )

    class Meta:
        ordering = ["opens_at", "pk"]
        constraints = [
            _valid("delivery_mode", DeliveryMode, "window_delivery_mode_valid"),
            models.CheckConstraint(
                condition=Q(closes_at__gt=F("opens_at")),
                name="window_closes_after_it_opens",
                violation_error_message="A window must close after it opens.",
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="window_capacity_positive"),
            models.UniqueConstraint(fields=["program", "name"], name="window_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def needs_check_in(self) -> bool:
        """The window's check-in rule: no exam starts before a proctor's check-in."""
        return self.check_in_required or self.launch_code_required

    def clean(self) -> None:
        wrong_program = (
            self.blueprint_id
            and self.program_id
            and (self.blueprint.outline.program_id != self.program_id)
        )
        if wrong_program:
            raise ValidationError({"blueprint": "This blueprint belongs to another program."})
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "A window must close after it opens."})

    def is_open(self, at: datetime.datetime) -> bool:
        return self.opens_at <= at < self.closes_at

    def seats_taken(self) -> int:
        return self.registrations.filter(status__in=SEAT_HOLDING).count()

    def seats_left(self) -> int:
        return max(self.capacity - self.seats_taken(), 0)

    def changes_close_at(self) -> datetime.datetime:
        return self.closes_at - datetime.timedelta(hours=self.changes_close_hours)


class Registration(models.Model):
    """A seat in a testing window, and the authorization to test it grants.

    Approved accommodations are attached (`accommodations`) when the seat is booked or when an
    accommodation is approved later; the exam session reads them from here. `sat_on` is the date
    of the attempt in the program's time zone: the retake rule counts attempts from it.
    """

    candidate = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="registrations")
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(
        Application, on_delete=models.PROTECT, related_name="registrations"
    )
    window = models.ForeignKey(
        TestingWindow, on_delete=models.PROTECT, related_name="registrations"
    )
    status = models.CharField(
        max_length=20, choices=RegistrationStatus.choices, default=RegistrationStatus.BOOKED
    )
    booked_at = models.DateTimeField(default=timezone.now)
    booked_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    authorization_code = models.CharField(max_length=20, unique=True)
    authorization_expires_at = models.DateTimeField()
    changed_at = models.DateTimeField(null=True, blank=True)
    changed_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    change_reason = models.TextField(blank=True)
    rescheduled_from = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rescheduled_to",
        help_text="The booking this one replaced when the candidate moved windows.",
    )
    sat_on = models.DateField(null=True, blank=True)
    attempt_outcome = models.CharField(
        max_length=10, choices=AttemptOutcome.choices, default=AttemptOutcome.UNKNOWN
    )
    accommodations = models.ManyToManyField(
        AccommodationRequest, through="RegistrationAccommodation", related_name="registrations"
    )

    class Meta:
        ordering = ["-booked_at", "-pk"]
        permissions = [("manage_registration", "Can cancel, move or close a registration")]
        constraints = [
            _valid("status", RegistrationStatus, "registration_status_valid"),
            _valid("attempt_outcome", AttemptOutcome, "registration_outcome_valid"),
            models.UniqueConstraint(
                fields=["candidate", "program"],
                condition=Q(status=RegistrationStatus.BOOKED),
                name="one_booking_per_program",
                violation_error_message="You already have a booking for this program.",
            ),
            models.CheckConstraint(
                condition=~Q(status=RegistrationStatus.SAT) | Q(sat_on__isnull=False),
                name="sat_registration_has_a_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.authorization_code} — {self.candidate} in {self.window}"

    def authorized(self, at: datetime.datetime) -> bool:
        """Whether the candidate may start the exam at this moment."""
        return (
            self.status == RegistrationStatus.BOOKED
            and self.window.is_open(at)
            and at < self.authorization_expires_at
        )

    def approved_accommodations(self) -> list[AccommodationRequest]:
        return [
            a
            for a in self.accommodations.order_by("kind")
            if a.status == AccommodationStatus.APPROVED
        ]

    @property
    def time_factor(self) -> Decimal:
        """The multiplier of the exam's time limit (1 without an extra-time accommodation)."""
        factors = [a.time_factor for a in self.approved_accommodations() if a.time_factor]
        return max(factors, default=Decimal(1))


class RegistrationAccommodation(models.Model):
    """An approved accommodation as it applies to one registration."""

    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="+")
    accommodation = models.ForeignKey(
        AccommodationRequest, on_delete=models.PROTECT, related_name="+"
    )
    attached_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "accommodation"], name="accommodation_attached_once"
            ),
        ]

    def __str__(self) -> str:
        return self.accommodation.summary
