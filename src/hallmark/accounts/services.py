"""Changes of state for accounts."""

from django.contrib.auth.models import Group
from django.db import transaction

from hallmark.accounts.data import STAFF_ROLES, Role
from hallmark.accounts.models import User


@transaction.atomic
def grant_role(user: User, role: Role) -> None:
    """Add a role; staff roles also open the staff admin (their permissions decide the rest)."""
    user.groups.add(Group.objects.get(name=role.value))
    if role in STAFF_ROLES and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


@transaction.atomic
def revoke_role(user: User, role: Role) -> None:
    user.groups.remove(Group.objects.get(name=role.value))
    still_staff = user.groups.filter(name__in=[r.value for r in STAFF_ROLES]).exists()
    if user.is_staff and not still_staff and not user.is_superuser:
        user.is_staff = False
        user.save(update_fields=["is_staff"])
