"""What each role may do with people's messages, sign-in and the access record (accounts
themselves stay with administrators).

Credentialing officers help people back in: they reset a lost second factor (journaled) and
unlock an account locked by failed sign-ins (axes' records of attempts).
"""

from hallmark.accounts.data import Role

EDIT_TEMPLATES = ["accounts.view_messagetemplate", "accounts.change_messagetemplate"]
HELP_SIGN_IN = [
    "accounts.reset_second_factor",
    "accounts.view_secondfactorevent",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accessfailurelog",
]
# Correcting a legal name (with a reason), even while a registration is active; every change
# of legal name is recorded and seen here.
LEGAL_NAMES = [
    "accounts.view_legalnamechange",
    "accounts.add_legalnamechange",
    "accounts.correct_legal_name",
]

# The background queue (docs/operations.md): each task's state, arguments, result and errors,
# and the jobs staff started (who, when, progress, what they made or why they failed).
BACKGROUND_TASKS = ["django_tasks_database.view_dbtaskresult", "accounts.view_job"]

# A person's rights over their data: officers decide requests for erasure (and see who turned
# the registry's name search off); program managers set how long evidence, responses and
# messages are kept, and see what the daily job removed.
ERASURE = [
    "accounts.view_erasurerequest",
    "accounts.process_erasure_request",
    "accounts.view_namesearchchange",
    "accounts.view_retentionrecord",
]
RETENTION = [
    "accounts.view_retentionschedule",
    "accounts.add_retentionschedule",
    "accounts.change_retentionschedule",
    "accounts.view_retentionrecord",
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.PROGRAM_MANAGER: [*EDIT_TEMPLATES, *BACKGROUND_TASKS, *RETENTION],
    Role.CREDENTIALING_OFFICER: [
        *EDIT_TEMPLATES,
        *BACKGROUND_TASKS,
        "accounts.view_sentmessage",
        *HELP_SIGN_IN,
        *LEGAL_NAMES,
        "accounts.view_accessrecord",
        *ERASURE,
    ],
}
