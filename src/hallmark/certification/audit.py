"""Checking every credential's event chain: an edited, inserted or removed event shows."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from hallmark.certification.models import Credential
from hallmark.credentials import ChainEvent, verify_chain


@dataclass(frozen=True)
class ChainBreak:
    number: str
    problem: str


def chain_breaks(credentials: Iterable[Credential] | None = None) -> Iterator[ChainBreak]:
    """Yield the first break in each broken chain of the given (default: all) credentials.

    Each credential keeps the hash of its newest event (its head), so that removing or rewriting
    the last event shows too.
    """
    if credentials is None:
        credentials = Credential.objects.prefetch_related("events").iterator(chunk_size=2000)
    for credential in credentials:
        events = [
            ChainEvent(e.chain_payload(), hash=e.hash, previous_hash=e.previous_hash or None)
            for e in credential.events.all()
        ]
        if not events:
            yield ChainBreak(credential.number, "the credential has no recorded events")
            continue
        report = verify_chain(events, expected_head=credential.chain_head)
        if not report.valid:
            yield ChainBreak(credential.number, str(report.reason))
