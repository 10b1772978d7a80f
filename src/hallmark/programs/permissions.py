"""What each role may do with programs, outlines, blueprints and policies."""

from hallmark.accounts.data import Role

_SETUP_MODELS = (
    "program",
    "contentoutline",
    "domain",
    "competency",
    "blueprint",
    "blueprintcompetencyminimum",
    "eligibilitypolicy",
    "eligibilitycriterion",
    "retakepolicy",
    "recertificationpolicy",
    "cecategory",
    "feeschedule",
    "fee",
    "candidatehandbook",
)
_OUTLINE_MODELS = ("program", "contentoutline", "domain", "competency", "blueprint")
_POLICY_MODELS = _SETUP_MODELS[6:]

SETUP = [
    f"programs.{action}_{model}" for model in _SETUP_MODELS for action in ("add", "change", "view")
] + ["programs.publish_contentoutline", "programs.publish_candidatehandbook"]
READ_OUTLINES = [f"programs.view_{model}" for model in _OUTLINE_MODELS]
READ_POLICIES = [f"programs.view_{model}" for model in _POLICY_MODELS]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.PROGRAM_MANAGER: SETUP,
    Role.ITEM_WRITER: READ_OUTLINES,
    Role.ITEM_REVIEWER: READ_OUTLINES,
    Role.PSYCHOMETRICIAN: [*READ_OUTLINES, "programs.view_blueprintcompetencyminimum"],
    Role.CREDENTIALING_OFFICER: [*READ_OUTLINES, *READ_POLICIES],
}
