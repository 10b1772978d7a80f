"""What appeals, complaints and discipline cases share: the fields of a step (who took it,
when), the yearly serial of their references (APL-2026-0001, CMP-…, DSC-…), and the panels of
independent reviewers who hear appeals and discipline cases, with the conflicts of interest
they declare (ISO/IEC 17024 9.7: the people who hear an appeal did not take the decision
appealed and have no interest in it).

A seat records who assigned the reviewer and when; a vote, once cast, is kept as cast. Nothing
here is deleted: a reviewer who steps down keeps the seat, marked with when and why.
"""

from typing import TYPE_CHECKING, Any, Literal, overload

from django.conf import settings
from django.db import models
from django.db.models import Q

from hallmark.certification.data import VOTES, PanelPurpose

if TYPE_CHECKING:
    from hallmark.accounts.models import User

USER = settings.AUTH_USER_MODEL
_ALL_VOTES = sorted({value for choices in VOTES.values() for value in choices.values})


def step_at(help_text: str = "") -> "models.DateTimeField[Any, Any]":
    """When a step was taken (empty until it is)."""
    return models.DateTimeField(null=True, blank=True, help_text=help_text)


@overload
def step_by(
    related_name: str = "+", *, null: Literal[True] = True, help_text: str = ""
) -> "models.ForeignKey[User | None, User | None]": ...


@overload
def step_by(
    related_name: str = "+", *, null: Literal[False], help_text: str = ""
) -> "models.ForeignKey[User, User]": ...


def step_by(related_name: str = "+", *, null: bool = True, help_text: str = "") -> Any:
    """Who took a step (empty until it is, where `null`); a person is never deleted."""
    return models.ForeignKey(
        USER,
        null=null,
        blank=null,
        on_delete=models.PROTECT,
        related_name=related_name,
        help_text=help_text,
    )


def next_reference(serials: type[models.Model], prefix: str, year: int, *, field: str) -> str:
    """The next reference of a year ("APL-2026-0007"), from the model `serials` that keeps, per
    `year`, the last serial given in `field`. Insert-or-nothing, then lock the year's row: two
    references given at once never share a number. Called inside the caller's transaction."""
    manager = serials._default_manager
    manager.bulk_create([serials(year=year)], ignore_conflicts=True)
    row = manager.select_for_update().get(year=year)
    serial = getattr(row, field) + 1
    setattr(row, field, serial)
    row.save(update_fields=[field])
    return f"{prefix}-{year}-{serial:04d}"


class Panel(models.Model):
    """The reviewers who hear one appeal or one discipline case; the chair records the outcome."""

    purpose = models.CharField(max_length=20, choices=PanelPurpose.choices)
    size = models.PositiveSmallIntegerField(
        help_text="Reviewers the policy in force asked for, the chair included."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(purpose__in=PanelPurpose.values), name="panel_purpose_valid"
            ),
            models.CheckConstraint(condition=Q(size__gte=1), name="panel_size_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} panel {self.pk}"

    def sitting(self) -> models.QuerySet["PanelSeat"]:
        """The seats of reviewers who have not stepped down."""
        return self.seats.filter(stepped_down_at__isnull=True)


class PanelSeat(models.Model):
    """One reviewer's place on a panel, and their vote.

    .. pii: vote_reason
    """

    panel = models.ForeignKey(Panel, on_delete=models.PROTECT, related_name="seats")
    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="review_seats")
    chair = models.BooleanField(default=False)
    assigned_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    assigned_at = models.DateTimeField(auto_now_add=True)
    vote = models.CharField(max_length=20, blank=True, choices=[(v, v) for v in _ALL_VOTES])
    vote_reason = models.TextField(blank=True)
    voted_at = models.DateTimeField(null=True, blank=True)
    stepped_down_at = models.DateTimeField(null=True, blank=True)
    stepped_down_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["panel", "-chair", "assigned_at", "pk"]
        permissions = [
            ("assign_panel", "Can assign reviewers to an appeal or hearing panel"),
            ("sit_on_panel", "Can sit on an appeal or hearing panel"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["panel", "reviewer"], name="panel_seat_once"),
            models.UniqueConstraint(
                fields=["panel"],
                condition=Q(chair=True, stepped_down_at__isnull=True),
                name="panel_one_chair",
            ),
            models.CheckConstraint(
                condition=Q(vote="")
                | (Q(vote__in=_ALL_VOTES) & Q(voted_at__isnull=False) & ~Q(vote_reason="")),
                name="panel_vote_with_reason",
            ),
            models.CheckConstraint(
                condition=Q(stepped_down_at__isnull=True) | ~Q(stepped_down_reason=""),
                name="panel_step_down_with_reason",
            ),
        ]

    def __str__(self) -> str:
        role = "chair" if self.chair else "member"
        return f"{self.reviewer} ({role}, {self.panel})"


class ConflictOfInterest(models.Model):
    """A reviewer's declaration that they may not judge a person's case fairly (a colleague, a
    relative, a competitor). It bars them from every panel that hears that person.

    .. pii: reason
    """

    reviewer = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="conflicts_declared")
    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-declared_at", "-pk"]
        verbose_name = "conflict of interest"
        verbose_name_plural = "conflicts of interest"
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="conflict_reason_given"),
            models.CheckConstraint(
                condition=~Q(reviewer=models.F("person")), name="conflict_not_with_oneself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} declared a conflict with {self.person}"
