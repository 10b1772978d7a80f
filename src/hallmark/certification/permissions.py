"""What each role may do with credentials."""

from hallmark.accounts.data import Role

_ACTIONS = [
    "certification.view_credential",
    "certification.view_credentialevent",
    "certification.issue_credential",
    "certification.suspend_credential",
    "certification.revoke_credential",
    "certification.reinstate_credential",
    "certification.download_credential",
    "certification.view_certificationdecision",
    "certification.confirm_decision",
    "certification.view_credentialdocument",
    "certification.view_statuslist",
    "certification.view_issuerkey",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.CREDENTIALING_OFFICER: _ACTIONS,
    Role.PROGRAM_MANAGER: [
        "certification.view_credential",
        "certification.view_credentialevent",
        "certification.view_certificationdecision",
    ],
}
