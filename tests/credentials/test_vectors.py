"""The official W3C test vectors of "Data Integrity EdDSA Cryptosuites v1.0", byte for byte.

Source: repository w3c/vc-di-eddsa, folder TestVectors/ (snapshot abb673eb9df6), copied to
data/vc-di-eddsa/ (see data/README.md). Every expected value below is read from those files;
the comparison is exact (tolerance: none; these are bytes).
"""

from datetime import datetime
from typing import Any

import pytest

from credentials.support import load_json, read_text
from hallmark.credentials import (
    EDDSA_JCS_2022,
    EDDSA_RDFC_2022,
    ContextLoader,
    create_proof,
    did_key_public_key,
    key_pair_from_secret,
    proof_hashes,
    verify_credential,
    verify_proof,
)

CITIZENSHIP = "https://w3id.org/citizenship/v4rc1"

# (folder, unsigned document, file-name suffix, extra contexts needed)
RDFC_CASES = {
    "alumni": ("eddsa-rdfc-2022", "unsigned.json", "DataInt", False),
    "employment": ("eddsa-rdfc-2022/employ", "employmentAuth.json", "DataInt", True),
}


def vector_key() -> Any:
    pair = load_json("vc-di-eddsa/keyPair.json")
    return key_pair_from_secret(pair["privateKeyMultibase"]), pair["publicKeyMultibase"]


def loader_for(needs_citizenship: bool) -> ContextLoader | None:
    if not needs_citizenship:
        return None
    return ContextLoader({CITIZENSHIP: load_json("contexts/w3id.org_citizenship_v4rc1.jsonld")})


def test_the_key_pair_is_read_from_its_secret_multikey() -> None:
    key, public = vector_key()
    assert key.public_multibase == public
    assert key.verification_method_id == f"did:key:{public}#{public}"


@pytest.mark.parametrize("case", RDFC_CASES)
def test_rdfc_canonical_forms_and_hashes_match_the_vectors(case: str) -> None:
    folder, unsigned, suffix, needs_context = RDFC_CASES[case]
    document = load_json(f"vc-di-eddsa/{unsigned}")
    proof_config = load_json(f"vc-di-eddsa/{folder}/proofConfig{suffix}.json")
    hashes = proof_hashes(document, proof_config, loader=loader_for(needs_context))
    assert hashes.canonical_document == read_text(f"vc-di-eddsa/{folder}/canonDoc{suffix}.txt")
    assert hashes.canonical_proof_config == read_text(
        f"vc-di-eddsa/{folder}/proofCanon{suffix}.txt"
    )
    assert hashes.document_hash.hex() == read_text(f"vc-di-eddsa/{folder}/docHash{suffix}.txt")
    assert hashes.proof_config_hash.hex() == read_text(
        f"vc-di-eddsa/{folder}/proofHash{suffix}.txt"
    )
    assert hashes.hash_data.hex() == read_text(f"vc-di-eddsa/{folder}/combinedHash{suffix}.txt")


@pytest.mark.parametrize("case", RDFC_CASES)
def test_rdfc_signature_and_proof_value_match_the_vectors(case: str) -> None:
    folder, unsigned, suffix, needs_context = RDFC_CASES[case]
    key, _ = vector_key()
    document = load_json(f"vc-di-eddsa/{unsigned}")
    proof_config = load_json(f"vc-di-eddsa/{folder}/proofConfig{suffix}.json")
    hashes = proof_hashes(document, proof_config, loader=loader_for(needs_context))
    assert key.sign(hashes.hash_data).hex() == read_text(f"vc-di-eddsa/{folder}/sigHex{suffix}.txt")
    proof = create_proof(
        document,
        key,
        created=datetime.fromisoformat(proof_config["created"]),
        loader=loader_for(needs_context),
    )
    signed = load_json(f"vc-di-eddsa/{folder}/signed{suffix}.json")
    assert proof["proofValue"] == read_text(f"vc-di-eddsa/{folder}/sigBTC58{suffix}.txt")
    assert proof == signed["proof"]


@pytest.mark.parametrize("case", RDFC_CASES)
def test_the_signed_rdfc_vector_verifies(case: str) -> None:
    folder, _, suffix, needs_context = RDFC_CASES[case]
    signed = load_json(f"vc-di-eddsa/{folder}/signed{suffix}.json")
    _, public = vector_key()
    assert verify_proof(signed, signed["proof"], public, loader=loader_for(needs_context))
    method = signed["proof"]["verificationMethod"]
    result = verify_credential(
        signed,
        keys={method: public},
        now=datetime.fromisoformat("2025-01-01T00:00:00+00:00"),
        loader=loader_for(needs_context),
    )
    assert result.valid, result.errors


