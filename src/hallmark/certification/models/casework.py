"""Panels of independent reviewers, who hear appeals and discipline cases, and the conflicts of
interest they declare (ISO/IEC 17024 9.7: the people who hear an appeal did not take the
decision appealed and have no interest in it).

A seat records who assigned the reviewer and when; a vote, once cast, is kept as cast. Nothing
here is deleted: a reviewer who steps down keeps the seat, marked with when and why.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q

from hallmark.certification.data import VOTES, PanelPurpose

USER = settings.AUTH_USER_MODEL
_ALL_VOTES = sorted({value for choices in VOTES.values() for value in choices.values})


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
