"""Data Integrity proofs with the EdDSA cryptosuites eddsa-rdfc-2022 and eddsa-jcs-2022.

W3C "Data Integrity EdDSA Cryptosuites v1.0": a proof signs
``SHA-256(canonical proof configuration) || SHA-256(canonical document)`` with Ed25519, and
carries the 64-byte signature as multibase base58btc in ``proofValue``. eddsa-rdfc-2022
canonicalizes with RDFC-1.0 (what the document means), eddsa-jcs-2022 with RFC 8785 (its JSON).
Documents signed here always carry ``proof`` as an array (a proof set), as Open Badges 3.0 asks.
"""

import copy
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from cryptography.exceptions import InvalidSignature

from ._canonical import canonicalize_admitted, canonicalize_jcs, canonicalize_rdfc
from ._contexts import ContextLoader, default_loader
from ._dates import format_datetime
from ._errors import CredentialError
from ._limits import Budget
from ._multikey import (
    KeyPair,
    decode_multibase_base58btc,
    encode_multibase_base58btc,
    public_key_from_multibase,
)

__all__ = [
    "CRYPTOSUITES",
    "EDDSA_JCS_2022",
    "EDDSA_RDFC_2022",
    "ProofHashes",
    "create_proof",
    "proof_hashes",
    "proofs_of",
    "sign_credential",
    "verify_proof",
]

EDDSA_RDFC_2022 = "eddsa-rdfc-2022"
EDDSA_JCS_2022 = "eddsa-jcs-2022"
CRYPTOSUITES = (EDDSA_RDFC_2022, EDDSA_JCS_2022)
PROOF_TYPE = "DataIntegrityProof"


@dataclass(frozen=True)
class ProofHashes:
    """Every intermediate value of a proof, as the cryptosuite specification names them.

    Attributes:
        cryptosuite: eddsa-rdfc-2022 or eddsa-jcs-2022.
        canonical_document: the transformed (canonical) document, N-Quads or JCS text.
        canonical_proof_config: the canonical proof configuration.
        document_hash: SHA-256 of ``canonical_document``.
        proof_config_hash: SHA-256 of ``canonical_proof_config``.
    """

    cryptosuite: str
    canonical_document: str
    canonical_proof_config: str
    document_hash: bytes
    proof_config_hash: bytes

    @property
    def hash_data(self) -> bytes:
        """The 64 bytes that Ed25519 signs: proof configuration hash, then document hash."""
        return self.proof_config_hash + self.document_hash


