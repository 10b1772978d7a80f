"""A practice (job) analysis study: the panel's review of a draft outline, the survey that rates
its statements, and the analysis that weights the next outline version.

Nothing a study went through is deleted: foreign keys PROTECT, exclusions are flags with who,
when and why, and the draft outline's statement edits are kept as panel comments.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from hallmark.jobanalysis.data import (
    BorderlineDecision,
    CommentPhase,
    ExclusionReason,
    ResponseChannel,
    ScaleKey,
    StudyStatus,
)
from hallmark.programs.models import Competency, ContentOutline, Domain, Program
from hallmark.psychometrics.job_analysis import WEIGHT_FORMULAS

FORMULA_CHOICES = [(name, name.capitalize()) for name in WEIGHT_FORMULAS]
USER = settings.AUTH_USER_MODEL


class Study(models.Model):
    """One practice analysis of a program, starting from a draft outline version."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="studies")
    title = models.CharField(max_length=200)
    draft_outline = models.ForeignKey(
        ContentOutline,
        on_delete=models.PROTECT,
        related_name="studies",
        help_text="The draft outline whose statements the panel reviews and the survey rates.",
    )
    status = models.CharField(max_length=20, choices=StudyStatus.choices, default=StudyStatus.DRAFT)
    estimated_minutes = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(1)], help_text="Told to respondents."
    )
    screening_question = models.CharField(
        max_length=300,
        default="Do you work now, or have you worked in the last two years, in this field?",
        help_text="Asked first on the open link: a respondent who answers no rates nothing.",
    )
    minimum_mean_importance = models.DecimalField(
        max_digits=4, decimal_places=2, default=Decimal("2.50")
    )
    minimum_percent_performing = models.DecimalField(
        max_digits=5, decimal_places=1, default=Decimal("50.0")
    )
    weight_formula = models.CharField(
        max_length=60, choices=FORMULA_CHOICES, default="importance x frequency"
    )
    subgroup_threshold = models.DecimalField(
        max_digits=4,
        decimal_places=2,
        default=Decimal("0.50"),
        help_text="A subgroup mean this far (scale points) from everyone's is flagged.",
    )
    minimum_subgroup_n = models.PositiveSmallIntegerField(default=10)
    exam_length = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text="Scored items of the blueprint the adopted outline gets.",
    )
    exam_minutes = models.PositiveSmallIntegerField(
        default=180, validators=[MinValueValidator(1)], help_text="That blueprint's time limit."
    )
    exam_pretest_length = models.PositiveSmallIntegerField(
        default=0, help_text="Unscored pretest items that blueprint adds."
    )
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    adopted_outline = models.ForeignKey(
        ContentOutline,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="adopted_from",
    )
    adopted_at = models.DateTimeField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["program", "-created_at"]
        verbose_name_plural = "studies"
        permissions = [("manage_study", "Can run a job analysis study")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=StudyStatus.values), name="ja_study_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(weight_formula__in=list(WEIGHT_FORMULAS)), name="ja_study_formula_valid"
            ),
            models.CheckConstraint(
                condition=Q(minimum_percent_performing__gte=0)
                & Q(minimum_percent_performing__lte=100),
                name="ja_study_percent_performing_range",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "panel review"]) | Q(opened_at__isnull=False),
                name="ja_study_open_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status="adopted")
                | Q(adopted_outline__isnull=False, adopted_at__isnull=False),
                name="ja_study_adopted_has_outline",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program.designation} job analysis: {self.title}"


