"""The checks every service makes before it changes state on someone's behalf: the permission,
whose record it is, and that nobody decides their own case."""

from typing import Any

from django.core.exceptions import PermissionDenied


def need(by: Any, permission: str, what: str) -> None:
    """Refuse, naming who, what and the permission, unless `by` holds `permission`
    ("app.codename"). `by` None is the system itself (a daily job, the demo): always allowed."""
    if by is not None and not by.has_perm(permission):
        raise PermissionDenied(f"{by.email} may not {what} (needs {permission}).")


def own(by: Any, owner_id: int | None, what: str) -> None:
    """Refuse unless `by` is the signed-in owner of the record `what` names ("This document")."""
    if by is None or by.pk is None or by.pk != owner_id:
        raise PermissionDenied(f"{what} belongs to someone else.")


def not_own_case(by: Any, owner_id: int | None, what: str) -> None:
    """Refuse when `by` is the person the case is about: nobody decides ("decide", "record the
    fee of") their own case. `by` None is the system itself."""
    if by is not None and by.pk == owner_id:
        raise PermissionDenied(f"Nobody may {what} their own case.")