def proofs_of(document: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The proofs of a secured document as a list (``proof`` may be one object or an array)."""
    proof = document.get("proof")
    if proof is None:
        return []
    proofs = proof if isinstance(proof, list) else [proof]
    if not all(isinstance(item, Mapping) for item in proofs):
        raise CredentialError("proof must be an object or an array of objects")
    return [dict(item) for item in proofs]


def proof_hashes(
    document: Mapping[str, Any],
    proof: Mapping[str, Any],
    *,
    loader: ContextLoader | None = None,
    budget: Budget | None = None,
) -> ProofHashes:
    """Canonicalize and hash a document and a proof configuration.

    Parameters:
        document: the secured document (its proofs are set aside; those named in the proof's
            ``previousProof`` are put back, as a proof chain requires) or an unsecured one.
        proof: the proof, or the proof options of one being made; ``proofValue`` is ignored.
        loader: the context loader for eddsa-rdfc-2022.
        budget: the work it may take (see canonicalize_rdfc); the document is admitted by
            size and depth before it is copied. A fresh Budget by default.

    Raises LimitExceededError when the document is beyond the budget's limits.
    """
    budget = budget or Budget()
    budget.admit(document)
    budget.admit(proof, what="the proof")
    unsecured, config = _transformation_inputs(document, proof)
    suite = config["cryptosuite"]
    if suite == EDDSA_RDFC_2022:
        # Both are parts of what was just admitted (the document and the proof, each with the
        # document's @context), so they are not measured again.
        canonical_document = _canonical_rdfc(unsecured, loader, budget)
        canonical_config = _canonical_rdfc(config, loader, budget)
    else:
        canonical_document = canonicalize_jcs(unsecured).decode("utf-8")
        canonical_config = canonicalize_jcs(config).decode("utf-8")
    return ProofHashes(
        cryptosuite=suite,
        canonical_document=canonical_document,
        canonical_proof_config=canonical_config,
        document_hash=hashlib.sha256(canonical_document.encode("utf-8")).digest(),
        proof_config_hash=hashlib.sha256(canonical_config.encode("utf-8")).digest(),
    )


def _canonical_rdfc(document: dict[str, Any], loader: ContextLoader | None, budget: Budget) -> str:
    if "@context" not in document:
        return canonicalize_rdfc(document, loader=loader, budget=budget)  # refused there
    return canonicalize_admitted(document, loader or default_loader(), budget)


def _transformation_inputs(
    document: Mapping[str, Any], proof: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    if not isinstance(document, Mapping):
        raise TypeError(f"document must be a JSON object, not {type(document).__name__}")
    if not isinstance(proof, Mapping):
        raise TypeError(f"proof must be a JSON object, not {type(proof).__name__}")
    if proof.get("type") != PROOF_TYPE:
        raise CredentialError(f"proof type {proof.get('type')!r} is not {PROOF_TYPE!r}")
    if proof.get("cryptosuite") not in CRYPTOSUITES:
        raise CredentialError(
            f"cryptosuite {proof.get('cryptosuite')!r} is not supported "
            f"(supported: {', '.join(CRYPTOSUITES)})"
        )
    unsecured = {key: copy.deepcopy(value) for key, value in document.items() if key != "proof"}
    previous = _previous_proofs(document, proof)
    if previous:
        unsecured["proof"] = previous
    config = {key: copy.deepcopy(value) for key, value in proof.items() if key != "proofValue"}
    if "@context" in config:
        # A proof that carries its own @context signs the document under exactly that context.
        if not _starts_with(_as_list(document.get("@context")), _as_list(config["@context"])):
            raise CredentialError("the proof's @context is not a prefix of the document's @context")
        unsecured["@context"] = copy.deepcopy(config["@context"])
    if "@context" in unsecured:
        config["@context"] = copy.deepcopy(unsecured["@context"])
    return unsecured, config


def _previous_proofs(document: Mapping[str, Any], proof: Mapping[str, Any]) -> list[dict[str, Any]]:
    wanted = proof.get("previousProof")
    if wanted is None:
        return []
    ids = _as_list(wanted)
    by_id = {item.get("id"): item for item in proofs_of(document)}
    missing = [proof_id for proof_id in ids if proof_id not in by_id]
    if missing:
        raise CredentialError(f"previousProof {missing[0]!r} is not among the document's proofs")
    return [copy.deepcopy(by_id[proof_id]) for proof_id in ids]


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def _starts_with(values: Sequence[Any], prefix: Sequence[Any]) -> bool:
    return list(values[: len(prefix)]) == list(prefix)


def create_proof(
    document: Mapping[str, Any],
    key_pair: KeyPair,
    *,
    cryptosuite: str = EDDSA_RDFC_2022,
    created: datetime | None = None,
    loader: ContextLoader | None = None,
) -> dict[str, Any]:
    """A DataIntegrityProof (proofPurpose assertionMethod) over ``document``.

    Parameters:
        document: the credential; any proofs it already has are not signed over.
        key_pair: the issuer's key; its verification method id goes into the proof.
        cryptosuite: eddsa-rdfc-2022 (default) or eddsa-jcs-2022.
        created: the proof's creation time (timezone-aware); now by default.
        loader: the context loader for eddsa-rdfc-2022.

    Raises UndefinedTermError if eddsa-rdfc-2022 would leave any term of the document unsigned.
    """
    _create_proof_iv(document, key_pair, cryptosuite, created)
    proof: dict[str, Any] = {
        "type": PROOF_TYPE,
        "cryptosuite": cryptosuite,
        "created": format_datetime(created or datetime.now(UTC)),
        "verificationMethod": key_pair.verification_method_id,
        "proofPurpose": "assertionMethod",
    }
    if cryptosuite == EDDSA_JCS_2022 and "@context" in document:
        proof["@context"] = copy.deepcopy(document["@context"])
    hashes = proof_hashes(document, proof, loader=loader)
    proof["proofValue"] = encode_multibase_base58btc(key_pair.sign(hashes.hash_data))
    return proof


def _create_proof_iv(
    document: Mapping[str, Any], key_pair: KeyPair, cryptosuite: str, created: datetime | None
) -> None:
    if not isinstance(document, Mapping):
        raise TypeError(f"document must be a JSON object, not {type(document).__name__}")
    if not isinstance(key_pair, KeyPair):
        raise TypeError("key_pair must be a KeyPair (see generate_key_pair)")
    if cryptosuite not in CRYPTOSUITES:
        raise ValueError(
            f"cryptosuite must be one of {', '.join(CRYPTOSUITES)}, not {cryptosuite!r}"
        )
    if created is not None and (not isinstance(created, datetime) or created.tzinfo is None):
        raise ValueError("created must be a timezone-aware datetime")


def sign_credential(
    document: Mapping[str, Any],
    key_pair: KeyPair,
    *,
    cryptosuite: str = EDDSA_RDFC_2022,
    created: datetime | None = None,
    loader: ContextLoader | None = None,
) -> dict[str, Any]:
    """A copy of ``document`` with a new proof appended to its ``proof`` array.

    Parameters are those of create_proof. Proofs already present stay (a proof set): each
    proof signs the document without the proofs.
    """
    proof = create_proof(
        document, key_pair, cryptosuite=cryptosuite, created=created, loader=loader
    )
    signed = copy.deepcopy(dict(document))
    signed["proof"] = [*proofs_of(document), proof]
    return signed


def verify_proof(
    document: Mapping[str, Any],
    proof: Mapping[str, Any],
    public_key_multibase: str,
    *,
    loader: ContextLoader | None = None,
    budget: Budget | None = None,
) -> bool:
    """Whether ``proof``'s signature over ``document`` verifies with the given public key.

    Returns False when the signature does not match (the document or the proof was changed,
    or another key signed it). Raises CredentialError when the proof cannot be checked at all
    (unsupported cryptosuite, malformed proofValue, a term the contexts do not define, ...),
    and its subclass LimitExceededError when the document is beyond ``budget`` (see
    proof_hashes).
    """
    if not isinstance(proof, Mapping):
        raise TypeError(f"proof must be a JSON object, not {type(proof).__name__}")
    signature = decode_multibase_base58btc(proof.get("proofValue", ""), what="proofValue")
    if len(signature) != 64:
        raise CredentialError(
            f"proofValue holds {len(signature)} bytes, not a 64-byte Ed25519 signature"
        )
    public_key = public_key_from_multibase(public_key_multibase)
    hashes = proof_hashes(document, proof, loader=loader, budget=budget)
    try:
        public_key.verify(signature, hashes.hash_data)
    except InvalidSignature:
        return False
    return True
