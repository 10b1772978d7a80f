"""The certification app's models: credentials and their history, and recertification."""

from hallmark.certification.models.casework import ConflictOfInterest, Panel, PanelSeat
from hallmark.certification.models.credentials import (
    CertificationDecision,
    Credential,
    CredentialDocument,
    CredentialEvent,
    CredentialSerial,
    IssuerKey,
    StatusEntry,
    StatusList,
)
from hallmark.certification.models.discipline import CaseEvidence, CaseSerial, DisciplineCase
from hallmark.certification.models.ratelimit import RateCount
from hallmark.certification.models.recertification import (
    AuditEvidence,
    AuditSeed,
    CEActivity,
    CEProvider,
    Cycle,
    Notice,
    ProviderCourse,
    RenewalApplication,
    RenewalAudit,
)

__all__ = [
    "AuditEvidence",
    "AuditSeed",
    "CEActivity",
    "CEProvider",
    "CaseEvidence",
    "CaseSerial",
    "CertificationDecision",
    "ConflictOfInterest",
    "Credential",
    "CredentialDocument",
    "CredentialEvent",
    "CredentialSerial",
    "Cycle",
    "DisciplineCase",
    "IssuerKey",
    "Notice",
    "Panel",
    "PanelSeat",
    "ProviderCourse",
    "RateCount",
    "RenewalApplication",
    "RenewalAudit",
    "StatusEntry",
    "StatusList",
]
