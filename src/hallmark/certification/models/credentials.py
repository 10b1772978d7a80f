"""Credentials, their hash-chained events, the numbers they carry, and their signed documents.

A credential is never deleted: its status changes through events, each recording who, when and
why. Each credential's events form a hash chain whose head is signed with the issuer's key at
every event (`hallmark credentials audit` checks both), so an edited, removed or rewritten row
is detectable. Its portable form is a signed Open Badges 3.0 document
(every version kept); its suspension or revocation shows in a signed Bitstring Status List.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from hallmark.certification.data import (
    CURRENT_STATUSES,
    AwardKind,
    CredentialEventKind,
    CredentialStatus,
    DecisionStatus,
    KeySource,
)
from hallmark.credentials import MIN_STATUS_LIST_LENGTH
from hallmark.programs.models import Program


class CredentialSerial(models.Model):
    """The last serial number used for a program's credential numbers (locked when issuing)."""

    program = models.OneToOneField(Program, on_delete=models.PROTECT, related_name="+")
    last_serial = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.program.designation}: {self.last_serial}"


class Credential(models.Model):
    """What was granted to a person: a certification or a certificate of completion.

    .. pii: holder (through the person), holder_name
    """

    number = models.CharField(max_length=40, unique=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="credentials"
    )
    holder_name = models.CharField(
        max_length=200, help_text="The name shown in the registry and on the credential."
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="credentials")
    kind = models.CharField(max_length=20, choices=AwardKind.choices)
    issued_on = models.DateField()
    expires_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=CredentialStatus.choices, default=CredentialStatus.ACTIVE
    )
    listed_by_name = models.BooleanField(
        default=True,
        help_text="The holder may opt out of name search; lookup by number always works.",
    )
    shared = models.BooleanField(
        default=False,
        help_text="The holder switched its public share page on (off until they do).",
    )
    chain_head = models.CharField(
        max_length=64, blank=True, help_text="The hash of the newest event in its history."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["holder", "program"],
                condition=Q(status__in=CURRENT_STATUSES),
                name="one_current_credential_per_program",
                violation_error_message="This person already holds a current credential "
                "of this program.",
            ),
            models.CheckConstraint(
                condition=Q(kind=AwardKind.CERTIFICATE) | Q(expires_on__isnull=False),
                name="certification_expires",
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=models.F("issued_on")),
                name="expiry_after_issue",
            ),
            models.CheckConstraint(
                condition=Q(status__in=CredentialStatus.values), name="credential_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "expires_on"])]
        permissions = [
            ("issue_credential", "Can issue a credential"),
            ("suspend_credential", "Can suspend a credential"),
            ("revoke_credential", "Can revoke a credential"),
            ("reinstate_credential", "Can reinstate a credential"),
            ("download_credential", "Can download any holder's signed credential and PDFs"),
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.program.designation}, {self.holder_name})"

    @property
    def is_certification(self) -> bool:
        return self.kind == AwardKind.CERTIFICATION

    @property
    def kind_label(self) -> str:
        """Said plainly everywhere the credential is shown (in the active language)."""
        return str(AwardKind(self.kind).label)

    def is_expired_on(self, day: datetime.date) -> bool:
        return self.expires_on is not None and day > self.expires_on

    def current_document(self) -> "CredentialDocument | None":
        """The signed document the holder has now (older versions are superseded)."""
        return self.documents.filter(superseded_at__isnull=True).first()


