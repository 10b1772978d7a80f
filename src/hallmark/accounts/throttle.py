"""Failed sign-ins, counted by django-axes per account and per client address.

An account is locked after `AXES_FAILURE_LIMIT` failures, an address (which many people may share:
a test centre, an office) after `HALLMARK_SIGN_IN_FAILURES_PER_ADDRESS`, each for
`AXES_COOLOFF_TIME` after its last failure. While locked, even the right password is refused.
Every lockout is written to the audit log; axes keeps the attempts in its tables.
"""

import functools
import ipaddress
import logging
from collections.abc import Callable, Mapping
from typing import Any

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_cool_off
from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.db.models import Sum
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render

from hallmark.lib import ratelimit
from hallmark.lib.ratelimit import rate_limited

audit = logging.getLogger("hallmark.audit")
View = Callable[..., HttpResponseBase]  # a class-based view's dispatch too


def client_address(request: HttpRequest) -> str | None:
    """The address the rate limits use, or None when it is no IP address ("unknown", a forged
    header): axes keeps it in an address column, which PostgreSQL refuses anything else in."""
    address = ratelimit.client_address(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def account_of(request: HttpRequest, credentials: Mapping[str, Any] | None) -> str:
    """The account a sign-in names, spelled as stored, so `A@x.org` and `a@x.org` count as one."""
    named = (credentials or {}).get("username") or request.POST.get("username") or ""
    return str(named).strip().lower()


class SignInAttempts(AxesDatabaseHandler):
    """Axes' database handler, with a higher limit for an address than for an account.

    Axes compares one number with `AXES_FAILURE_LIMIT`: the largest count of failures among the
    lockout parameters. Here an address's count is first lowered by the extra failures it is
    allowed, so it reaches the account limit only at the address limit.
    """

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        recent = self.get_user_attempts(request, credentials)  # one query per lockout parameter
        allowance = {
            "username": 0,
            "ip_address": settings.HALLMARK_SIGN_IN_FAILURES_PER_ADDRESS
            - settings.AXES_FAILURE_LIMIT,
        }
        counts = {
            parameter: _failures(attempts) - allowance[parameter]
            for parameter, attempts in zip(settings.AXES_LOCKOUT_PARAMETERS, recent, strict=True)
        }
        # No address to count by: not one shared by all.
        if request.axes_ip_address is None:  # type: ignore[attr-defined]  # set by django-axes
            counts.pop("ip_address", None)
        return max(counts.values(), default=0)


def _failures(attempts: Any) -> int:
    return int(attempts.aggregate(n=Sum("failures_since_start"))["n"] or 0)


def lockout_page(
    request: HttpRequest,
    original_response: HttpResponse | None = None,
    credentials: Mapping[str, Any] | None = None,
) -> HttpResponse:
    """What a locked-out person sees: why, for how long, and the other ways back in."""
    minutes = int(get_cool_off(request).total_seconds() // 60)
    return render(request, "accounts/locked_out.html", {"minutes": minutes}, status=429)


@receiver(user_locked_out, dispatch_uid="hallmark-audit-lockout")
def record_lockout(
    sender: Any, request: HttpRequest, username: str, ip_address: str, **_: Any
) -> None:
    audit.warning(
        "sign-in locked out: account %r from %s on %s", username, ip_address, request.path
    )


def unlock_account(email: str) -> int:
    """Forget an account's failed sign-ins (after a password reset); return how many records."""
    return reset(username=email.strip().lower())


def posts_limited(scope: str) -> Callable[[View], View]:
    """A per-address rate limit on a form's submissions (showing the form is not counted)."""

    def decorate(view: View) -> View:
        limited = rate_limited(scope)(view)

        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            return (limited if request.method == "POST" else view)(request, *args, **kwargs)

        return wrapped

    return decorate
