"""Ed25519 Multikeys, did:key and the controller document that publishes an issuer's keys."""

import pytest

from credentials.support import ISSUER_ID, load_json
from hallmark.credentials import (
    CredentialError,
    controller_document,
    did_key_public_key,
    generate_key_pair,
    key_pair_from_secret,
)


def test_multikey_prefixes() -> None:
    key = generate_key_pair()
    assert key.public_multibase.startswith("z6Mk")
    assert key.private_multibase.startswith("z3u2")
    assert key.verification_method_id == f"did:key:{key.public_multibase}#{key.public_multibase}"
    assert key.private_multibase not in repr(key)


def test_a_key_under_a_controller_url() -> None:
    key = generate_key_pair(ISSUER_ID)
    assert key.verification_method_id == f"{ISSUER_ID}#{key.public_multibase}"
    assert key.controller == ISSUER_ID
    again = key_pair_from_secret(key.private_multibase, ISSUER_ID)
    assert again == key


def test_the_w3c_vector_key_pair_round_trips() -> None:
    # keyPair.json of the vc-di-eddsa test vectors (see data/README.md).
    pair = load_json("vc-di-eddsa/keyPair.json")
    key = key_pair_from_secret(pair["privateKeyMultibase"])
    assert key.public_multibase == pair["publicKeyMultibase"]
    assert did_key_public_key(key.verification_method_id) == pair["publicKeyMultibase"]


def test_did_key_resolution_checks_the_key() -> None:
    key = generate_key_pair()
    other = generate_key_pair()
    assert did_key_public_key(f"https://issuer.example/keys/1#{key.public_multibase}") is None
    with pytest.raises(CredentialError, match="names a key other than its DID"):
        did_key_public_key(f"did:key:{key.public_multibase}#{other.public_multibase}")
    with pytest.raises(CredentialError, match="not an Ed25519 Multikey"):
        did_key_public_key("did:key:zDnaegE6RR3atJtHKwTRTWHsJ3kNHqFwv7n9YjTgmU7TyfU76")


def test_the_controller_document_lists_every_key_for_assertions() -> None:
    old, new = generate_key_pair(ISSUER_ID), generate_key_pair(ISSUER_ID)
    document = controller_document(ISSUER_ID, [old, new])
    assert document["id"] == ISSUER_ID
    assert document["assertionMethod"] == [old.verification_method_id, new.verification_method_id]
    assert document["verificationMethod"][0] == {
        "id": old.verification_method_id,
        "type": "Multikey",
        "controller": ISSUER_ID,
        "publicKeyMultibase": old.public_multibase,
    }
    assert old.private_multibase not in str(document)
    from_key_set = controller_document(
        ISSUER_ID, {new.verification_method_id: new.public_multibase}
    )
    assert from_key_set["verificationMethod"] == [document["verificationMethod"][1]]


def test_a_key_of_another_controller_is_refused() -> None:
    with pytest.raises(ValueError, match="is not under controller"):
        controller_document(ISSUER_ID, [generate_key_pair("https://other.example/issuer")])


def test_a_bad_secret_is_refused() -> None:
    with pytest.raises(CredentialError, match="secret key"):
        key_pair_from_secret("z6MkrJVnaZkeFzdQyMZu1cgjg7k1pZZ6pvBQ7XJPt4swbTQ2")
    with pytest.raises(ValueError, match="controller"):
        generate_key_pair("https://issuer.example/keys#1")
