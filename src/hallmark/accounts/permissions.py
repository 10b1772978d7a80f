"""What each role may do with people's messages and the access record (accounts themselves stay
with administrators)."""

from hallmark.accounts.data import Role

EDIT_TEMPLATES = ["accounts.view_messagetemplate", "accounts.change_messagetemplate"]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.PROGRAM_MANAGER: EDIT_TEMPLATES,
    Role.CREDENTIALING_OFFICER: [
        *EDIT_TEMPLATES,
        "accounts.view_sentmessage",
        "accounts.view_accessrecord",
    ],
}
