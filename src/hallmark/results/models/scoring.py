"""Reporting scales, cut-score decisions, key overrides, scoring runs and results.

A scoring run applies one key (the form's keys with the overrides recorded so far) and one cut
to every submitted session and vendor record of a window's form. Runs are never changed in
place: a rescore makes a new run and marks the previous one superseded; a release marks a run
released. Results belong to their run, so what a candidate was told can always be shown again.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from hallmark.exams.models import ExamSession, Form, FormItem, Registration, TestingWindow
from hallmark.programs.models import Program
from hallmark.results.data import KeyAction, RunSource, RunStatus, VerificationStatus

USER = settings.AUTH_USER_MODEL


class ReportingScale(models.Model):
    """A program's reporting scale: raw scores map piecewise-linearly onto it, anchored at the
    cut, so the same scaled cut means the same standard on every form."""

    program = models.OneToOneField(Program, on_delete=models.PROTECT, related_name="+")
    minimum = models.PositiveIntegerField(default=200, help_text="The scaled score of raw 0.")
    maximum = models.PositiveIntegerField(default=800, help_text="The scaled score of all right.")
    passing = models.PositiveIntegerField(default=500, help_text="The scaled score of the cut.")
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(minimum__lt=F("passing")) & Q(passing__lt=F("maximum")),
                name="scale_minimum_below_passing_below_maximum",
                violation_error_message="The passing score lies strictly between the ends.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.program}: {self.minimum} to {self.maximum}, passing {self.passing}"


class CutScoreDecision(models.Model):
    """The body's decision on a form's raw cut; the current one (not superseded) is used."""

    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="cut_decisions")
    raw_cut = models.DecimalField(max_digits=6, decimal_places=2)
    study = models.ForeignKey(
        "results.Study", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions"
    )
    rationale = models.TextField()
    decided_by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(default=timezone.now)
    superseded_at = models.DateTimeField(null=True, blank=True)
    superseded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["form", "-decided_at"]
        permissions = [("decide_cut", "Can record the body's cut-score decision")]
        constraints = [
            models.UniqueConstraint(
                fields=["form"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_cut_per_form",
            ),
            models.CheckConstraint(condition=Q(raw_cut__gt=0), name="cut_positive"),
            models.CheckConstraint(condition=~Q(rationale=""), name="cut_has_rationale"),
        ]

    def __str__(self) -> str:
        return f"{self.form}: raw cut {self.raw_cut}"


class KeyOverride(models.Model):
    """A psychometrician's decision on one form position's key, with the reason.

    The latest override of a position is the one scoring applies; earlier ones stay on record.
    """

    form_item = models.ForeignKey(FormItem, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=20, choices=KeyAction.choices)
    keys = models.JSONField(default=list, blank=True, help_text='The accepted options: ["C"].')
    reason = models.TextField()
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["form_item", "at", "pk"]
        permissions = [("override_key", "Can rekey, accept keys or drop items from scoring")]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__in=KeyAction.values), name="key_override_action_valid"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="key_override_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.form_item}: {self.get_action_display()}"


class VendorImport(models.Model):
    """One result file from an outside test vendor, imported whole."""

    window = models.ForeignKey(TestingWindow, on_delete=models.PROTECT, related_name="+")
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="+")
    file_name = models.CharField(max_length=300)
    sha256 = models.CharField(max_length=64)
    rows = models.PositiveIntegerField()
    by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        permissions = [("import_results", "Can import a test vendor's result file")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows} rows)"


class VendorRecord(models.Model):
    """One candidate's responses from a vendor file: option labels (or 0/1 scores) by position."""

    batch = models.ForeignKey(VendorImport, on_delete=models.PROTECT, related_name="records")
    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="+")
    responses = models.JSONField(help_text='Form position -> the option chosen ("" omitted).')
    scored = models.BooleanField(default=False, help_text="The file held 0/1 scores, not options.")
    superseded = models.BooleanField(default=False, help_text="A later file replaced it.")

    class Meta:
        ordering = ["batch", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["registration"],
                condition=Q(superseded=False),
                name="one_current_vendor_record",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration} from {self.batch}"


