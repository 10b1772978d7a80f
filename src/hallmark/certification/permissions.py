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
    # recertification
    "certification.view_cycle",
    "certification.view_ceactivity",
    "certification.review_ceactivity",
    "certification.download_ce_evidence",
    "certification.view_ceprovider",
    "certification.view_providercourse",
    "certification.decide_providercourse",
    "certification.view_renewalapplication",
    "certification.decide_renewal",
    "certification.record_renewal_fee",
    "certification.view_renewalaudit",
    "certification.decide_audit",
    "certification.view_auditevidence",
    "certification.view_notice",
    # complaints
    "certification.handle_complaint",
    "certification.view_complaint",
    "certification.view_complaintevent",
    "certification.view_correctiveaction",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.CREDENTIALING_OFFICER: _ACTIONS,
    Role.PROGRAM_MANAGER: [
        "certification.view_credential",
        "certification.view_credentialevent",
        "certification.view_certificationdecision",
        "certification.view_cycle",
        "certification.view_renewalapplication",
        "certification.view_providercourse",
        "certification.view_ceprovider",
        # the picture of the program's credential, baked into holders' badges
        "certification.add_badgeimage",
        "certification.view_badgeimage",
    ],
}

# Appeals and hearings: officers assign panels; panel members sit on them.
ROLE_PERMISSIONS[Role.CREDENTIALING_OFFICER] += [
    "certification.assign_panel",
    "certification.view_panel",
    "certification.view_panelseat",
    "certification.view_conflictofinterest",
]
ROLE_PERMISSIONS[Role.PANEL_MEMBER] = [
    "certification.sit_on_panel",
    "certification.view_panel",
]
ROLE_PERMISSIONS[Role.CREDENTIALING_OFFICER] += [
    "certification.view_appeal",
    "certification.handle_appeal",
    "certification.download_appeal_evidence",
]

# Discipline: officers open and run cases and see their evidence; a panel member sees only the
# cases whose panel they sit on, and a respondent only their own (both checked by the pages).
ROLE_PERMISSIONS[Role.CREDENTIALING_OFFICER] += [
    "certification.run_discipline_case",
    "certification.download_case_evidence",
    "certification.view_disciplinecase",
    "certification.view_caseevidence",
]
