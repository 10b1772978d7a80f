"""Ed25519 keys as Multikey (multibase base58btc with a multicodec prefix), and did:key.

Formats (W3C Controlled Identifiers v1.0, Multikey; did:key method):
- public key: ``z`` + base58btc(0xed 0x01 + 32-byte key), which always starts ``z6Mk``;
- secret key: ``z`` + base58btc(0x80 0x26 + 32-byte seed), which starts ``z3u2``;
- did:key: ``did:key:<public multibase>``, whose one verification method is
  ``did:key:<public multibase>#<public multibase>``.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import base58
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ._errors import CredentialError

__all__ = [
    "KeyPair",
    "controller_document",
    "decode_multibase_base58btc",
    "did_key_public_key",
    "encode_multibase_base58btc",
    "generate_key_pair",
    "key_pair_from_secret",
    "public_key_from_multibase",
]

_ED25519_PUB = b"\xed\x01"
_ED25519_PRIV = b"\x80\x26"
_DID_KEY = "did:key:"
CID_CONTEXT = "https://www.w3.org/ns/cid/v1"


@dataclass(frozen=True)
class KeyPair:
    """An Ed25519 key pair in Multikey form.

    Attributes:
        public_multibase: the public key, ``z6Mk...``.
        private_multibase: the secret key, ``z3u2...``; keep it secret (it is left out of repr).
        verification_method_id: the URL that names the public key in proofs, either
            ``did:key:z6Mk...#z6Mk...`` or ``<controller>#z6Mk...``.
    """

    public_multibase: str
    private_multibase: str = field(repr=False)
    verification_method_id: str

    @property
    def controller(self) -> str:
        """The controller of the key: the verification method id without its fragment."""
        return self.verification_method_id.split("#", 1)[0]

    def sign(self, message: bytes) -> bytes:
        """The 64-byte Ed25519 signature of ``message``."""
        return _private_key(self.private_multibase).sign(message)


def encode_multibase_base58btc(data: bytes) -> str:
    """Multibase base58btc (prefix ``z``) of ``data``."""
    return "z" + base58.b58encode(data).decode("ascii")


def decode_multibase_base58btc(text: str, *, what: str = "value") -> bytes:
    """The bytes of a multibase base58btc string; CredentialError naming ``what`` if it is not."""
    if not isinstance(text, str) or not text.startswith("z") or len(text) < 2:
        raise CredentialError(f"{what} {text!r} is not multibase base58btc (must start with 'z')")
    try:
        return base58.b58decode(text[1:])
    except ValueError as error:
        raise CredentialError(f"{what} {text!r} is not valid base58btc: {error}") from None


def public_key_from_multibase(public_multibase: str) -> Ed25519PublicKey:
    """The Ed25519 public key of a ``z6Mk...`` Multikey."""
    raw = decode_multibase_base58btc(public_multibase, what="public key")
    if len(raw) != 34 or not raw.startswith(_ED25519_PUB):
        raise CredentialError(f"public key {public_multibase!r} is not an Ed25519 Multikey")
    return Ed25519PublicKey.from_public_bytes(raw[2:])


def _private_key(private_multibase: str) -> Ed25519PrivateKey:
    raw = decode_multibase_base58btc(private_multibase, what="secret key")
    if len(raw) != 34 or not raw.startswith(_ED25519_PRIV):
        raise CredentialError("secret key is not an Ed25519 Multikey secret (z3u2...)")
    return Ed25519PrivateKey.from_private_bytes(raw[2:])


def _public_multibase(key: Ed25519PublicKey) -> str:
    raw = key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return encode_multibase_base58btc(_ED25519_PUB + raw)


def generate_key_pair(controller: str | None = None) -> KeyPair:
    """A new Ed25519 key pair.

    Parameters:
        controller: the URL of the document that will publish the key (for example the
            issuer profile ``https://cert.example.org/issuer``); the verification method is then
            ``<controller>#<public multibase>``. Without it the key is a did:key.
    """
    seed = Ed25519PrivateKey.generate().private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )
    return key_pair_from_secret(encode_multibase_base58btc(_ED25519_PRIV + seed), controller)


def key_pair_from_secret(private_multibase: str, controller: str | None = None) -> KeyPair:
    """The key pair of a stored ``z3u2...`` secret key (``controller`` as in generate_key_pair)."""
    _key_pair_iv(controller)
    public = _public_multibase(_private_key(private_multibase).public_key())
    base = controller if controller is not None else _DID_KEY + public
    return KeyPair(
        public_multibase=public,
        private_multibase=private_multibase,
        verification_method_id=f"{base}#{public}",
    )


def _key_pair_iv(controller: str | None) -> None:
    if controller is None:
        return
    if not isinstance(controller, str) or "#" in controller or ":" not in controller:
        raise ValueError(f"controller {controller!r} must be an absolute URL without a fragment")


def did_key_public_key(verification_method_id: str) -> str | None:
    """The public multibase of a did:key verification method, None if the id is not did:key.

    Raises CredentialError for a did:key that is malformed or not Ed25519, or whose fragment
    names another key.
    """
    if not verification_method_id.startswith(_DID_KEY):
        return None
    did, _, fragment = verification_method_id.partition("#")
    public = did[len(_DID_KEY) :]
    if fragment and fragment != public:
        raise CredentialError(
            f"did:key verification method {verification_method_id!r} names a key other than its DID"
        )
    public_key_from_multibase(public)
    return public


def controller_document(
    controller: str, keys: Mapping[str, str] | Iterable[KeyPair]
) -> dict[str, Any]:
    """The controller document that publishes ``keys`` for assertions, at URL ``controller``.

    Parameters:
        controller: the URL the document is served at (for example the issuer profile URL).
        keys: the key set, verification method id -> public multibase, or KeyPair objects.
            Keep retired keys listed so that credentials signed with them stay verifiable.

    Verifiers that fetch keys read ``verificationMethod`` and require the key's id in
    ``assertionMethod``.
    """
    methods = _controller_iv(controller, keys)
    return {
        "@context": [CID_CONTEXT],
        "id": controller,
        "verificationMethod": methods,
        "assertionMethod": [method["id"] for method in methods],
    }


def _controller_iv(
    controller: str, keys: Mapping[str, str] | Iterable[KeyPair]
) -> list[dict[str, str]]:
    if controller is None:
        raise ValueError("controller must be an absolute URL")
    _key_pair_iv(controller)
    if isinstance(keys, Mapping):
        pairs = list(keys.items())
    else:
        pairs = []
        for index, key in enumerate(keys):
            if not isinstance(key, KeyPair):
                raise TypeError(f"keys[{index}] is not a KeyPair")
            pairs.append((key.verification_method_id, key.public_multibase))
    methods = []
    for method_id, public in pairs:
        if method_id.split("#", 1)[0] != controller:
            raise ValueError(f"keys: {method_id!r} is not under controller {controller!r}")
        public_key_from_multibase(public)
        methods.append(
            {
                "id": method_id,
                "type": "Multikey",
                "controller": controller,
                "publicKeyMultibase": public,
            }
        )
    return methods
