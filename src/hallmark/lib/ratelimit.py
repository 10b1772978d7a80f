"""A fixed-window rate limit per client address, counted without a database write.

Counts go to the "ratelimit" cache: Redis when `CACHE_URL` names one, shared by every worker
(INCR and EXPIRE in one script: atomic, one round trip); otherwise the process's own
memory, each process counting alone, so N processes allow up to N times the limit (fine for the
demo and one small server; docs/operations.md).
"""

import functools
import ipaddress
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.conf import settings
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.http import HttpRequest, HttpResponse, JsonResponse
from redis.commands.core import Script

WINDOW_SECONDS = 60
KEEP_SECONDS = 2 * WINDOW_SECONDS  # a window's count outlives it: clocks of workers differ a little

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@functools.cache
def _networks(trusted: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(network, strict=False) for network in trusted)


def _is_trusted(address: str, networks: Sequence[Network]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The address the nearest trusted proxy saw the request come from.

    Each proxy appends its peer to X-Forwarded-For, and a client can send any value to start
    with, so the chain is read from the right: past the proxies HALLMARK_TRUSTED_PROXIES
    trusts (a count, or their networks), the first address is the client's. Without the
    setting, the header is ignored.
    """
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    trusted = settings.HALLMARK_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [part.strip() for part in forwarded.split(",") if part.strip()]
    if not trusted or not hops:
        return remote
    chain = [*hops, remote]
    if isinstance(trusted, int):
        return chain[max(len(chain) - 1 - trusted, 0)]
    networks = _networks(tuple(trusted))
    for address in reversed(chain):
        if not _is_trusted(address, networks):
            return address
    return chain[0]


def count(key: str, minute: int) -> int:
    """This request's number in the client's window, counted atomically."""
    counts = caches["ratelimit"]
    key = f"rate:{key}:{minute}"
    if isinstance(counts, RedisCache):
        return _count_in_redis(counts, key)
    # Local memory: incr and add each hold the cache's lock.
    try:
        return int(counts.incr(key))
    except ValueError:  # first request of the window
        return 1 if counts.add(key, 1, timeout=KEEP_SECONDS) else int(counts.incr(key))


# Django's incr is two round trips and can leave a key without expiry when it expires between
# them. INCR and EXPIRE in one script are one command, run atomically: every key expires. It
# costs a third less of the client's CPU than the two in a MULTI/EXEC transaction, whose four
# replies the client parses.
_INCREMENT = Script(
    None,  # type: ignore[arg-type]  # the client is given at each call; bytes need no encoder
    b"local n = redis.call('INCR', KEYS[1]) redis.call('EXPIRE', KEYS[1], ARGV[1]) return n",
)


def _count_in_redis(counts: RedisCache, key: str) -> int:
    key = counts.make_and_validate_key(key)
    client = counts._cache.get_client(key, write=True)
    return int(_INCREMENT(keys=[key], args=[KEEP_SECONDS], client=client))


def allow(scope: str, request: HttpRequest) -> tuple[bool, int]:
    """Count this request; return whether it is allowed and the seconds to the next window."""
    now = int(time.time())
    minute = now // WINDOW_SECONDS
    number = count(f"{scope}:{client_address(request)[:150]}", minute)
    return number <= settings.HALLMARK_RATE_LIMITS[scope], WINDOW_SECONDS - now % WINDOW_SECONDS


def refusal(retry_after: int, *, json: bool = False, what: str = "requests") -> HttpResponse:
    """429 with the seconds to wait; never stored by a cache, which would refuse others too."""
    message = f"Too many {what}: try again in {retry_after} seconds."
    response: HttpResponse = (
        JsonResponse({"detail": message}, status=429)
        if json
        else HttpResponse(message, status=429, content_type="text/plain")
    )
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


def rate_limited(scope: str) -> Callable[..., Any]:
    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            allowed, retry_after = allow(scope, request)
            if allowed:
                return view(request, *args, **kwargs)
            return refusal(retry_after)

        return wrapped

    return decorate
