"""Vocabularies of the programs app, defined once."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ProgramKind(models.TextChoices):
    CERTIFICATION = "certification", "Certification"
    CERTIFICATE = "certificate", "Certificate program"


class ProgramStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    ACTIVE = "active", "Active"
    RETIRED = "retired", "Retired"


class OutlineStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class MultipleResponseScoring(models.TextChoices):
    """How a form's multiple-response items are scored."""

    ALL_OR_NOTHING = "all or nothing", "All or nothing: one point for exactly the keys"
    PARTIAL = "partial", "Partial credit: a point per key chosen, less one per wrong choice"


# When a candidate is warned that time runs out: minutes left, unless a blueprint says otherwise.
TIME_WARNINGS = (15, 5, 1)


def default_time_warnings() -> list[int]:
    return list(TIME_WARNINGS)


class CompetencyKind(models.TextChoices):
    TASK = "task", "Task"
    KNOWLEDGE = "knowledge", "Knowledge"


class FeeStatus(models.TextChoices):
    """Where a fee stands, for an application and for a renewal alike: Hallmark records it; the
    payment happens outside. A renewal without a fee in the schedule owes none."""

    DUE = "due", _("Due")
    PAID = "paid", _("Paid")
    WAIVED = "waived", _("Waived")
    NONE = "none", _("No fee")


class FeeKind(models.TextChoices):
    APPLICATION = "application", _("Application")
    EXAM = "exam", _("Exam")
    RETAKE = "retake", _("Retake")
    RENEWAL = "renewal", _("Renewal")
    LATE_RENEWAL = "late renewal", _("Late renewal")
    REINSTATEMENT = "reinstatement", _("Reinstatement")
    CERTIFICATE = "certificate", _("Certificate")
