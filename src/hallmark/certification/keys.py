"""The issuer's secret keys at rest: encrypted in the database, or kept in the environment.

A stored secret is encrypted with Fernet (AES-128-CBC with HMAC-SHA256) under a key derived by
HKDF-SHA256 from HALLMARK_KEY_ENCRYPTION_KEY, or from HALLMARK_SECRET_KEY when that is not set.
The database row never holds the secret's multibase form. HALLMARK_ISSUER_PRIVATE_KEY, when
set, is the signing key itself (a ``z3u2...`` Multikey secret) and is never stored.
"""

import base64
import functools

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from hallmark.certification.data import KeySource
from hallmark.certification.models import IssuerKey
from hallmark.credentials import CredentialError, KeyPair, key_pair_from_secret
from hallmark.lib.env import env_str

ENCRYPTION_KEY_VARIABLE = "HALLMARK_KEY_ENCRYPTION_KEY"
PRIVATE_KEY_VARIABLE = "HALLMARK_ISSUER_PRIVATE_KEY"
# Changing this label makes every stored key unreadable: it is part of the derived key.
_HKDF_INFO = b"hallmark issuer key encryption v1"


def _encryption_variable() -> str:
    return ENCRYPTION_KEY_VARIABLE if env_str(ENCRYPTION_KEY_VARIABLE) else "HALLMARK_SECRET_KEY"


def _encryption_secret() -> str:
    return env_str(ENCRYPTION_KEY_VARIABLE) or settings.SECRET_KEY


def _fernet() -> Fernet:
    secret = _encryption_secret()
    derived = HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=_HKDF_INFO).derive(
        secret.encode("utf-8")
    )
    return Fernet(base64.urlsafe_b64encode(derived))


def encrypt_secret(private_multibase: str) -> str:
    """The Fernet token that stores a ``z3u2...`` secret."""
    return _fernet().encrypt(private_multibase.encode("ascii")).decode("ascii")


def decrypt_secret(token: str) -> str:
    """The ``z3u2...`` secret of a stored token."""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode("ascii")
    except InvalidToken:
        raise ImproperlyConfigured(
            f"The issuer key cannot be decrypted: {_encryption_variable()} is not the value it "
            "was stored with. Restore that value (keys are encrypted with "
            f"{ENCRYPTION_KEY_VARIABLE}, or HALLMARK_SECRET_KEY when it is not set)."
        ) from None


def environment_secret() -> str | None:
    """The secret in HALLMARK_ISSUER_PRIVATE_KEY, if set."""
    return env_str(PRIVATE_KEY_VARIABLE).strip() or None


def environment_key_pair(controller: str) -> KeyPair | None:
    """The key pair of HALLMARK_ISSUER_PRIVATE_KEY under ``controller``, None if it is not set."""
    secret = environment_secret()
    if secret is None:
        return None
    try:
        return key_pair_from_secret(secret, controller)
    except CredentialError as error:
        raise ImproperlyConfigured(f"{PRIVATE_KEY_VARIABLE}: {error}") from None


def key_pair(key: IssuerKey) -> KeyPair:
    """The signing key pair of a stored or environment key."""
    if key.source == KeySource.ENVIRONMENT:
        pair = environment_key_pair(key.controller)
        if pair is None or pair.public_multibase != key.public_multibase:
            raise ImproperlyConfigured(
                f"The signing key {key.public_multibase} lives in {PRIVATE_KEY_VARIABLE}, which "
                "no longer holds it: set it again, or rotate to a new key."
            )
        return pair
    return _stored_key_pair(
        key.encrypted_secret, key.controller, key.verification_method, _encryption_secret()
    )


@functools.lru_cache(maxsize=8)
def _stored_key_pair(token: str, controller: str, method: str, encryption: str) -> KeyPair:
    # Decrypted once per process and key (and encryption secret): issuing a window's
    # credentials signs thousands of times with the same key.
    pair = key_pair_from_secret(decrypt_secret(token), controller)
    if pair.verification_method_id != method:
        raise ImproperlyConfigured(f"The stored issuer key {method} does not match its secret.")
    return pair
