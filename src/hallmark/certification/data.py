"""Vocabularies of credentials, defined once."""

from django.db import models


class CredentialStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    EXPIRED = "expired", "Expired"
    SUSPENDED = "suspended", "Suspended"
    REVOKED = "revoked", "Revoked"


# A person holds at most one current credential per program: active or suspended.
CURRENT_STATUSES = (CredentialStatus.ACTIVE, CredentialStatus.SUSPENDED)


class EventKind(models.TextChoices):
    ISSUED = "issued", "Issued"
    SUSPENDED = "suspended", "Suspended"
    REINSTATED = "reinstated", "Reinstated"
    REVOKED = "revoked", "Revoked"
    EXPIRED = "expired", "Expired"
    RENEWED = "renewed", "Renewed"
    APPEAL_FILED = "appeal filed", "Appeal filed"
    APPEAL_DECIDED = "appeal decided", "Appeal decided"


class AwardKind(models.TextChoices):
    """What a credential is. Copied from the program when issued, and never changed."""

    CERTIFICATION = "certification", "Certification"
    CERTIFICATE = "certificate", "Certificate of completion"
