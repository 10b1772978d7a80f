"""What a backup says of the issuer's signing keys, and whether this environment can use them.

The keys' public halves and their encrypted secrets are rows of the database copy. The value
that decrypts the secrets (HALLMARK_KEY_ENCRYPTION_KEY, or HALLMARK_SECRET_KEY) and a key kept
in HALLMARK_ISSUER_PRIVATE_KEY live in the environment and are never written to an archive:
they are kept apart from it, so that a stolen archive does not sign credentials. The manifest
carries a check value encrypted like the secrets, so a restore can tell before it changes
anything whether this environment will be able to sign with the restored keys.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured

from hallmark.certification.data import KeySource
from hallmark.certification.keys import decrypt_secret, encrypt_secret, environment_secret
from hallmark.certification.models import IssuerKey
from hallmark.site.backup.archive import BackupError

_CHECK = "z-hallmark-backup-key-check"


def key_facts() -> dict[str, Any]:
    """The manifest's part on keys: which exist (never their secrets) and the check value."""
    keys = [
        {
            "verification_method": key.verification_method,
            "source": key.source,
            "retired": key.retired_at is not None,
        }
        for key in IssuerKey.objects.order_by("created_at", "pk")
    ]
    return {"issuer_keys": keys, "key_check": encrypt_secret(_CHECK)}


def _keys(manifest: dict[str, Any], where: str) -> list[dict[str, Any]]:
    keys = manifest.get("issuer_keys", [])
    if not isinstance(keys, list) or not all(isinstance(key, dict) for key in keys):
        raise BackupError(f"{where}: manifest.json: issuer_keys is malformed")
    return keys


def check_keys(manifest: dict[str, Any], where: str, *, allow_unreadable: bool) -> list[str]:
    """Refuse, before anything changes, an archive whose stored keys this environment cannot
    decrypt (unless allowed); return notes for the operator."""
    keys = _keys(manifest, where)
    notes = []
    if any(key.get("source") == KeySource.STORED for key in keys):
        try:
            readable = decrypt_secret(str(manifest.get("key_check", ""))) == _CHECK
        except ImproperlyConfigured as error:
            if not allow_unreadable:
                raise BackupError(f"{where}: {error}") from None
            readable = False
        if not readable:
            notes.append(
                "The stored issuer keys cannot be decrypted here: what they signed still "
                "verifies, but rotate to a new key (hallmark keys rotate) before issuing."
            )
    active_in_environment = any(
        key.get("source") == KeySource.ENVIRONMENT and not key.get("retired") for key in keys
    )
    if active_in_environment and environment_secret() is None:
        notes.append(
            "The signing key lives in HALLMARK_ISSUER_PRIVATE_KEY, which is not set here: set "
            "it to the value the backed-up site used before issuing."
        )
    return notes
