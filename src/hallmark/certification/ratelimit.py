"""A fixed-window rate limit per client address, shared by every worker through the cache."""

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse

WINDOW_SECONDS = 60


def client_address(request: HttpRequest) -> str:
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "unknown")


def allow(scope: str, request: HttpRequest) -> tuple[bool, int]:
    """Count this request; return whether it is allowed and the seconds to the next window."""
    now = int(time.time())
    window = now // WINDOW_SECONDS
    key = f"rate:{scope}:{client_address(request)}:{window}"
    # One write for a client already counted in this window (the usual case), two otherwise.
    try:
        count = cache.incr(key)
    except ValueError:  # first request of the window
        count = 1 if cache.add(key, 1, timeout=WINDOW_SECONDS * 2) else cache.incr(key)
    limit = settings.HALLMARK_RATE_LIMITS[scope]
    return count <= limit, WINDOW_SECONDS - now % WINDOW_SECONDS


def rate_limited(scope: str, *, json: bool = False) -> Callable[..., Any]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            allowed, retry_after = allow(scope, request)
            if allowed:
                return view(request, *args, **kwargs)
            message = "Too many requests: try again in a minute."
            response: HttpResponse = (
                JsonResponse({"detail": message}, status=429)
                if json
                else HttpResponse(message, status=429, content_type="text/plain")
            )
            response["Retry-After"] = str(retry_after)
            return response

        return wrapped

    return decorate
