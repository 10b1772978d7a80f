"""Demo accounts: one per role, `<role>@example.org`."""

import os

from django.contrib.auth.models import Group

from hallmark.accounts.data import STAFF_ROLES, Role
from hallmark.accounts.models import User

DEMO_PASSWORD_VARIABLE = "HALLMARK_DEMO_PASSWORD"
DEFAULT_DEMO_PASSWORD = "hallmark-demo"

# role -> (email, legal name)
DEMO_PEOPLE: dict[Role, tuple[str, str]] = {
    Role.CANDIDATE: ("candidate@example.org", "Jordan Rivera"),
    Role.PROGRAM_MANAGER: ("manager@example.org", "Morgan Ellis"),
    Role.ITEM_WRITER: ("writer@example.org", "Priya Natarajan"),
    Role.ITEM_REVIEWER: ("reviewer@example.org", "Samuel Okafor"),
    Role.PSYCHOMETRICIAN: ("psychometrician@example.org", "Dana Whitfield"),
    Role.PANELIST: ("panelist@example.org", "Lee Carter"),
    Role.CREDENTIALING_OFFICER: ("officer@example.org", "Alex Moreno"),
    Role.PROCTOR: ("proctor@example.org", "Casey Nguyen"),
}


def demo_password() -> str:
    return os.environ.get(DEMO_PASSWORD_VARIABLE) or DEFAULT_DEMO_PASSWORD


def ensure_person(email: str, legal_name: str, role: Role | None = None) -> User:
    """Get or create a demo account; an existing one is left exactly as it is."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email, demo_password(), legal_name=legal_name, is_staff=role in STAFF_ROLES
        )
        if role is not None:
            user.groups.add(Group.objects.get(name=role.value))
    return user


def seed() -> list[str]:
    for role, (email, name) in DEMO_PEOPLE.items():
        ensure_person(email, name, role)
    if not User.objects.filter(email="admin@example.org").exists():
        User.objects.create_superuser("admin@example.org", demo_password(), legal_name="Demo Admin")
    return [f"{len(DEMO_PEOPLE) + 1} demo accounts (password: ${DEMO_PASSWORD_VARIABLE})"]
