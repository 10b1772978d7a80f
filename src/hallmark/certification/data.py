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
    REISSUED = "reissued", "Signed document reissued"
    APPEAL_FILED = "appeal filed", "Appeal filed"
    APPEAL_DECIDED = "appeal decided", "Appeal decided"


class AwardKind(models.TextChoices):
    """What a credential is. Copied from the program when issued, and never changed."""

    CERTIFICATION = "certification", "Certification"
    CERTIFICATE = "certificate", "Certificate of completion"


class KeySource(models.TextChoices):
    """Where an issuer key's secret is kept."""

    STORED = "stored", "Stored encrypted in the database"
    ENVIRONMENT = "environment", "Read from HALLMARK_ISSUER_PRIVATE_KEY"


class DecisionStatus(models.TextChoices):
    PENDING = "pending", "Awaiting an officer's confirmation"
    ISSUED = "issued", "Issued"
    DECLINED = "declined", "Declined"


# The value of a credential's 2-bit entry in its status list ("message" purpose). The words are
# the package's SUSPENSION_REVOCATION_MESSAGES; expiry is carried by the document's validUntil.
STATUS_LIST_VALUES: dict[str, int] = {
    CredentialStatus.ACTIVE: 0x0,
    CredentialStatus.EXPIRED: 0x0,
    CredentialStatus.SUSPENDED: 0x1,
    CredentialStatus.REVOKED: 0x2,
}
