"""Equatings: how a form's raw scores are carried to its base form's raw scale.

A program's standard is set once, on its base form (the form of its current cut decision);
every other form reaches it through an approved equating. An equating keeps every candidate
method's conversion table so the choice can be checked later; it is never edited: a later
equating supersedes it, and a key change on either form invalidates it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hallmark.exams.models import Form, TestingWindow
from hallmark.results.data import EquatingDesign, EquatingStatus
from hallmark.results.models.scoring import CutScoreDecision

USER = settings.AUTH_USER_MODEL
OPEN = (EquatingStatus.PROPOSED, EquatingStatus.APPROVED)


class EquatingQuerySet(models.QuerySet["Equating"]):
    def touching(self, form: Form) -> "EquatingQuerySet":
        """Open equatings of `form` or to it (as their base form)."""
        return self.filter(Q(form=form) | Q(base_form=form), status__in=OPEN)

    def invalidate(self, why: str) -> int:
        return self.filter(status__in=OPEN).update(
            status=EquatingStatus.INVALIDATED, invalidated_at=timezone.now(), invalidated_why=why
        )


class Equating(models.Model):
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="equatings")
    base_form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="+")
    design = models.CharField(max_length=16, choices=EquatingDesign.choices)
    window = models.ForeignKey(
        TestingWindow,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Where the form's responses came from (none for pre-equating).",
    )
    base_window = models.ForeignKey(
        TestingWindow,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Where the base form's responses came from (none for pre-equating).",
    )
    base_cut = models.ForeignKey(
        CutScoreDecision,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The standard carried: the base form's cut decision.",
    )
    methods = models.JSONField(
        help_text="Per candidate method: the conversion table (score, equated, se), the "
        "moments, and the raw cut it gives (or why it is undefined)."
    )
    status = models.CharField(
        max_length=12, choices=EquatingStatus.choices, default=EquatingStatus.PROPOSED
    )
    key_version = models.PositiveIntegerField(help_text="The form's key overrides applied.")
    base_key_version = models.PositiveIntegerField(help_text="The base form's overrides applied.")
    base_raw_cut = models.PositiveIntegerField(help_text="The base form's whole raw cut.")
    base_max_raw = models.PositiveIntegerField()
    max_raw = models.PositiveIntegerField()
    computed_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    computed_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=30, blank=True, help_text="The approved method.")
    raw_cut = models.PositiveIntegerField(
        null=True, blank=True, help_text="The whole raw cut on this form the approved method gives."
    )
    equated_cut = models.FloatField(
        null=True, blank=True, help_text="That raw cut on the base form's raw scale."
    )
    scaled_cut = models.PositiveIntegerField(
        null=True, blank=True, help_text="The passing scaled score: the same on every form."
    )
    approved_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True, help_text="Why this method.")
    superseded_at = models.DateTimeField(null=True, blank=True)
    invalidated_at = models.DateTimeField(null=True, blank=True)
    invalidated_why = models.TextField(blank=True)

    objects = EquatingQuerySet.as_manager()

    class Meta:
        ordering = ["form", "-computed_at", "-pk"]
        permissions = [("equate", "Can equate forms and approve an equating method")]
        constraints = [
            models.CheckConstraint(
                condition=Q(design__in=EquatingDesign.values), name="equating_design_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=EquatingStatus.values), name="equating_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(form=models.F("base_form")), name="equating_to_another_form"
            ),
            models.UniqueConstraint(
                fields=["form"],
                condition=Q(status=EquatingStatus.APPROVED),
                name="one_approved_equating_per_form",
            ),
            models.CheckConstraint(
                condition=Q(approved_at__isnull=True)
                | (
                    Q(approved_by__isnull=False, raw_cut__isnull=False, scaled_cut__isnull=False)
                    & ~Q(method="")
                    & ~Q(reason="")
                ),
                name="approved_equating_has_method_who_and_why",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form.code} to {self.base_form.code} ({self.get_design_display()})"

    @property
    def table(self) -> list[dict]:
        """The approved method's conversion table (empty before approval)."""
        return list(self.methods.get(self.method, {}).get("table", [])) if self.method else []
