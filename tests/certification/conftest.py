"""Every credentials test has an issuer key to sign with, as `hallmark keys create` makes."""

import pytest

from hallmark.certification import services
from hallmark.certification.models import IssuerKey


@pytest.fixture(autouse=True)
def issuer_key(db: None) -> IssuerKey:
    return services.create_issuer_key()
