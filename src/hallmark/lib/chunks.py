"""Long lists in pieces: a query's `IN (...)` stays under every database's limit on parameters
(SQLite's is 32,766), however many candidates a release holds."""

from collections.abc import Iterator, Sequence
from typing import TypeVar

T = TypeVar("T")

CHUNK = 2000


def chunks(items: Sequence[T], size: int = CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
