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
