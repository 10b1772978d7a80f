"""Portable, signed credentials: Open Badges 3.0 on W3C Verifiable Credentials 2.0.

Build an OpenBadgeCredential for a certification or a certificate, sign it with a Data
Integrity proof (eddsa-rdfc-2022), publish revocation and suspension in Bitstring Status Lists,
and verify any such credential offline. Also: credential numbers with check digits, and a
hash-chained event log. JSON-LD contexts ship with the package and are never fetched.
"""

from ._canonical import canonicalize_jcs, canonicalize_rdfc
from ._chain import (
    ChainEvent,
    ChainReport,
    event_hash,
    head_signature_matches,
    sign_head,
    verify_chain,
)
from ._contexts import CREDENTIALS_V2, OB3_CONTEXT, BundledContext, ContextLoader, bundled_contexts
from ._errors import (
    CanonicalizationError,
    CredentialError,
    LimitExceededError,
    UndefinedTermError,
    UnknownContextError,
)
from ._limits import Budget, Limit, Limits, parse_json
from ._multikey import (
    KeyPair,
    controller_document,
    did_key_public_key,
    generate_key_pair,
    key_pair_from_secret,
    public_key_from_multibase,
)
from ._numbers import check_credential_number, make_credential_number, normalize_credential_number
from ._open_badge import (
    ACHIEVEMENT_TYPES,
    AchievementKind,
    CredentialAward,
    IssuerProfile,
    build_open_badge,
    holder_matches,
    identity_hash,
    open_badge_schema_errors,
)
from ._proof import (
    CRYPTOSUITES,
    EDDSA_JCS_2022,
    EDDSA_RDFC_2022,
    ProofHashes,
    create_proof,
    proof_hashes,
    sign_credential,
    verify_proof,
)
from ._status_list import (
    MAX_STATUS_SIZE,
    MIN_STATUS_LIST_LENGTH,
    SUSPENSION_REVOCATION_MESSAGES,
    BitstringStatusList,
    BitstringStatusListEntry,
    StatusMessage,
    StatusPurpose,
    build_status_list_credential,
)
from ._verify import (
    LIMITS_CHECK,
    Check,
    CheckStatus,
    Fetch,
    VerificationResult,
    verify_credential,
)

__all__ = [
    "ACHIEVEMENT_TYPES",
    "CREDENTIALS_V2",
    "CRYPTOSUITES",
    "EDDSA_JCS_2022",
    "EDDSA_RDFC_2022",
    "LIMITS_CHECK",
    "MAX_STATUS_SIZE",
    "MIN_STATUS_LIST_LENGTH",
    "OB3_CONTEXT",
    "SUSPENSION_REVOCATION_MESSAGES",
    "AchievementKind",
    "BitstringStatusList",
    "BitstringStatusListEntry",
    "Budget",
    "BundledContext",
    "CanonicalizationError",
    "ChainEvent",
    "ChainReport",
    "Check",
    "CheckStatus",
    "ContextLoader",
    "CredentialAward",
    "CredentialError",
    "Fetch",
    "IssuerProfile",
    "KeyPair",
    "Limit",
    "LimitExceededError",
    "Limits",
    "ProofHashes",
    "StatusMessage",
    "StatusPurpose",
    "UndefinedTermError",
    "UnknownContextError",
    "VerificationResult",
    "build_open_badge",
    "build_status_list_credential",
    "bundled_contexts",
    "canonicalize_jcs",
    "canonicalize_rdfc",
    "check_credential_number",
    "controller_document",
    "create_proof",
    "did_key_public_key",
    "event_hash",
    "generate_key_pair",
    "head_signature_matches",
    "holder_matches",
    "identity_hash",
    "key_pair_from_secret",
    "make_credential_number",
    "normalize_credential_number",
    "open_badge_schema_errors",
    "parse_json",
    "proof_hashes",
    "public_key_from_multibase",
    "sign_credential",
    "sign_head",
    "verify_chain",
    "verify_credential",
    "verify_proof",
]
