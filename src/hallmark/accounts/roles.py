"""Roles as Django groups, with the least permissions each needs.

Each app lists its own permissions per role; `sync_roles` (run after every migrate and by
`hallmark roles`) is idempotent: it makes each group hold exactly the listed permissions.
`start_page` says where a person's roles send them after signing in.
"""

import importlib
from typing import Any

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.urls import reverse

from hallmark.accounts.data import NO_ROLE_START_PAGE, START_PAGES, SUPERUSER_START_PAGE, Role
from hallmark.accounts.models import User


def role_permissions() -> dict[Role, list[str]]:
    """Every role's permissions, gathered from each installed app's `permissions` module.

    Each app owns what its roles may do (`ROLE_PERMISSIONS` in `hallmark/<app>/permissions.py`).
    """
    merged: dict[Role, list[str]] = {role: [] for role in Role}
    for config in apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.permissions")
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.permissions":
                raise
            continue
        for role, names in module.ROLE_PERMISSIONS.items():
            merged[role].extend(names)
    return merged


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
    permissions_of = role_permissions()
    for role in Role:
        group, _ = Group.objects.get_or_create(name=role.value)
        permissions = _permissions(permissions_of[role])
        group.permissions.set(permissions)
        counts[role.value] = len(permissions)
    return counts


def sync_roles_after_migrate(sender: Any, **kwargs: Any) -> None:
    # post_migrate fires once per app, and each app's permissions are created by its own
    # signal: by the last app's signal every permission exists, so sync once, then.
    if sender is list(apps.get_app_configs())[-1]:
        sync_roles()


def start_page(user: User) -> str:
    """The path where this person starts after signing in (see `START_PAGES`)."""
    if user.is_superuser:
        return reverse(SUPERUSER_START_PAGE)
    held = set(user.groups.values_list("name", flat=True))
    first = next((name for role, name in START_PAGES.items() if role.value in held), None)
    return reverse(first or NO_ROLE_START_PAGE)
