"""Demo accounts: one per role, `<role>@example.org`.

Staff accounts come with an authenticator already enrolled, so that the tour needs no phone:
`hallmark otp code EMAIL` prints the code it shows now (docs/accounts.md).
"""

import os
from functools import cache

from django.contrib.auth.hashers import get_hasher, make_password
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from hallmark.accounts import services
from hallmark.accounts.data import SECOND_FACTOR_ROLES, STAFF_ROLES, ErasureStatus, Role
from hallmark.accounts.models import ErasureRequest, User

DEMO_PASSWORD_VARIABLE = "HALLMARK_DEMO_PASSWORD"
DEFAULT_DEMO_PASSWORD = "hallmark-demo"
# The name of the authenticators the demo enrols; `hallmark otp code` reads only these.
DEMO_DEVICE = "demo authenticator"

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
    Role.PANEL_MEMBER: ("panel@example.org", "Robin Achebe"),
}


def demo_password() -> str:
    return os.environ.get(DEMO_PASSWORD_VARIABLE) or DEFAULT_DEMO_PASSWORD


def demo_password_hash() -> str:
    """The demo password, hashed once for every demo account: the password is public, and
    hashing it anew for each of the demo's hundred-odd accounts took most of a second each."""
    return _hash(demo_password(), get_hasher().algorithm)


@cache
def _hash(password: str, algorithm: str) -> str:
    return make_password(password, hasher=algorithm)


def ensure_person(email: str, legal_name: str, role: Role | None = None) -> User:
    """Get or create a demo account; an existing one is left as it is, but for the demo
    authenticator a staff account gets if it has none."""
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User(email=email, legal_name=legal_name, is_staff=role in STAFF_ROLES)
        user.password = demo_password_hash()
        user.save()
        if role is not None:
            user.groups.add(Group.objects.get(name=role.value))
    if role in SECOND_FACTOR_ROLES:
        enrol_for_demo(user)
    return user


def enrol_for_demo(user: User) -> None:
    """Give a demo staff account an authenticator (a random key), unless it has one."""
    if not TOTPDevice.objects.filter(user=user).exists():
        TOTPDevice.objects.create(user=user, name=DEMO_DEVICE, confirmed=True)


# Two certificants (their credentials come with the certification app's demo) who use their
# rights over their data: one is not found by the registry's name search, one asked for erasure.
NOT_FOUND_BY_NAME = ("aisha.khan@example.org", "Aisha Khan")
ASKED_FOR_ERASURE = ("noah.williams@example.org", "Noah Williams")


def _data_rights() -> None:
    hidden = ensure_person(*NOT_FOUND_BY_NAME)
    if hidden.listed_by_name and not hidden.name_search_changes.exists():
        services.set_name_search(hidden, listed=False, by=hidden)
    if not hidden.language:  # she reads Hallmark in Spanish: pages, messages, certificate
        services.choose_language(hidden, "es", by=hidden)
    asking = ensure_person(*ASKED_FOR_ERASURE)
    if not ErasureRequest.objects.filter(person=asking).exists():
        services.request_erasure(
            asking, by=asking, reason="I have left the field and no longer need an account."
        )


def seed() -> list[str]:
    for role, (email, name) in DEMO_PEOPLE.items():
        ensure_person(email, name, role)
    _data_rights()
    admin = User.objects.filter(email="admin@example.org").first()
    if admin is None:
        admin = User(email="admin@example.org", legal_name="Demo Admin", is_superuser=True)
        admin.is_staff = True
        admin.password = demo_password_hash()
        admin.save()
    enrol_for_demo(admin)
    return [
        # The banner at the end counts every account of the tour; this is only the first few.
        f"an account for each role and admin@example.org (password: ${DEMO_PASSWORD_VARIABLE})",
        "staff accounts ask for a code after the password: `hallmark otp code EMAIL` prints it",
        f"{NOT_FOUND_BY_NAME[0]} is not found by the registry's name search (by number only); "
        f"{ASKED_FOR_ERASURE[0]} asked for erasure "
        f"({ErasureRequest.objects.filter(status=ErasureStatus.PENDING).count()} request(s) "
        "waiting for the officer at /accounts/erasure-requests/)",
        f"{NOT_FOUND_BY_NAME[0]} reads Hallmark in Spanish (her pages, messages and certificate); "
        "anyone can switch language in the footer",
    ]