class ScoringRun(models.Model):
    window = models.ForeignKey(TestingWindow, on_delete=models.PROTECT, related_name="+")
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(help_text="1, 2, ... per window and form.")
    status = models.CharField(max_length=12, choices=RunStatus.choices, default=RunStatus.HELD)
    source = models.CharField(max_length=12, choices=RunSource.choices)
    key_version = models.PositiveIntegerField(
        help_text="The number of key overrides of the form applied (0: the form's own keys)."
    )
    rules = models.JSONField(
        help_text="The key per position, dropped positions, the cut and the scale applied."
    )
    cut = models.ForeignKey(CutScoreDecision, on_delete=models.PROTECT, related_name="+")
    analysis = models.JSONField(default=dict, help_text="The item analysis and its flags.")
    notes = models.JSONField(default=list, blank=True, help_text="Warnings about the data.")
    created_by = models.ForeignKey(USER, null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["window", "form", "-number"]
        permissions = [
            ("score_window", "Can score and rescore a window"),
            ("release_results", "Can release results"),
            ("view_all_results", "Can see every result and the distributions"),
            ("view_technical_report", "Can see and download a program's technical report"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["window", "form", "number"], name="run_number_unique"),
            models.CheckConstraint(
                condition=Q(status__in=RunStatus.values), name="run_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status=RunStatus.RELEASED)
                | Q(released_at__isnull=False, released_by__isnull=False),
                name="released_run_has_who_and_when",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.window} · {self.form} · run {self.number}"

    @property
    def flagged(self) -> list[dict]:
        return [i for i in self.analysis.get("items", []) if i.get("blocking")]


class Result(models.Model):
    """The scored outcome of one sitting in one run.

    .. pii: candidate
    """

    run = models.ForeignKey(ScoringRun, on_delete=models.PROTECT, related_name="results")
    registration = models.ForeignKey(Registration, on_delete=models.PROTECT, related_name="+")
    candidate = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="exam_results")
    session = models.ForeignKey(
        ExamSession, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    raw = models.PositiveIntegerField()
    max_raw = models.PositiveIntegerField()
    raw_cut = models.PositiveIntegerField(help_text="The whole raw score needed to pass.")
    theta = models.FloatField(null=True, blank=True)
    scaled = models.PositiveIntegerField()
    passed = models.BooleanField()
    domains = models.JSONField(
        default=list, help_text="Per domain: code, title, raw, max, percent, standing."
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Misconduct found after release voids the result; it is kept, marked, never deleted.
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    void_reason = models.TextField(blank=True)
    void_reference = models.CharField(
        max_length=40, blank=True, help_text="The case that found the misconduct (DSC-2026-0001)."
    )

    class Meta:
        ordering = ["run", "candidate"]
        constraints = [
            models.UniqueConstraint(fields=["run", "registration"], name="result_once_per_run"),
            models.CheckConstraint(condition=Q(raw__lte=F("max_raw")), name="result_raw_in_range"),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True, void_reason="", void_reference="")
                | (Q(voided_at__isnull=False) & ~Q(void_reason="") & ~Q(void_reference="")),
                name="result_void_with_reason_and_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate}: {self.scaled} ({'pass' if self.passed else 'fail'})"

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    @property
    def points_to_pass(self) -> int:
        return max(self.raw_cut - self.raw, 0)

    @property
    def partial_credit(self) -> bool:
        """Whether the run gave partial credit (raw scores are then points, not answers)."""
        return "partial" in self.run.rules.get("multiple_response", {}).values()


class ScoreVerificationRequest(models.Model):
    """A candidate's request that their result be rescored by hand, and its outcome."""

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="verifications")
    candidate = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(blank=True)
    requested_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(
        max_length=12, choices=VerificationStatus.choices, default=VerificationStatus.OPEN
    )
    outcome = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        permissions = [("verify_score", "Can rescore by hand and record the outcome")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=VerificationStatus.values), name="verification_status_valid"
            ),
            models.UniqueConstraint(
                fields=["result"],
                condition=Q(status=VerificationStatus.OPEN),
                name="one_open_verification_per_result",
            ),
            models.CheckConstraint(
                condition=Q(status=VerificationStatus.OPEN) | ~Q(outcome=""),
                name="verification_decided_has_outcome",
            ),
        ]

    def __str__(self) -> str:
        return f"Verification of {self.result}"


class ResultCorrection(models.Model):
    """A failed result corrected on appeal: the key correction rescored it, and the corrected
    result was released in a new run. Both results stay; the appeal's reference links them."""

    before = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="corrections")
    after = models.OneToOneField(Result, on_delete=models.PROTECT, related_name="correction_of")
    reference = models.CharField(max_length=40, help_text='The appeal, e.g. "APL-2026-0003".')
    reason = models.TextField()
    by = models.ForeignKey(USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reference=""), name="correction_has_reference"),
            models.CheckConstraint(condition=~Q(reason=""), name="correction_has_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.before} corrected on appeal {self.reference}"