def test_the_vector_verifies_by_did_key_alone_but_its_issuer_is_not_linked_to_the_key() -> None:
    # The vector's issuer (https://vc.example/issuers/5678) is not the did:key that signed it:
    # the signature holds, and the issuer check says so instead of vouching for the issuer.
    signed = load_json("vc-di-eddsa/eddsa-rdfc-2022/signedDataInt.json")
    result = verify_credential(signed, now=datetime.fromisoformat("2025-01-01T00:00:00+00:00"))
    by_name = {check.name: check for check in result.checks}
    assert by_name["proof"].ok
    assert "did:key, resolved locally" in by_name["proof"].reason
    assert not by_name["issuer"].ok
    assert result.errors == [by_name["issuer"].reason]
    assert by_name["issuer"].reason.startswith("unknown key")


def test_jcs_canonical_forms_hashes_and_signature_match_the_vectors() -> None:
    key, _ = vector_key()
    document = load_json("vc-di-eddsa/unsigned.json")
    proof_config = load_json("vc-di-eddsa/eddsa-jcs-2022/proofConfigJCS.json")
    hashes = proof_hashes(document, proof_config)
    assert hashes.cryptosuite == EDDSA_JCS_2022
    assert hashes.canonical_document == read_text("vc-di-eddsa/eddsa-jcs-2022/canonDocJCS.txt")
    assert hashes.canonical_proof_config == read_text(
        "vc-di-eddsa/eddsa-jcs-2022/proofCanonJCS.txt"
    )
    assert hashes.document_hash.hex() == read_text("vc-di-eddsa/eddsa-jcs-2022/docHashJCS.txt")
    assert hashes.proof_config_hash.hex() == read_text(
        "vc-di-eddsa/eddsa-jcs-2022/proofHashJCS.txt"
    )
    assert hashes.hash_data.hex() == read_text("vc-di-eddsa/eddsa-jcs-2022/combinedHashJCS.txt")
    assert key.sign(hashes.hash_data).hex() == read_text("vc-di-eddsa/eddsa-jcs-2022/sigHexJCS.txt")
    proof = create_proof(
        document,
        key,
        cryptosuite=EDDSA_JCS_2022,
        created=datetime.fromisoformat(proof_config["created"]),
    )
    assert proof == load_json("vc-di-eddsa/eddsa-jcs-2022/signedJCS.json")["proof"]


def test_the_signed_jcs_vector_verifies() -> None:
    signed = load_json("vc-di-eddsa/eddsa-jcs-2022/signedJCS.json")
    _, public = vector_key()
    method = signed["proof"]["verificationMethod"]
    result = verify_credential(
        signed, keys={method: public}, now=datetime.fromisoformat("2025-01-01T00:00:00+00:00")
    )
    assert result.valid, result.errors


@pytest.mark.parametrize("name", ["signedProofSet2", "signedProofChain2"])
def test_every_proof_of_the_proof_set_and_chain_vectors_verifies(name: str) -> None:
    signed = load_json(f"vc-di-eddsa/proof-set-chain/{name}.json")
    pairs = load_json("vc-di-eddsa/proof-set-chain/multiKeyPairs.json").values()
    keys = {
        f"did:key:{p['publicKeyMultibase']}#{p['publicKeyMultibase']}": p["publicKeyMultibase"]
        for p in pairs
    }
    for proof in signed["proof"]:
        public = did_key_public_key(proof["verificationMethod"])
        assert public is not None
        assert verify_proof(signed, proof, public)
    result = verify_credential(
        signed, keys=keys, now=datetime.fromisoformat("2025-01-01T00:00:00+00:00")
    )
    assert result.valid, result.errors
    assert sum(check.name.startswith("proof") for check in result.checks) == len(signed["proof"])


def test_a_chained_proof_breaks_when_the_proof_it_chains_to_is_removed() -> None:
    signed = load_json("vc-di-eddsa/proof-set-chain/signedProofChain2.json")
    signed["proof"] = signed["proof"][1:]
    result = verify_credential(signed, now=datetime.fromisoformat("2025-01-01T00:00:00+00:00"))
    assert any("previousProof" in reason for reason in result.errors)


def test_the_default_cryptosuite_is_rdfc() -> None:
    key, _ = vector_key()
    proof = create_proof(load_json("vc-di-eddsa/unsigned.json"), key)
    assert proof["cryptosuite"] == EDDSA_RDFC_2022
    assert "@context" not in proof