class CredentialEvent(models.Model):
    """One change in a credential's life, chained to the one before it by its hash."""

    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=CredentialEventKind.choices)
    occurred_at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty when the system acted (e.g. expiry by the daily job).",
    )
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    previous_hash = models.CharField(
        max_length=64, blank=True, help_text="Empty for the first event of a history."
    )
    hash = models.CharField(max_length=64, unique=True)
    head_signature = models.CharField(
        max_length=100,
        blank=True,
        help_text="The issuer's Ed25519 signature of hash (multibase), made when the event was "
        "appended; empty only until `hallmark credentials sign-history` signs older events.",
    )
    signed_with = models.ForeignKey(
        "IssuerKey", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["credential", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "sequence"], name="credential_event_sequence_unique"
            ),
            models.CheckConstraint(
                condition=Q(head_signature="", signed_with__isnull=True)
                | (~Q(head_signature="") & Q(signed_with__isnull=False)),
                name="credential_event_signature_names_its_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.credential.number} #{self.sequence} {self.kind}"

    def chain_payload(self) -> dict[str, object]:
        """The fields the hash covers, as plain JSON."""
        return {
            "credential": self.credential.number,
            "sequence": self.sequence,
            "kind": self.kind,
            "occurred_at": self.occurred_at.isoformat(),
            "actor": self.actor_id,
            "reason": self.reason,
            "data": self.data,
        }


class IssuerKey(models.Model):
    """An Ed25519 key of the issuer, published in its profile as a Multikey.

    The one key that is not retired signs new credentials and status lists; retired keys stay
    published so that what they signed still verifies through its verification method id. The
    secret is stored encrypted (Fernet, with a key derived from HALLMARK_KEY_ENCRYPTION_KEY or
    HALLMARK_SECRET_KEY) or is kept only in the environment (HALLMARK_ISSUER_PRIVATE_KEY).
    """

    controller = models.CharField(
        max_length=300, help_text="The issuer profile URL that publishes the key."
    )
    verification_method = models.CharField(max_length=400, unique=True)
    public_multibase = models.CharField(max_length=80, unique=True)
    source = models.CharField(max_length=20, choices=KeySource.choices)
    encrypted_secret = models.TextField(
        blank=True, help_text="The secret key, encrypted; empty when it lives in the environment."
    )
    created_at = models.DateTimeField(default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retired_at = models.DateTimeField(null=True, blank=True)
    retired_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    retired_reason = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["controller"],
                condition=Q(retired_at__isnull=True),
                name="one_signing_key_per_issuer",
                violation_error_message="The issuer already has a signing key: rotate it.",
            ),
            models.CheckConstraint(
                condition=(Q(source=KeySource.STORED) & ~Q(encrypted_secret=""))
                | (Q(source=KeySource.ENVIRONMENT) & Q(encrypted_secret="")),
                name="issuer_key_secret_where_its_source_says",
            ),
            models.CheckConstraint(
                condition=Q(retired_at__isnull=True) | Q(retired_at__gte=F("created_at")),
                name="issuer_key_retired_after_created",
            ),
        ]
        permissions = [("manage_issuer_keys", "Can create and rotate the issuer's keys")]

    def __str__(self) -> str:
        state = "signing" if self.retired_at is None else "retired"
        return f"{self.public_multibase[:16]}… ({state})"


class StatusList(models.Model):
    """A Bitstring Status List of credentials, published signed at /credentials/status/<id>.

    Each credential has one 2-bit entry with statusPurpose "message": 0x0 valid, 0x1 suspended,
    0x2 revoked (Open Badges 3.0 allows one credentialStatus, and both must show). Indexes are
    handed out in a shuffled order, so that a position says nothing of when it was given, and
    are never reused.
    """

    status_size = models.PositiveSmallIntegerField(default=2)
    length = models.PositiveIntegerField(
        default=MIN_STATUS_LIST_LENGTH, help_text="The number of entries."
    )
    seed = models.CharField(max_length=64, help_text="Shuffles the order of the indexes.")
    allocated = models.PositiveIntegerField(default=0, help_text="Indexes handed out so far.")
    document = models.JSONField(
        default=dict, blank=True, help_text="The signed BitstringStatusListCredential."
    )
    signed_at = models.DateTimeField(null=True, blank=True)
    signed_with = models.ForeignKey(
        IssuerKey, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(allocated__lte=F("length")), name="status_list_not_overfilled"
            ),
            models.CheckConstraint(
                condition=Q(length__gte=MIN_STATUS_LIST_LENGTH), name="status_list_long_enough"
            ),
        ]

    def __str__(self) -> str:
        return f"status list {self.pk} ({self.allocated} of {self.length} entries used)"


