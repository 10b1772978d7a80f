"""Roles as Django groups, with the least permissions each needs.

Each app adds its own permissions to ROLE_PERMISSIONS when it lands; a permission whose app is
not installed yet is skipped, and `sync_roles` (run after every migrate and by `hallmark roles`)
is idempotent: it makes each group hold exactly the listed permissions.
"""

from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from hallmark.accounts.data import Role

_PROGRAM_SETUP = [
    f"programs.{action}_{model}"
    for model in (
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
    )
    for action in ("add", "change", "view")
] + ["programs.publish_contentoutline"]

_PROGRAM_READ = [
    f"programs.view_{model}"
    for model in ("program", "contentoutline", "domain", "competency", "blueprint")
]
_POLICY_READ = [
    f"programs.view_{model}"
    for model in (
        "eligibilitypolicy",
        "eligibilitycriterion",
        "retakepolicy",
        "recertificationpolicy",
        "cecategory",
        "feeschedule",
        "fee",
    )
]

ROLE_PERMISSIONS: dict[Role, list[str]] = {
    Role.PROGRAM_MANAGER: _PROGRAM_SETUP,
    Role.ITEM_WRITER: _PROGRAM_READ,
    Role.ITEM_REVIEWER: _PROGRAM_READ,
    Role.PSYCHOMETRICIAN: [*_PROGRAM_READ, "programs.view_blueprintcompetencyminimum"],
    Role.PANELIST: [],
    Role.CREDENTIALING_OFFICER: [*_PROGRAM_READ, *_POLICY_READ],
    Role.PROCTOR: [],
    Role.CANDIDATE: [],
}


def _permissions(names: list[str]) -> list[Permission]:
    wanted = {tuple(name.split(".", 1)) for name in names}
    found = Permission.objects.select_related("content_type").filter(
        codename__in={codename for _, codename in wanted}
    )
    return [p for p in found if (p.content_type.app_label, p.codename) in wanted]


@transaction.atomic
def sync_roles() -> dict[str, int]:
    """Create every role's group and give it exactly its permissions; return counts per role."""
    counts = {}
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        permissions = _permissions(ROLE_PERMISSIONS[role])
        group.permissions.set(permissions)
        counts[role.value] = len(permissions)
    return counts


def sync_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    # post_migrate fires once per app, and each app's permissions are created by its own
    # signal: by the last app's signal every permission exists, so sync once, then.
    if sender is list(apps.get_app_configs())[-1]:
        sync_roles()
