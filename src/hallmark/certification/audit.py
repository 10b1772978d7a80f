"""Checking every credential's event chain: an edited, inserted, removed or rewritten event
shows.

The hashes show an edit; the head signatures show a rewrite, since whoever rewrites the rows
can recompute the hashes but cannot sign them without the issuer's secret key. A key recorded
with a signature counts only if it is the issuer's: a stored key must decrypt to its public key
(a row added with someone else's public key has no secret that does).
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured

from hallmark.certification.data import KeySource
from hallmark.certification.keys import key_pair
from hallmark.certification.models import Credential, CredentialEvent, IssuerKey
from hallmark.credentials import ChainEvent, head_signature_matches, verify_chain

SIGN_HISTORY = "hallmark credentials sign-history"


@dataclass(frozen=True)
class ChainBreak:
    number: str
    problem: str


def chain_breaks(credentials: Iterable[Credential] | None = None) -> Iterator[ChainBreak]:
    """Yield the first break in each broken chain of the given (default: all) credentials.

    Each credential keeps the hash of its newest event (its head), so that removing or rewriting
    the last event shows too; each event keeps the issuer's signature of the head it made.
    """
    if credentials is None:
        credentials = Credential.objects.prefetch_related("events__signed_with").iterator(
            chunk_size=2000
        )
    keys: dict[int, str | None] = {}
    for credential in credentials:
        problem = chain_problem(credential, keys)
        if problem is not None:
            yield ChainBreak(credential.number, problem)


def chain_problem(
    credential: Credential, keys: dict[int, str | None] | None = None, *, signatures: bool = True
) -> str | None:
    """Why a credential's history is broken, or None when its links (and, unless
    ``signatures`` is False, its head signatures) hold. ``keys`` caches the keys' checks."""
    events = list(credential.events.all())
    if not events:
        return "the credential has no recorded events"
    chain = [
        ChainEvent(e.chain_payload(), hash=e.hash, previous_hash=e.previous_hash or None)
        for e in events
    ]
    report = verify_chain(chain, expected_head=credential.chain_head)
    if not report.valid:
        return str(report.reason)
    return _signature_problem(events, {} if keys is None else keys) if signatures else None


def _signature_problem(events: list[CredentialEvent], keys: dict[int, str | None]) -> str | None:
    for index, event in enumerate(events):
        key = event.signed_with
        if not event.head_signature or key is None:
            return (
                f"event {index}: its head is not signed (an event from before heads were "
                f"signed: run `{SIGN_HISTORY}`; otherwise its signature was removed)"
            )
        if key.pk not in keys:
            keys[key.pk] = _key_problem(key)
        if keys[key.pk] is not None:
            return f"event {index}: {keys[key.pk]}"
        if not head_signature_matches(event.hash, event.head_signature, key.public_multibase):
            return (
                f"event {index}: the head signature does not match with the key "
                f"{key.verification_method} (the history was rewritten)"
            )
    return None


def _key_problem(key: IssuerKey) -> str | None:
    """Why a recorded key cannot be taken as the issuer's, or None."""
    if key.source == KeySource.ENVIRONMENT:
        # Its secret was never stored, so only the issuer's own record of its keys confirms it.
        return None
    try:
        pair = key_pair(key)
    except ImproperlyConfigured as error:
        return f"the key {key.verification_method} is not the issuer's ({error})"
    if pair.public_multibase != key.public_multibase:
        return (
            f"the key {key.verification_method} is not the issuer's (its secret is another key's)"
        )
    return None
