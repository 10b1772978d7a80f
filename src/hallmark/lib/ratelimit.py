"""A fixed-window rate limit per client address, shared by every worker.

Counts go to the cache when it increments atomically (Redis, memcached: `CACHE_URL`), and
otherwise to a table counted by one upsert: the database cache's `incr` is a read and a write,
so two workers counting at once would lose counts. The table is certification's `RateCount`
(its model and migration stay there; the limiter reaches it through the app registry, since
`lib` imports no app).
"""

import functools
import ipaddress
import random
import time
from collections.abc import Callable, Sequence
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.memcached import BaseMemcachedCache
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse

WINDOW_SECONDS = 60
ATOMIC_CACHES = (RedisCache, BaseMemcachedCache, LocMemCache)
FORGET_SHARE = 0.01  # of new windows, that also delete the rows of clients gone quiet

# Standard SQL upsert with RETURNING: PostgreSQL, and SQLite since 3.35. One row per key.
UPSERT = """
INSERT INTO certification_ratecount ("key", minute, count) VALUES (%s, %s, 1)
ON CONFLICT ("key") DO UPDATE SET
    count = CASE WHEN certification_ratecount.minute = excluded.minute
                 THEN certification_ratecount.count + 1 ELSE 1 END,
    minute = excluded.minute
RETURNING count
"""

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


def count_in_cache(key: str, minute: int) -> int:
    key = f"rate:{key}:{minute}"
    # One write for a client already counted in this window (the usual case), two otherwise.
    try:
        return int(cache.incr(key))
    except ValueError:  # first request of the window
        return 1 if cache.add(key, 1, timeout=WINDOW_SECONDS * 2) else int(cache.incr(key))


def count_in_table(key: str, minute: int) -> int:
    """One atomic statement on SQLite and PostgreSQL: insert, or count one more in this
    window, or start the row again in a new one."""
    with connection.cursor() as cursor:
        cursor.execute(UPSERT, [key, minute])
        count = int(cursor.fetchone()[0])
    if count == 1 and random.random() < FORGET_SHARE:
        apps.get_model("certification", "RateCount").objects.filter(minute__lt=minute - 1).delete()
    return count


def allow(scope: str, request: HttpRequest) -> tuple[bool, int]:
    """Count this request; return whether it is allowed and the seconds to the next window."""
    now = int(time.time())
    minute = now // WINDOW_SECONDS
    key = f"{scope}:{client_address(request)[:150]}"
    atomic = isinstance(caches["default"], ATOMIC_CACHES)
    count = (count_in_cache if atomic else count_in_table)(key, minute)
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
