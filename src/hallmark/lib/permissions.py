"""The check every service makes before it changes state on someone's behalf."""

from typing import Any

from django.core.exceptions import PermissionDenied


def need(by: Any, permission: str, what: str) -> None:
    """Refuse, naming who, what and the permission, unless `by` holds `permission`
    ("app.codename"). `by` None is the system itself (a daily job, the demo): always allowed."""
    if by is not None and not by.has_perm(permission):
        raise PermissionDenied(f"{by.email} may not {what} (needs {permission}).")
