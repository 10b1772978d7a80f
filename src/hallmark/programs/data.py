"""Vocabularies of the programs app, defined once."""

from django.db import models


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

    DUE = "due", "Due"
    PAID = "paid", "Paid"
    WAIVED = "waived", "Waived"
    NONE = "none", "No fee"


class FeeKind(models.TextChoices):
    APPLICATION = "application", "Application"
    EXAM = "exam", "Exam"
    RETAKE = "retake", "Retake"
    RENEWAL = "renewal", "Renewal"
    LATE_RENEWAL = "late renewal", "Late renewal"
    REINSTATEMENT = "reinstatement", "Reinstatement"
    CERTIFICATE = "certificate", "Certificate"
