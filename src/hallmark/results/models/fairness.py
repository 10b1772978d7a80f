"""DIF review: a content panel's decision on an item that a scoring run's DIF flagged C, and
the smallest group a program's DIF may show.

A decision is never edited: a later one supersedes it, so the record of who decided what and
why stays. A drop is also a key override (`KeyOverride`), so it reaches scoring like any other.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hallmark.exams.models import FormItem
from hallmark.programs.models import Program
from hallmark.results.models.scoring import KeyOverride, ScoringRun

USER = settings.AUTH_USER_MODEL

# Below this, a group's aggregate statistics could point to a person: no program may go lower.
DIF_GROUP_FLOOR = 10


class DifDecision(models.TextChoices):
    KEEP = "keep", "Keep: the difference is relevant to the competency"
    REVISE = "revise", "Revise before the item is used again (scored as it is now)"
    DROP = "drop", "Drop from scoring"


class DifPolicy(models.Model):
    """A program's smallest group shown in DIF (default: the HALLMARK_DIF_MIN_GROUP setting)."""

    program = models.OneToOneField(Program, on_delete=models.PROTECT, related_name="+")
    min_group = models.PositiveIntegerField(
        help_text="Groups with fewer candidates are neither analysed nor shown."
    )
    reason = models.TextField()
    set_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name_plural = "DIF policies"
        constraints = [
            models.CheckConstraint(
                condition=Q(min_group__gte=DIF_GROUP_FLOOR),
                name="dif_min_group_at_least_floor",
                violation_error_message=f"A DIF group is at least {DIF_GROUP_FLOOR} candidates.",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="dif_policy_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.program}: DIF groups of {self.min_group} or more"


class DifReview(models.Model):
    """The content panel's decision on one form position flagged C by a run's DIF."""

    run = models.ForeignKey(ScoringRun, on_delete=models.PROTECT, related_name="dif_reviews")
    form_item = models.ForeignKey(FormItem, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField(max_length=10, choices=DifDecision.choices)
    reason = models.TextField()
    key_override = models.ForeignKey(
        KeyOverride,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The drop from scoring this decision made.",
    )
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["form_item", "-at", "-pk"]
        permissions = [("review_dif", "Can record the content panel's DIF review decision")]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=DifDecision.values), name="dif_review_decision_valid"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="dif_review_has_reason"),
            models.UniqueConstraint(
                fields=["form_item"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_dif_review_per_item",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form_item}: {self.get_decision_display()}"