class StatusEntry(models.Model):
    """A credential's index in a status list: given once, never reused."""

    credential = models.OneToOneField(
        Credential, on_delete=models.PROTECT, related_name="status_entry"
    )
    status_list = models.ForeignKey(StatusList, on_delete=models.PROTECT, related_name="entries")
    index = models.PositiveIntegerField()

    class Meta:
        verbose_name_plural = "status entries"
        constraints = [
            models.UniqueConstraint(
                fields=["status_list", "index"], name="status_list_index_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.credential.number}: index {self.index} of list {self.status_list_id}"


class CredentialDocument(models.Model):
    """A signed OpenBadgeCredential as given to its holder.

    Every version is kept: a renewal or a correction signs a new one and marks the one before
    superseded (services.reissue_document).

    .. pii: document (the holder's salted email hash, the credential number)
    """

    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="documents")
    document = models.JSONField()
    signed_with = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="+")
    issued_at = models.DateTimeField()
    superseded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["credential", "issued_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["credential"],
                condition=Q(superseded_at__isnull=True),
                name="one_current_document_per_credential",
            ),
            models.CheckConstraint(
                condition=Q(superseded_at__isnull=True) | Q(superseded_at__gte=F("issued_at")),
                name="document_superseded_after_issued",
            ),
        ]

    def __str__(self) -> str:
        state = "current" if self.superseded_at is None else "superseded"
        return f"{self.credential.number} document of {self.issued_at:%Y-%m-%d} ({state})"


class CertificationDecision(models.Model):
    """The decision to grant a program's award to a person who passed.

    Made when a released pass meets an approved application and the policy's other
    conditions; issued at once when the program says so, otherwise after a credentialing
    officer confirms it.

    .. pii: candidate (through the person), reason
    """

    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="certification_decisions"
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="+")
    passed_on = models.DateField()
    source = models.CharField(
        max_length=200, help_text="Where the pass comes from, e.g. a released result."
    )
    result = models.ForeignKey(
        "results.Result",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certification_decisions",
        help_text="The released result whose pass was decided on, when it came from one.",
    )
    status = models.CharField(
        max_length=20, choices=DecisionStatus.choices, default=DecisionStatus.PENDING
    )
    decided_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The officer who confirmed or declined; empty when issued automatically.",
    )
    reason = models.TextField(blank=True)
    credential = models.OneToOneField(
        Credential, null=True, blank=True, on_delete=models.PROTECT, related_name="decision"
    )

    class Meta:
        ordering = ["-decided_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "program"],
                condition=Q(status__in=[DecisionStatus.PENDING, DecisionStatus.APPROVED]),
                name="one_open_decision_per_program",
                violation_error_message="A decision for this person and program is pending.",
            ),
            models.CheckConstraint(
                condition=Q(status__in=DecisionStatus.values), name="decision_status_valid"
            ),
            models.CheckConstraint(
                condition=(Q(status=DecisionStatus.ISSUED) & Q(credential__isnull=False))
                | (~Q(status=DecisionStatus.ISSUED) & Q(credential__isnull=True)),
                name="issued_decision_has_credential",
            ),
            models.CheckConstraint(
                condition=~Q(status=DecisionStatus.DECLINED)
                | (~Q(reason="") & Q(resolved_by__isnull=False)),
                name="declined_decision_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status=DecisionStatus.PENDING) | Q(resolved_at__isnull=False),
                name="resolved_decision_has_date",
            ),
        ]
        permissions = [
            ("confirm_decision", "Can confirm or decline a certification decision"),
        ]

    def __str__(self) -> str:
        return f"{self.program.designation} decision for {self.candidate} ({self.status})"
