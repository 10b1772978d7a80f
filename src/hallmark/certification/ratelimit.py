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
    cache.add(key, 0, timeout=WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired between add and incr
        cache.set(key, 1, timeout=WINDOW_SECONDS * 2)
        count = 1
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
