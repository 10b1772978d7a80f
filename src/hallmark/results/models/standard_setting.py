"""A modified-Angoff study of one form: panelists (who sign first), rounds, ratings, Hofstee."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hallmark.exams.models import Form, FormItem
from hallmark.results.data import RATING_CHOICES, StudyStatus

USER = settings.AUTH_USER_MODEL


class Study(models.Model):
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="studies")
    title = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=StudyStatus.choices, default="open")
    created_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name_plural = "studies"
        permissions = [("run_study", "Can run standard-setting studies")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=StudyStatus.values), name="study_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def current_round(self) -> "Round | None":
        return self.rounds.order_by("-number").first()


class Panelist(models.Model):
    """A subject-matter expert on the panel; rates only after signing the statements.

    .. pii: person, conflicts
    """

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="panelists")
    person = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="panel_seats")
    invited_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    invited_at = models.DateTimeField(default=timezone.now)
    statement_version = models.CharField(max_length=20, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)
    conflicts = models.TextField(blank=True, help_text="Interests declared; empty: none.")

    class Meta:
        ordering = ["study", "person__legal_name"]
        constraints = [
            models.UniqueConstraint(fields=["study", "person"], name="panelist_once_per_study"),
        ]

    def __str__(self) -> str:
        return f"{self.person} on {self.study}"

    @property
    def has_signed(self) -> bool:
        return self.signed_at is not None


class Round(models.Model):
    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField()
    opened_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["study", "number"]
        constraints = [
            models.UniqueConstraint(fields=["study", "number"], name="round_number_unique"),
            models.CheckConstraint(
                condition=Q(number__gte=1) & Q(number__lte=3), name="round_one_to_three"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.study}: round {self.number}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Rating(models.Model):
    """A panelist's probability that a minimally competent candidate answers right."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="ratings")
    panelist = models.ForeignKey(Panelist, on_delete=models.PROTECT, related_name="ratings")
    form_item = models.ForeignKey(FormItem, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=3, decimal_places=2)
    not_sure = models.BooleanField(default=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["round", "panelist", "form_item__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "panelist", "form_item"], name="rating_once_per_item_per_round"
            ),
            models.CheckConstraint(
                condition=Q(value__in=[value for value, _ in RATING_CHOICES]),
                name="rating_in_steps_of_005",
                violation_error_message="A rating is 0 to 1 in steps of 0.05.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.panelist}: {self.form_item} = {self.value}"


class HofsteeJudgement(models.Model):
    """A panelist's acceptable cut (percent correct) and fail-rate (percent) ranges."""

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="hofstee")
    panelist = models.ForeignKey(Panelist, on_delete=models.PROTECT, related_name="+")
    lowest_cut = models.PositiveSmallIntegerField()
    highest_cut = models.PositiveSmallIntegerField()
    lowest_fail = models.PositiveSmallIntegerField()
    highest_fail = models.PositiveSmallIntegerField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["study", "panelist"], name="hofstee_once_per_panelist"),
            models.CheckConstraint(
                condition=Q(lowest_cut__lt=models.F("highest_cut"), highest_cut__lte=100),
                name="hofstee_cut_range",
            ),
            models.CheckConstraint(
                condition=Q(lowest_fail__lt=models.F("highest_fail"), highest_fail__lte=100),
                name="hofstee_fail_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.panelist}: Hofstee"
