"""What each role may do with job-analysis studies."""

from hallmark.accounts.data import Role

_MODELS = (
    "study",
    "studyscale",
    "backgroundquestion",
    "panelcomment",
    "invitation",
    "response",
    "rating",
    "weightadjustment",
    "samplingtarget",
    "studyanalysis",
)

MANAGE = ["jobanalysis.manage_study", *(f"jobanalysis.view_{model}" for model in _MODELS)]
READ = [f"jobanalysis.view_{model}" for model in _MODELS if model != "invitation"]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.PROGRAM_MANAGER: MANAGE,
    Role.PSYCHOMETRICIAN: READ,
}
