"""The database router: the public registry's reads from a read replica, all else the primary.

With HALLMARK_REPLICA_DATABASE_URL set, settings add the `replica` alias (docs/operations.md,
"A read replica for the registry"). Code that serves the public registry runs its reads inside
`registry_reads()`; the router sends those to `replica`, and every other read, every write and
every migration to `default`. Without the alias, everything goes to `default`. A replica is
behind its primary by the replication lag, so a status change reaches the public registry
after it; nothing a person changes is ever read back from the replica.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS
from django.db.models import Model

REPLICA = "replica"

_REGISTRY_READS: ContextVar[bool] = ContextVar("registry_reads", default=False)

P = ParamSpec("P")
R = TypeVar("R")


def has_replica() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def registry_reads() -> Iterator[None]:
    """Reads inside the block serve the public registry: from the replica, if there is one."""
    token = _REGISTRY_READS.set(True)
    try:
        yield
    finally:
        _REGISTRY_READS.reset(token)


def reads_registry(view: Callable[P, R]) -> Callable[P, R]:
    """A view of the public registry: its reads run inside `registry_reads()`."""

    @functools.wraps(view)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> R:
        with registry_reads():
            return view(*args, **kwargs)

    return wrapped


def read_alias() -> str:
    """The database the current block reads from."""
    return REPLICA if _REGISTRY_READS.get() and has_replica() else DEFAULT_DB_ALIAS


class ReplicaRouter:
    """DATABASE_ROUTERS entry: see the module's docstring."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return read_alias()

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, first: Model, second: Model, **hints: Any) -> bool:
        return True  # the same rows on both: a replica's instance may point to the primary's

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == DEFAULT_DB_ALIAS  # the replica's schema comes by replication
