"""The certification app's models: credentials and their history, badge images,
recertification, and complaints."""

from hallmark.certification.models.appeals import Appeal, AppealCounter, AppealEvidence
from hallmark.certification.models.badges import BadgeImage
from hallmark.certification.models.casework import ConflictOfInterest, Panel, PanelSeat
from hallmark.certification.models.complaints import (
    Complaint,
    ComplaintAttachment,
    ComplaintEvent,
    ComplaintSerial,
    CorrectiveAction,
)
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
    "Appeal",
    "AppealCounter",
    "AppealEvidence",
    "AuditEvidence",
    "AuditSeed",
    "BadgeImage",
    "CEActivity",
    "CEProvider",
    "CaseEvidence",
    "CaseSerial",
    "CertificationDecision",
    "Complaint",
    "ComplaintAttachment",
    "ComplaintEvent",
    "ComplaintSerial",
    "ConflictOfInterest",
    "CorrectiveAction",
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
    "RenewalApplication",
    "RenewalAudit",
    "StatusEntry",
    "StatusList",
]
