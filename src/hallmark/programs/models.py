"""Programs, their versioned content outlines, blueprints and policies.

A published outline is immutable: changes go into a new version. Policies are versioned too:
the version in force on a date is the one with the latest `effective_from` on or before it.
"""

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any, ClassVar, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q, Sum
from django.db.models.functions import Upper
from django.utils import timezone

from hallmark.programs.data import (
    CompetencyKind,
    FeeKind,
    MultipleResponseScoring,
    OutlineStatus,
    ProgramKind,
    ProgramStatus,
    default_time_warnings,
)
from hallmark.programs.markup import clean_body
from hallmark.psychometrics.apportion import largest_remainder

HUNDRED = Decimal("100")


def plain_number(value: Decimal) -> str:
    """90.00 -> "90", 12.50 -> "12.5": numbers as people write them in messages."""
    text = f"{value:.2f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


class PublishedVersionError(ValidationError):
    """An attempt to change or delete a published (immutable) version of a document."""


class PublishedOutlineError(PublishedVersionError):
    """An attempt to change a published (immutable) content outline."""


def validate_time_zone(value: str) -> None:
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValidationError(
            f"'{value}' is not a known time zone (e.g. America/New_York)"
        ) from None


class Program(models.Model):
    """One certification (or certificate) scheme the body runs."""

    name = models.CharField(max_length=200)
    designation = models.CharField(
        max_length=12,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z]{1,12}$",
                "A designation is 1 to 12 letters (it prefixes every credential number).",
            )
        ],
        help_text='The mark holders may use, e.g. "CESP".',
    )
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=20, choices=ProgramKind.choices)
    validity_months = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        default=36,
        help_text="How long a credential lasts. Certificate programs may leave it empty.",
    )
    expiry_at_month_end = models.BooleanField(
        default=False, help_text="Credentials expire on the last day of their expiry month."
    )
    issue_automatically = models.BooleanField(
        default=False,
        help_text="Issue the credential as soon as the certification decision is made; "
        "otherwise a credentialing officer confirms each decision first.",
    )
    display_time_zone = models.CharField(
        max_length=64, default="America/New_York", validators=[validate_time_zone]
    )
    credential_names_holder = models.BooleanField(
        default=True,
        help_text="Signed credentials name their holder (their full name, unhashed, beside the "
        "hashed email), so that a verifier can say whose credential it is. Off: the hashed "
        "email alone identifies the holder. Applies to credentials signed from then on.",
    )
    status = models.CharField(
        max_length=10, choices=ProgramStatus.choices, default=ProgramStatus.DRAFT
    )
    is_demo = models.BooleanField(
        default=False, help_text="Demonstration data: never the real exam of any body."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["designation"]
        constraints = [
            models.UniqueConstraint(Upper("designation"), name="program_designation_unique_ci"),
            models.CheckConstraint(
                condition=Q(kind=ProgramKind.CERTIFICATE)
                | Q(validity_months__isnull=False, validity_months__gt=0),
                name="certification_has_validity",
                violation_error_message="A certification must last a positive number of months.",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ProgramKind.values), name="program_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=ProgramStatus.values), name="program_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.designation} — {self.name}"

    def clean(self) -> None:
        self.designation = self.designation.strip().upper()
        if self.is_certification and not self.validity_months:
            raise ValidationError(
                {"validity_months": "A certification is time-limited: give its validity in months."}
            )

    @property
    def is_certification(self) -> bool:
        return self.kind == ProgramKind.CERTIFICATION

    @property
    def award_name(self) -> str:
        """What a successful person receives, in words that never confuse the two kinds."""
        if self.is_certification:
            return "certification"
        return "certificate of completion"

    @property
    def time_zone(self) -> ZoneInfo:
        return ZoneInfo(self.display_time_zone)

    def today(self) -> datetime.date:
        """Today's date in the program's own time zone (day arithmetic uses it)."""
        return timezone.now().astimezone(self.time_zone).date()

    def current_outline(self) -> "ContentOutline | None":
        return self.outlines.filter(status=OutlineStatus.PUBLISHED).order_by("-version").first()


class PublishedVersion(models.Model):
    """A numbered version of a program's document that, once published, never changes.

    A draft is numbered on its first save (one more than the program's last); publishing gives
    it a date, and from then on it is neither changed nor deleted: the next version replaces it.
    Each concrete model has its `program` (with its own related name) and `version`.
    """

    status = models.CharField(
        max_length=10, choices=OutlineStatus.choices, default=OutlineStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    if TYPE_CHECKING:
        program: Program
        version: int | None

    # What a change of a published version raises.
    published_error: ClassVar[type[PublishedVersionError]] = PublishedVersionError

    class Meta:
        abstract = True
        ordering = ["program", "-version"]

    @property
    def is_published(self) -> bool:
        return self.status == OutlineStatus.PUBLISHED

    def _stored_status(self) -> str | None:
        if self.pk is None:
            return None
        rows = type(self)._default_manager.filter(pk=self.pk)
        return rows.values_list("status", flat=True).first()

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self._stored_status() == OutlineStatus.PUBLISHED:
            raise self.published_error(
                f"{self} is published and cannot change; write a new version instead."
            )
        if not self.version:
            # A Q only for the type checker, which checks keyword lookups against this abstract
            # base's fields; `program` is each concrete model's own, and the Q is looked up there.
            siblings = type(self)._default_manager.filter(Q(program=self.program))
            last = siblings.aggregate(v=models.Max("version"))["v"]
            self.version = (last or 0) + 1
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self._stored_status() == OutlineStatus.PUBLISHED:
            raise self.published_error(f"{self} is published and cannot be deleted.")
        return super().delete(*args, **kwargs)


def published_version_constraints(noun: str) -> list[models.BaseConstraint]:
    """One version of each number per program, and a published version has its date."""
    return [
        models.UniqueConstraint(fields=["program", "version"], name=f"{noun}_version_unique"),
        models.CheckConstraint(
            condition=Q(status=OutlineStatus.DRAFT) | Q(published_at__isnull=False),
            name=f"published_{noun}_has_date",
        ),
    ]


class ContentOutline(PublishedVersion):
    """A versioned list of weighted domains and their competencies, from the job analysis."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="outlines")
    version = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, blank=True)
    job_analysis = models.TextField(
        blank=True, help_text="The study the weights come from (who, when, how many respondents)."
    )

    published_error = PublishedOutlineError

    class Meta(PublishedVersion.Meta):
        permissions = [("publish_contentoutline", "Can publish a content outline")]
        constraints = published_version_constraints("outline")

    def __str__(self) -> str:
        return f"{self.program.designation} outline v{self.version}"

    def weight_total(self) -> Decimal:
        return self.domains.aggregate(total=Sum("weight"))["total"] or Decimal(0)

    def weight_problems(self) -> list[str]:
        """Why these weights cannot be published, in words; empty when they can."""
        total = self.weight_total()
        if total != HUNDRED:
            return [f"{self}: domain weights sum to {plain_number(total)}%, not 100%."]
        return []


class _PartOfOutline(models.Model):
    """Domains and competencies freeze with their outline."""

    class Meta:
        abstract = True

    def outline_of(self) -> ContentOutline:
        raise NotImplementedError

    def _refuse_if_published(self, action: str) -> None:
        outline = self.outline_of()
        if outline.pk and outline._stored_status() == OutlineStatus.PUBLISHED:
            raise PublishedOutlineError(
                f"{outline} is published: {self} cannot be {action}; make a new version instead."
            )

    def save(self, *args: Any, **kwargs: Any) -> None:
        self._refuse_if_published("changed")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        self._refuse_if_published("deleted")
        return super().delete(*args, **kwargs)


class Domain(_PartOfOutline):
    outline = models.ForeignKey(ContentOutline, on_delete=models.PROTECT, related_name="domains")
    code = models.CharField(max_length=20)
    title = models.CharField(max_length=200)
    weight = models.DecimalField(
        max_digits=5, decimal_places=2, help_text="Share of the scored items, in percent."
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["outline", "order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["outline", "code"], name="domain_code_unique"),
            models.CheckConstraint(
                condition=Q(weight__gt=0) & Q(weight__lte=100),
                name="domain_weight_range",
                violation_error_message="A domain's weight must be more than 0% and at most 100%.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code}. {self.title}"

    def outline_of(self) -> ContentOutline:
        return self.outline


class Competency(_PartOfOutline):
    """A task or knowledge statement inside a domain."""

    domain = models.ForeignKey(Domain, on_delete=models.PROTECT, related_name="competencies")
    code = models.CharField(max_length=20)
    statement = models.TextField()
    kind = models.CharField(
        max_length=10, choices=CompetencyKind.choices, default=CompetencyKind.TASK
    )
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["domain__order", "domain__code", "order", "code"]
        verbose_name_plural = "competencies"
        constraints = [
            models.UniqueConstraint(fields=["domain", "code"], name="competency_code_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.statement[:60]}"

    def outline_of(self) -> ContentOutline:
        return self.domain.outline


class Blueprint(models.Model):
    """How many items a form has per domain (and at least per competency), with its time."""

    outline = models.ForeignKey(ContentOutline, on_delete=models.PROTECT, related_name="blueprints")
    name = models.CharField(max_length=200)
    scored_length = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    pretest_length = models.PositiveSmallIntegerField(default=0)
    time_limit_minutes = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    time_warnings = models.JSONField(
        default=default_time_warnings,
        blank=True,
        help_text="Minutes left at which candidates are warned, e.g. [15, 5, 1].",
    )
    calculator = models.BooleanField(
        default=False, help_text="Candidates may use a basic on-screen calculator."
    )
    multiple_response_scoring = models.CharField(
        max_length=20,
        choices=MultipleResponseScoring.choices,
        default=MultipleResponseScoring.ALL_OR_NOTHING,
    )
    minimum_multiple_response = models.PositiveSmallIntegerField(
        default=0,
        help_text="Scored multiple-response items every form has at least "
        "(items of a case set count as case items instead).",
    )
    minimum_case_items = models.PositiveSmallIntegerField(
        default=0,
        help_text="Scored items of case sets every form has at least; "
        "a case set's items come on a form together.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["outline", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(scored_length__gt=0), name="blueprint_scored_length_positive"
            ),
            models.CheckConstraint(
                condition=Q(time_limit_minutes__gt=0), name="blueprint_time_positive"
            ),
            models.UniqueConstraint(fields=["outline", "name"], name="blueprint_name_unique"),
            models.CheckConstraint(
                condition=Q(multiple_response_scoring__in=MultipleResponseScoring.values),
                name="blueprint_multiple_response_scoring_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.scored_length}+{self.pretest_length} items)"

    @property
    def total_length(self) -> int:
        return self.scored_length + self.pretest_length

    def domain_counts(self) -> list[tuple[Domain, int]]:
        """Scored items per domain: largest-remainder rounding of the weights."""
        domains = list(self.outline.domains.all())
        if not domains:
            return []
        counts = largest_remainder([d.weight for d in domains], self.scored_length)
        return list(zip(domains, counts, strict=True))

    def competency_minimums(self) -> dict[int, int]:
        if self.pk is None:
            return {}
        return dict(self.competency_minimum_set.values_list("competency_id", "minimum_items"))

    def problems(self) -> list[str]:
        """Why this blueprint cannot be filled from its outline; empty when it can."""
        problems = list(self.outline.weight_problems())
        if not self.outline.domains.exists():
            return [f"{self.outline} has no domains yet."]
        minimums = self.competency_minimums()
        for domain, count in self.domain_counts():
            competencies = list(domain.competencies.all())
            if count and not competencies:
                problems.append(
                    f"Domain {domain.code} needs {count} items "
                    "but has no competencies to tag them to."
                )
            needed = sum(minimums.get(c.pk, 0) for c in competencies)
            if needed > count:
                problems.append(
                    f"Domain {domain.code}: competency minimums add up to {needed} items, "
                    f"but the domain has only {count} of the {self.scored_length} scored items."
                )
        return problems + self.format_problems()

    def format_problems(self) -> list[str]:
        """Why the item format minimums cannot fit the scored items; empty when they can."""
        needed = (self.minimum_multiple_response or 0) + (self.minimum_case_items or 0)
        if needed > (self.scored_length or 0):
            return [
                f"The minimum multiple-response and case items add up to {needed}, "
                f"more than the {self.scored_length} scored items."
            ]
        return []

    def warning_problems(self) -> list[str]:
        """Why the time warnings cannot be used; empty when they can."""
        warnings = self.time_warnings
        if not isinstance(warnings, list) or not all(
            type(m) is int and 1 <= m < (self.time_limit_minutes or 0) for m in warnings
        ):
            return [
                "Time warnings are whole minutes left, each at least 1 and under the time limit."
            ]
        if len(set(warnings)) != len(warnings):
            return ["Each time warning is given once."]
        return []

    def clean(self) -> None:
        if self.warning_problems():
            raise ValidationError({"time_warnings": self.warning_problems()})
        if self.outline_id is None or self.scored_length is None:
            return
        problems = self.problems()
        if problems:
            raise ValidationError(problems)


class BlueprintCompetencyMinimum(models.Model):
    blueprint = models.ForeignKey(
        Blueprint, on_delete=models.CASCADE, related_name="competency_minimum_set"
    )
    competency = models.ForeignKey(Competency, on_delete=models.PROTECT, related_name="+")
    minimum_items = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["blueprint", "competency"], name="blueprint_competency_unique"
            ),
            models.CheckConstraint(condition=Q(minimum_items__gt=0), name="minimum_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.competency.code}: at least {self.minimum_items}"

    def clean(self) -> None:
        if not (self.blueprint_id and self.competency_id):
            return
        if self.competency.domain.outline_id != self.blueprint.outline_id:
            raise ValidationError(
                {"competency": "This competency belongs to another outline version."}
            )


class PolicyVersion(models.Model):
    """A versioned policy of a program; the version in force on a date governs that date."""

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    version = models.PositiveSmallIntegerField(blank=True)
    effective_from = models.DateField()
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["program", "-effective_from", "-version"]

    def __str__(self) -> str:
        return f"{self.program.designation} {self._meta.verbose_name} v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self.version:
            # `_default_manager`: each concrete policy's own; this abstract model has none.
            last = (
                type(self)
                ._default_manager.filter(program=self.program)
                .aggregate(v=models.Max("version"))["v"]
            )
            self.version = (last or 0) + 1
        super().save(*args, **kwargs)

    @classmethod
    def in_force(cls, program: Program, on: datetime.date | None = None) -> Self | None:
        on = on or program.today()
        return (
            cls._default_manager.filter(program=program, effective_from__lte=on)
            .order_by("-effective_from", "-version")
            .first()
        )


def _unique_version(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["program", "version"], name=name)


class EligibilityPolicy(PolicyVersion):
    approval_valid_days = models.PositiveSmallIntegerField(
        default=365, help_text="An approved application lapses after this many days."
    )
    resubmission_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days a candidate has to answer a request for more information."
    )
    appeal_days = models.PositiveSmallIntegerField(default=30, help_text="Days to appeal a denial.")
    code_of_conduct_version = models.CharField(max_length=40, blank=True)
    code_of_conduct = models.TextField(blank=True)

    class Meta(PolicyVersion.Meta):
        verbose_name = "eligibility policy"
        verbose_name_plural = "eligibility policies"
        constraints = [
            _unique_version("eligibility_version_unique"),
            models.CheckConstraint(
                condition=Q(approval_valid_days__gt=0), name="eligibility_approval_days_positive"
            ),
        ]


class EvidenceKind(models.TextChoices):
    UPLOAD = "upload", "Document upload"
    ATTESTATION = "attestation", "Signed attestation"
    EMPLOYER = "employer", "Employer verification"


class EligibilityCriterion(models.Model):
    policy = models.ForeignKey(EligibilityPolicy, on_delete=models.CASCADE, related_name="criteria")
    code = models.CharField(max_length=30)
    text = models.TextField(help_text="The requirement, as the candidate reads it.")
    evidence = models.TextField(help_text="What evidence shows it is met.")
    evidence_kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["policy", "order"]
        verbose_name_plural = "eligibility criteria"
        constraints = [
            models.UniqueConstraint(fields=["policy", "code"], name="criterion_code_unique"),
        ]

    def __str__(self) -> str:
        return self.code


class RetakePolicy(PolicyVersion):
    min_days_between_attempts = models.PositiveSmallIntegerField(default=30)
    max_attempts_per_12_months = models.PositiveSmallIntegerField(
        default=3, validators=[MinValueValidator(1)]
    )

    class Meta(PolicyVersion.Meta):
        verbose_name = "retake policy"
        verbose_name_plural = "retake policies"
        constraints = [
            _unique_version("retake_version_unique"),
            models.CheckConstraint(
                condition=Q(max_attempts_per_12_months__gt=0), name="retake_max_attempts_positive"
            ),
            models.CheckConstraint(
                condition=Q(min_days_between_attempts__lte=366),
                name="retake_wait_at_most_a_year",
            ),
        ]


class RecertificationPolicy(PolicyVersion):
    ce_hours_required = models.DecimalField(max_digits=6, decimal_places=2)
    reexam_allowed = models.BooleanField(default=True)
    window_opens_months_before = models.PositiveSmallIntegerField(
        default=9, help_text="The renewal window opens this many months before expiry."
    )
    grace_days = models.PositiveSmallIntegerField(default=30)
    reinstatement_days = models.PositiveSmallIntegerField(
        default=365,
        help_text="Days after expiry within which an expired credential may be restored.",
    )
    audit_percent = models.DecimalField(
        max_digits=5, decimal_places=2, default=Decimal("5"), help_text="Share of renewals audited."
    )

    class Meta(PolicyVersion.Meta):
        verbose_name = "recertification policy"
        verbose_name_plural = "recertification policies"
        constraints = [
            _unique_version("recertification_version_unique"),
            models.CheckConstraint(condition=Q(ce_hours_required__gte=0), name="ce_hours_nonneg"),
            models.CheckConstraint(
                condition=Q(audit_percent__gte=0) & Q(audit_percent__lte=100),
                name="audit_percent_range",
            ),
            models.CheckConstraint(
                condition=Q(reinstatement_days__gte=F("grace_days")),
                name="reinstatement_after_grace",
                violation_error_message=(
                    "Reinstatement must last at least as long as the grace period."
                ),
            ),
        ]

    def clean(self) -> None:
        validity = self.program.validity_months if self.program_id else None
        if validity and self.window_opens_months_before >= validity:
            raise ValidationError(
                {
                    "window_opens_months_before": (
                        f"The renewal window would open {self.window_opens_months_before} months "
                        f"before expiry, but a credential lasts only {validity} months."
                    )
                }
            )

    def category_problems(self) -> list[str]:
        """Contradictions between the category minimums and the hours required."""
        minimums = self.ce_categories.aggregate(total=Sum("min_hours"))["total"] or Decimal(0)
        if minimums > self.ce_hours_required:
            return [
                f"Category minimums add up to {plain_number(minimums)} hours, more than the "
                f"{plain_number(self.ce_hours_required)} hours required."
            ]
        return []


class CECategory(models.Model):
    """A kind of continuing education, with the hours that count toward renewal."""

    policy = models.ForeignKey(
        RecertificationPolicy, on_delete=models.CASCADE, related_name="ce_categories"
    )
    code = models.CharField(max_length=30)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    min_hours = models.DecimalField(max_digits=6, decimal_places=2, default=Decimal(0))
    max_hours = models.DecimalField(
        max_digits=6, decimal_places=2, null=True, blank=True, help_text="Empty: no cap."
    )
    credit_multiplier = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        default=Decimal(1),
        help_text="Credits per hour (e.g. 2 for teaching).",
    )
    fixed_credits = models.DecimalField(
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        help_text="Credits per activity regardless of hours (e.g. 10 for a college course).",
    )

    class Meta:
        ordering = ["policy", "code"]
        verbose_name = "CE category"
        verbose_name_plural = "CE categories"
        constraints = [
            models.UniqueConstraint(fields=["policy", "code"], name="ce_category_code_unique"),
            models.CheckConstraint(condition=Q(min_hours__gte=0), name="ce_min_nonneg"),
            models.CheckConstraint(
                condition=Q(max_hours__isnull=True) | Q(max_hours__gte=F("min_hours")),
                name="ce_max_at_least_min",
                violation_error_message="A category's maximum hours cannot be below its minimum.",
            ),
            models.CheckConstraint(
                condition=Q(credit_multiplier__gt=0), name="ce_multiplier_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Disclosure(models.TextChoices):
    """What the public registry says of a sanction."""

    STATUS = "status", "Status only"
    SANCTION = "sanction", "Status and the sanction's category"


class CasePolicy(PolicyVersion):
    """How the body hears appeals, complaints and discipline cases (ISO/IEC 17024 9.7, 9.8)."""

    appeal_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days after a decision within which it can be appealed."
    )
    acknowledge_days = models.PositiveSmallIntegerField(
        default=7, help_text="Days to acknowledge an appeal or a complaint once received."
    )
    decide_days = models.PositiveSmallIntegerField(
        default=60, help_text="Days from receipt to decide an appeal."
    )
    complaint_close_days = models.PositiveSmallIntegerField(
        default=90, help_text="Days from receipt to close a complaint."
    )
    panel_size = models.PositiveSmallIntegerField(
        default=3, help_text="Reviewers on an appeal panel or a hearing panel, the chair included."
    )
    response_days = models.PositiveSmallIntegerField(
        default=30, help_text="Days a respondent has to answer a discipline case's notice."
    )
    disclosure = models.CharField(
        max_length=20,
        choices=Disclosure.choices,
        default=Disclosure.SANCTION,
        help_text="What the registry shows of a sanction.",
    )

    class Meta(PolicyVersion.Meta):
        verbose_name = "appeals, complaints and discipline policy"
        verbose_name_plural = "appeals, complaints and discipline policies"
        constraints = [
            _unique_version("case_policy_version_unique"),
            models.CheckConstraint(condition=Q(panel_size__gte=1), name="case_panel_not_empty"),
            models.CheckConstraint(
                condition=Q(acknowledge_days__gt=0) & Q(decide_days__gte=F("acknowledge_days")),
                name="case_deadlines_in_order",
                violation_error_message="An appeal is decided no sooner than it is acknowledged.",
            ),
            models.CheckConstraint(
                condition=Q(disclosure__in=[c.value for c in Disclosure]),
                name="case_disclosure_valid",
            ),
        ]


# The appeal period when a program has no appeals policy in force.
DEFAULT_APPEAL_DAYS = 30


def appeal_deadline(program: Program, decided_on: datetime.date) -> datetime.date:
    """The last day to appeal a decision taken on `decided_on`, by the policy then in force."""
    policy = CasePolicy.in_force(program, decided_on)
    days = policy.appeal_days if policy else DEFAULT_APPEAL_DAYS
    return decided_on + datetime.timedelta(days=days)


class FeeSchedule(PolicyVersion):
    currency = models.CharField(max_length=3, default="USD")

    class Meta(PolicyVersion.Meta):
        verbose_name = "fee schedule"
        constraints = [_unique_version("fee_schedule_version_unique")]


class Fee(models.Model):
    """An amount the body charges; payment itself happens outside Hallmark."""

    schedule = models.ForeignKey(FeeSchedule, on_delete=models.CASCADE, related_name="fees")
    kind = models.CharField(max_length=20, choices=FeeKind.choices)
    amount = models.DecimalField(max_digits=9, decimal_places=2)
    description = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["schedule", "kind"], name="fee_kind_unique"),
            models.CheckConstraint(
                condition=Q(amount__gte=0),
                name="fee_amount_nonneg",
                violation_error_message="A fee cannot be negative.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.amount}"


class PublishedHandbookError(PublishedVersionError):
    """An attempt to change a published (immutable) candidate handbook."""


class CandidateHandbook(PublishedVersion):
    """A version of the handbook candidates read before they apply: what the credential is,
    eligibility, fees, the exam, accommodations, retakes, renewal, appeals. A published version
    never changes; the next one replaces it on the program's page and the earlier stay readable.

    `body` is HTML of a small safe subset (headings, paragraphs, lists, tables, links), cleaned
    by `programs.markup.clean_body` whenever it is saved.
    """

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="handbooks")
    version = models.PositiveSmallIntegerField(blank=True)
    title = models.CharField(max_length=200, default="Candidate handbook")
    body = models.TextField(
        help_text="HTML: <h2>, <h3>, <p>, <ul>, <ol>, <li>, <strong>, <em>, <a href>, tables. "
        "Anything else is removed when it is saved."
    )
    changes = models.TextField(
        blank=True, help_text="What changed since the previous version, in a sentence or two."
    )

    published_error = PublishedHandbookError

    class Meta(PublishedVersion.Meta):
        permissions = [("publish_candidatehandbook", "Can publish a candidate handbook")]
        constraints = [
            *published_version_constraints("handbook"),
            models.CheckConstraint(
                condition=Q(status__in=OutlineStatus.values), name="handbook_status_valid"
            ),
            models.CheckConstraint(condition=~Q(body=""), name="handbook_body_not_empty"),
        ]

    def __str__(self) -> str:
        return f"{self.program.designation} candidate handbook v{self.version}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.body = clean_body(self.body)
        super().save(*args, **kwargs)

    @classmethod
    def published_of(cls, program: Program) -> "models.QuerySet[CandidateHandbook]":
        """The program's published versions, the newest (the one in force) first."""
        return cls.objects.filter(program=program, status=OutlineStatus.PUBLISHED).order_by(
            "-version"
        )
