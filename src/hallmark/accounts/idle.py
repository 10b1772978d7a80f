"""Sign-out after a time without activity: shorter for staff, shortest on an exam device.

The session keeps the moment it is signed out if nothing happens (`idle_until`). Each request
moves it on, but writes it at most once a minute, so that a signed-in request is not a session
write. An exam in progress is never cut short: the exam pages push the moment past the end of
the exam clock (its deadline, which an autosave or the timer's check only confirms); once the
sitting is over, the exam device's short period starts from the last request.
"""

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse

UNTIL = "idle_until"  # Unix time after which the session is signed out
EXAM_DEVICE = "idle_exam_device"  # the session has opened an exam page
REFRESH_SECONDS = 60  # how stale the stored moment may get before it is written again


def minutes(request: HttpRequest, user: Any) -> int:
    if request.session.get(EXAM_DEVICE) or hasattr(request, "idle_exam_left"):
        return int(settings.HALLMARK_EXAM_IDLE_MINUTES)
    if user.is_staff:
        return int(settings.HALLMARK_STAFF_IDLE_MINUTES)
    return int(settings.HALLMARK_IDLE_MINUTES)


def on_exam_page(request: HttpRequest, seconds_left: float | None) -> None:
    """Called by the exam pages: `seconds_left` on the clock of a running (or paused) sitting,
    None before it starts and after it ends."""
    request.idle_exam_left = seconds_left  # type: ignore[attr-defined]  # ours, read below


def _stamp(request: HttpRequest, user: Any, now: float) -> None:
    left = getattr(request, "idle_exam_left", None)
    until = int(now + (left or 0) + 60 * minutes(request, user))
    stored = request.session.get(UNTIL)
    # An exam page before or after the sitting may shorten a period a sitting lengthened.
    shorten = hasattr(request, "idle_exam_left") and left is None and until < (stored or 0)
    if stored is None or until - stored >= REFRESH_SECONDS or shorten:
        request.session[UNTIL] = until
    if hasattr(request, "idle_exam_left") and not request.session.get(EXAM_DEVICE):
        request.session[EXAM_DEVICE] = True


def _signed_in(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    request.session.pop(EXAM_DEVICE, None)
    request.session.pop(UNTIL, None)
    _stamp(request, user, time.time())


user_logged_in.connect(_signed_in, dispatch_uid="hallmark.idle")


class IdleTimeoutMiddleware:
    """After AuthenticationMiddleware and MessageMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        now = time.time()
        if request.user.is_authenticated and now > request.session.get(UNTIL, now):
            idle = minutes(request, request.user)
            logout(request)
            messages.info(request, f"You were signed out after {idle} minutes without activity.")
        response = self.get_response(request)
        if request.user.is_authenticated:
            _stamp(request, request.user, now)
        return response
