"""Credentials, their hash-chained events, and the numbers they carry.

A credential is never deleted: its status changes through events, each recording who, when and
why. Each credential's events form a hash chain (`hallmark credentials audit` checks it), so an
edited or removed row is detectable.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q

from hallmark.certification.data import (
    CURRENT_STATUSES,
    AwardKind,
    CredentialStatus,
    EventKind,
)
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
        ]

    def __str__(self) -> str:
        return f"{self.number} ({self.program.designation}, {self.holder_name})"

    @property
    def is_certification(self) -> bool:
        return self.kind == AwardKind.CERTIFICATION

    @property
    def kind_label(self) -> str:
        """Said plainly everywhere the credential is shown."""
        return AwardKind(self.kind).label

    def is_expired_on(self, day: datetime.date) -> bool:
        return self.expires_on is not None and day > self.expires_on


class CredentialEvent(models.Model):
    """One change in a credential's life, chained to the one before it by its hash."""

    credential = models.ForeignKey(Credential, on_delete=models.PROTECT, related_name="events")
    sequence = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=EventKind.choices)
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

    class Meta:
        ordering = ["credential", "sequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["credential", "sequence"], name="credential_event_sequence_unique"
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
