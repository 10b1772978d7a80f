"""Fixtures of the credentials tests: an issuer, its keys, a signed credential, status lists."""

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import pytest

from credentials.support import ISSUER_ID, REVOCATION_LIST, make_award
from hallmark.credentials import (
    BitstringStatusList,
    IssuerProfile,
    KeyPair,
    StatusPurpose,
    build_open_badge,
    build_status_list_credential,
    generate_key_pair,
    sign_credential,
)


@pytest.fixture(scope="session")
def issuer() -> IssuerProfile:
    return IssuerProfile(
        id=ISSUER_ID,
        name="Example Employment Support Certification Board",
        url="https://cert.example.org",
        email="registry@cert.example.org",
    )


@pytest.fixture(scope="session")
def issuer_key() -> KeyPair:
    return generate_key_pair(ISSUER_ID)


@pytest.fixture(scope="session")
def key_set(issuer_key: KeyPair) -> dict[str, str]:
    return {issuer_key.verification_method_id: issuer_key.public_multibase}


@pytest.fixture
def signed_credential(issuer: IssuerProfile, issuer_key: KeyPair) -> dict[str, Any]:
    """A signed CESP certification with a revocation entry."""
    return sign_credential(build_open_badge(make_award(), issuer), issuer_key)


StatusListFactory = Callable[..., dict[str, Any]]


@pytest.fixture
def status_list_credential(issuer_key: KeyPair) -> StatusListFactory:
    """Build and sign a status list credential with the given bits set."""

    def build(
        url: str = REVOCATION_LIST,
        purpose: StatusPurpose = StatusPurpose.REVOCATION,
        set_bits: tuple[int, ...] = (),
        key: KeyPair | None = None,
        issuer_id: str = ISSUER_ID,
    ) -> dict[str, Any]:
        bits = BitstringStatusList()
        for index in set_bits:
            bits.set(index)
        document = build_status_list_credential(
            url=url,
            issuer=issuer_id,
            purpose=purpose,
            status_list=bits,
            valid_from=datetime(2026, 6, 1, tzinfo=UTC),
            valid_until=datetime(2026, 7, 1, tzinfo=UTC),
        )
        return sign_credential(document, key or issuer_key)

    return build