class StudyScale(models.Model):
    """A scale every statement is rated on; importance and frequency are always asked."""

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="scales")
    key = models.CharField(max_length=20, choices=ScaleKey.choices)
    question = models.CharField(max_length=300)
    low = models.PositiveSmallIntegerField()
    high = models.PositiveSmallIntegerField(validators=[MaxValueValidator(5)])
    required = models.BooleanField(default=True)

    class Meta:
        ordering = ["study", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["study", "key"], name="ja_study_scale_unique"),
            models.CheckConstraint(condition=Q(key__in=ScaleKey.values), name="ja_scale_key_valid"),
            models.CheckConstraint(
                condition=Q(low__lt=models.F("high")) & Q(high__lte=5), name="ja_scale_range_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_key_display()} {self.low}-{self.high}"


class BackgroundQuestion(models.Model):
    """A question about the respondent (years, setting, region, ...); `subgroup` ones group the
    ratings for the subgroup agreement."""

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="background")
    key = models.SlugField(max_length=40)
    text = models.CharField(max_length=300)
    choices = models.JSONField(default=list, blank=True, help_text="The answers offered.")
    subgroup = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["study", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["study", "key"], name="ja_background_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.text[:60]}"


class SamplingTarget(models.Model):
    """The sampling plan: the share of respondents wanted from one answer (cell) of a subgroup
    background question, e.g. 20% from the Northeast region. Each question's targets sum to
    100%; respondents' shares are compared with them (representativeness), and invitations'
    region and setting cells give the response rate of each cell."""

    question = models.ForeignKey(
        BackgroundQuestion, on_delete=models.PROTECT, related_name="targets"
    )
    cell = models.CharField(max_length=100)
    target_percent = models.DecimalField(max_digits=5, decimal_places=1)

    class Meta:
        ordering = ["question", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "cell"], name="ja_target_cell_unique"),
            models.CheckConstraint(
                condition=Q(target_percent__gte=0) & Q(target_percent__lte=100),
                name="ja_target_percent_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.key} {self.cell}: {self.target_percent}%"


class PanelComment(models.Model):
    """A panel member's comment on a statement, a statement edit (old -> new text) before the
    survey, or a decision on a borderline statement after it."""

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="comments")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    phase = models.CharField(max_length=20, choices=CommentPhase.choices)
    author = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    comment = models.TextField()
    proposed = models.TextField(blank=True, help_text="A proposed statement text.")
    old_text = models.TextField(blank=True, help_text="The statement before an edit.")
    new_text = models.TextField(blank=True, help_text="The statement after an edit.")
    decision = models.CharField(
        max_length=10, choices=BorderlineDecision.choices, blank=True, default=""
    )
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["study", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision__in=BorderlineDecision.values),
                name="ja_comment_decision_valid",
            ),
            models.CheckConstraint(
                condition=Q(decision="") | (Q(phase="after survey") & ~Q(decision_reason="")),
                name="ja_comment_decision_after_survey_with_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} ({self.get_phase_display()}): {self.comment[:60]}"


class Invitation(models.Model):
    """An invitation to the survey: the address (kept to send reminders), the hash of its
    current one-time token (the token itself is only ever mailed), and how far it got.

    Anonymity: no Response points at its Invitation, and no Invitation at its Response. Staff
    can see who was invited and who completed, never what anyone answered. For the same reason
    opened_at, started_at and completed_at are kept to the day (midnight UTC): to the second,
    they would match the response started or completed then.

    .. pii: email
    """

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField()
    token_hash = models.CharField(max_length=64, unique=True, help_text="sha256 of the token.")
    token_issued_at = models.DateTimeField()
    token_used = models.BooleanField(
        default=False, help_text="The current token has started a response (it starts one)."
    )
    region = models.CharField(max_length=100, blank=True, help_text="Sampling cell.")
    setting = models.CharField(max_length=100, blank=True, help_text="Sampling cell.")
    sent_at = models.DateTimeField()
    opened_at = models.DateTimeField(null=True, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["study", "email"]
        constraints = [
            models.UniqueConstraint(fields=["study", "email"], name="ja_invitation_email_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.study.title})"


class Response(models.Model):
    """One respondent's answers. It holds no link to an Invitation (see there): the browser
    keeps a resume secret, and only its hash is stored here."""

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="responses")
    started_at = models.DateTimeField()
    completed_at = models.DateTimeField(null=True, blank=True)
    seconds = models.PositiveIntegerField(null=True, blank=True, help_text="Time to complete.")
    background = models.JSONField(default=dict, blank=True)
    resume_hash = models.CharField(max_length=64, unique=True)
    channel = models.CharField(max_length=20, choices=ResponseChannel.choices)
    excluded = models.BooleanField(default=False)
    exclusion_reason = models.CharField(
        max_length=20, choices=ExclusionReason.choices, blank=True, default=""
    )
    excluded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    excluded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["study", "started_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=ResponseChannel.values), name="ja_response_channel_valid"
            ),
            models.CheckConstraint(
                condition=Q(excluded=False, exclusion_reason="")
                | Q(excluded=True, exclusion_reason__in=ExclusionReason.values[1:]),
                name="ja_response_exclusion_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(completed_at__isnull=True) | Q(seconds__isnull=False),
                name="ja_response_completed_has_seconds",
            ),
        ]

    def __str__(self) -> str:
        state = "completed" if self.completed_at else "in progress"
        return f"Response {self.pk} to {self.study.title} ({state})"


class Rating(models.Model):
    """One rating of one statement on one scale; value None is "not answered"."""

    response = models.ForeignKey(Response, on_delete=models.PROTECT, related_name="ratings")
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    scale = models.CharField(max_length=20, choices=ScaleKey.choices)
    value = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        ordering = ["response", "competency", "scale"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "competency", "scale"], name="ja_rating_unique"
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0, value__lte=5),
                name="ja_rating_value_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code} {self.scale}: {self.value}"


class WeightAdjustment(models.Model):
    """The panel's change to a domain's computed weight, with its reason."""

    study = models.ForeignKey(Study, on_delete=models.PROTECT, related_name="adjustments")
    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="+")
    computed_weight = models.DecimalField(max_digits=5, decimal_places=2)
    adjusted_weight = models.DecimalField(max_digits=5, decimal_places=2)
    reason = models.TextField()
    by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["study", "at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="ja_adjustment_has_reason"),
            models.CheckConstraint(
                condition=Q(adjusted_weight__gt=0) & Q(adjusted_weight__lte=100),
                name="ja_adjustment_weight_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.domain.code}: {self.computed_weight}% -> {self.adjusted_weight}%"


class StudyAnalysis(models.Model):
    """The figures of the analysis as they stood when the study was marked analysed, so the
    adopted outline cites a fixed analysis."""

    study = models.OneToOneField(Study, on_delete=models.PROTECT, related_name="analysis")
    figures = models.JSONField()
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name_plural = "study analyses"

    def __str__(self) -> str:
        return f"Analysis of {self.study.title} ({self.at:%Y-%m-%d})"
