import os
import threading
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from hallmark.lib import ratelimit
from hallmark.lib.env import env_proxies

SPOOFED = "6.6.6.6, 198.51.100.9"  # the client sent "6.6.6.6"; its proxy appended the rest


def seen(remote: str, forwarded: str | None = None) -> str:
    extra = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    return ratelimit.client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **extra))


def test_without_trusted_proxies_the_header_is_ignored(settings) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.HALLMARK_TRUSTED_PROXIES = 0
    assert seen("198.51.100.9", "6.6.6.6") == "198.51.100.9"


def test_one_proxy_in_front_gives_the_address_it_appended(settings) -> None:
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.HALLMARK_TRUSTED_PROXIES = 1
    assert seen("10.0.0.2", SPOOFED) == "198.51.100.9"
    assert seen("10.0.0.2", "198.51.100.9") == "198.51.100.9"
    assert seen("10.0.0.2") == "10.0.0.2"


def test_two_proxies_in_front_skip_the_nearer_one(settings) -> None:
    settings.HALLMARK_TRUSTED_PROXIES = 2
    assert seen("10.0.0.2", f"{SPOOFED}, 10.0.0.7") == "198.51.100.9"
    # Fewer hops than proxies: every entry was written by a trusted proxy.
    assert seen("10.0.0.2", "198.51.100.9") == "198.51.100.9"


def test_trusted_networks_give_the_rightmost_untrusted_address(settings) -> None:
    settings.HALLMARK_TRUSTED_PROXIES = ["10.0.0.0/8", "192.0.2.1"]
    assert seen("10.0.0.2", f"{SPOOFED}, 192.0.2.1, 10.9.9.9") == "198.51.100.9"
    assert seen("10.0.0.2", "6.6.6.6, not-an-address") == "not-an-address"
    assert seen("10.0.0.2", "10.1.1.1") == "10.1.1.1"  # all trusted: the farthest
    # A client that reaches the server directly cannot name another address.
    assert seen("203.0.113.50", "6.6.6.6") == "203.0.113.50"


def test_the_setting_reads_a_count_or_networks_and_names_a_bad_one(monkeypatch) -> None:
    name = "HALLMARK_TRUSTED_PROXIES"
    for raw, value in [
        ("", []),
        ("2", 2),
        ("10.0.0.0/8, 2001:db8::/32", ["10.0.0.0/8", "2001:db8::/32"]),
    ]:
        monkeypatch.setenv(name, raw)
        assert env_proxies(name) == value
    monkeypatch.setenv(name, "10.0.0.0/8, proxy.internal")
    with pytest.raises(ImproperlyConfigured, match=r"'proxy.internal' is neither an address"):
        env_proxies(name)


def counted(request) -> bool:
    return ratelimit.allow("registry", request)[0]


def frozen(monkeypatch, at: float) -> None:
    monkeypatch.setattr(ratelimit, "time", SimpleNamespace(time=lambda: at))


COUNTS = {
    "memory": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "redis": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # The machines Hallmark runs on (CI's too) run Redis; database 15 is the suite's own.
        "LOCATION": os.environ.get("HALLMARK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15"),
    },
}


# Clearing a Redis cache empties its whole database, and the tests count the same keys: the
# Redis cases run on one worker, one after another, when the suite runs in parallel.
@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.xdist_group("redis"))])
def counts(request, settings):
    """Each kind of counter, with no count yet."""
    settings.CACHES = {**settings.CACHES, "ratelimit": COUNTS[request.param]}
    caches["ratelimit"].clear()
    return caches["ratelimit"]


@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_lose_no_counts(counts, settings, monkeypatch) -> None:
    frozen(monkeypatch, 1_800_000_000.0)
    settings.HALLMARK_RATE_LIMITS = {**settings.HALLMARK_RATE_LIMITS, "registry": 60}
    workers, each = 8, 15
    start, lock, allowed, errors = threading.Barrier(workers), threading.Lock(), [], []

    def worker() -> None:
        request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
        try:
            start.wait()
            mine = [counted(request) for _ in range(each)]
            with lock:
                allowed.extend(mine)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and len(allowed) == workers * each
    assert sum(allowed) == 60  # more would mean counts were lost


def test_a_new_window_counts_from_one_and_a_count_expires(counts) -> None:
    minute = 30_000_000
    assert [ratelimit.count("registry:a", minute) for _ in range(3)] == [1, 2, 3]
    assert ratelimit.count("registry:b", minute) == 1
    assert ratelimit.count("registry:a", minute + 1) == 1
    if isinstance(counts, RedisCache):
        key = counts.make_and_validate_key("rate:registry:a:30000000")
        ttl = counts._cache.get_client(key).ttl(key)
        assert 0 < ttl <= ratelimit.KEEP_SECONDS
    else:
        assert counts.get("rate:registry:a:30000000") == 3


@pytest.mark.django_db
def test_counting_writes_nothing_to_the_database(counts) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.9")
    with CaptureQueriesContext(connection) as queries:
        assert [counted(request) for _ in range(3)] == [True] * 3
    assert len(queries) == 0
