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


class FeeKind(models.TextChoices):
    APPLICATION = "application", "Application"
    EXAM = "exam", "Exam"
    RETAKE = "retake", "Retake"
    RENEWAL = "renewal", "Renewal"
    LATE_RENEWAL = "late renewal", "Late renewal"
    REINSTATEMENT = "reinstatement", "Reinstatement"
    CERTIFICATE = "certificate", "Certificate"
