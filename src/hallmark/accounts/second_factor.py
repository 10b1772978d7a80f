"""Who must sign in with a second factor, and the middleware that sends them to it.

Staff (anyone who may open the admin), superusers and members of the roles in
`SECOND_FACTOR_ROLES` enter a code from an authenticator app after their password; until they
do, every page but the code step, enrolment and sign-out sends them there. Candidates and
panelists sign in with their password alone.
"""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

from hallmark.accounts.data import SECOND_FACTOR_ROLES
from hallmark.accounts.models import User

# Set at sign-in, so that a candidate's requests make no query to learn they need no code.
ROLE_NEEDS_CODE = "hallmark_second_factor_role"
# The pages a person between the two factors may open.
OPEN_BETWEEN_FACTORS = frozenset(
    {
        "accounts:second-factor",
        "accounts:second-factor-enrol",
        "logout",
    }
)


def has_second_factor_role(user: User) -> bool:
    return user.groups.filter(name__in=[role.value for role in SECOND_FACTOR_ROLES]).exists()


def needs_second_factor(user: User) -> bool:
    return user.is_staff or user.is_superuser or has_second_factor_role(user)


@receiver(user_logged_in, dispatch_uid="hallmark-second-factor-role")
def remember_role(sender: Any, request: HttpRequest, user: User, **_: Any) -> None:
    request.session[ROLE_NEEDS_CODE] = has_second_factor_role(user)


def is_verified(user: User) -> bool:
    """Whether this sign-in gave its second factor."""
    return user.is_verified()  # type: ignore[attr-defined]  # django-otp's middleware sets it


def waiting_for_code(request: HttpRequest) -> bool:
    """Signed in with a password, but a second factor is owed and not yet given."""
    user = request.user
    if not user.is_authenticated or is_verified(user):
        return False
    # A staff role granted during the sign-in also makes the account staff (`grant_role`).
    return bool(user.is_staff or user.is_superuser or request.session.get(ROLE_NEEDS_CODE))


class SecondFactorMiddleware:
    """After django-otp's middleware: sends a person who owes a code to the code step."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if request.resolver_match and request.resolver_match.view_name in OPEN_BETWEEN_FACTORS:
            return None
        if not waiting_for_code(request):
            return None
        query = urlencode({"next": request.get_full_path()})
        return redirect(f"{reverse('accounts:second-factor')}?{query}")
