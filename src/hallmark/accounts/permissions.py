"""What each role may do with people's messages (accounts themselves stay with administrators)."""

from hallmark.accounts.data import Role

EDIT_TEMPLATES = ["accounts.view_messagetemplate", "accounts.change_messagetemplate"]
# Correcting a legal name (with a reason), even while a registration is active; every change
# of legal name is recorded and seen here.
LEGAL_NAMES = [
    "accounts.view_legalnamechange",
    "accounts.add_legalnamechange",
    "accounts.correct_legal_name",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.PROGRAM_MANAGER: EDIT_TEMPLATES,
    Role.CREDENTIALING_OFFICER: [*EDIT_TEMPLATES, "accounts.view_sentmessage", *LEGAL_NAMES],
}
